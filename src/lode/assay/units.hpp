#pragma once
// The units of assay results: mass fractions ppb, ppm, %, g/t (ppm = g/t). Conversion between
// them is by a power of ten in one correctly rounded operation, so 0.08 % is exactly 800 ppm.
#include <optional>
#include <string>
#include <string_view>

namespace lode {

struct Analyte;
class Analytes;

enum class Unit { ppb, ppm, percent, g_per_t };

// "ppb", "ppm", "%", "g/t": the stored form.
const char* to_string(Unit unit);
// The stored form, "pct" for percent: what an ANALYTE_UNIT name takes ("Li2O_pct", "Au_g_t"
// is written "Au_gpt").
const char* name_suffix(Unit unit);
// ppb, ppm, %, pct, percent, g/t, gpt, g_t (any case); nullopt otherwise.
std::optional<Unit> parse_unit(std::string_view text);

// value in `from` expressed in `to`: multiplied or divided by the power of ten between them.
double convert(double value, Unit from, Unit to);

// value of analyte `from` in unit `from_unit` as analyte `to` in unit `to_unit` (37 ppm Li is
// 0.0037 % Li, 0.0079650 % Li2O); lode::InputError when the analytes do not convert.
double convert(double value, const Analyte& from, Unit from_unit, const Analyte& to, Unit to_unit,
               const Analytes& analytes);

} // namespace lode
