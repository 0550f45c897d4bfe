// WKB as the store and the queries read it (geo/shape.* without an object, geo/gdal.* through OGR)
// and as SpatiaLite's BLOB is framed from it (store/spatialite rows.cpp). The two readers of
// shape.* must agree: a WKB shape_from_wkb reads has the box envelope_from_wkb reads.
#include "fuzz.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/spatialite/detail/rows.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const lode::Wkb wkb(data, data + size);
    const std::string shown = std::to_string(size) + " bytes";
    fuzz::refused_cleanly([&] {
        const lode::Shape shape = lode::shape_from_wkb(wkb);
        if (shape.paths.empty())
            return;
        for (const auto& path : shape.paths)
            for (const double v : path.xy)
                if (!std::isfinite(v))
                    return;   // the store holds no such WKB: the importer refuses it
        const lode::BBox box = lode::envelope_from_wkb(wkb);
        fuzz::require(box.west == shape.box.west && box.south == shape.box.south && box.east == shape.box.east &&
                          box.north == shape.box.north,
                      "envelope_from_wkb and shape_from_wkb disagree on the box", shown);
    });
    fuzz::refused_cleanly([&] { (void)lode::envelope_from_wkb(wkb); });
    fuzz::refused_cleanly([&] {
        lode::register_gdal();
        (void)lode::geometry_from_wkb(wkb);
    });
    lode::Wkb blob;
    lode::BBox box;
    (void)lode::spatialite_blob_from_wkb(wkb, blob, box);
    return 0;
}
