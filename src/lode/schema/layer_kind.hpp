#pragma once
// Layer kinds: the built-in definitions in layers/*.json (fields, geometry type, style).
#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

enum class GeometryType { point, multilinestring, multipolygon };

enum class FieldType { text, integer, real, date, commodity, commodities };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::text;
    std::string unit;
    std::string description;
    bool required = false;
    std::vector<std::string> allowed;   // empty: any value
    std::optional<double> min;
    std::optional<double> max;
    // The value a feature takes when its source gives none ("default" in the definition), as text
    // read like a source's; checked against the type, range and allowed values when the kind is read.
    std::optional<std::string> default_value;
    // Other ways sources write an allowed value ("aliases": {"diamond": ["DD", "DDH"]}), matched
    // ignoring case, spaces, hyphens and underscores: allowed value, its aliases.
    std::vector<std::pair<std::string, std::vector<std::string>>> aliases;

    // The allowed value that text is or is an alias of (same matching), else nullptr.
    const std::string* allowed_match(const std::string& text) const;
};

// Text as allowed values and aliases are compared: lower case, runs of spaces, '-' and '_' as one space.
std::string value_key(const std::string& text);

struct LayerKind {
    std::string name;
    std::string title;
    std::string description;
    GeometryType geometry = GeometryType::point;
    std::vector<FieldDef> fields;
    nlohmann::json style;               // categories and symbols, read by exports and maps
    nlohmann::json definition;          // the whole text as read, stored in the store

    const FieldDef* field(const std::string& wanted) const;
};

// Checks a definition (every key known, the required ones present, each of its type; errors name
// origin and the key) and reads it; definition is kept as given.
LayerKind parse_layer_kind(const nlohmann::json& definition, const std::string& origin);

// A field as a definition's "fields" hold it (the keys that differ from their defaults).
nlohmann::json field_definition(const FieldDef& field);

// The field type of this name (text, integer, real, date, commodity, commodities); nullopt when none.
std::optional<FieldType> field_type_named(const std::string& text);

// Reads every *.json in dir that declares a "geometry" (commodities.json is the vocabulary).
std::vector<LayerKind> load_layer_kinds(const std::string& dir);

// The built-in layers/ folder: the source tree's layers/.
std::string default_layers_dir();

// A migration's step: the stored kind (as a store holds it) with those of the named fields of
// today's built-in kind of its name (in default_layers_dir()) that it lacks, each inserted after the
// field it follows today (else at the end); added gets them, in that order. A stored kind that is
// today's built-in one without those fields (as the lode before shipped it) becomes today's whole.
// Unchanged, with nothing added, when the built-in definitions cannot be read or have no such kind.
LayerKind with_built_in_fields(const LayerKind& stored, const std::vector<std::string>& names, std::vector<FieldDef>& added);

// A definition without the named fields.
nlohmann::json without_fields(const nlohmann::json& definition, const std::vector<std::string>& names);

const char* to_string(GeometryType type);
const char* to_string(FieldType type);
const char* sql_type(FieldType type);

} // namespace lode
