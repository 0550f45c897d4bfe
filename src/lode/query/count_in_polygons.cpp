#include "lode/query/spatial_query.hpp"
#include "lode/query/number_columns.hpp"

#include "lode/base/error.hpp"
#include "lode/base/threads.hpp"

#include <algorithm>

namespace lode {

PolygonCounts count_in_polygons(Store& store, const std::string& polygon_layer, const std::string& point_layer,
                                const CountOptions& options)
{
    if (store.layer_kind(polygon_layer).geometry != GeometryType::multipolygon)
        throw InputError("layer '" + polygon_layer + "' holds " + to_string(store.layer_kind(polygon_layer).geometry) +
                         "s, not polygons");
    LoadOptions load_polygons;
    load_polygons.selection = options.selection;
    load_polygons.where = options.polygon_where;
    load_polygons.keep_wkb = options.keep_wkb;
    PolygonCounts counts{load_query_layer(store, polygon_layer, load_polygons), {}};
    if (options.point_where) {
        LoadOptions load_points;
        load_points.selection = options.selection;
        load_points.where = options.point_where;
        load_points.numbers = options.numbers;
        load_points.below_limit = options.below_limit;
        load_points.build_index = false;
        load_points.ids = false;
        counts.rows = count_points(counts.polygons, load_query_layer(store, point_layer, load_points), options.stats);
    } else {
        // Only the coordinates (and numbers) are read, in the store's parts at once; the points
        // are then counted in Z-order, for which all of them must be at hand.
        const NumberColumns numbers(store, store.layer_kind(point_layer), options.numbers, options.below_limit);
        Reading reading = Reading::points(numbers.fields());
        reading.ids = numbers.needs_ids();   // analytes are looked up by the point's id, and nothing else of it kept
        reading.id_only = true;
        reading.parts = cores();
        reading.alone = true;   // the rows only taken in (the analytes were read before)
        std::vector<PointBatch> parts(reading.parts);
        parts.resize(store.scan(point_layer, options.selection, reading, [&](ScanRow& row) {
            numbers.complete(row.id, row.numbers);
            PointBatch& into = parts[row.part];
            into.xy.push_back(row.x);
            into.xy.push_back(row.y);
            into.numbers.insert(into.numbers.end(), row.numbers.begin(), row.numbers.end());
            return true;
        }));
        std::vector<const PointBatch*> given;
        for (const auto& part : parts)
            given.push_back(&part);
        counts.rows = count_points(counts.polygons, given, options.stats);
    }
    const auto& rows = counts.polygons.rows;
    std::sort(counts.rows.begin(), counts.rows.end(),
              [&](const CountRow& x, const CountRow& y) { return rows[x.polygon].id < rows[y.polygon].id; });
    return counts;
}

} // namespace lode
