// The default extent of a map (no bbox given): every feature's, unless a few lie far from all the
// others — a sample mis-located on another continent would otherwise shrink the programme to a dot.
//
// The rule, on each feature's centre (the middle of its envelope): the centre of the selection is
// the median of the centres as unit vectors (coordinate by coordinate, normalised), which a few far
// features do not move; r is the 90th percentile of the great-circle distances from it. A feature
// more than max(10 r, 100 km) from the centre is far. Far features are left out of the extent only
// when they are few — at most 3, or 1% of the features — so that a second district holding a real
// part of the programme stays on the map. The screening uses a sphere (the mean Earth radius); the
// distances reported are geodesics on WGS 84 (GeographicLib) from each far feature to the nearest
// feature kept.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/text.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace lode {

std::string to_string(const MapLeftOut& left_out)
{
    if (left_out.count == 0)
        return {};
    auto km = [](double v) {
        char t[32];
        std::snprintf(t, sizeof t, "%.0f km", v);
        return std::string(t);
    };
    if (left_out.count == 1 && !left_out.features.empty()) {
        const auto& f = left_out.features.front();
        // The layer's name as one of its features: samples → sample, survey_areas → survey area.
        std::string noun = f.layer;
        std::replace(noun.begin(), noun.end(), '_', ' ');
        if (noun.size() > 1 && noun.back() == 's')
            noun.pop_back();
        return "1 " + noun + " (" + f.id + ") " + km(f.km) + " from the rest";
    }
    std::vector<std::string> parts;
    for (const auto& f : left_out.features)
        parts.push_back(f.layer + " " + f.id + " " + km(f.km));
    if (left_out.count > left_out.features.size())
        parts.push_back(std::to_string(left_out.count - left_out.features.size()) + " more");
    return std::to_string(left_out.count) + " features far from the rest (" + join(parts, ", ") + ")";
}

namespace map {

namespace {

constexpr double earth_km = 6371.0088;   // the mean radius (IUGG): for screening only
constexpr std::size_t listed = 10;

struct Unit {
    double x = 0, y = 0, z = 0;
};

Unit unit_of(double lon, double lat)
{
    const double l = lon * M_PI / 180, p = lat * M_PI / 180;
    return {std::cos(p) * std::cos(l), std::cos(p) * std::sin(l), std::sin(p)};
}

double chord(const Unit& a, const Unit& b)
{
    return std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z));
}

double arc_km(const Unit& a, const Unit& b)
{
    return 2 * std::asin(std::min(1.0, chord(a, b) / 2)) * earth_km;
}

double median(std::vector<double> v)
{
    const auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
    std::nth_element(v.begin(), mid, v.end());
    return *mid;
}

std::pair<double, double> centre_of(const std::array<float, 4>& b)
{
    return {(static_cast<double>(b[0]) + b[2]) / 2, (static_cast<double>(b[1]) + b[3]) / 2};
}

struct Far {
    double km_from_centre;
    std::size_t layer, index;
};

// The ids of the far features of one layer: its features scanned again (geometry, and the filter
// when it has one), matched by their boxes.
void name_far(Store& store, const MapOptions& options, const LoadedLayer& layer,
              std::vector<std::pair<std::array<float, 4>, MapLeftOut::Feature*>> wanted)
{
    std::vector<std::optional<std::string>> projects;
    if (options.projects.empty())
        projects.emplace_back();
    for (const auto& p : options.projects)
        projects.emplace_back(p);
    auto visit = [&](const std::string& id, const std::vector<unsigned char>& wkb) {
        OGREnvelope e;
        from_wkb(wkb)->getEnvelope(&e);
        const auto box = feature_box(e);
        for (auto& [b, feature] : wanted)
            if (feature->id.empty() && b == box) {
                feature->id = id;
                break;
            }
    };
    for (const auto& project : projects) {
        const Selection selection{std::nullopt, project, {}};
        if (layer.filter)
            store.scan(layer.kind->name, selection, Reading::features().taken_in(), [&](ScanRow& row) {
                if (layer.filter->matches(row.feature))
                    visit(row.feature.id, row.feature.wkb);
                return true;
            });
        else
            store.scan(layer.kind->name, selection, Reading::geometries().taken_in(), [&](ScanRow& row) {
                visit(row.id, row.wkb);
                return true;
            });
    }
}

} // namespace

BBox default_extent(Store& store, const MapOptions& options, const std::vector<LoadedLayer>& layers, MapLeftOut& left_out)
{
    std::vector<Unit> units;
    std::vector<double> xs, ys, zs;
    for (const auto& layer : layers)
        for (const auto& box : layer.boxes) {
            const auto [lon, lat] = centre_of(box);
            units.push_back(unit_of(lon, lat));
            xs.push_back(units.back().x);
            ys.push_back(units.back().y);
            zs.push_back(units.back().z);
        }
    const std::size_t n = units.size();
    if (n < 5)
        return features_extent(layers);
    Unit centre{median(std::move(xs)), median(std::move(ys)), median(std::move(zs))};
    const double norm = std::sqrt(centre.x * centre.x + centre.y * centre.y + centre.z * centre.z);
    if (norm < 1e-3)   // spread around the globe: no centre to be far from
        return features_extent(layers);
    centre = {centre.x / norm, centre.y / norm, centre.z / norm};
    std::vector<double> distance(n);
    for (std::size_t i = 0; i < n; ++i)
        distance[i] = arc_km(units[i], centre);
    std::vector<double> sorted = distance;
    const auto p90 = sorted.begin() + static_cast<std::ptrdiff_t>((n - 1) * 9 / 10);
    std::nth_element(sorted.begin(), p90, sorted.end());
    const double bound = std::max(10 * *p90, 100.0);
    std::vector<Far> far;
    OGREnvelope kept;
    std::vector<Unit> kept_units;
    std::vector<std::pair<double, double>> kept_centres;
    std::size_t i = 0;
    for (std::size_t l = 0; l < layers.size(); ++l)
        for (std::size_t k = 0; k < layers[l].boxes.size(); ++k, ++i) {
            if (distance[i] > bound) {
                far.push_back({distance[i], l, k});
            } else {
                const auto& b = layers[l].boxes[k];
                kept.Merge(b[0], b[1]);
                kept.Merge(b[2], b[3]);
                kept_units.push_back(units[i]);
                kept_centres.push_back(centre_of(b));
            }
        }
    if (far.empty() || far.size() > std::max<std::size_t>(3, n / 100))
        return features_extent(layers);

    // The far ones, farthest first; the first few named, with the geodesic to the nearest one kept.
    std::sort(far.begin(), far.end(), [](const Far& a, const Far& b) { return a.km_from_centre > b.km_from_centre; });
    left_out.count = far.size();
    for (const auto& f : far)
        left_out.centres.push_back(centre_of(layers[f.layer].boxes[f.index]));
    const auto& geodesic = GeographicLib::Geodesic::WGS84();
    std::map<std::size_t, std::vector<std::pair<std::array<float, 4>, MapLeftOut::Feature*>>> by_layer;
    left_out.features.reserve(std::min(listed, far.size()));
    for (std::size_t f = 0; f < far.size() && f < listed; ++f) {
        const auto& box = layers[far[f].layer].boxes[far[f].index];
        const auto [lon, lat] = centre_of(box);
        const Unit u = unit_of(lon, lat);
        std::size_t nearest = 0;
        double best = HUGE_VAL;
        for (std::size_t k = 0; k < kept_units.size(); ++k)
            if (const double c = chord(u, kept_units[k]); c < best) {
                best = c;
                nearest = k;
            }
        double metres = 0;
        geodesic.Inverse(lat, lon, kept_centres[nearest].second, kept_centres[nearest].first, metres);
        left_out.features.push_back({layers[far[f].layer].kind->name, {}, metres / 1000, lon, lat});
        by_layer[far[f].layer].emplace_back(box, &left_out.features.back());
    }
    for (auto& [l, wanted] : by_layer)
        name_far(store, options, layers[l], std::move(wanted));
    return extent_around(kept);
}

} // namespace map

} // namespace lode
