// WKT as the importer and `lode licence add` read it (import/importer.hpp checked_lonlat_geometry:
// parsed by OGR, coordinates checked, cut at the antimeridian, made the layer's type, GEOS-valid),
// for each geometry type a layer can have. What it accepts must read back as a shape of finite
// longitudes and latitudes within ±180° and ±90°.
#include "fuzz.hpp"
#include "lode/geo/shape.hpp"
#include "lode/import/importer.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string wkt(reinterpret_cast<const char*>(data), size);
    for (const auto type : {lode::GeometryType::point, lode::GeometryType::multilinestring, lode::GeometryType::multipolygon})
        fuzz::refused_cleanly([&] {
            const lode::Wkb wkb = lode::checked_lonlat_geometry(wkt, type, {"fuzz.wkt", 0, "", ""});
            const lode::Shape shape = lode::shape_from_wkb(wkb);
            fuzz::require(!shape.paths.empty(), "an accepted geometry has no vertices", wkt);
            for (const auto& path : shape.paths)
                for (std::size_t i = 0; i < path.size(); ++i)
                    fuzz::require(std::isfinite(path.x(i)) && std::isfinite(path.y(i)) && std::fabs(path.x(i)) <= 180 &&
                                      std::fabs(path.y(i)) <= 90,
                                  "an accepted geometry has a vertex off the globe", wkt);
        });
    return 0;
}
