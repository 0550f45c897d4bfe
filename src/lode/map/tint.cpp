// A hypsometric tint under a hillshade: the DEM (already warped to the frame) coloured by height with
// GDAL's colour relief (gdaldem color-relief), the ramp's stops at percentages of the heights in view,
// so the lowlands in view are green and the highest ground near white whatever the units or relief.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"

#include <cpl_vsi.h>
#include <gdal_utils.h>

#include <cstdio>

namespace lode::map {

namespace {

struct DemOptionsFree {
    void operator()(GDALDEMProcessingOptions* o) const { GDALDEMProcessingOptionsFree(o); }
};

} // namespace

const char* const hypsometric_ramp = "nv 0 0 0 0\n"
                                     "0% 111 164 119\n"
                                     "25% 172 201 128\n"
                                     "50% 235 221 160\n"
                                     "75% 196 160 114\n"
                                     "100% 245 245 240\n";

std::vector<unsigned char> hypsometric_tint(GDALDataset& dem, const std::string& file)
{
    const QuietGdal quiet;
    // The ramp as a file GDAL reads, in memory.
    char ramp_path[64];
    std::snprintf(ramp_path, sizeof ramp_path, "/vsimem/lode-tint-%p.txt", static_cast<void*>(&dem));
    VSILFILE* ramp = VSIFileFromMemBuffer(ramp_path, reinterpret_cast<GByte*>(const_cast<char*>(hypsometric_ramp)),
                                          static_cast<vsi_l_offset>(std::char_traits<char>::length(hypsometric_ramp)), FALSE);
    if (!ramp)
        throw Error("GDAL cannot hold the tint's colour ramp in memory");
    VSIFCloseL(ramp);
    struct Unlink {
        const char* path;
        ~Unlink() { VSIUnlink(path); }
    } unlink{ramp_path};
    CPLStringList args;
    for (const char* a : {"-of", "MEM", "-alpha"})
        args.AddString(a);
    std::unique_ptr<GDALDEMProcessingOptions, DemOptionsFree> options(GDALDEMProcessingOptionsNew(args.List(), nullptr));
    int usage_error = 0;
    Dataset tint(GDALDataset::FromHandle(GDALDEMProcessing("", &dem, "color-relief", ramp_path, options.get(), &usage_error)));
    if (!tint || tint->GetRasterCount() != 4)
        throw InputError(mention(Setting::hillshade) + ": " + file + ": GDAL cannot colour its heights (" + quiet.last() + ")");
    const int w = tint->GetRasterXSize(), h = tint->GetRasterYSize();
    std::vector<unsigned char> rgba(static_cast<std::size_t>(w) * h * 4);
    // Pixel-interleaved: band b of pixel i at i * 4 + b.
    if (tint->RasterIO(GF_Read, 0, 0, w, h, rgba.data(), w, h, GDT_Byte, 4, nullptr, 4, 4 * w, 1, nullptr) != CE_None)
        throw Error("cannot read the tint GDAL made");
    return rgba;
}

} // namespace lode::map
