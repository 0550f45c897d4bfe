#include "near.hpp"
#include "below_limit.hpp"
#include "lode/store/assay_values.hpp"

#include <algorithm>
#include <cstring>
#include <iostream>
#include <numeric>

namespace lode::cli {

const char* NearCommand::examples() const
{
    return "  lode near --layer samples --at 69.6,40.85 --within 5km            # --at is LONGITUDE,LATITUDE\n"
           "  lode near --layer samples --at-latlon 40.85,69.6 --within 5km\n"
           "  lode near --layer occurrences --to prospects:UZ-P01 --nearest 3\n"
           "  lode near --layer occurrences --to-layer samples --nearest 1 --format csv   # nearest deposit to every sample\n"
           "  lode near --layer samples --at 36.72,-8.68 --within 25km --where \"li2o_pct >= 1\" -o near.geojson";
}

void NearCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("-l,--layer", layer_, "Layer searched (the matches)")->required()->option_text("LAYER");
    auto* at = app.add_option("--at", at_, "From this point: LONGITUDE,LATITUDE in decimal degrees (WGS 84)")->option_text("LON,LAT");
    auto* at_latlon = app.add_option("--at-latlon", at_latlon_, "From this point, latitude first")->option_text("LAT,LON");
    auto* to = app.add_option("--to", to_, "From this feature; a feature of the searched layer is never its own neighbour (the K nearest are K others)")->option_text("LAYER:ID");
    auto* to_layer = app.add_option("--to-layer", to_layer_, "From every feature of this layer (a join)")->option_text("LAYER");
    at->excludes(at_latlon)->excludes(to)->excludes(to_layer);
    at_latlon->excludes(to)->excludes(to_layer);
    to->excludes(to_layer);
    app.add_option("--within", within_, "Matches up to this distance: a number with m, km or mi (5km)")->option_text("DIST");
    app.add_option("--nearest", nearest_, "The K nearest matches (with --within: the K nearest within it)")->option_text("K");
    app.add_option("--project", project_, "Only matches of this project")->option_text("CODE");
    app.add_option("--where", where_, "Only matches whose attributes pass this filter, e.g. \"li2o_pct >= 1 AND sample_type = 'channel'\"")
        ->option_text("EXPR");
    app.add_option("--to-project", to_project_, "With --to-layer: only features of this project are searched from")->option_text("CODE");
    app.add_option("--to-where", to_where_, "With --to-layer: a filter on the features searched from")->option_text("EXPR");
    add_bdl_option(app, bdl_);
    output_.add_options(app);
}

void NearCommand::check() const
{
    if (at_.empty() && at_latlon_.empty() && to_.empty() && to_layer_.empty())
        throw CLI::ValidationError("near", "say where from: --at, --at-latlon, --to or --to-layer");
    if (within_.empty() && !nearest_)
        throw CLI::ValidationError("near", "say what to find: --within DIST, --nearest K, or both");
    if (to_layer_.empty() && (!to_project_.empty() || !to_where_.empty()))
        throw CLI::ValidationError("near", "--to-project and --to-where go with --to-layer");
}

int NearCommand::run()
{
    NearOptions options;
    if (!within_.empty())
        options.within_m = parse_distance_m(within_, "--within");
    if (nearest_) {
        if (*nearest_ <= 0)
            throw InputError("--nearest " + std::to_string(*nearest_) + ": K must be 1 or more");
        options.nearest = static_cast<std::size_t>(*nearest_);
    }
    auto store = open_store();
    const bool geometry = wants_geometry();
    auto filter = where_.empty() ? std::optional<Filter>()
                                 : Filter::parse(where_, store->layer_kind(layer_), &store->commodities());
    if (filter)
        bind_assay_values(*filter, *store, layer_, bdl_rule(bdl_));
    LoadOptions targets_options;
    targets_options.selection.project = project_option(*store, project_);
    targets_options.where = filter ? &*filter : nullptr;
    targets_options.keep_wkb = geometry;

    QueryLayer queries = load_queries(*store);
    options.skip_same_id = queries.layer == layer_;
    const QueryLayer targets = load_query_layer(*store, layer_, targets_options);

    const bool join = !to_layer_.empty();
    std::vector<Column> columns;
    if (join)
        columns.push_back({"from_id"});
    for (const char* c : {"id", "layer", "project", "name"})
        columns.push_back({c});
    columns.push_back({"distance_m", 3, OFTReal});
    static const OGRwkbGeometryType geometry_types[] = {wkbPoint, wkbMultiLineString, wkbMultiPolygon};
    auto sink = output_.open(columns, "near_" + layer_, geometry_types[static_cast<int>(targets.geometry)]);

    // Rows ordered by from_id, then distance: the queries are sorted by id before the search.
    find_near(targets, queries, options, [&](const std::vector<NearMatch>& matches) {
        for (const auto& m : matches) {
            const std::size_t t = m.target;
            std::vector<nlohmann::json> cells;
            if (join)
                cells.emplace_back(queries.id(m.from));
            cells.emplace_back(targets.id(t));
            cells.emplace_back(layer_);
            cells.emplace_back(targets.project(t));
            const std::string& name = targets.name(t);
            cells.emplace_back(name.empty() ? nlohmann::json() : nlohmann::json(name));
            cells.emplace_back(m.distance_m);
            sink->row(std::move(cells), geometry ? &targets.wkbs[t] : nullptr);
        }
    });
    sink->finish();
    output_.commit();
    // Said on stderr: the rows may be on stdout.
    if ((filter && !filter->assay_fields().empty()) || names_analytes(*store, to_where_, {to_layer_}))
        print_bdl_note(std::cerr, bdl_rule(bdl_));
    return 0;
}

bool NearCommand::wants_geometry() const
{ return output_.format() == "geojson"; }

QueryLayer NearCommand::load_queries(Store& store) const
{
    double lon = 0, lat = 0;
    if (!at_.empty() || !at_latlon_.empty()) {
        parse_lonlat(at_.empty() ? at_latlon_ : at_, at_.empty(), at_.empty() ? "--at-latlon" : "--at", lon, lat);
        Wkb wkb(21, 0);
        wkb[0] = 1;
        wkb[1] = 1;
        std::memcpy(wkb.data() + 5, &lon, 8);
        std::memcpy(wkb.data() + 13, &lat, 8);
        return single_query("point", wkb);
    }
    if (!to_.empty()) {
        const auto colon = to_.find(':');
        if (colon == std::string::npos || colon == 0 || colon + 1 == to_.size())
            throw CLI::ValidationError("--to", "'" + to_ + "' is not LAYER:ID");
        const std::string layer = to_.substr(0, colon), id = to_.substr(colon + 1);
        auto feature = store.find_feature(layer, id);
        if (!feature)
            throw NotFound("--to " + to_ + ": layer '" + layer + "' has no feature '" + id + "'");
        QueryLayer q = single_query(id, feature->wkb);
        q.layer = layer;
        return q;
    }
    LoadOptions options;
    options.selection.project = project_option(store, to_project_);
    std::optional<Filter> filter;
    if (!to_where_.empty())
    {
        filter = Filter::parse(to_where_, store.layer_kind(to_layer_), &store.commodities());
        bind_assay_values(*filter, store, to_layer_, bdl_rule(bdl_));
    }
    options.where = filter ? &*filter : nullptr;
    options.build_index = false;
    QueryLayer q = load_query_layer(store, to_layer_, options);
    sort_by_id(q);
    return q;
}

} // namespace lode::cli
