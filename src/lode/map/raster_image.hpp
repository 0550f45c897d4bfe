#pragma once
// A raster as one georeferenced PNG in a CRS: the interactive map page's image layer of a
// --background raster (web/page.hpp inlines it). Warped by GDAL as the printed map's backgrounds are
// (map/raster.cpp), over the raster's whole extent.
#include <string>

namespace lode {

struct RasterImage {
    std::string file;        // as given
    std::string credit;      // "name.tif", with its licence or copyright when its metadata has one
    std::string png;         // the PNG's bytes: RGBA, transparent where the raster has no data
    int width = 0, height = 0;
    double min_x = 0, min_y = 0, max_x = 0, max_y = 0;   // its extent in crs
};

// path warped by GDAL to crs over its whole extent, at the raster's own resolution but at most
// max_side pixels on the long side. InputError naming --background and the file when GDAL cannot
// read, place or warp it.
RasterImage raster_image(const std::string& path, const std::string& crs, int max_side);

} // namespace lode
