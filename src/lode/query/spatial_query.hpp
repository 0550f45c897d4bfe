#pragma once
// The spatial queries behind `lode near` and `lode overlap`: a layer's features are read once
// (the store's spatial index narrows what is read when a bbox is given), indexed in memory by a
// packed R-tree, and tested exactly on both cores.
#include "lode/assay/result.hpp"
#include "lode/schema/filter.hpp"
#include "lode/query/rtree.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace lode {

// What a query prints of a feature besides its geometry: its id, and where its project and name
// are kept in the layer (a row is 40 bytes: ten million points load in well under 2 GB).
struct QueryRow {
    std::string id;
    std::uint32_t project = 0;   // index into QueryLayer::projects
    std::uint32_t name = 0;      // index into QueryLayer::names; 0: no name
};

struct QueryLayer {
    std::string layer;
    GeometryType geometry = GeometryType::point;
    std::vector<QueryRow> rows;        // empty unless LoadOptions::ids
    std::vector<std::string> projects; // each project met once, in order of meeting
    std::vector<std::string> names{std::string()};   // names[0]: no name
    std::vector<Wkb> wkbs;             // feature i's geometry, when kept (LoadOptions::keep_wkb)
    std::vector<Shape> shapes;         // lines and polygons; empty for points, which are...
    std::vector<double> xy;            // ...longitude, latitude of feature i at 2i, 2i + 1
    std::vector<BBox> boxes;
    std::vector<double> values;        // LoadOptions::numbers of feature i at i * columns .. (NaN if empty)
    std::size_t columns = 0;
    std::unique_ptr<PackedRtree> index;

    std::size_t size() const { return boxes.size(); }
    double number(std::size_t i, std::size_t k) const { return values[i * columns + k]; }
    bool points() const { return geometry == GeometryType::point; }
    double x(std::size_t i) const { return xy[2 * i]; }
    double y(std::size_t i) const { return xy[2 * i + 1]; }
    const std::string& id(std::size_t i) const { return rows[i].id; }
    const std::string& project(std::size_t i) const { return projects[rows[i].project]; }
    const std::string& name(std::size_t i) const { return names[rows[i].name]; }
    // Appends a row (its geometry and numbers are added apart).
    void add_row(std::string id, const std::string& project, std::string name);
    // Moves another part of the same layer (read beside this one) onto its end, freeing it.
    void append(QueryLayer& part);
};

// Reorders the features by id (the order results are printed in); drops the index.
void sort_by_id(QueryLayer& layer);

// Frees the layer's shapes and index on another core while the caller goes on (writing the
// answer): their many small blocks take a while to free. Joined when the thread goes out of scope.
std::jthread free_in_background(QueryLayer& layer);

struct LoadOptions {
    Selection selection;
    const Filter* where = nullptr;
    std::vector<std::string> numbers;   // numeric fields or ANALYTE_UNIT names to carry (for --stat; query/number_columns.hpp)
    BelowLimit below_limit = BelowLimit::half;   // what an analyte's result below its detection limit counts as
    bool keep_wkb = false;
    bool ids = true;                    // false: coordinates (and numbers) only, e.g. the points counted per polygon
    bool build_index = true;
};

QueryLayer load_query_layer(Store& store, const std::string& layer, const LoadOptions& options);

// A single query geometry (--at, --to): as a one-feature layer.
QueryLayer single_query(const std::string& label, const Wkb& wkb);

struct NearOptions {
    std::optional<double> within_m;
    std::optional<std::size_t> nearest;
    bool skip_same_id = false;   // querying a layer against itself: a feature is not its own neighbour
};

struct NearMatch {
    std::size_t from;      // index into the queries
    std::size_t target;    // index into the targets
    double distance_m;
};

// For each query (in the order given), the targets within a distance and/or the k nearest,
// nearest first (ties by id). Results arrive in blocks through emit, in query order.
void find_near(const QueryLayer& targets, const QueryLayer& queries, const NearOptions& options,
               const std::function<void(const std::vector<NearMatch>&)>& emit);

enum class Predicate { intersects, within, contains, overlaps, touches };

struct PairMatch {
    std::size_t a, b;
    std::optional<double> area_m2;          // of the intersection, when both are polygons
    std::optional<double> pct_a, pct_b;
    Wkb intersection;                       // when asked for
};

struct PairOptions {
    Predicate predicate = Predicate::intersects;
    double min_area_m2 = 0;
    bool keep_intersection = false;
};

// Pairs (a, b) with a <predicate> b; with b_layer == nullptr, unordered pairs within a, once.
std::vector<PairMatch> find_pairs(const QueryLayer& a, const QueryLayer* b, const PairOptions& options);

struct Stat {
    enum class Function { count, min, max, mean, sum } function;
    std::size_t number;   // index into the points' numbers (LoadOptions::numbers)
};

// Points as a count reads them (Reading::points): their coordinates and numeric fields.
struct PointBatch {
    std::vector<double> xy;        // longitude, latitude of point i at 2i, 2i + 1
    std::vector<double> numbers;   // the numeric fields read, of point i at i * (fields read) ..
    std::size_t size() const { return xy.size() / 2; }
};

struct CountRow {
    std::size_t polygon;
    std::size_t count;
    std::vector<std::optional<double>> stats;
};

// Per polygon: the points inside it or on its boundary, and the stats over their fields
// (the numbers read with Reading::points), the points given in parts. The polygons need their index.
std::vector<CountRow> count_points(const QueryLayer& polygons, const std::vector<const PointBatch*>& parts,
                                   const std::vector<Stat>& stats);
// The same over a loaded point layer (LoadOptions::numbers).
std::vector<CountRow> count_points(const QueryLayer& polygons, const QueryLayer& points, const std::vector<Stat>& stats);

struct CountOptions {
    Selection selection;                 // of both layers
    const Filter* polygon_where = nullptr;
    const Filter* point_where = nullptr;
    std::vector<std::string> numbers;    // the points' numeric fields or ANALYTE_UNIT names that the stats read
    BelowLimit below_limit = BelowLimit::half;   // what an analyte's result below its detection limit counts as
    std::vector<Stat> stats;
    bool keep_wkb = false;               // the polygons' geometries, for an output that writes them
};

struct PolygonCounts {
    QueryLayer polygons;                 // their ids, projects and names (and geometries if kept)
    std::vector<CountRow> rows;          // one per polygon, by polygon id
};

// The points of point_layer counted per polygon of polygon_layer (count_points), with the
// polygons: the points read as leanly as the store can, in the parts it offers.
PolygonCounts count_in_polygons(Store& store, const std::string& polygon_layer, const std::string& point_layer,
                                const CountOptions& options);

} // namespace lode
