// Distances, areas, bounding boxes and lon/lat pairs as users write them (geo/quantity.*): every
// parser on the same text; what one accepts must be finite and within its documented range.
#include "fuzz.hpp"
#include "lode/geo/quantity.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

using fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::refused_cleanly([&] {
        const double m = lode::parse_distance_m(text, "distance");
        require(std::isfinite(m) && m >= 0, "parse_distance_m accepted a distance out of range", text);
    });
    fuzz::refused_cleanly([&] {
        const double m2 = lode::parse_area_m2(text, "area");
        require(std::isfinite(m2) && m2 >= 0, "parse_area_m2 accepted an area out of range", text);
    });
    for (const bool across : {false, true})
        fuzz::refused_cleanly([&] {
            const lode::BBox b = lode::parse_bbox(text, across);
            require(std::isfinite(b.west) && std::isfinite(b.east) && std::isfinite(b.south) && std::isfinite(b.north) &&
                        b.south < b.north && b.south >= -90 && b.north <= 90 && std::fabs(b.west) <= 180 &&
                        std::fabs(b.east) <= 180 && (b.west < b.east || (across && b.west > 0 && b.east < 0)),
                    "parse_bbox accepted a box out of range", text);
        });
    for (const bool latitude_first : {false, true})
        fuzz::refused_cleanly([&] {
            double lon = 0, lat = 0;
            lode::parse_lonlat(text, latitude_first, "point", lon, lat);
            require(std::isfinite(lon) && std::isfinite(lat) && std::fabs(lon) <= 180 && std::fabs(lat) <= 90, "parse_lonlat accepted a point out of range", text);
        });
    return 0;
}
