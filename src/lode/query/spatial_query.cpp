#include "lode/query/spatial_query.hpp"
#include "lode/query/number_columns.hpp"

#include "lode/base/threads.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/geodesic_distance.hpp"
#include "lode/geo/geos.hpp"
#include "lode/geo/polygon_area.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <thread>
#include <unordered_set>

namespace lode {

namespace {

double distance_between(const QueryLayer& q, std::size_t i, const QueryLayer& t, std::size_t j)
{
    if (q.points() && t.points()) {
        double s = 0;
        GeographicLib::Geodesic::WGS84().Inverse(q.y(i), q.x(i), t.y(j), t.x(j), s);
        return s;
    }
    if (q.points())
        return distance_point_shape_m(q.x(i), q.y(i), t.shapes[j]);
    if (t.points())
        return distance_point_shape_m(t.x(j), t.y(j), q.shapes[i]);
    return distance_shapes_m(q.shapes[i], t.shapes[j]);
}

// Candidates for query i within r: (lower bound, target), each target once though two boxes meet it.
void candidates(const QueryLayer& queries, std::size_t i, const QueryLayer& targets, double r, bool skip_same_id,
                std::vector<std::pair<double, std::size_t>>& out)
{
    const BBox& qbox = queries.boxes[i];
    const auto boxes = expand_box(qbox, r);
    for (std::size_t k = 0; k < boxes.size(); ++k)
        targets.index->query(boxes[k], [&](std::uint32_t j) {
            if (k > 0 && PackedRtree::meets(targets.boxes[j], boxes[0]))
                return;   // already met through the first box
            if (skip_same_id && targets.rows[j].id == queries.rows[i].id)
                return;
            const double bound = distance_lower_bound_m(qbox, targets.boxes[j], r);
            if (bound <= r)
                out.emplace_back(bound, j);
        });
}

constexpr double half_meridian_m = 20'004'000;   // no two points on the ellipsoid are farther apart

std::vector<NearMatch> near_one(const QueryLayer& targets, const QueryLayer& queries, std::size_t i, const NearOptions& options)
{
    const double cap = options.within_m ? *options.within_m : half_meridian_m;
    std::vector<std::pair<double, std::size_t>> found;   // (exact distance, target)
    std::vector<std::pair<double, std::size_t>> pending;  // (lower bound, target)
    auto by_distance = [&](const auto& x, const auto& y) {
        return x.first != y.first ? x.first < y.first : targets.rows[x.second].id < targets.rows[y.second].id;
    };
    if (!options.nearest) {
        candidates(queries, i, targets, cap, options.skip_same_id, pending);
        for (const auto& [bound, j] : pending) {
            const double d = distance_between(queries, i, targets, j);
            if (d <= cap)
                found.emplace_back(d, j);
        }
        std::sort(found.begin(), found.end(), by_distance);
    } else {
        // The query's own feature may or may not be among the targets (a filter can leave it out):
        // at most all of them. When k outnumbers the others, the circle below widens to the cap.
        const std::size_t k = std::min(*options.nearest, targets.size());
        if (k == 0)
            return {};
        // Widen a search circle until it holds k candidates; then measure them nearest-bound
        // first, and stop once the bound passes the k-th distance found. If that distance lies
        // beyond the circle, search once more out to it: nothing nearer can be missed.
        double r = std::min(cap, 1000.0);
        while (true) {
            pending.clear();
            candidates(queries, i, targets, r, options.skip_same_id, pending);
            if (pending.size() >= k || r >= cap)
                break;
            r = std::min(cap, r * 4);
        }
        std::unordered_set<std::size_t> done;
        auto measure = [&](std::vector<std::pair<double, std::size_t>>& list) {
            std::sort(list.begin(), list.end());
            for (const auto& [bound, j] : list) {
                if (found.size() >= k && bound > found.back().first)
                    break;
                if (!done.insert(j).second)
                    continue;
                const double d = distance_between(queries, i, targets, j);
                if (d > cap)
                    continue;
                found.emplace_back(d, j);
                std::sort(found.begin(), found.end(), by_distance);
                if (found.size() > k)
                    found.pop_back();
            }
        };
        measure(pending);
        const double reach = found.size() >= k ? found.back().first : cap;
        if (reach > r && r < cap) {
            pending.clear();
            candidates(queries, i, targets, std::min(cap, reach), options.skip_same_id, pending);
            measure(pending);
        }
    }
    std::vector<NearMatch> matches;
    matches.reserve(found.size());
    for (const auto& [d, j] : found)
        matches.push_back({i, j, d});
    return matches;
}

} // namespace

QueryLayer load_query_layer(Store& store, const std::string& layer, const LoadOptions& options)
{
    QueryLayer q;
    q.layer = layer;
    const LayerKind& kind = store.layer_kind(layer);
    q.geometry = kind.geometry;
    const NumberColumns numbers(store, kind, options.numbers, options.below_limit);   // fields and analytes
    q.columns = options.numbers.size();
    // Each row is taken in as it is read: its geometry as coordinates, its numbers into one flat
    // array, and the row itself only when its id is wanted.
    auto take = [&](QueryLayer& into, ScanRow& row) {
        if (into.points() && row.wkb.size() == 21 && row.wkb[0] == 1) {   // little-endian 2D Point: read in place
            double x = 0, y = 0;
            std::memcpy(&x, row.wkb.data() + 5, 8);
            std::memcpy(&y, row.wkb.data() + 13, 8);
            into.xy.push_back(x);
            into.xy.push_back(y);
            into.boxes.push_back(BBox{x, y, x, y});
        } else {
            Shape shape = shape_from_wkb(row.wkb);
            into.boxes.push_back(shape.box);
            if (into.points()) {
                into.xy.push_back(shape.x());
                into.xy.push_back(shape.y());
            } else {
                into.shapes.push_back(std::move(shape));
            }
        }
        into.values.insert(into.values.end(), row.numbers.begin(), row.numbers.end());
        if (options.ids)
            into.add_row(std::move(row.id), row.project, std::move(row.name));
        if (options.keep_wkb)
            into.wkbs.push_back(std::move(row.wkb));
    };
    if (options.where) {
        store.scan(layer, options.selection, Reading::features(), [&](ScanRow& scanned) {
            const Feature& f = scanned.feature;
            if (!options.where->matches(f))
                return true;
            ScanRow row;
            row.id = f.id;
            row.project = f.project;
            if (auto it = f.attributes.find("name"); it != f.attributes.end())
                row.name = to_text(it->second);
            for (const auto& number : numbers.fields())
                row.numbers.push_back(as_number(f.attributes.at(number)));
            numbers.complete(f.id, row.numbers);
            row.wkb = f.wkb;
            take(q, row);
            return true;
        });
    } else {
        // Read in the parts the store offers, at once (parsing the geometries costs as much as
        // reading them), then joined in storage order.
        Reading reading = Reading::geometries(numbers.fields());
        reading.ids = options.ids || numbers.needs_ids();
        reading.id_only = !options.ids;   // only to look the analytes up by it
        reading.parts = cores();
        reading.alone = true;   // the rows only taken in (the analytes were read before)
        std::vector<QueryLayer> more(reading.parts - 1);
        for (auto& part : more)
            part.geometry = q.geometry;
        more.resize(store.scan(layer, options.selection, reading, [&](ScanRow& row) {
            numbers.complete(row.id, row.numbers);
            take(row.part == 0 ? q : more[row.part - 1], row);
            return true;
        }) - 1);
        for (auto& part : more)
            q.append(part);
    }
    if (options.build_index)
        q.index = std::make_unique<PackedRtree>(q.boxes);
    return q;
}

void QueryLayer::add_row(std::string id, const std::string& project, std::string name)
{
    // A layer holds a few projects: the last row's is the likeliest, else the list is searched.
    std::uint32_t p = rows.empty() ? 0 : rows.back().project;
    if (p >= projects.size() || projects[p] != project) {
        const auto it = std::find(projects.begin(), projects.end(), project);
        p = static_cast<std::uint32_t>(it - projects.begin());
        if (it == projects.end())
            projects.push_back(project);
    }
    std::uint32_t n = 0;
    if (!name.empty()) {
        n = static_cast<std::uint32_t>(names.size());
        names.push_back(std::move(name));
    }
    rows.push_back({std::move(id), p, n});
}

namespace {

// Moves from's items (after the first skip) onto the end of to, into room made for both, each
// freed once moved: never a doubled array beside them.
template <class Items>
void join_freeing(Items& to, Items& from, std::size_t skip = 0)
{
    Items both;
    both.reserve(to.size() + from.size() - skip);
    both.insert(both.end(), std::make_move_iterator(to.begin()), std::make_move_iterator(to.end()));
    Items().swap(to);
    both.insert(both.end(), std::make_move_iterator(from.begin() + static_cast<std::ptrdiff_t>(skip)),
                std::make_move_iterator(from.end()));
    Items().swap(from);
    to = std::move(both);
}

} // namespace

void QueryLayer::append(QueryLayer& from)
{
    std::vector<std::uint32_t> project_at(from.projects.size());
    for (std::size_t k = 0; k < from.projects.size(); ++k) {
        auto it = std::find(projects.begin(), projects.end(), from.projects[k]);
        project_at[k] = static_cast<std::uint32_t>(it - projects.begin());
        if (it == projects.end())
            projects.push_back(from.projects[k]);
    }
    const auto name_offset = static_cast<std::uint32_t>(names.size() - 1);   // from's names[0] is not copied
    for (auto& row : from.rows) {
        row.project = project_at[row.project];
        if (row.name != 0)
            row.name += name_offset;
    }
    join_freeing(rows, from.rows);
    join_freeing(names, from.names, std::min<std::size_t>(1, from.names.size()));
    join_freeing(wkbs, from.wkbs);
    join_freeing(shapes, from.shapes);
    join_freeing(xy, from.xy);
    join_freeing(boxes, from.boxes);
    join_freeing(values, from.values);
}

void sort_by_id(QueryLayer& q)
{
    std::vector<std::size_t> order(q.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return q.rows[a].id < q.rows[b].id; });
    QueryLayer sorted;
    sorted.layer = q.layer;
    sorted.geometry = q.geometry;
    sorted.columns = q.columns;
    sorted.projects = std::move(q.projects);
    sorted.names = std::move(q.names);
    for (auto i : order) {
        sorted.rows.push_back(std::move(q.rows[i]));
        if (!q.wkbs.empty())
            sorted.wkbs.push_back(std::move(q.wkbs[i]));
        sorted.boxes.push_back(q.boxes[i]);
        for (std::size_t k = 0; k < q.columns; ++k)
            sorted.values.push_back(q.number(i, k));
        if (q.points()) {
            sorted.xy.push_back(q.x(i));
            sorted.xy.push_back(q.y(i));
        } else {
            sorted.shapes.push_back(std::move(q.shapes[i]));
        }
    }
    q = std::move(sorted);
}

std::jthread free_in_background(QueryLayer& layer)
{
    return std::jthread([shapes = std::move(layer.shapes), index = std::move(layer.index)]() mutable {
        shapes = {};
        index.reset();
    });
}

QueryLayer single_query(const std::string& label, const Wkb& wkb)
{
    QueryLayer q;
    q.layer = label;
    Shape shape = shape_from_wkb(wkb);
    q.geometry = shape.kind == Shape::Kind::point  ? GeometryType::point
                 : shape.kind == Shape::Kind::line ? GeometryType::multilinestring
                                                   : GeometryType::multipolygon;
    if (shape.kind == Shape::Kind::point && !shape.is_point())
        throw InputError("a query geometry must be a single point, lines or polygons");
    q.add_row(label, std::string(), std::string());
    q.wkbs.push_back(wkb);
    q.boxes.push_back(shape.box);
    if (q.points())
        q.xy = {shape.x(), shape.y()};
    else
        q.shapes.push_back(std::move(shape));
    return q;
}

void find_near(const QueryLayer& targets, const QueryLayer& queries, const NearOptions& options,
               const std::function<void(const std::vector<NearMatch>&)>& emit)
{
    if (!targets.index)
        throw Error("near: the target layer has no index");
    constexpr std::size_t block = 1024;
    std::vector<std::vector<NearMatch>> results;
    for (std::size_t start = 0; start < queries.size(); start += block) {
        const std::size_t end = std::min(queries.size(), start + block);
        results.assign(end - start, {});
        parallel_for(end - start, 16, [&](std::size_t b, std::size_t e, std::size_t) {
            for (std::size_t k = b; k < e; ++k)
                results[k] = near_one(targets, queries, start + k, options);
        });
        std::vector<NearMatch> out;
        for (auto& r : results)
            out.insert(out.end(), r.begin(), r.end());
        emit(out);
    }
}

std::vector<PairMatch> find_pairs(const QueryLayer& a, const QueryLayer* b_layer, const PairOptions& options)
{
    const QueryLayer& b = b_layer ? *b_layer : a;
    const bool self = b_layer == nullptr;
    if (!b.index)
        throw Error("overlap: the second layer has no index");
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const bool polygons = a.geometry == GeometryType::multipolygon && b.geometry == GeometryType::multipolygon;
    for (const QueryLayer* layer : {&a, &b})
        if (layer->wkbs.size() != layer->size() ||
            std::any_of(layer->wkbs.begin(), layer->wkbs.end(), [](const Wkb& w) { return w.empty(); }))
            throw Error("overlap: geometries were not loaded");
    std::vector<std::vector<PairMatch>> per_thread(cores);
    // Where one polygon lies inside the other, their intersection is the inner one: its own area
    // (wanted anyway for the percentages) stands in for an overlay. 'a' or 'b' names it, per pair.
    std::vector<std::vector<char>> inner_of(cores);

    // GEOS geometries are made only where needed, in the thread that uses them: for the
    // intersects test most candidates are settled from the coordinate arrays alone.
    parallel_for(a.size(), 32, [&](std::size_t s, std::size_t e, std::size_t thread) {
        Geos geos;
        GEOSContextHandle_t ctx = geos.handle();
        for (std::size_t i = s; i < e; ++i) {
            Geos::Geometry gi(nullptr, Geos::Deleter{ctx});
            std::unique_ptr<const GEOSPreparedGeometry, std::function<void(const GEOSPreparedGeometry*)>> prepared(
                nullptr, [ctx](const GEOSPreparedGeometry* p) { GEOSPreparedGeom_destroy_r(ctx, p); });
            b.index->query(a.boxes[i], [&](std::uint32_t j) {
                if (self && j <= i)
                    return;
                Geos::Geometry gj(nullptr, Geos::Deleter{ctx});
                auto read_both = [&] {
                    if (!gi)
                        gi = geos.read(a.wkbs[i]);
                    if (!gj)
                        gj = geos.read(b.wkbs[j]);
                };
                if (options.predicate == Predicate::intersects) {
                    // Points keep no shapes (only their coordinates): GEOS decides pairs with a point layer.
                    if (!a.shapes.empty() && !b.shapes.empty()) {
                        if (!shapes_meet(a.shapes[i], b.shapes[j]))
                            return;
                    } else {
                        read_both();
                        const char hit = GEOSIntersects_r(ctx, gi.get(), gj.get());
                        if (hit == 2)
                            throw Error("GEOS predicate failed: " + geos.last_message());
                        if (hit != 1)
                            return;
                    }
                }
                if (options.predicate != Predicate::intersects) {
                    read_both();
                    if (!prepared)
                        prepared.reset(GEOSPrepare_r(ctx, gi.get()));
                    char hit = 0;
                    switch (options.predicate) {
                    case Predicate::intersects: break;
                    case Predicate::within: hit = GEOSPreparedWithin_r(ctx, prepared.get(), gj.get()); break;
                    case Predicate::contains: hit = GEOSPreparedContains_r(ctx, prepared.get(), gj.get()); break;
                    case Predicate::overlaps: hit = GEOSPreparedOverlaps_r(ctx, prepared.get(), gj.get()); break;
                    case Predicate::touches: hit = GEOSPreparedTouches_r(ctx, prepared.get(), gj.get()); break;
                    }
                    if (hit == 2)
                        throw Error("GEOS predicate failed: " + geos.last_message());
                    if (hit != 1)
                        return;
                }
                PairMatch m{i, j, std::nullopt, std::nullopt, std::nullopt, {}};
                char inner = 0;
                if (polygons && !options.keep_intersection) {
                    if (options.predicate == Predicate::intersects)
                        inner = shape_inside(b.shapes[j], a.shapes[i]) ? 'b' : shape_inside(a.shapes[i], b.shapes[j]) ? 'a' : 0;
                    // Boundaries that only cross: the area without an overlay.
                    if (inner == 0)
                        m.area_m2 = intersection_area(a.shapes[i], b.shapes[j]);
                }
                if (inner == 0 && !m.area_m2 && (polygons || options.keep_intersection)) {
                    read_both();
                    Geos::Geometry intersection(GEOSIntersection_r(ctx, gi.get(), gj.get()), Geos::Deleter{ctx});
                    if (!intersection)
                        throw Error("GEOS intersection failed for '" + a.rows[i].id + "' and '" + b.rows[j].id + "': " +
                                    geos.last_message());
                    Wkb wkb = geos.write(intersection.get());
                    if (polygons)
                        m.area_m2 = area_m2_lonlat_edges(wkb);
                    if (options.keep_intersection)
                        m.intersection = std::move(wkb);
                }
                if (m.area_m2 && *m.area_m2 < options.min_area_m2)
                    return;
                per_thread[thread].push_back(std::move(m));
                inner_of[thread].push_back(inner);
            });
        }
    });

    std::vector<PairMatch> pairs;
    std::vector<char> inner;
    for (std::size_t t = 0; t < cores; ++t) {
        for (auto& m : per_thread[t])
            pairs.push_back(std::move(m));
        inner.insert(inner.end(), inner_of[t].begin(), inner_of[t].end());
    }
    if (polygons) {
        // Each polygon's own area, for the percentages: only of the polygons in some pair.
        std::vector<double> area_a(a.size(), -1), area_b_own(self ? 0 : b.size(), -1);
        auto& area_b = self ? area_a : area_b_own;
        for (const auto& m : pairs)
            area_a[m.a] = area_b[m.b] = 0;
        auto measure = [&](const QueryLayer& layer, std::vector<double>& areas) {
            parallel_for(areas.size(), 256, [&](std::size_t s, std::size_t e, std::size_t) {
                for (std::size_t i = s; i < e; ++i)
                    if (areas[i] == 0)
                        areas[i] = shape_area(layer.shapes[i]);
            });
        };
        measure(a, area_a);
        if (!self)
            measure(b, area_b);
        std::size_t kept = 0;
        for (std::size_t p = 0; p < pairs.size(); ++p) {
            if (inner[p] != 0) {
                pairs[p].area_m2 = inner[p] == 'a' ? area_a[pairs[p].a] : area_b[pairs[p].b];
                if (*pairs[p].area_m2 < options.min_area_m2)
                    continue;
            }
            if (kept != p)
                pairs[kept] = std::move(pairs[p]);
            ++kept;
        }
        pairs.resize(kept);
        for (auto& m : pairs) {
            m.pct_a = area_a[m.a] > 0 ? 100 * *m.area_m2 / area_a[m.a] : 0;
            m.pct_b = area_b[m.b] > 0 ? 100 * *m.area_m2 / area_b[m.b] : 0;
        }
    }
    if (self)
        for (auto& m : pairs)
            if (a.rows[m.b].id < a.rows[m.a].id) {
                std::swap(m.a, m.b);
                std::swap(m.pct_a, m.pct_b);
            }
    std::sort(pairs.begin(), pairs.end(), [&](const PairMatch& x, const PairMatch& y) {
        const auto& xa = a.rows[x.a].id;
        const auto& ya = a.rows[y.a].id;
        return xa != ya ? xa < ya : b.rows[x.b].id < b.rows[y.b].id;
    });
    return pairs;
}

namespace {

// The polygons' boxes on a hash grid of cells about a typical polygon's size: a point's candidates
// are one lookup away, cheaper than an R-tree walk. Empty (unusable) when some polygon would
// cover too many cells; the R-tree serves then.
class PolygonGrid {
public:
    explicit PolygonGrid(const QueryLayer& polygons)
    {
        const std::size_t n = polygons.size();
        if (n == 0)
            return;
        std::vector<double> sizes(n);
        for (std::size_t i = 0; i < n; ++i)
            sizes[i] = std::max(polygons.boxes[i].east - polygons.boxes[i].west, polygons.boxes[i].north - polygons.boxes[i].south);
        std::nth_element(sizes.begin(), sizes.begin() + static_cast<std::ptrdiff_t>(n / 2), sizes.end());
        cell_ = std::max(sizes[n / 2], 1e-4);
        std::vector<std::pair<std::uint64_t, std::uint32_t>> entries;
        for (std::size_t i = 0; i < n; ++i) {
            const BBox& b = polygons.boxes[i];
            const std::uint64_t w = column(b.west), e = column(b.east), s = row(b.south), t = row(b.north);
            if ((e - w + 1) * (t - s + 1) > 1024)
                return;   // a huge polygon: not for a grid
            for (std::uint64_t x = w; x <= e; ++x)
                for (std::uint64_t y = s; y <= t; ++y)
                    entries.emplace_back(x << 32 | y, static_cast<std::uint32_t>(i));
        }
        std::sort(entries.begin(), entries.end());
        members_.reserve(entries.size());
        cells_.reserve(entries.size() / 2);
        for (std::size_t k = 0; k < entries.size();) {
            std::size_t end = k;
            while (end < entries.size() && entries[end].first == entries[k].first)
                members_.push_back(entries[end++].second);
            cells_.emplace(entries[k].first, std::make_pair(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(end)));
            k = end;
        }
        usable_ = true;
    }

    bool usable() const { return usable_; }

    // The cell last looked up: points taken in Z-order fall in the same cell many times running.
    struct Recent {
        std::uint64_t key = ~std::uint64_t{0};
        std::pair<std::uint32_t, std::uint32_t> members{0, 0};
    };

    template <class Visit>
    void query(const QueryLayer& polygons, double x, double y, Recent& recent, Visit visit) const
    {
        const std::uint64_t key = column(x) << 32 | row(y);
        if (key != recent.key) {
            const auto it = cells_.find(key);
            recent.key = key;
            recent.members = it == cells_.end() ? std::make_pair(0u, 0u) : it->second;
        }
        for (std::uint32_t k = recent.members.first; k < recent.members.second; ++k) {
            const std::uint32_t i = members_[k];
            const BBox& b = polygons.boxes[i];
            if (x >= b.west && x <= b.east && y >= b.south && y <= b.north)
                visit(i);
        }
    }

private:
    // Monotone in the coordinate, so a point within a box falls in one of the box's cells.
    std::uint64_t column(double x) const { return static_cast<std::uint64_t>(std::max(0.0, std::floor((x + 180) / cell_))); }
    std::uint64_t row(double y) const { return static_cast<std::uint64_t>(std::max(0.0, std::floor((y + 90) / cell_))); }

    double cell_ = 1;
    bool usable_ = false;
    std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> cells_;
    std::vector<std::uint32_t> members_;
};

// The points of several batches, numbered as if laid end to end.
class PointParts {
public:
    explicit PointParts(const std::vector<const PointBatch*>& parts) : parts_(parts)
    {
        for (const PointBatch* part : parts) {
            start_.push_back(total_);
            total_ += part->size();
        }
    }
    std::size_t size() const { return total_; }
    // Point j's batch and its index there.
    std::pair<const PointBatch*, std::size_t> locate(std::size_t j) const
    {
        const auto p = static_cast<std::size_t>(std::upper_bound(start_.begin(), start_.end(), j) - start_.begin()) - 1;
        return {parts_[p], j - start_[p]};
    }

private:
    const std::vector<const PointBatch*>& parts_;
    std::vector<std::size_t> start_;
    std::size_t total_ = 0;
};

struct OrderedPoint {
    double x, y;
    std::uint32_t index;   // in PointParts' numbering
};

// The points in Z-order (Morton code of a 0.01° grid, about 1 km), with their coordinates:
// neighbours in turn meet the same grid cells and polygons, which then stay in the cache. An LSD
// radix sort on the 32-bit code, three passes of 11 bits.
std::vector<OrderedPoint> z_order(const std::vector<const PointBatch*>& parts, const PointParts& numbered)
{
    const std::size_t total = numbered.size();
    std::vector<std::uint64_t> keys(total), spare(total);   // code << 32 | point index
    std::size_t at = 0;
    for (const PointBatch* part : parts)
        for (std::size_t j = 0; j < part->size(); ++j, ++at) {
            const auto gx = static_cast<std::uint32_t>((part->xy[2 * j] + 180) * 100);
            const auto gy = static_cast<std::uint32_t>((part->xy[2 * j + 1] + 90) * 100);
            std::uint64_t code = 0;
            for (int b = 0; b < 16; ++b)
                code |= (static_cast<std::uint64_t>((gx >> b) & 1) << (2 * b)) | (static_cast<std::uint64_t>((gy >> b) & 1) << (2 * b + 1));
            keys[at] = code << 32 | at;
        }
    for (int shift = 32; shift < 64; shift += 11) {
        std::vector<std::size_t> start(2049, 0);
        for (const std::uint64_t k : keys)
            ++start[((k >> shift) & 2047) + 1];
        std::partial_sum(start.begin(), start.end(), start.begin());
        for (const std::uint64_t k : keys)
            spare[start[(k >> shift) & 2047]++] = k;
        keys.swap(spare);
    }
    spare = {};
    // The coordinates gathered in that order, for the walk to read one after the other.
    std::vector<OrderedPoint> order(total);
    for (std::size_t i = 0; i < total; ++i) {
        const auto index = static_cast<std::uint32_t>(keys[i]);
        const auto [part, j] = numbered.locate(index);
        order[i] = {part->xy[2 * j], part->xy[2 * j + 1], index};
    }
    return order;
}

} // namespace

std::vector<CountRow> count_points(const QueryLayer& polygons, const std::vector<const PointBatch*>& parts,
                                   const std::vector<Stat>& stats)
{
    if (!polygons.index)
        throw Error("count: the polygon layer has no index");
    // Each thread walks a run of points through the polygon grid and keeps its own tallies.
    struct Tally {
        std::vector<std::size_t> count;
        std::vector<double> acc;            // polygons x stats
        std::vector<std::size_t> seen;
    };
    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = polygons.size(), k = stats.size();
    const PointParts numbered(parts);
    std::vector<Tally> tallies(cores);
    for (auto& t : tallies) {
        t.count.assign(n, 0);
        t.acc.assign(n * k, std::nan(""));
        t.seen.assign(n * k, 0);
    }
    // The grid is built while the points are put in order.
    std::unique_ptr<PolygonGrid> grid;
    std::vector<OrderedPoint> order;
    run_beside([&] { grid = std::make_unique<PolygonGrid>(polygons); }, [&] { order = z_order(parts, numbered); });
    parallel_for(numbered.size(), 4096, [&](std::size_t s, std::size_t e, std::size_t thread) {
        Tally& t = tallies[thread];
        PolygonGrid::Recent recent;
        for (std::size_t o = s; o < e; ++o) {
            const double px = order[o].x, py = order[o].y;
            auto inside = [&](std::uint32_t i) {
                if (locate_in_polygons(polygons.shapes[i], px, py) < 0)
                    return;
                ++t.count[i];
                if (k == 0)
                    return;
                const auto [part, j] = numbered.locate(order[o].index);
                const std::size_t columns = part->numbers.size() / part->size();
                for (std::size_t q = 0; q < k; ++q) {
                    const double v = part->numbers[j * columns + stats[q].number];
                    if (std::isnan(v))
                        continue;
                    double& acc = t.acc[i * k + q];
                    ++t.seen[i * k + q];
                    switch (stats[q].function) {
                    case Stat::Function::min: acc = std::isnan(acc) ? v : std::min(acc, v); break;
                    case Stat::Function::max: acc = std::isnan(acc) ? v : std::max(acc, v); break;
                    case Stat::Function::mean:
                    case Stat::Function::sum: acc = std::isnan(acc) ? v : acc + v; break;
                    case Stat::Function::count: break;
                    }
                }
            };
            if (grid->usable())
                grid->query(polygons, px, py, recent, inside);
            else
                polygons.index->query(BBox{px, py, px, py}, inside);
        }
    });
    std::vector<CountRow> rows(n);
    for (std::size_t i = 0; i < n; ++i) {
        CountRow& row = rows[i];
        row.polygon = i;
        row.count = 0;
        for (const auto& t : tallies)
            row.count += t.count[i];
        for (std::size_t q = 0; q < k; ++q) {
            double acc = std::nan("");
            std::size_t seen = 0;
            for (const auto& t : tallies) {
                const double v = t.acc[i * k + q];
                seen += t.seen[i * k + q];
                if (std::isnan(v))
                    continue;
                switch (stats[q].function) {
                case Stat::Function::min: acc = std::isnan(acc) ? v : std::min(acc, v); break;
                case Stat::Function::max: acc = std::isnan(acc) ? v : std::max(acc, v); break;
                default: acc = std::isnan(acc) ? v : acc + v; break;
                }
            }
            if (stats[q].function == Stat::Function::count)
                row.stats.emplace_back(static_cast<double>(seen));
            else if (seen == 0)
                row.stats.emplace_back(std::nullopt);
            else
                row.stats.emplace_back(stats[q].function == Stat::Function::mean ? acc / static_cast<double>(seen) : acc);
        }
    }
    return rows;
}

std::vector<CountRow> count_points(const QueryLayer& polygons, const QueryLayer& points, const std::vector<Stat>& stats)
{
    PointBatch all;
    all.xy = points.xy;
    all.numbers = points.values;
    return count_points(polygons, {&all}, stats);
}

} // namespace lode
