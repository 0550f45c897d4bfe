// The programmes' overview (`lode map --all`), the opening page of a report: each project's area of
// interest (the box around its features) on a world map, and the cooperation corridor — geodesics
// from the home institute to each partner. Institutes stand where geodata/institutes.csv puts them,
// each coordinate copied from FACTS-geodata.md with its source; one without a sourced coordinate is
// drawn at its project's area of interest (a partner) or in its country (the home institute), hollow,
// and a note on the map says so. Nothing is placed silently.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/base/text.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

namespace lode::map {

namespace {

const Colour corridor_colour{0.70, 0.09, 0.17, 1};   // #b2182b
const Colour area_fill{0.17, 0.48, 0.71, 0.25};
const Colour area_stroke{0.13, 0.40, 0.67, 1};
const Colour home_colour{0.70, 0.09, 0.17, 1};
const Colour partner_colour{0.15, 0.15, 0.15, 1};

std::string round_km(double km)
{
    return grouped(std::lround(km / 10) * 10) + " km";
}

// A point inside the named country of the Natural Earth basemap.
bool country_point(const std::string& basemap, const std::string& country, double& lon, double& lat)
{
    register_gdal();
    Dataset ds(GDALDataset::Open(basemap.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    OGRLayer* layer = ds ? ds->GetLayerByName("countries") : nullptr;
    if (!layer)
        return false;
    for (auto& feature : *layer) {
        if (feature->GetFieldAsString("name") != country || !feature->GetGeometryRef())
            continue;
        GeometryPtr p(OGRGeometry::FromHandle(OGR_G_PointOnSurface(OGRGeometry::ToHandle(feature->GetGeometryRef()))));
        if (!p || p->IsEmpty() || wkbFlatten(p->getGeometryType()) != wkbPoint)
            return false;
        lon = p->toPoint()->getX();
        lat = p->toPoint()->getY();
        return true;
    }
    return false;
}

void marker(cairo_t* cr, double x, double y, bool home, bool sourced)
{
    cairo_new_path(cr);
    if (home) {   // a five-pointed star
        for (int i = 0; i < 10; ++i) {
            const double r = i % 2 == 0 ? 6.5 : 2.8, a = -M_PI / 2 + i * M_PI / 5;
            (i == 0 ? cairo_move_to : cairo_line_to)(cr, x + r * std::cos(a), y + r * std::sin(a));
        }
        cairo_close_path(cr);
    } else {
        cairo_arc(cr, x, y, 3.2, 0, 2 * M_PI);
    }
    if (sourced) {
        set_colour(cr, home ? home_colour : partner_colour);
        cairo_fill_preserve(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
    } else {   // hollow: not where the institute is, only where it is drawn
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, home ? home_colour : partner_colour);
    }
    cairo_set_line_width(cr, sourced ? 0.7 : 1.3);
    cairo_stroke(cr);
}

void corridor_stroke(cairo_t* cr)
{
    set_colour(cr, corridor_colour);
    cairo_set_line_width(cr, 1.3);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    cairo_stroke(cr);
}

} // namespace

std::shared_ptr<const Programmes> survey_programmes(Store& store, const MapOptions& options, const std::string& basemap,
                                                    MapReport& report)
{
    auto out = std::make_shared<Programmes>();
    for (const auto& p : store.projects()) {
        Programmes::Area area{p.code, p.name, {}};
        bool any = false;
        for (const auto& kind : store.layer_kinds())
            store.scan(kind.name, {std::nullopt, p.code, {}}, Reading::geometries().taken_in(), [&](ScanRow& row) {
                OGREnvelope e;
                from_wkb(row.wkb)->getEnvelope(&e);
                area.box.Merge(e);
                any = true;
                return true;
            });
        if (any)
            out->areas.push_back(std::move(area));
        else
            report.notes.push_back(p.code + " has no features yet: no area of interest drawn");
    }
    if (out->areas.empty())
        throw InputError("nothing to map: no project has features", Hint::map_all);

    const std::string path = options.institutes.empty() ? default_geodata_file("institutes.csv")
                                                        : options.institutes;
    const std::vector<Institute> institutes = read_institutes(path);
    std::vector<std::string> names;
    const Institute* home = nullptr;
    for (const auto& i : institutes) {
        names.push_back(i.short_name);
        if (options.home.empty() ? i.home : lower(i.short_name) == lower(options.home) || lower(i.organisation) == lower(options.home))
            home = &i;
    }
    if (!home)
        throw options.home.empty() ? InputError(path + ": no institute is marked home=yes", Hint::give_home)
                                   : InputError(mention(Setting::home) + ": no institute '" + options.home + "' in " + path +
                                                " (there: " + join(names, ", ") + ")");
    auto centre_of = [&](const std::string& code, double& lon, double& lat) {
        for (const auto& a : out->areas)
            if (a.code == code) {
                lon = (a.box.MinX + a.box.MaxX) / 2;
                lat = (a.box.MinY + a.box.MaxY) / 2;
                return true;
            }
        return false;
    };
    out->home.institute = *home;
    if (home->located) {
        out->home.lon = home->longitude;
        out->home.lat = home->latitude;
    } else if (country_point(basemap, home->country, out->home.lon, out->home.lat)) {
        out->home.sourced = false;
        report.notes.push_back(home->short_name + " (" + home->place + ") has no sourced coordinate; drawn hollow inside " +
                               home->country + " (Natural Earth), not at its seat");
    } else {
        throw InputError(path + ": " + home->short_name + " has neither a coordinate nor a basemap country ('" +
                         home->country + "') to be drawn in");
    }

    std::map<std::string, std::size_t> index;   // organisation → partner
    for (const auto& p : store.partnerships(std::nullopt)) {
        if (p.organisation == home->organisation || lower(p.organisation) == lower(home->short_name))
            continue;
        if (auto it = index.find(p.organisation); it != index.end()) {
            out->partners[it->second].projects.push_back(p.project);
            continue;
        }
        Programmes::Place place;
        place.projects.push_back(p.project);
        const auto found = std::find_if(institutes.begin(), institutes.end(),
                                        [&](const Institute& i) { return i.organisation == p.organisation; });
        if (found != institutes.end())
            place.institute = *found;
        else
            place.institute.organisation = place.institute.short_name = p.organisation;
        if (place.institute.located) {
            place.lon = place.institute.longitude;
            place.lat = place.institute.latitude;
        } else if (centre_of(p.project, place.lon, place.lat)) {
            place.sourced = false;
            report.notes.push_back(place.institute.short_name + " has no sourced coordinate" +
                                   (found == institutes.end() ? " (not in " + std::filesystem::path(path).filename().string() + ")" : "") +
                                   "; drawn hollow at the centre of " + p.project + "'s area of interest");
        } else {
            report.notes.push_back(place.institute.short_name + " has no sourced coordinate and " + p.project +
                                   " no features: left off the map");
            continue;
        }
        index[p.organisation] = out->partners.size();
        out->partners.push_back(std::move(place));
    }
    const auto& geodesic = GeographicLib::Geodesic::WGS84();
    for (const auto& p : out->partners) {
        double metres = 0;
        geodesic.Inverse(out->home.lat, out->home.lon, p.lat, p.lon, metres);
        report.corridors.push_back({out->home.institute.short_name, p.institute.short_name, out->home.lon, out->home.lat,
                                    p.lon, p.lat, metres / 1000});
    }
    return out;
}

BBox programmes_extent(const Programmes& programmes)
{
    OGREnvelope all;
    for (const auto& a : programmes.areas)
        all.Merge(a.box);
    all.Merge(programmes.home.lon, programmes.home.lat);
    for (const auto& p : programmes.partners)
        all.Merge(p.lon, p.lat);
    return {std::max(-180.0, all.MinX - 12), std::max(-85.0, all.MinY - 8), std::min(180.0, all.MaxX + 12),
            std::min(85.0, all.MaxY + 8)};
}

std::vector<LegendGroup> draw_programmes(Canvas& canvas, const Programmes& programmes)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    cairo_save(cr);
    canvas.clip_to_frame();

    // Areas of interest: each box densified along its edges, so that it bends with the projection.
    for (const auto& a : programmes.areas) {
        cairo_new_path(cr);
        const int n = 16;
        const double w = a.box.MinX - 0.5, e = a.box.MaxX + 0.5, s = a.box.MinY - 0.5, north = a.box.MaxY + 0.5;
        bool first = true;
        for (int side = 0; side < 4; ++side)
            for (int i = 0; i < n; ++i) {
                const double t = static_cast<double>(i) / n;
                const double lon = side == 0 ? w + (e - w) * t : side == 1 ? e : side == 2 ? e - (e - w) * t : w;
                const double lat = side == 0 ? s : side == 1 ? s + (north - s) * t : side == 2 ? north : north - (north - s) * t;
                double x = 0, y = 0;
                if (!layout.to_page(lon, lat, x, y))
                    continue;
                (first ? cairo_move_to : cairo_line_to)(cr, x, y);
                first = false;
            }
        cairo_close_path(cr);
        set_colour(cr, area_fill);
        cairo_fill_preserve(cr);
        set_colour(cr, area_stroke);
        cairo_set_line_width(cr, 0.9);
        cairo_stroke(cr);
        double x1 = 0, y1 = 0;
        layout.to_page((a.box.MinX + a.box.MaxX) / 2, a.box.MinY - 0.5, x1, y1);
        canvas.pending.push_back({a.code, x1, y1 + 5, false, 0});
    }

    // The corridors: geodesics densified every ~50 km, broken where the projection wraps.
    const auto& geodesic = GeographicLib::Geodesic::WGS84();
    const Rect& f = layout.frame();
    for (const auto& p : programmes.partners) {
        const GeographicLib::GeodesicLine line = geodesic.InverseLine(programmes.home.lat, programmes.home.lon, p.lat, p.lon);
        const int n = std::max(16, static_cast<int>(line.Distance() / 50e3));
        cairo_new_path(cr);
        double last_x = NAN;
        for (int i = 0; i <= n; ++i) {
            double lat = 0, lon = 0, x = 0, y = 0;
            line.Position(line.Distance() * i / n, lat, lon);
            if (!layout.to_page(lon, lat, x, y)) {
                last_x = NAN;
                continue;
            }
            const bool jump = !std::isnan(last_x) && std::fabs(x - last_x) > f.width / 2;
            (std::isnan(last_x) || jump ? cairo_move_to : cairo_line_to)(cr, x, y);
            last_x = x;
        }
        corridor_stroke(cr);
    }
    // Institutes on top, labelled with their short names (and their distance from home).
    double hx = 0, hy = 0;
    if (layout.to_page(programmes.home.lon, programmes.home.lat, hx, hy)) {
        marker(cr, hx, hy, true, programmes.home.sourced);
        canvas.placer.reserve({hx - 7, hy - 7, 14, 14});
        canvas.pending.push_back({programmes.home.institute.short_name + " (" + programmes.home.institute.place + ")", hx, hy,
                                  true, 7});
    }
    for (const auto& p : programmes.partners) {
        double x = 0, y = 0, metres = 0;
        if (!layout.to_page(p.lon, p.lat, x, y))
            continue;
        marker(cr, x, y, false, p.sourced);
        canvas.placer.reserve({x - 4, y - 4, 8, 8});
        geodesic.Inverse(programmes.home.lat, programmes.home.lon, p.lat, p.lon, metres);
        canvas.pending.push_back({p.institute.short_name + ", " + round_km(metres / 1000), x, y, true, 4});
    }
    cairo_restore(cr);

    std::vector<LegendGroup> groups;
    LegendGroup group{"Programmes", {}};
    group.entries.push_back({[](cairo_t* c, double x, double cy) {
                                 cairo_new_path(c);
                                 cairo_rectangle(c, x + 1, cy - 4, 14, 8);
                                 set_colour(c, area_fill);
                                 cairo_fill_preserve(c);
                                 set_colour(c, area_stroke);
                                 cairo_set_line_width(c, 0.9);
                                 cairo_stroke(c);
                             },
                             "Area of interest (" + std::to_string(programmes.areas.size()) + " programmes)"});
    groups.push_back(std::move(group));
    const bool all_sourced = programmes.home.sourced &&
                             std::all_of(programmes.partners.begin(), programmes.partners.end(), [](const auto& p) { return p.sourced; });
    LegendGroup cooperation{"Cooperation corridor", {}};
    cooperation.entries.push_back({[sourced = programmes.home.sourced](cairo_t* c, double x, double cy) { marker(c, x + 8, cy, true, sourced); },
                                   "Home institute: " + programmes.home.institute.short_name});
    cooperation.entries.push_back({[](cairo_t* c, double x, double cy) { marker(c, x + 8, cy, false, true); },
                                   "Partner institute (" + std::to_string(programmes.partners.size()) + ")"});
    if (!all_sourced)
        cooperation.entries.push_back({[](cairo_t* c, double x, double cy) { marker(c, x + 8, cy, false, false); },
                                       "Hollow: no sourced coordinate (see notes)"});
    cooperation.entries.push_back({[](cairo_t* c, double x, double cy) {
                                       cairo_new_path(c);
                                       cairo_move_to(c, x + 1, cy);
                                       cairo_curve_to(c, x + 5, cy - 4, x + 11, cy - 4, x + 15, cy);
                                       corridor_stroke(c);
                                   },
                                   "Corridor: geodesic from " + programmes.home.institute.short_name + " to a partner"});
    groups.push_back(std::move(cooperation));
    return groups;
}

} // namespace lode::map
