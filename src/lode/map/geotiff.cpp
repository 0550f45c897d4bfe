// `lode map -o OUT.tif`: the drawn image written as a georeferenced GeoTIFF — red, green and blue
// bands from Cairo's premultiplied ARGB pixels, the map CRS and the affine transform of the page's
// pixels to it — so that GIS software places it where it belongs.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"

#include <cairo.h>

#include <vector>

namespace lode::map {

void write_geotiff(cairo_surface_t* image, const std::string& path, const std::string& crs, const double geotransform[6])
{
    cairo_surface_flush(image);
    const int width = cairo_image_surface_get_width(image), height = cairo_image_surface_get_height(image);
    const int stride = cairo_image_surface_get_stride(image);
    const unsigned char* data = cairo_image_surface_get_data(image);
    if (!data || width <= 0 || height <= 0)
        throw Error(path + ": the map image is empty");

    register_gdal();
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
    if (!driver)
        throw Error("GDAL has no GTiff driver");
    const QuietGdal quiet;
    const char* creation[] = {"COMPRESS=DEFLATE", "PHOTOMETRIC=RGB", "TILED=YES", nullptr};
    Dataset ds(driver->Create(path.c_str(), width, height, 3, GDT_Byte, const_cast<char**>(creation)));
    if (!ds)
        throw InputError(path + ": cannot write: " + quiet.last());
    const SpatialReference srs = parse_crs(crs, mention(Setting::crs));
    ds->SetSpatialRef(srs.get());
    double gt[6];
    std::copy(geotransform, geotransform + 6, gt);
    ds->SetGeoTransform(gt);
    ds->SetMetadataItem("TIFFTAG_SOFTWARE", "lode " LODE_VERSION);

    // Cairo's ARGB32 is a native-endian 32-bit word, premultiplied by alpha.
    std::vector<unsigned char> row(static_cast<std::size_t>(width) * 3);
    for (int y = 0; y < height; ++y) {
        const auto* pixels = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
        for (int x = 0; x < width; ++x) {
            const std::uint32_t p = pixels[x];
            const unsigned a = p >> 24;
            const unsigned rgb[3] = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
            for (int b = 0; b < 3; ++b)
                row[static_cast<std::size_t>(x) * 3 + b] =
                    static_cast<unsigned char>(a == 0 ? 255 : a == 255 ? rgb[b] : std::min(255u, (rgb[b] * 255 + a / 2) / a));
        }
        // Pixel-interleaved: one RasterIO call writes the row to the three bands.
        if (ds->RasterIO(GF_Write, 0, y, width, 1, row.data(), width, 1, GDT_Byte, 3, nullptr, 3, 0, 1) != CE_None)
            throw InputError(path + ": cannot write: " + quiet.last());
    }
    // Closing flushes the last tiles: a failure there (a full disk) is only heard as GDAL's last error.
    CPLErrorReset();
    ds.reset();
    if (CPLGetLastErrorType() == CE_Failure)
        throw InputError(path + ": cannot write: " + quiet.last());
}

} // namespace lode::map
