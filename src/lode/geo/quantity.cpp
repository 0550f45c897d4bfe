#include "lode/geo/quantity.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/base/value.hpp"

#include <charconv>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace lode {

namespace {

// Splits "12.5km" into 12.5 and "km"; throws unless a finite number comes first.
std::pair<double, std::string> number_and_unit(const std::string& text, const std::string& what)
{
    const std::string_view s = trim(text);
    double value = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || !std::isfinite(value))
        throw InputError(what + " '" + text + "' does not start with a number");
    return {value, lower(trim(std::string_view(end, static_cast<std::size_t>(s.data() + s.size() - end))))};
}

double scaled(const std::string& text, const std::string& what, const std::vector<std::pair<const char*, double>>& units,
              const char* example)
{
    auto [value, unit] = number_and_unit(text, what);
    std::vector<std::string> names;
    for (const auto& [name, factor] : units) {
        if (unit == name)
            return value * factor;
        names.push_back(name);
    }
    if (unit.empty())
        throw InputError(what + " '" + text + "' needs a unit: " + join(names, ", ") + " (e.g. " + example + ")");
    throw InputError(what + " '" + text + "': unknown unit '" + unit + "' (units: " + join(names, ", ") + ")");
}

} // namespace

double parse_distance_m(const std::string& text, const std::string& what)
{
    const double metres = scaled(text, what, {{"m", 1.0}, {"km", 1000.0}, {"mi", 1609.344}}, "5km");
    if (metres < 0)
        throw InputError(what + " '" + text + "' is negative");
    return metres;
}

double parse_area_m2(const std::string& text, const std::string& what)
{
    const double m2 = scaled(text, what, {{"m2", 1.0}, {"ha", 1e4}, {"km2", 1e6}}, "0.5km2");
    if (m2 < 0)
        throw InputError(what + " '" + text + "' is negative");
    return m2;
}

void parse_lonlat(const std::string& text, bool latitude_first, const std::string& what, double& lon, double& lat)
{
    const auto parts = split_any(text, ",");
    double values[2] = {0, 0};
    bool ok = parts.size() == 2;
    for (std::size_t i = 0; ok && i < 2; ++i) {
        auto [end, ec] = std::from_chars(parts[i].data(), parts[i].data() + parts[i].size(), values[i]);
        ok = ec == std::errc{} && end == parts[i].data() + parts[i].size() && std::isfinite(values[i]);
    }
    if (!ok)
        throw InputError(what + " '" + text + "' is not " + (latitude_first ? "LAT,LON" : "LON,LAT") + " in decimal degrees");
    lon = latitude_first ? values[1] : values[0];
    lat = latitude_first ? values[0] : values[1];
    if (std::fabs(lat) > 90)
        throw InputError(what + " '" + text + "': latitude " + to_text(lat) + " is outside ±90",
                         !latitude_first && std::fabs(lon) <= 90 ? Hint::longitude_first : Hint::none);
    if (std::fabs(lon) > 180)
        throw InputError(what + " '" + text + "': longitude " + to_text(lon) + " is outside ±180");
}

BBox parse_bbox(const std::string& text, bool across_antimeridian)
{
    const auto parts = split_any(text, ",");
    std::vector<double> v;
    for (const auto& part : parts) {
        std::size_t used = 0;
        try {
            v.push_back(std::stod(part, &used));
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != part.size())
            throw InputError(mention(Setting::bbox) + ": '" + text + "' is not W,S,E,N in degrees");
    }
    if (v.size() != 4)
        throw InputError(mention(Setting::bbox) + ": '" + text + "' is not W,S,E,N in degrees (four numbers)");
    const BBox b{v[0], v[1], v[2], v[3]};
    for (double value : v)
        if (!std::isfinite(value))
            throw InputError(mention(Setting::bbox) + ": '" + text + "': every bound must be a finite number");
    if (b.west < -180 || b.west > 180 || b.east < -180 || b.east > 180)
        throw InputError(mention(Setting::bbox) + ": '" + text + "': longitudes must lie within ±180");
    if (b.south < -90 || b.north > 90 || b.north < -90 || b.south > 90)
        throw InputError(mention(Setting::bbox) + ": '" + text + "': latitudes must lie within ±90");
    if (b.south >= b.north)
        throw InputError(mention(Setting::bbox) + ": '" + text + "': south must be less than north");
    if (b.west == b.east || (b.west > b.east && !(across_antimeridian && b.west > 0 && b.east < 0)))
        throw InputError(mention(Setting::bbox) + ": '" + text + "': west must be less than east" +
                         (across_antimeridian ? " (or W > 0 > E for a box across the antimeridian)" : std::string()));
    return b;
}

} // namespace lode
