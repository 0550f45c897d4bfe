#pragma once
// The source's other fields, which a row keeps in `extra` (a JSON object's text), as an export
// writes them: each a column of its own, typed by what its values hold.
#include "lode/base/value.hpp"
#include "lode/export/vector_writer.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace lode {

// A source field kept in `extra`, written as a column of its own: its type is what its values hold.
// Lists (and objects) are JSON text with OGR's JSON subtype: GeoJSON writes them as JSON arrays,
// a GeoPackage marks the column application/json, the others keep the text.
struct ExtraColumn {
    std::string key;        // in Feature::extra
    std::string name;       // the column
    bool integers = true, numbers = true, booleans = true, structured = true, any = false;

    // Notes a value of the field (of some row).
    void see(const nlohmann::json& v);
    // What a later part of a reading noted of the same field.
    void add(const ExtraColumn& later);
    OGRFieldType type() const;
    FieldSpec spec() const;
    // A value of the field as the column holds it (null as monostate).
    Value value(const nlohmann::json& v) const;
};

// Visits the fields of extra (a row's `extra` text), visit(key, value), in the order of a parsed
// object's items (by key); none when it is empty or "{}". The common text (the store's object of
// strings, as a CSV's unmapped columns are kept) is read without building a JSON document, which
// cost an export about 4,000 instructions a row; any other is parsed (nlohmann's errors as before).
void visit_extra(const std::string& extra, const std::function<void(std::string_view, const nlohmann::json&)>& visit);

} // namespace lode
