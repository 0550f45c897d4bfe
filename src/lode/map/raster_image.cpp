// A --background raster as one PNG in a CRS for the interactive page (raster_image.hpp): the size
// GDAL's warper suggests for the raster in that CRS, capped, then the warp and RGBA of raster.cpp,
// written by GDAL's PNG driver in memory.
#include "lode/map/raster_image.hpp"
#include "lode/map/detail/canvas.hpp"

#include "lode/geo/gdal.hpp"

#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <algorithm>
#include <cmath>

namespace lode {

using namespace map;

RasterImage raster_image(const std::string& path, const std::string& crs, int max_side)
{
    Dataset source = open_raster(path, Setting::background);
    const QuietGdal quiet;
    // The extent and resolution GDAL suggests for the raster in crs.
    OGRSpatialReference target;
    target.SetFromUserInput(crs.c_str());
    char* wkt = nullptr;
    target.exportToWkt(&wkt);
    const std::string target_wkt = wkt ? wkt : "";
    CPLFree(wkt);
    void* transformer = GDALCreateGenImgProjTransformer(source.get(), nullptr, nullptr, target_wkt.c_str(), FALSE, 0, 1);
    double gt[6];
    int w = 0, h = 0;
    const bool suggested = transformer && GDALSuggestedWarpOutput(source.get(), GDALGenImgProjTransform, transformer, gt, &w, &h) == CE_None;
    if (transformer)
        GDALDestroyGenImgProjTransformer(transformer);
    if (!suggested || w < 1 || h < 1)
        throw InputError(mention(Setting::background) + ": " + path + ": GDAL cannot place it in " + crs + " (" + quiet.last() + ")");
    RasterImage image;
    image.file = path;
    image.credit = credit_of(path);
    image.min_x = gt[0];
    image.max_x = gt[0] + gt[1] * w;
    image.max_y = gt[3];
    image.min_y = gt[3] + gt[5] * h;
    const double shrink = std::max(1.0, static_cast<double>(std::max(w, h)) / max_side);
    image.width = std::max(1, static_cast<int>(std::lround(w / shrink)));
    image.height = std::max(1, static_cast<int>(std::lround(h / shrink)));
    Dataset warped = warp_raster(*source, path, crs, {image.min_x, image.min_y, image.max_x, image.max_y}, image.width,
                                 image.height, false, Setting::background);
    const std::vector<unsigned char> rgba = rgba_of(*warped);

    // Four bands of bytes in memory, then GDAL's PNG driver into /vsimem/.
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("MEM");
    GDALDriver* png = GetGDALDriverManager()->GetDriverByName("PNG");
    if (!memory || !png)
        throw Error("GDAL has no MEM or PNG driver");
    Dataset bands(memory->Create("", image.width, image.height, 4, GDT_Byte, nullptr));
    if (!bands)
        throw Error("GDAL cannot make an image in memory");
    for (int b = 0; b < 4; ++b)
        if (bands->GetRasterBand(b + 1)->RasterIO(GF_Write, 0, 0, image.width, image.height,
                                                  const_cast<unsigned char*>(rgba.data()) + b, image.width, image.height,
                                                  GDT_Byte, 4, static_cast<GSpacing>(image.width) * 4) != CE_None)
            throw Error("GDAL cannot write an image in memory");
    bands->GetRasterBand(4)->SetColorInterpretation(GCI_AlphaBand);
    const std::string file = "/vsimem/lode_page_image_" + std::to_string(reinterpret_cast<std::uintptr_t>(&image)) + ".png";
    {
        Dataset written(png->CreateCopy(file.c_str(), bands.get(), FALSE, nullptr, nullptr, nullptr));
        if (!written)
            throw Error("GDAL cannot write a PNG (" + quiet.last() + ")");
    }
    vsi_l_offset length = 0;
    GByte* bytes = VSIGetMemFileBuffer(file.c_str(), &length, TRUE);
    if (!bytes)
        throw Error("GDAL wrote no PNG");
    image.png.assign(reinterpret_cast<const char*>(bytes), static_cast<std::size_t>(length));
    CPLFree(bytes);
    VSIUnlink((file + ".aux.xml").c_str());
    return image;
}

} // namespace lode
