#include "lode/import/crs_guard.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/countries.hpp"
#include "lode/geo/gdal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <regex>

namespace lode {

namespace {

// The projected CRSs used for geological data in the programmes' countries, as listed (and checked
// with projinfo) in shared/FACTS-geodata.md, section G.
struct NationalCrs {
    const char* country;
    std::vector<int> epsg;
};
const std::vector<NationalCrs>& national_crs()
{
    static const std::vector<NationalCrs> table = {
        {"NG", {26391, 26392, 26393, 32631, 32632, 32633}},
        {"TZ", {21035, 21036, 21037, 32735, 32736, 32737}},
        {"UZ", {28410, 28411, 28412, 28413, 2500, 2501, 2502, 2503, 32640, 32641, 32642}},
        {"AU", {7849, 7850, 7851, 7852, 7853, 7854, 7855, 7856, 28349, 28350, 28351, 28352, 28353, 28354, 28355, 28356,
                9473, 3577}},
    };
    return table;
}

std::vector<std::string> country_codes(const std::string& host_countries)
{
    std::vector<std::string> out;
    for (const auto& c : split_any(host_countries, ",;| "))
        if (!c.empty())
            out.push_back(c);
    return out;
}

// WGS 84 / UTM zones over a box, northern and/or southern.
std::vector<std::string> utm_zones_over(const BBox& box)
{
    std::vector<std::string> out;
    const int first = std::clamp(static_cast<int>(std::floor((box.west + 180) / 6)) + 1, 1, 60);
    const int last = std::clamp(static_cast<int>(std::floor((box.east + 180) / 6)) + 1, 1, 60);
    for (int zone = first; zone <= last; ++zone) {
        if (box.north > 0)
            out.push_back("EPSG:" + std::to_string(32600 + zone));
        if (box.south < 0)
            out.push_back("EPSG:" + std::to_string(32700 + zone));
    }
    return out;
}

// The CRSs a mistaken source CRS is most likely a neighbour of, found by name in PROJ's database:
// UTM zones ±1 and ±2 and the other hemisphere; Gauss–Krüger zones with and without the zone-number
// prefix of the false easting ("zone 12" and "CM 69E"), and ±1, ±2 zones; MGA zones ±1, ±2.
std::vector<std::string> family_neighbours(const OGRSpatialReference& crs)
{
    const char* raw = crs.GetName();
    const std::string name = raw ? raw : "";
    std::vector<std::string> names;
    std::smatch m;
    auto wrap = [](int zone) { return (zone + 59) % 60 + 1; };
    if (std::regex_match(name, m, std::regex(R"((.+) / UTM zone (\d+)([NS]))"))) {
        const int zone = std::stoi(m[2]);
        const std::string h = m[3], other = h == "N" ? "S" : "N";
        for (int d : {-1, 1})
            names.push_back(m[1].str() + " / UTM zone " + std::to_string(wrap(zone + d)) + h);
        names.push_back(m[1].str() + " / UTM zone " + std::to_string(zone) + other);
        for (int d : {-2, 2})
            names.push_back(m[1].str() + " / UTM zone " + std::to_string(wrap(zone + d)) + h);
    } else if (std::regex_match(name, m, std::regex(R"((.+) / Gauss-Kruger zone (\d+))"))) {
        const int zone = std::stoi(m[2]);
        names.push_back(m[1].str() + " / Gauss-Kruger CM " + std::to_string(zone * 6 - 3) + "E");
        for (int d : {-1, 1, -2, 2}) {
            names.push_back(m[1].str() + " / Gauss-Kruger zone " + std::to_string(zone + d));
            names.push_back(m[1].str() + " / Gauss-Kruger CM " + std::to_string((zone + d) * 6 - 3) + "E");
        }
    } else if (std::regex_match(name, m, std::regex(R"((.+) / Gauss-Kruger CM (\d+)E)"))) {
        const int cm = std::stoi(m[2]);
        names.push_back(m[1].str() + " / Gauss-Kruger zone " + std::to_string((cm + 3) / 6));
        for (int d : {-1, 1, -2, 2}) {
            names.push_back(m[1].str() + " / Gauss-Kruger CM " + std::to_string(cm + 6 * d) + "E");
            names.push_back(m[1].str() + " / Gauss-Kruger zone " + std::to_string((cm + 3) / 6 + d));
        }
    } else if (std::regex_match(name, m, std::regex(R"((.+) / MGA zone (\d+))"))) {
        const int zone = std::stoi(m[2]);
        for (int d : {-1, 1, -2, 2})
            names.push_back(m[1].str() + " / MGA zone " + std::to_string(zone + d));
    }
    std::vector<std::string> out;
    for (const auto& n : names)
        if (auto code = projected_crs_by_name(n))
            out.push_back(*code);
    return out;
}

struct Point {
    double x = 0, y = 0;
};

// The points transformed from crs to WGS 84 longitude/latitude; ok[i] false where PROJ could not.
void to_lonlat(const ToWgs84& transform, const std::vector<Point>& points, std::vector<double>& lon,
               std::vector<double>& lat, std::vector<bool>& ok)
{
    lon.clear();
    lat.clear();
    for (const auto& p : points) {
        lon.push_back(p.x);
        lat.push_back(p.y);
    }
    transform.apply(lon, lat, ok);
    for (std::size_t i = 0; i < lon.size(); ++i)
        if (ok[i] && (std::fabs(lon[i]) > 180 + 1e-9 || std::fabs(lat[i]) > 90 + 1e-9))
            ok[i] = false;
}

std::string degrees(double value, int decimals)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// "41.0°N 75.6°E"
std::string position(double lon, double lat)
{
    return degrees(std::fabs(lat), 1) + "°" + (lat < 0 ? "S" : "N") + " " + degrees(std::fabs(lon), 1) + "°" +
           (lon < 0 ? "W" : "E");
}

// How far and which way a point lies outside a box: "6° east", "49° south and 2° west"; empty inside.
std::string offset(const BBox& box, double lon, double lat)
{
    const double dx = lon < box.west ? lon - box.west : lon > box.east ? lon - box.east : 0;
    const double dy = lat < box.south ? lat - box.south : lat > box.north ? lat - box.north : 0;
    const int decimals = std::max(std::fabs(dx), std::fabs(dy)) < 1 ? 1 : 0;
    std::vector<std::string> parts;
    if (std::fabs(dy) >= std::fabs(dx) && dy != 0)
        parts.push_back(degrees(std::fabs(dy), decimals) + "° " + (dy < 0 ? "south" : "north"));
    if (dx != 0 && std::fabs(dx) >= 0.05)
        parts.push_back(degrees(std::fabs(dx), decimals) + "° " + (dx < 0 ? "west" : "east"));
    if (std::fabs(dy) < std::fabs(dx) && std::fabs(dy) >= 0.05)
        parts.push_back(degrees(std::fabs(dy), decimals) + "° " + (dy < 0 ? "south" : "north"));
    return join(parts, " and ");
}

// The test a candidate CRS must pass: (nearly) every point inside.
bool nearly_all(std::size_t inside, std::size_t total) { return total > 0 && inside * 100 >= total * 95; }

// "EPSG:32642 puts them", "EPSG:32642 or EPSG:2502 put them"
std::string candidates_text(const std::vector<std::string>& codes)
{
    std::string out;
    for (std::size_t i = 0; i < codes.size(); ++i)
        out += (i == 0 ? "" : i + 1 == codes.size() ? " or " : ", ") + codes[i];
    return out + (codes.size() == 1 ? " puts them" : " put them");
}

constexpr std::size_t candidate_sample = 200;
constexpr std::size_t candidates_shown = 3;

// The candidate CRSs (codes) that put (nearly) all sample points where inside() says, tried in order.
template <class Inside>
std::vector<std::string> passing(const std::vector<std::string>& candidates, const std::vector<Point>& sample,
                                 const std::string& skip, std::size_t limit, Inside&& inside)
{
    std::vector<std::string> out;
    std::vector<std::string> tried;
    for (const auto& code : candidates) {
        if (code == skip || std::find(tried.begin(), tried.end(), code) != tried.end())
            continue;
        tried.push_back(code);
        try {
            const auto crs = parse_crs(code, "candidate CRS");
            const ToWgs84 transform(*crs);
            std::vector<double> lon, lat;
            std::vector<bool> ok;
            to_lonlat(transform, sample, lon, lat, ok);
            std::size_t in = 0;
            for (std::size_t i = 0; i < sample.size(); ++i)
                in += ok[i] && inside(*crs, lon[i], lat[i]);
            if (nearly_all(in, sample.size()))
                out.push_back(code);
        } catch (const Error&) {
            // a candidate PROJ cannot use is no candidate
        }
        if (out.size() == limit)
            break;
    }
    return out;
}

std::vector<std::string> national_candidates(const std::vector<std::string>& countries, const BBox* host_box)
{
    std::vector<std::string> out;
    for (const auto& country : countries)
        for (const auto& n : national_crs())
            if (lower(country) == lower(n.country))
                for (int code : n.epsg)
                    out.push_back("EPSG:" + std::to_string(code));
    if (host_box)
        for (const auto& code : utm_zones_over(*host_box))
            if (std::find(out.begin(), out.end(), code) == out.end())
                out.push_back(code);
    return out;
}

} // namespace

std::optional<std::pair<double, double>> first_vertex(const OGRGeometry& g)
{
    if (g.IsEmpty())
        return std::nullopt;
    if (const auto* point = dynamic_cast<const OGRPoint*>(&g))
        return std::make_pair(point->getX(), point->getY());
    if (const auto* curve = dynamic_cast<const OGRSimpleCurve*>(&g))
        return std::make_pair(curve->getX(0), curve->getY(0));
    if (const auto* polygon = dynamic_cast<const OGRCurvePolygon*>(&g))
        return polygon->getExteriorRingCurve() ? first_vertex(*polygon->getExteriorRingCurve()) : std::nullopt;
    if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* member : *collection)
            if (auto v = first_vertex(*member))
                return v;
        return std::nullopt;
    }
    if (const auto* compound = dynamic_cast<const OGRCompoundCurve*>(&g)) {
        for (const auto* member : *compound)
            if (auto v = first_vertex(*member))
                return v;
    }
    return std::nullopt;
}

namespace {

// Every vertex of a geometry (of every ring, part and member), in order.
void add_vertices(const OGRGeometry& g, std::vector<Point>& out)
{
    if (g.IsEmpty())
        return;
    if (const auto* point = dynamic_cast<const OGRPoint*>(&g)) {
        out.push_back({point->getX(), point->getY()});
    } else if (const auto* curve = dynamic_cast<const OGRSimpleCurve*>(&g)) {
        for (int i = 0; i < curve->getNumPoints(); ++i)
            out.push_back({curve->getX(i), curve->getY(i)});
    } else if (const auto* polygon = dynamic_cast<const OGRCurvePolygon*>(&g)) {
        for (const auto* ring : *polygon)
            add_vertices(*ring, out);
    } else if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (const auto* member : *collection)
            add_vertices(*member, out);
    } else if (const auto* compound = dynamic_cast<const OGRCompoundCurve*>(&g)) {
        for (const auto* member : *compound)
            add_vertices(*member, out);
    }
}

} // namespace

struct CrsGuard::Impl {
    const ToWgs84& transform;
    CrsGuardSettings settings;
    std::vector<Point> vertices;       // of every feature added, one after the other
    std::vector<std::size_t> starts;   // feature i's vertices begin at starts[i]
    std::size_t features() const { return starts.size(); }
    std::size_t end_of(std::size_t i) const { return i + 1 < starts.size() ? starts[i + 1] : vertices.size(); }
};

CrsGuard::CrsGuard(const ToWgs84& source, CrsGuardSettings settings)
    : impl_(std::make_unique<Impl>(Impl{source, std::move(settings), {}, {}}))
{
}

CrsGuard::~CrsGuard() = default;

void CrsGuard::add(const OGRGeometry& source_geometry)
{
    const std::size_t start = impl_->vertices.size();
    add_vertices(source_geometry, impl_->vertices);
    if (impl_->vertices.size() > start)
        impl_->starts.push_back(start);
}

void CrsGuard::check() const
{
    const auto& s = impl_->settings;
    const auto& vertices = impl_->vertices;
    const std::size_t features = impl_->features();
    if (features == 0)
        return;
    const OGRSpatialReference& crs = impl_->transform.source();
    const std::vector<std::string> hosts = country_codes(s.host_countries);
    const auto use = area_of_use(crs);
    const bool world = use && use->box.west <= -179.9 && use->box.east >= 179.9 && use->box.south <= -89.9 &&
                       use->box.north >= 89.9;
    if ((hosts.empty() || s.basemap.empty()) && (!use || world))
        return;   // nothing to check against
    std::unique_ptr<Countries> countries;
    if (!s.basemap.empty())
        countries = std::make_unique<Countries>(s.basemap);
    std::optional<Countries::Area> host;
    if (countries && !hosts.empty()) {
        host = countries->area(hosts, s.margin_km);
        if (host->members.empty())
            host.reset();
    }
    if (!host && (!use || world))
        return;

    // A feature lands outside when any of its vertices does (a polygon whose first corner lies
    // inside and the rest far away is outside); where it landed is its first vertex outside.
    std::vector<double> lon, lat;
    std::vector<bool> ok;
    to_lonlat(impl_->transform, vertices, lon, lat, ok);
    auto inside_host = [&](double x, double y) { return countries->contains(*host, x, y); };
    auto inside = [&](std::size_t v) {
        return ok[v] && (host ? inside_host(lon[v], lat[v]) : in_area(use->box, lon[v], lat[v], s.area_margin_deg));
    };
    std::size_t outside = 0;
    double sum_lon = 0, sum_lat = 0;
    std::size_t placed = 0;
    std::map<std::string, std::size_t> landed;   // country name ("" for the sea) -> features
    for (std::size_t i = 0; i < features; ++i) {
        std::size_t v = impl_->starts[i];
        const std::size_t end = impl_->end_of(i);
        while (v < end && inside(v))
            ++v;
        if (v == end)
            continue;
        ++outside;
        if (!ok[v])
            continue;
        sum_lon += lon[v];
        sum_lat += lat[v];
        ++placed;
        if (countries)
            ++landed[countries->name_at(lon[v], lat[v])];
    }
    if (outside == 0)
        return;

    const std::string code = crs_code(crs);
    std::string reason = std::to_string(outside) + " of " + std::to_string(features) + " features ";
    if (placed == 0) {
        reason += "cannot be placed anywhere";
    } else {
        const double mean_lon = sum_lon / static_cast<double>(placed), mean_lat = sum_lat / static_cast<double>(placed);
        std::vector<std::pair<std::string, std::size_t>> places(landed.begin(), landed.end());
        std::stable_sort(places.begin(), places.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        std::vector<std::string> where;
        for (std::size_t i = 0; i < places.size() && i < 3; ++i)
            where.push_back((places[i].first.empty() ? std::string("at sea") : "in " + places[i].first) +
                            (places.size() > 1 ? " (" + std::to_string(places[i].second) + ")" : ""));
        if (places.size() > 3)
            where.push_back("elsewhere");
        reason += "land " + (where.empty() ? std::string() : join(where, ", ") + " ") + "around " +
                  position(mean_lon, mean_lat) + ", ";
        const std::string away = offset(host ? host->box : use->box, mean_lon, mean_lat);
        reason += away.empty() ? std::string("near ") : away + " of ";
        reason += host ? host->names + ", " + s.project + "'s host countr" + (hosts.size() > 1 ? "ies" : "y")
                       : code + "'s area of use (" + use->name + ")";
    }
    reason += ", with " + describe_crs(crs);

    // Which CRSs would put them inside: tried on the first vertices of features spread over the source.
    std::vector<Point> sample;
    for (std::size_t i = 0; i < std::min(features, candidate_sample); ++i)
        sample.push_back(vertices[impl_->starts[features <= candidate_sample ? i : i * features / candidate_sample]]);
    std::vector<std::string> candidates = family_neighbours(crs);
    std::vector<std::string> good;
    if (host) {
        for (const auto& c : national_candidates(hosts, &host->box))
            candidates.push_back(c);
        good = passing(candidates, sample, code, candidates_shown,
                       [&](const OGRSpatialReference&, double x, double y) { return countries->contains(*host, x, y); });
        reason += good.empty() ? "; no nearby or national CRS puts them in " + host->names
                               : "; " + candidates_text(good) + " in " + host->names;
    } else {
        good = passing(candidates, sample, code, candidates_shown, [&](const OGRSpatialReference& candidate, double x, double y) {
            const auto a = area_of_use(candidate);
            return a && in_area(a->box, x, y, s.area_margin_deg);
        });
        if (!good.empty())
            reason += "; " + candidates_text(good) + " inside " + (good.size() == 1 ? "its" : "their") + " area of use";
    }
    throw InputError(Where{s.file, -1, "", ""}, reason, Hint::allow_outside);
}

void throw_no_crs(OGRLayer& source, const CrsGuardSettings& s)
{
    const Where where{s.file, -1, "", ""};
    std::vector<Point> points;
    bool projected = false;
    source.ResetReading();
    for (FeaturePtr f(source.GetNextFeature()); f && points.size() < candidate_sample; f.reset(source.GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        auto v = g ? first_vertex(*g) : std::nullopt;
        if (!v || !std::isfinite(v->first) || !std::isfinite(v->second))
            continue;
        points.push_back({v->first, v->second});
        projected = projected || std::fabs(v->first) > 180 || std::fabs(v->second) > 90;
    }
    source.ResetReading();
    if (!projected)
        throw InputError(where, "has no CRS", Hint::source_crs);

    const Point& p = points.front();
    std::string reason = "has no CRS, and its coordinates are projected (e.g. x " + degrees(p.x, 0) + ", y " +
                         degrees(p.y, 0) + "), not longitude/latitude";
    const std::vector<std::string> hosts = country_codes(s.host_countries);
    if (hosts.empty())
        throw InputError(where, reason, Hint::give_source_crs);
    std::unique_ptr<Countries> countries;
    std::optional<Countries::Area> host;
    if (!s.basemap.empty()) {
        countries = std::make_unique<Countries>(s.basemap);
        host = countries->area(hosts, s.margin_km);
        if (host->members.empty())
            host.reset();
    }
    const std::vector<std::string> candidates = national_candidates(hosts, host ? &host->box : nullptr);
    if (host) {
        const auto good = passing(candidates, points, "", 2 * candidates_shown,
                                  [&](const OGRSpatialReference&, double x, double y) { return countries->contains(*host, x, y); });
        if (!good.empty())
            throw InputError(where, reason + "; " + candidates_text(good) + " in " + host->names + ", " + s.project +
                                        "'s host countr" + (hosts.size() > 1 ? "ies" : "y"),
                             Hint::give_source_crs);
    }
    if (candidates.empty())
        throw InputError(where, reason, Hint::give_source_crs);
    std::vector<std::string> shown(candidates.begin(), candidates.begin() + std::min<std::size_t>(candidates.size(), 8));
    throw InputError(where, reason + "; CRSs used in " + s.project + "'s host countr" + (hosts.size() > 1 ? "ies" : "y") +
                                " (" + join(hosts, ", ") + "): " + join(shown, ", ") + (candidates.size() > shown.size() ? ", …" : ""),
                     Hint::give_source_crs);
}

} // namespace lode
