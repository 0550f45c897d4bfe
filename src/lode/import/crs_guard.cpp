#include "lode/import/crs_guard.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/countries.hpp"
#include "lode/geo/gdal.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
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

// The guard keeps a bounded summary, not the features: their vertices are transformed and checked
// a few thousand features at a time (what the check says depends only on each feature's own
// vertices), and the first vertices of an evenly spread sample of at most 2 × candidate_sample
// features are kept for trying other CRSs. Its memory does not grow with the size of the source.
struct CrsGuard::Impl {
    explicit Impl(const ToWgs84& source) : transform(source) {}
    const ToWgs84& transform;
    CrsGuardSettings settings;

    // What the features are checked against, settled when the first are checked (the basemap is
    // not read for a source without features); a failure to read it is thrown by check().
    bool settled = false;
    bool active = false;   // false: nothing to check against
    std::exception_ptr failed;
    std::vector<std::string> hosts;
    std::optional<AreaOfUse> use;
    std::unique_ptr<Countries> countries;
    std::optional<Countries::Area> host;

    // Features added but not yet checked.
    std::vector<Point> vertices;       // one feature's after the other's
    std::vector<std::size_t> starts;   // pending feature i's vertices begin at starts[i]

    // The summary of the features checked.
    std::size_t features = 0;   // added, with at least one vertex
    std::size_t outside = 0;
    std::size_t placed = 0;     // of those outside, how many have a first vertex outside PROJ could place
    double sum_lon = 0, sum_lat = 0;
    std::map<std::string, std::size_t> landed;   // country name ("" for the sea) -> features
    std::vector<Point> sample;   // the first vertex of every stride-th feature
    std::size_t stride = 1;

    void settle();
    void check_pending();
};

CrsGuard::CrsGuard(const ToWgs84& source, CrsGuardSettings settings)
    : impl_(std::make_unique<Impl>(source))
{
    impl_->settings = std::move(settings);
}

CrsGuard::~CrsGuard() = default;

void CrsGuard::Impl::settle()
{
    settled = true;
    const OGRSpatialReference& crs = transform.source();
    hosts = country_codes(settings.host_countries);
    use = area_of_use(crs);
    const bool world = use && use->box.west <= -179.9 && use->box.east >= 179.9 && use->box.south <= -89.9 &&
                       use->box.north >= 89.9;
    if ((hosts.empty() || settings.basemap.empty()) && (!use || world))
        return;   // nothing to check against
    if (!settings.basemap.empty())
        countries = std::make_unique<Countries>(settings.basemap);
    if (countries && !hosts.empty()) {
        host = countries->area(hosts, settings.margin_km);
        if (host->members.empty())
            host.reset();
    }
    if (!host && (!use || world))
        return;
    active = true;
}

void CrsGuard::Impl::check_pending()
{
    if (starts.empty())
        return;
    try {
        if (!settled && !failed)
            settle();
    } catch (...) {
        failed = std::current_exception();
    }
    if (active && !failed) {
        // A feature lands outside when any of its vertices does (a polygon whose first corner lies
        // inside and the rest far away is outside); where it landed is its first vertex outside.
        std::vector<double> lon, lat;
        std::vector<bool> ok;
        to_lonlat(transform, vertices, lon, lat, ok);
        auto inside = [&](std::size_t v) {
            return ok[v] && (host ? countries->contains(*host, lon[v], lat[v])
                                  : in_area(use->box, lon[v], lat[v], settings.area_margin_deg));
        };
        for (std::size_t i = 0; i < starts.size(); ++i) {
            std::size_t v = starts[i];
            const std::size_t end = i + 1 < starts.size() ? starts[i + 1] : vertices.size();
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
    }
    vertices.clear();
    starts.clear();
}

void CrsGuard::add(const OGRGeometry& source_geometry)
{
    auto& g = *impl_;
    const std::size_t start = g.vertices.size();
    add_vertices(source_geometry, g.vertices);
    if (g.vertices.size() == start)
        return;
    g.starts.push_back(start);
    if (g.features % g.stride == 0) {
        g.sample.push_back(g.vertices[start]);
        if (g.sample.size() == 2 * candidate_sample) {   // keep every other one, and take every other one from now on
            for (std::size_t i = 0; i < candidate_sample; ++i)
                g.sample[i] = g.sample[2 * i];
            g.sample.resize(candidate_sample);
            g.stride *= 2;
        }
    }
    ++g.features;
    if (g.vertices.size() >= 65536)
        g.check_pending();
}

void CrsGuard::check() const
{
    auto& g = *impl_;
    g.check_pending();
    if (g.failed)
        std::rethrow_exception(g.failed);
    const auto& s = g.settings;
    const std::size_t features = g.features;
    if (features == 0 || !g.active || g.outside == 0)
        return;

    const OGRSpatialReference& crs = g.transform.source();
    const auto& hosts = g.hosts;
    const auto& host = g.host;
    const auto& use = g.use;
    const auto& countries = g.countries;
    const std::string code = crs_code(crs);
    std::string reason = std::to_string(g.outside) + " of " + std::to_string(features) + " features ";
    if (g.placed == 0) {
        reason += "cannot be placed anywhere";
    } else {
        const double mean_lon = g.sum_lon / static_cast<double>(g.placed), mean_lat = g.sum_lat / static_cast<double>(g.placed);
        std::vector<std::pair<std::string, std::size_t>> places(g.landed.begin(), g.landed.end());
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

    // Which CRSs would put them inside: tried on the first vertices of features spread over the
    // source (all of them up to candidate_sample features).
    std::vector<Point> sample;
    for (std::size_t i = 0; i < std::min(g.sample.size(), candidate_sample); ++i)
        sample.push_back(g.sample[g.sample.size() <= candidate_sample ? i : i * g.sample.size() / candidate_sample]);
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
