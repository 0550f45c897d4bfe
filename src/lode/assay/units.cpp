#include "lode/assay/units.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/base/text.hpp"

namespace lode {
namespace {

// The exponent of ten of one unit in parts per billion: ppb 0, ppm and g/t 3, % 7.
int decade(Unit unit)
{
    switch (unit) {
    case Unit::ppb: return 0;
    case Unit::ppm: return 3;
    case Unit::g_per_t: return 3;
    case Unit::percent: return 7;
    }
    return 0;
}

} // namespace

const char* to_string(Unit unit)
{
    switch (unit) {
    case Unit::ppb: return "ppb";
    case Unit::ppm: return "ppm";
    case Unit::percent: return "%";
    case Unit::g_per_t: return "g/t";
    }
    return "?";
}

const char* name_suffix(Unit unit)
{
    switch (unit) {
    case Unit::ppb: return "ppb";
    case Unit::ppm: return "ppm";
    case Unit::percent: return "pct";
    case Unit::g_per_t: return "gpt";
    }
    return "?";
}

std::optional<Unit> parse_unit(std::string_view text)
{
    // The spellings a store writes (to_string) first, without a copy: a store's every result is read so.
    for (const Unit unit : {Unit::ppm, Unit::ppb, Unit::percent, Unit::g_per_t})
        if (text == to_string(unit))
            return unit;
    const std::string t = lower(trim(text));
    if (t == "ppb")
        return Unit::ppb;
    if (t == "ppm")
        return Unit::ppm;
    if (t == "%" || t == "pct" || t == "percent")
        return Unit::percent;
    if (t == "g/t" || t == "gpt" || t == "g_t" || t == "g/tonne")
        return Unit::g_per_t;
    return std::nullopt;
}

double convert(double value, Unit from, Unit to)
{
    static constexpr double powers[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7};
    const int step = decade(from) - decade(to);
    return step >= 0 ? value * powers[step] : value / powers[-step];
}

double convert(double value, const Analyte& from, Unit from_unit, const Analyte& to, Unit to_unit,
               const Analytes& analytes)
{
    const double factor = analytes.factor(from, to);
    return convert(factor == 1.0 ? value : value * factor, from_unit, to_unit);
}

} // namespace lode
