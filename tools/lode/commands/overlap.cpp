#include "overlap.hpp"
#include "below_limit.hpp"
#include "lode/store/assay_values.hpp"

#include <algorithm>
#include <iostream>
#include <map>
#include <thread>

namespace lode::cli {

const char* OverlapCommand::examples() const
{
    return "  lode overlap licences                                  # licence conflicts: each overlapping pair once\n"
           "  lode overlap licences --min-area 0.5km2 --format csv\n"
           "  lode overlap prospects survey_areas --predicate within  # prospects inside a survey area\n"
           "  lode overlap licences samples --count --stat max:li2o_pct --stat mean:ta2o5_ppm\n"
           "  lode overlap licences --project TZ-GRE -o conflicts.geojson";
}

void OverlapCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("A", a_, "First layer")->required();
    app.add_option("B", b_, "Second layer (default: pairs within A)");
    app.add_option("--predicate", predicate_, "How A relates to B: intersects, within, contains, overlaps, touches")
        ->check(CLI::IsMember({"intersects", "within", "contains", "overlaps", "touches"}))
        ->capture_default_str();
    app.add_option("--min-area", min_area_, "Only polygon pairs sharing at least this area: m2, ha or km2 (0.5km2)")->option_text("AREA");
    app.add_flag("--count", count_, "Points against polygons: per polygon, how many points lie inside (boundary included)");
    app.add_option("--stat", stats_, "With --count: an aggregate of a point field, FUNC:FIELD with FUNC min, max, mean, sum or count")
        ->option_text("FUNC:FIELD");
    app.add_option("--project", project_, "Only features of this project (in both layers)")->option_text("CODE");
    app.add_option("--where", where_, "Only features of A that pass this filter")->option_text("EXPR");
    add_bdl_option(app, bdl_);
    output_.add_options(app);
}

int OverlapCommand::run()
{
    auto store = open_store();
    const LayerKind& kind_a = store->layer_kind(a_);
    if (!b_.empty())
        store->layer_kind(b_);
    std::optional<Filter> filter;
    if (!where_.empty())
    {
        filter = Filter::parse(where_, kind_a, &store->commodities());
        bind_assay_values(*filter, *store, a_, bdl_rule(bdl_));
    }
    Selection selection;
    selection.project = project_option(*store, project_);
    if (count_)
        run_count(*store, selection, filter ? &*filter : nullptr);
    else
        run_pairs(*store, kind_a, selection, filter ? &*filter : nullptr);
    output_.commit();
    // Said on stderr: the rows may be on stdout.
    bool analytes = filter && !filter->assay_fields().empty();
    for (const auto& stat : stats_)
        if (const auto colon = stat.find(':'); colon != std::string::npos && !b_.empty())
            analytes = analytes || assay_name(store->layer_kind(kind_a.geometry == GeometryType::point ? a_ : b_), stat.substr(colon + 1));
    if (analytes)
        print_bdl_note(std::cerr, bdl_rule(bdl_));
    return 0;
}

void OverlapCommand::run_pairs(Store& store, const LayerKind& kind_a, const Selection& selection, const Filter* filter)
{
    if (!stats_.empty())
        throw CLI::ValidationError("--stat", "goes with --count");
    PairOptions options;
    static const std::map<std::string, Predicate> predicates = {{"intersects", Predicate::intersects},
                                                                {"within", Predicate::within},
                                                                {"contains", Predicate::contains},
                                                                {"overlaps", Predicate::overlaps},
                                                                {"touches", Predicate::touches}};
    options.predicate = predicates.at(predicate_);
    const bool b_polygons = b_.empty() ? kind_a.geometry == GeometryType::multipolygon
                                       : store.layer_kind(b_).geometry == GeometryType::multipolygon;
    const bool polygons = kind_a.geometry == GeometryType::multipolygon && b_polygons;
    if (!min_area_.empty()) {
        if (!polygons)
            throw InputError("--min-area needs two polygon layers");
        options.min_area_m2 = parse_area_m2(min_area_, "--min-area");
    }
    options.keep_intersection = output_.format() == "geojson";
    LoadOptions load_a;
    load_a.selection = selection;
    load_a.where = filter;
    load_a.keep_wkb = true;
    load_a.build_index = b_.empty();
    QueryLayer a = load_query_layer(store, a_, load_a);
    std::optional<QueryLayer> b;
    if (!b_.empty()) {
        LoadOptions load_b;
        load_b.selection = selection;
        load_b.keep_wkb = true;
        b = load_query_layer(store, b_, load_b);
    }
    const auto pairs = find_pairs(a, b ? &*b : nullptr, options);
    const std::jthread freeing_a = free_in_background(a);
    const std::jthread freeing_b = b ? free_in_background(*b) : std::jthread();
    const QueryLayer& bl = b ? *b : a;
    auto sink = output_.open({{"a_id"}, {"b_id"}, {"a_project"}, {"b_project"}, {"area_km2", 6, OFTReal}, {"pct_a", 3, OFTReal},
                              {"pct_b", 3, OFTReal}},
                             "overlap_" + a_ + (b_.empty() ? "" : "_" + b_));
    auto number = [](const std::optional<double>& v, double scale) { return v ? nlohmann::json(*v * scale) : nlohmann::json(); };
    for (const auto& m : pairs)
        sink->row({a.id(m.a), bl.id(m.b), a.project(m.a), bl.project(m.b), number(m.area_m2, 1e-6),
                   number(m.pct_a, 1), number(m.pct_b, 1)},
                  m.intersection.empty() ? nullptr : &m.intersection);
    sink->finish();
}

void OverlapCommand::run_count(Store& store, const Selection& selection, const Filter* filter)
{
    if (b_.empty())
        throw CLI::ValidationError("--count", "needs two layers: polygons and points (lode overlap licences samples --count)");
    const bool a_polygons = store.layer_kind(a_).geometry == GeometryType::multipolygon;
    const std::string& polygon_layer = a_polygons ? a_ : b_;
    const std::string& point_layer = a_polygons ? b_ : a_;
    if (store.layer_kind(polygon_layer).geometry != GeometryType::multipolygon ||
        store.layer_kind(point_layer).geometry != GeometryType::point)
        throw InputError("--count needs a polygon layer and a point layer (got " + a_ + " and " + b_ + ")");
    CountOptions options;
    options.selection = selection;
    options.below_limit = bdl_rule(bdl_);
    options.polygon_where = polygon_layer == a_ ? filter : nullptr;
    options.point_where = point_layer == a_ ? filter : nullptr;
    options.keep_wkb = output_.format() == "geojson";
    std::vector<std::string>& numbers = options.numbers;
    std::vector<Column> columns = {{"id"}, {"layer"}, {"project"}, {"name"}, {"count", -1, OFTInteger64}};
    static const std::map<std::string, Stat::Function> functions = {{"min", Stat::Function::min},
                                                                    {"max", Stat::Function::max},
                                                                    {"mean", Stat::Function::mean},
                                                                    {"avg", Stat::Function::mean},
                                                                    {"sum", Stat::Function::sum},
                                                                    {"count", Stat::Function::count}};
    for (const auto& text : stats_) {
        const auto colon = text.find(':');
        const std::string function = colon == std::string::npos ? "" : lower(text.substr(0, colon));
        if (colon == std::string::npos || !functions.count(function))
            throw InputError("--stat '" + text + "' is not FUNC:FIELD with FUNC min, max, mean, sum or count");
        const std::string field = text.substr(colon + 1);
        auto at = std::find(numbers.begin(), numbers.end(), field);
        if (at == numbers.end())
            at = numbers.insert(numbers.end(), field);
        options.stats.push_back({functions.at(function), static_cast<std::size_t>(at - numbers.begin())});
        columns.push_back({function + "_" + field, 6, OFTReal});
    }
    auto [polygons, rows] = count_in_polygons(store, polygon_layer, point_layer, options);
    const std::jthread freeing = free_in_background(polygons);
    auto sink = output_.open(columns, "count_" + polygon_layer, wkbMultiPolygon);
    for (const auto& row : rows) {
        const std::size_t p = row.polygon;
        const std::string& name = polygons.name(p);
        std::vector<nlohmann::json> cells = {polygons.id(p), polygon_layer, polygons.project(p), name.empty() ? nlohmann::json() : nlohmann::json(name),
                                             static_cast<std::int64_t>(row.count)};
        for (const auto& v : row.stats)
            cells.push_back(v ? nlohmann::json(*v) : nlohmann::json());
        sink->row(std::move(cells), polygons.wkbs.empty() ? nullptr : &polygons.wkbs[p]);
    }
    sink->finish();
}

} // namespace lode::cli
