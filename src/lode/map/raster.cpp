// Rasters under the vectors of a map: backgrounds (any raster GDAL reads, drawn in order with their
// opacity), a hillshade of a DEM (GDAL's DEM processing) and its labelled contours (GDAL's contour
// generator). Every raster is first warped by GDAL to the map's CRS, window and output resolution
// (the frame in output pixels), so a large source is never read whole at full resolution.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"

#include <cairo.h>
#include <gdal_alg.h>
#include <gdal_utils.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>

namespace lode::map {

namespace {

struct WarpOptionsFree {
    void operator()(GDALWarpAppOptions* o) const { GDALWarpAppOptionsFree(o); }
};
struct DemOptionsFree {
    void operator()(GDALDEMProcessingOptions* o) const { GDALDEMProcessingOptionsFree(o); }
};

std::string number(double v)
{
    char s[40];
    std::snprintf(s, sizeof s, "%.17g", v);
    return s;
}

// The raster at path warped to the frame: the map CRS, the frame's window, one cell per output pixel.
Dataset warp_to_frame(const Canvas& canvas, const std::string& path, const std::string& crs, bool dem, Setting setting)
{
    Dataset source = open_raster(path, setting);
    const MapLayout& layout = canvas.layout;
    const Rect& f = layout.frame();
    const int w = std::max(1, static_cast<int>(std::ceil(f.width / canvas.pixel)));
    const int h = std::max(1, static_cast<int>(std::ceil(f.height / canvas.pixel)));
    return warp_raster(*source, path, crs, {layout.min_x(), layout.min_y(), layout.max_x(), layout.max_y()}, w, h, dem, setting);
}

} // namespace

Dataset open_raster(const std::string& path, Setting setting)
{
    const QuietGdal quiet;
    register_gdal();
    Dataset source(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (!source)
        throw InputError(mention(setting) + ": " + path + ": GDAL cannot read it as a raster" +
                         (quiet.last().empty() ? std::string() : " (" + quiet.last() + ")"));
    double gt[6];
    if (!source->GetSpatialRef() || source->GetGeoTransform(gt) != CE_None)
        throw InputError(mention(setting) + ": " + path + ": the raster has no georeferencing (no CRS or no geotransform)");
    if (source->GetRasterCount() < 1)
        throw InputError(mention(setting) + ": " + path + ": the raster has no band");
    return source;
}

Dataset warp_raster(GDALDataset& source, const std::string& path, const std::string& crs, const std::array<double, 4>& window,
                    int w, int h, bool dem, Setting setting)
{
    const QuietGdal quiet;
    // A palette's indices are not averaged.
    const std::string resampling = source.GetRasterBand(1)->GetColorTable() ? "near" : "bilinear";
    CPLStringList args;
    for (const std::string& a : {std::string("-of"), std::string("MEM"), std::string("-t_srs"), crs, std::string("-te"),
                                 number(window[0]), number(window[1]), number(window[2]), number(window[3]),
                                 std::string("-ts"), std::to_string(w), std::to_string(h), std::string("-r"), resampling})
        args.AddString(a.c_str());
    if (dem) {
        for (const char* a : {"-ot", "Float32", "-dstnodata", "nan"})
            args.AddString(a);
    } else if (source.GetRasterBand(source.GetRasterCount())->GetColorInterpretation() != GCI_AlphaBand) {
        args.AddString("-dstalpha");
    }
    std::unique_ptr<GDALWarpAppOptions, WarpOptionsFree> options(GDALWarpAppOptionsNew(args.List(), nullptr));
    GDALDatasetH handle = &source;
    int usage_error = 0;
    Dataset warped(GDALDataset::FromHandle(GDALWarp("", nullptr, 1, &handle, options.get(), &usage_error)));
    if (!warped)
        throw InputError(mention(setting) + ": " + path + ": GDAL cannot warp it to the map's CRS (" + quiet.last() + ")");
    return warped;
}

namespace {

std::vector<float> read_band(GDALRasterBand* band, int w, int h)
{
    std::vector<float> v(static_cast<std::size_t>(w) * h);
    if (band->RasterIO(GF_Read, 0, 0, w, h, v.data(), w, h, GDT_Float32, 0, 0) != CE_None)
        throw Error("cannot read a warped raster band");
    return v;
}

// Paints w × h pixels given as straight (not premultiplied) RGBA bytes over the frame, with opacity.
void paint(Canvas& canvas, const std::vector<unsigned char>& rgba, int w, int h, double opacity)
{
    SurfacePtr image(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
    unsigned char* data = cairo_image_surface_get_data(image.get());
    const int stride = cairo_image_surface_get_stride(image.get());
    for (int y = 0; y < h; ++y) {
        auto* row = reinterpret_cast<std::uint32_t*>(data + static_cast<std::size_t>(y) * stride);
        for (int x = 0; x < w; ++x) {
            const unsigned char* p = &rgba[(static_cast<std::size_t>(y) * w + x) * 4];
            const unsigned a = p[3];
            auto pre = [a](unsigned c) { return (c * a + 127) / 255; };
            row[x] = (a << 24) | (pre(p[0]) << 16) | (pre(p[1]) << 8) | pre(p[2]);
        }
    }
    cairo_surface_mark_dirty(image.get());
    const Rect& f = canvas.layout.frame();
    cairo_t* cr = canvas.cr;
    cairo_save(cr);
    canvas.clip_to_frame();
    cairo_translate(cr, f.x, f.y);
    cairo_scale(cr, f.width / w, f.height / h);
    cairo_set_source_surface(cr, image.get(), 0, 0);
    cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
    cairo_paint_with_alpha(cr, opacity);
    cairo_restore(cr);
}

} // namespace

std::vector<unsigned char> rgba_of(GDALDataset& ds)
{
    const int w = ds.GetRasterXSize(), h = ds.GetRasterYSize();
    const int n = ds.GetRasterCount();
    const bool has_alpha = ds.GetRasterBand(n)->GetColorInterpretation() == GCI_AlphaBand;
    const int colours = has_alpha ? n - 1 : n;
    std::vector<std::vector<float>> bands;
    for (int b = 1; b <= std::min(colours, 3); ++b)
        bands.push_back(read_band(ds.GetRasterBand(b), w, h));
    const std::vector<float> alpha = has_alpha ? read_band(ds.GetRasterBand(n), w, h) : std::vector<float>();
    const std::size_t count = static_cast<std::size_t>(w) * h;
    std::vector<unsigned char> out(count * 4, 0);
    const GDALColorTable* table = ds.GetRasterBand(1)->GetColorTable();
    const bool bytes = ds.GetRasterBand(1)->GetRasterDataType() == GDT_Byte;
    float lo = 0, hi = 255;
    if (!bytes && !table) {
        lo = std::numeric_limits<float>::max();
        hi = std::numeric_limits<float>::lowest();
        for (const auto& band : bands)
            for (std::size_t i = 0; i < count; ++i)
                if ((!has_alpha || alpha[i] > 0) && std::isfinite(band[i])) {
                    lo = std::min(lo, band[i]);
                    hi = std::max(hi, band[i]);
                }
        if (!(hi > lo))
            hi = lo + 1;
    }
    auto byte = [&](float v) { return static_cast<unsigned char>(std::clamp(std::lround((v - lo) / (hi - lo) * 255), 0L, 255L)); };
    for (std::size_t i = 0; i < count; ++i) {
        unsigned char* p = &out[i * 4];
        p[3] = has_alpha ? static_cast<unsigned char>(std::clamp(alpha[i], 0.0f, 255.0f)) : 255;
        if (table) {
            const GDALColorEntry* e = table->GetColorEntry(static_cast<int>(bands[0][i]));
            if (e) {
                p[0] = static_cast<unsigned char>(e->c1);
                p[1] = static_cast<unsigned char>(e->c2);
                p[2] = static_cast<unsigned char>(e->c3);
                p[3] = static_cast<unsigned char>(p[3] * e->c4 / 255);
            }
        } else if (bands.size() >= 3) {
            for (int c = 0; c < 3; ++c)
                p[c] = byte(bands[c][i]);
        } else {
            p[0] = p[1] = p[2] = byte(bands[0][i]);
        }
    }
    return out;
}

std::string file_name(const std::string& path)
{
    return std::filesystem::path(path).filename().string();
}

std::string credit_of(const std::string& path)
{
    const QuietGdal quiet;
    std::string credit = file_name(path);
    Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    if (ds)
        for (const char* key : {"LICENSE", "LICENCE", "TIFFTAG_COPYRIGHT", "COPYRIGHT"})
            if (const char* v = ds->GetMetadataItem(key); v && *v) {
                credit += std::string(" (") + v + ")";
                break;
            }
    return credit;
}

std::vector<std::string> draw_rasters(Canvas& canvas, const MapOptions& options, const std::string& crs, bool geographic,
                                      std::vector<std::string>& drawn)
{
    std::vector<std::string> credits;
    register_gdal();
    for (const auto& background : options.backgrounds) {
        Dataset warped = warp_to_frame(canvas, background.file, crs, false, Setting::background);
        paint(canvas, rgba_of(*warped), warped->GetRasterXSize(), warped->GetRasterYSize(), background.opacity);
        drawn.push_back("background " + file_name(background.file));
        credits.push_back("Background: " + credit_of(background.file));
    }
    const std::string dem_path = !options.hillshade.file.empty() ? options.hillshade.file : options.contours.file;
    if (dem_path.empty())
        return credits;
    const Setting setting = !options.hillshade.file.empty() ? Setting::hillshade : Setting::contours;
    Dataset dem = warp_to_frame(canvas, dem_path, crs, true, setting);
    const int w = dem->GetRasterXSize(), h = dem->GetRasterYSize();
    if (!options.hillshade.file.empty()) {
        const QuietGdal quiet;
        CPLStringList args;
        for (const char* a : {"-of", "MEM", "-az", "315", "-alt", "45", "-compute_edges"})
            args.AddString(a);
        if (geographic) {   // degrees across, metres up: GDAL's scale for metres per degree
            args.AddString("-s");
            args.AddString("111120");
        }
        std::unique_ptr<GDALDEMProcessingOptions, DemOptionsFree> dem_options(GDALDEMProcessingOptionsNew(args.List(), nullptr));
        int usage_error = 0;
        Dataset shade(GDALDataset::FromHandle(GDALDEMProcessing("", dem.get(), "hillshade", nullptr, dem_options.get(), &usage_error)));
        if (!shade)
            throw InputError(mention(Setting::hillshade) + ": " + options.hillshade.file + ": GDAL cannot compute its hillshade (" +
                             quiet.last() + ")");
        if (options.tint) {
            paint(canvas, hypsometric_tint(*dem, options.hillshade.file), w, h, 1);
            drawn.push_back("tint " + file_name(options.hillshade.file));
        }
        const std::vector<float> v = read_band(shade->GetRasterBand(1), w, h);
        std::vector<unsigned char> rgba(v.size() * 4);
        for (std::size_t i = 0; i < v.size(); ++i) {
            const auto g = static_cast<unsigned char>(std::clamp(v[i], 0.0f, 255.0f));
            rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = g;
            rgba[i * 4 + 3] = v[i] == 0 ? 0 : 255;   // 0: no data
        }
        paint(canvas, rgba, w, h, options.hillshade.opacity);
        drawn.push_back("hillshade " + file_name(options.hillshade.file));
        credits.push_back("Hillshade: " + credit_of(options.hillshade.file));
    }
    if (!options.contours.file.empty()) {
        if (options.contours.file != dem_path)
            dem = warp_to_frame(canvas, options.contours.file, crs, true, Setting::contours);
        draw_contours(canvas, *dem, options.contours.interval);
        drawn.push_back("contours " + file_name(options.contours.file) + " every " + number(options.contours.interval));
        credits.push_back("Contours: " + credit_of(options.contours.file));
    }
    return credits;
}

void draw_contours(Canvas& canvas, GDALDataset& dem, double interval)
{
    const QuietGdal quiet;
    GDALDriver* memory = GetGDALDriverManager()->GetDriverByName("Memory");
    Dataset lines(memory ? memory->Create("", 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
    if (!lines)
        throw Error("GDAL has no Memory vector driver");
    OGRLayer* layer = lines->CreateLayer("contours", nullptr, wkbLineString, nullptr);
    OGRFieldDefn elevation("elev", OFTReal);
    layer->CreateField(&elevation);
    GDALRasterBand* band = dem.GetRasterBand(1);
    int has_nodata = 0;
    const double nodata = band->GetNoDataValue(&has_nodata);
    if (GDALContourGenerate(band, interval, 0, 0, nullptr, has_nodata, nodata, layer, -1, 0, nullptr, nullptr) != CE_None)
        throw InputError(mention(Setting::contours) + ": GDAL cannot draw the contours (" + quiet.last() + ")");
    double gt[6];
    dem.GetGeoTransform(gt);
    const MapLayout& layout = canvas.layout;
    cairo_t* cr = canvas.cr;
    cairo_save(cr);
    canvas.clip_to_frame();
    set_colour(cr, contour_colour);
    struct Label {
        double x, y, angle;
        std::string text;
    };
    std::vector<Label> labels;
    layer->ResetReading();
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g || wkbFlatten(g->getGeometryType()) != wkbLineString)
            continue;
        const auto* line = g->toLineString();
        const double z = feature->GetFieldAsDouble(0);
        // Index contours (every fifth interval) a little heavier.
        const bool index = std::fmod(std::fabs(z) + 1e-9, 5 * interval) < 1e-6;
        cairo_set_line_width(cr, index ? 0.7 : 0.35);
        cairo_new_path(cr);
        std::vector<std::pair<double, double>> page;
        for (int i = 0; i < line->getNumPoints(); ++i) {
            double px = 0, py = 0;
            layout.map_to_page(line->getX(i), line->getY(i), px, py);
            page.emplace_back(px, py);
            (i == 0 ? cairo_move_to : cairo_line_to)(cr, px, py);
        }
        cairo_stroke(cr);
        if (page.size() >= 2) {
            const std::size_t m = page.size() / 2;
            const auto [x0, y0] = page[m - 1];
            const auto [x1, y1] = page[m];
            double angle = std::atan2(y1 - y0, x1 - x0);
            if (angle > M_PI / 2)
                angle -= M_PI;
            else if (angle < -M_PI / 2)
                angle += M_PI;
            labels.push_back({(x0 + x1) / 2, (y0 + y1) / 2, angle, number(z)});
        }
    }
    cairo_restore(cr);
    // Labels along the line at its middle, where they do not touch another label.
    for (const auto& l : labels) {
        auto text = canvas.text.layout(l.text, "Noto Sans 5.5");
        double w = 0, h = 0;
        TextRenderer::size(text.get(), w, h);
        const double r = std::max(w, h) / 2 + 1;
        if (!canvas.placer.place({{l.x - r, l.y - r, 2 * r, 2 * r}}))
            continue;
        cairo_save(cr);
        cairo_translate(cr, l.x, l.y);
        cairo_rotate(cr, l.angle);
        canvas.text.draw(text.get(), -w / 2, -h / 2, contour_colour, 1.5);
        cairo_restore(cr);
    }
}

} // namespace lode::map
