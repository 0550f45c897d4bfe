#pragma once
// Assay columns recognised by their names as labs write them: "Li_ppm", "Au_ppb", "Li2O_%",
// "Li2O_pct", "Au (g/t)", "Cu ppm", "ME-MS61_Li_ppm" (a method code before the analyte), "Li2O%".
#include "lode/assay/units.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lode {

class Analytes;

struct AssayColumn {
    std::string analyte;   // the vocabulary's symbol ("Li2O")
    Unit unit = Unit::ppm;
    std::string method;    // the lab's method code before the analyte, or empty
};

// The analyte and unit a column name says, or nullopt when it names none: the unit last (after
// '_', ' ' or '-', in parentheses or brackets, or a '%' straight after the analyte), the analyte
// before it (a vocabulary symbol, any case), and anything before that, up to a '_' or ' ', the
// method.
std::optional<AssayColumn> recognise_column(std::string_view name, const Analytes& analytes);

// The analyte and unit named "ANALYTE_UNIT" (Li_ppm, Li2O_pct, Au_ppb, Au_gpt): the form a field
// name takes, with no method; nullopt otherwise.
std::optional<AssayColumn> analyte_field(std::string_view name, const Analytes& analytes);

// The "ANALYTE_UNIT" name of an analyte in a unit: "Li_ppm", "Li2O_pct".
std::string analyte_field_name(const std::string& analyte, Unit unit);

} // namespace lode
