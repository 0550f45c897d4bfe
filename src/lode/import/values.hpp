#pragma once
// A source's values as a layer's fields take them: text, numbers, dates in the source's own format
// or as spreadsheet serial numbers, allowed values and their aliases, commodities, defaults.
#include "lode/base/error.hpp"
#include "lode/schema/commodities.hpp"
#include "lode/base/value.hpp"
#include "lode/schema/layer_kind.hpp"

#include <optional>
#include <string>

namespace lode {

// How a source writes what its field types do not say.
struct ValueReading {
    // How dates are written: strftime-style ("%d/%m/%Y", see parse_date_as), or "excel" for
    // spreadsheet serial day numbers; empty: YYYY-MM-DD (with or without a time).
    std::string date_format;
};

// Whether text is a date format ValueReading takes ("excel" or a parse_date_as format).
bool is_import_date_format(const std::string& text);

// A field's value from text, checked as an import checks it (type, range, allowed values and their
// aliases with a "did you mean" among plausible ones, calendar dates, the commodity vocabulary).
// Empty text takes the field's default; without one it is null, or an error when the field is
// required. typed_number: the number a typed source gave, instead of reading text (for a date
// field: a spreadsheet serial day number).
Value field_value(const FieldDef& field, const std::string& text, const Commodities& vocabulary, const Where& where,
                  std::optional<double> typed_number = std::nullopt, const ValueReading& reading = {});

} // namespace lode
