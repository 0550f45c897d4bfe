#include "lode/export/exporter.hpp"
#include "lode/export/drill_traces.hpp"
#include "lode/store/assay_values.hpp"

#include "lode/geo/reprojection.hpp"
#include "lode/base/error.hpp"
#include "lode/schema/filter.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/shape.hpp"
#include "lode/export/qgis_style.hpp"
#include "lode/export/gpkg_tables.hpp"
#include "lode/export/assay_columns.hpp"
#include "lode/export/detail/extra_fields.hpp"
#include "lode/export/detail/export_reading.hpp"
#include "lode/base/text.hpp"
#include "lode/base/threads.hpp"
#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <unordered_set>

namespace lode {

namespace {

using export_reading::filter_matches;
using export_reading::narrowed;
using export_reading::Plan;
using export_reading::row_batch;
using export_reading::scan_plan;
using export_reading::Selector;

std::string number(double v, int decimals = 6)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, v);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
        out.erase(out.find_last_not_of('0') + 1);
        if (out.back() == '.')
            out.pop_back();
    }
    return out;
}

OGRwkbGeometryType ogr_type(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return wkbPoint;
    case GeometryType::multilinestring: return wkbMultiLineString;
    case GeometryType::multipolygon: return wkbMultiPolygon;
    }
    return wkbUnknown;
}

// A scanned row (Reading::rows) as a Feature, for the drillholes' traces.
Feature as_feature(const ScanRow& row, const LayerKind& kind)
{
    Feature f;
    f.id = row.id;
    f.project = row.project;
    for (std::size_t i = 0; i < kind.fields.size(); ++i)
        f.attributes.emplace(kind.fields[i].name, row.values[i]);
    if (!row.extra.empty() && row.extra != "{}")
        f.extra = nlohmann::json::parse(row.extra);
    f.wkb = row.wkb;
    return f;
}

std::vector<const LayerKind*> chosen_kinds(Store& store, const std::vector<std::string>& names)
{
    std::vector<const LayerKind*> kinds;
    if (names.empty()) {
        for (const auto& kind : store.layer_kinds())
            kinds.push_back(&kind);
        return kinds;
    }
    for (const auto& name : names) {
        const LayerKind* kind = &store.layer_kind(name);
        if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
            kinds.push_back(kind);
    }
    return kinds;
}

// The full row's columns: id, project, the kind's fields, the extra columns, the pivot's.
std::vector<FieldSpec> full_fields(const Plan& plan)
{
    FieldSpec id = field_spec("id");
    id.not_null = id.unique = true;
    FieldSpec project = field_spec("project");
    project.not_null = true;
    std::vector<FieldSpec> fields{id, project};
    for (const auto& field : plan.kind->fields)
        fields.push_back(field_spec(field));
    for (const auto& column : plan.extra)
        fields.push_back(column.spec());
    if (plan.assays)
        for (auto& field : plan.assays->fields())
            fields.push_back(std::move(field));
    return fields;
}

LayerSpec layer_spec(const Plan& plan, VectorFormat format)
{
    const LayerKind& kind = *plan.kind;
    LayerSpec spec;
    spec.name = kind.name;
    spec.geometry = ogr_type(kind.geometry);
    spec.id_field = "id";
    spec.title = kind.title;
    spec.description = kind.description;
    std::vector<FieldSpec> fields = full_fields(plan);
    for (std::size_t at : plan.written)
        spec.fields.push_back(std::move(fields[at]));
    if (format == VectorFormat::kml)   // one shared style a category, named by kml_style_name
        spec.styles = kml_styles(layer_style(kind), kind.geometry);
    return spec;
}

// The row's full set of values (as full_fields), the scanned row's values moved into it; assays:
// the results of its batch (AssayPivot::load).
void full_row(ScanRow& scanned, const Plan& plan, const AssayValues* assays, std::vector<Value>& values)
{
    values.clear();
    values.emplace_back(std::move(scanned.id));
    values.emplace_back(std::move(scanned.project));
    for (auto& v : scanned.values)
        values.push_back(std::move(v));
    if (!plan.extra.empty()) {
        const std::size_t first = values.size();
        values.resize(first + plan.extra.size());
        visit_extra(scanned.extra, [&](std::string_view key, const nlohmann::json& value) {
            for (std::size_t i = 0; i < plan.extra.size(); ++i)
                if (plan.extra[i].key == key)
                    values[first + i] = plan.extra[i].value(value);
        });
    }
    if (plan.assays) {
        const std::string id = std::get<std::string>(values[0]);   // a copy: fill appends to values
        plan.assays->fill(assays, id, values, 2);
    }
}

} // namespace

std::string describe_selection(const ExportOptions& options)
{
    std::vector<std::string> parts;
    if (options.selection.project)
        parts.push_back("project " + *options.selection.project);
    if (const auto& b = options.selection.bbox)
        parts.push_back("bbox " + number(b->west) + "," + number(b->south) + "," + number(b->east) + "," + number(b->north));
    if (!options.where.empty())
        parts.push_back("where " + options.where);
    if (options.selection.as_of)
        parts.push_back("as of " + *options.selection.as_of);
    return parts.empty() ? "everything" : join(parts, ", ");
}

namespace {

// One plan per layer asked for, with its --where; a broken style in layers/ fails the export before
// anything is written.
std::vector<Plan> plan_layers(Store& store, const ExportOptions& options)
{
    std::vector<Plan> plans;
    for (const LayerKind* kind : chosen_kinds(store, options.layers)) {
        layer_style(*kind);
        Plan plan;
        plan.kind = kind;
        if (!options.where.empty())
        {
            plan.filter = Filter::parse_for_layer(options.where, *kind, &store.commodities(), !options.layers.empty());
            for (const auto& name : plan.filter->attribute_fields())
                for (std::size_t i = 0; i < kind->fields.size(); ++i)
                    if (kind->fields[i].name == name)
                        plan.filter_fields.push_back(i);
            plan.candidates = bind_assay_candidates(*plan.filter, store, kind->name, options.below_limit, options.selection.as_of);
        }
        plans.push_back(std::move(plan));
    }
    return plans;
}

// The extra columns as written: those some selected feature fills, renamed extra_NAME when named
// like a column of the layer (in any case).
void settle_extra_columns(Plan& plan)
{
    plan.extra.erase(std::remove_if(plan.extra.begin(), plan.extra.end(), [](const ExtraColumn& c) { return !c.any; }),
                     plan.extra.end());
    std::vector<std::string> taken{"id", "project", "fid", "geom"};
    for (const auto& field : plan.kind->fields)
        taken.push_back(lower(field.name));
    if (plan.assays)
        for (const auto& name : plan.assays->column_names())
            taken.push_back(lower(name));
    for (auto& column : plan.extra)
        if (std::find(taken.begin(), taken.end(), lower(column.name)) != taken.end())
            column.name = "extra_" + column.name;
}

// The assay results of each layer as columns (as of the selection's date, when given).
// The pivot's names are the layer's results' (of every feature, not only of those selected); the
// first reading found those of the selected rows, which are all when nothing narrows the selection.
void settle_assays(Store& store, const ExportOptions& options, std::vector<Plan>& plans)
{
    const bool named = named_analytes(options.analytes).has_value();
    bool any = false;
    for (auto& plan : plans) {
        std::vector<std::string> found;
        if (named) {
            // Analytes named (--analytes), each a known ANALYTE_UNIT: the layer's analytes need not be
            // surveyed; a layer without a single result (of a feature or a QC sample) has no pivot.
            if (!store.has_assays(plan.kind->name, options.selection.as_of))
                continue;
        } else {
            const std::set<std::string> names = narrowed(options) ? layer_assay_names(store, *plan.results) : plan.survey.names();
            if (names.empty())
                continue;
            found.assign(names.begin(), names.end());
        }
        plan.assays.emplace(*plan.kind, found, options.analytes, options.below_limit, plan.survey, plan.results);
        any = true;
    }
    if (!any && (!options.analytes.empty() || options.assays_long))
        throw InputError(mention(options.analytes.empty() ? Setting::assays_long : Setting::analytes) +
                         ": the features exported have no assay results");
}

// The columns written: every one with all_fields; otherwise id and project, the fields some selected
// feature fills, a field the assay results fill, the fields the layer's style draws by (category,
// label), the extra columns (only those some feature fills) and the pivot's.
void settle_written(Plan& plan, bool all_fields)
{
    const LayerKind& kind = *plan.kind;
    std::vector<bool> keep = plan.filled;
    if (plan.assays)
        for (std::size_t field : plan.assays->filled_fields())
            keep.at(field) = true;
    const LayerStyle style = layer_style(kind);
    plan.written = {0, 1};
    for (std::size_t i = 0; i < kind.fields.size(); ++i)
        if (all_fields || keep[i] || kind.fields[i].name == style.category_field || kind.fields[i].name == style.label_field)
            plan.written.push_back(2 + i);
    const std::size_t after = 2 + kind.fields.size();
    const std::size_t pivot = plan.assays ? plan.assays->fields().size() : 0;
    for (std::size_t i = 0; i < plan.extra.size() + pivot; ++i)
        plan.written.push_back(after + i);
}

// The members of a scanned row an export reads (Reading::rows) traded between two rows: their
// buffers change hands, nothing is copied (a whole ScanRow's swap moves its Feature too).
void trade(ScanRow& a, ScanRow& b)
{
    a.id.swap(b.id);
    a.project.swap(b.project);
    a.name.swap(b.name);
    a.wkb.swap(b.wkb);
    a.values.swap(b.values);
    a.extra.swap(b.extra);
}

// A batch of one layer's selected rows as read, with their geometries and the batch's assay results
// pivoted (AssayPivot::load), handed to the thread that writes them; their written values made
// by the reading thread when the writing one is behind (made), else by the writing one.
struct ReadRows {
    struct Row {
        ScanRow row;
        GeometryPtr geometry;        // read from the row's WKB to test a bbox, else once made
        std::vector<Value> values;   // the columns written, once made
        std::string style;           // KML only: the name of its shared style
    };
    std::vector<Row> rows;
    std::size_t count = 0;   // the rows of this batch (the vector and its rows' buffers are kept for the next one)
    std::unique_ptr<AssayValues> assays;
    bool made = false;
};

// Second reading, of one layer: its selected rows straight into the writer's layer (no Feature),
// each geometry read from its WKB once and handed over; returns how many. The store is read and
// each batch's assay results pivoted on a thread of their own while this one writes the batch
// before through GDAL (as long as the reading): the two cores share the work, two batches apart
// at most. The rows' written values are made by the thread with time for it: the reading one
// when the writing one is behind (GDAL's GeoJSON and CSV writing), else the writing one (a
// FlatGeobuf's, a GeoPackage's). Only the reading thread uses the store until both are done.
std::int64_t write_features(VectorWriter& writer, std::size_t layer, Store& store, const ExportOptions& options,
                            const Selector& selector, Plan& plan, const Progress& progress, std::int64_t& done,
                            std::int64_t total, std::vector<Feature>* kept)
{
    const std::optional<LayerStyle> kml_style =
        writer.format() == VectorFormat::kml ? std::optional<LayerStyle>(layer_style(*plan.kind)) : std::nullopt;
    std::optional<std::size_t> category;   // the KML style's category field, in the full row
    if (kml_style)
        for (std::size_t i = 0; i < plan.kind->fields.size(); ++i)
            if (plan.kind->fields[i].name == kml_style->category_field)
                category = 2 + i;
    const bool every_column = plan.written.size() == full_fields(plan).size();
    // A row's written values (and KML style) made from it; full: a buffer for its every column.
    auto make = [&](ReadRows::Row& r, const AssayValues* assays, std::vector<Value>& full) {
        if (!r.geometry)
            r.geometry = geometry_from_wkb(r.row.wkb);
        full_row(r.row, plan, assays, full);
        if (kml_style)
            r.style = kml_style_name(*kml_style, kml_style->category_field == "id" ? to_text(full[0])
                                                 : kml_style->category_field == "project" ? to_text(full[1])
                                                 : category && !is_null(full[*category]) ? to_text(full[*category])
                                                                                         : std::string());
        if (every_column) {
            r.values.swap(full);
        } else {
            r.values.clear();
            for (std::size_t at : plan.written)
                r.values.push_back(std::move(full[at]));
        }
    };
    Handoff<ReadRows> ready(2), spare(4);   // batches to write; batches written, their vectors for reuse
    // The fields read: those written and those --where reads (every one for the drillholes' collars,
    // kept whole for their traces).
    Reading reading = Reading::rows();
    if (!kept) {
        const std::size_t fields = plan.kind->fields.size();
        reading.unread.assign(fields, true);
        for (std::size_t at : plan.written)
            if (at >= 2 && at < 2 + fields)
                reading.unread[at - 2] = false;
        for (std::size_t i : plan.filter_fields)
            reading.unread[i] = false;
    }

    auto read = [&] {
        const auto closing = ready.closing();   // also when the reading fails: the writing then ends
        ReadRows batch;   // rows selected, handed over once their batch's results are read
        std::vector<std::string> ids;
        std::vector<Value> full;
        bool stopped = false;   // the writing ended (it failed)
        auto flush = [&] {
            if (batch.count == 0 || stopped)
                return;
            if (plan.assays) {
                ids.clear();
                for (std::size_t i = 0; i < batch.count; ++i)
                    ids.push_back(batch.rows[i].row.id);
                batch.assays = plan.assays->load(ids);
            }
            // The writing thread behind: this one would wait, so it makes the rows (not for the
            // drillholes' collars, kept in order by the writing thread).
            batch.made = !kept && ready.full();
            if (batch.made)
                for (std::size_t i = 0; i < batch.count; ++i)
                    make(batch.rows[i], batch.assays.get(), full);
            stopped = !ready.put(std::move(batch));
            batch = spare.try_take().value_or(ReadRows{});
            batch.count = 0;
        };
        scan_plan(store, plan, options.selection, reading, [&](ScanRow& row) {
            // (the geometry read here only to test a bbox; else by the thread that makes the row)
            GeometryPtr geometry;
            if (selector.reads_geometry() ? !(geometry = selector.select(row, plan)) : !filter_matches(row, plan))
                return !stopped;
            if (batch.count == batch.rows.size())
                batch.rows.emplace_back();
            ReadRows::Row& r = batch.rows[batch.count++];
            trade(r.row, row);   // the scan's row and the batch's trade buffers
            r.geometry = std::move(geometry);
            if (batch.count == row_batch)
                flush();
            return !stopped;
        });
        flush();
    };

    std::int64_t written = 0;
    auto write = [&] {
        const auto closing = ready.closing();   // also when the writing fails: the reading then stops
        std::vector<Value> full;
        while (std::optional<ReadRows> batch = ready.take()) {
            for (std::size_t i = 0; i < batch->count; ++i) {
                ReadRows::Row& r = batch->rows[i];
                if (!batch->made) {
                    if (kept)
                        kept->push_back(as_feature(r.row, *plan.kind));
                    make(r, batch->assays.get(), full);
                }
                writer.write(layer, r.values, std::move(r.geometry), r.style);
                ++written;
                if (progress && ++done % 100 == 0)
                    progress(done, total);
            }
            batch->assays.reset();
            spare.put(std::move(*batch));   // never waits: no more than four batches are ever made
        }
    };
    run_beside(read, write);
    return written;
}

} // namespace

ExportReport export_layers(Store& store, const ExportOptions& options, const Progress& progress)
{
    const auto started = std::chrono::steady_clock::now();
    register_gdal();
    check_desurvey(options.desurvey);
    if (options.selection.project) {
        Project project;
        store.require_project(*options.selection.project, project);
    }

    // The store's history position, read before the features: a copy of them written back with
    // updates is checked against the changes made after it (store/stale_copy.hpp). A change committed
    // between the two reads is counted after the copy: refused, not lost. A copy of the past has none.
    const std::optional<HistoryPosition> position =
        options.selection.as_of ? std::nullopt : std::optional<HistoryPosition>(store.history_position());
    std::vector<Plan> plans = plan_layers(store, options);
    const Selector selector(options.selection);
    std::optional<BBox> extent;
    const std::int64_t total = export_reading::survey(store, options, selector, plans, extent);
    if (total == 0)
        throw InputError("nothing to export: no feature of " +
                         (plans.size() == 1 ? "layer '" + plans.front().kind->name + "'" : std::string("any layer")) +
                         " matches (" + describe_selection(options) + ")");
    if (options.layers.empty())   // without --layers, the layers with something to export
        plans.erase(std::remove_if(plans.begin(), plans.end(), [](const Plan& p) { return p.count == 0; }), plans.end());
    settle_assays(store, options, plans);
    for (auto& plan : plans) {
        settle_extra_columns(plan);
        settle_written(plan, options.all_fields);
    }

    WriterOptions output = options.output;
    output.extent = extent;
    if (store.location().is_same_file(output.path))
        throw InputError(output.path + " is the store itself; export to another file");
    VectorWriter writer(output);
    if (writer.holds_one_layer() && plans.size() > 1) {
        std::vector<std::string> names;
        for (const auto& plan : plans)
            names.push_back(plan.kind->name);
        throw InputError(output.path + ": a " + format_title(writer.format()) + " file holds one layer, and " +
                         std::to_string(plans.size()) + " layers have features to export (" + join(names, ", ") + ")",
                         Hint::one_layer);
    }

    ExportReport report;
    report.crs = describe_crs(writer.reprojection().target());
    report.operation = writer.reprojection().operation();
    report.accuracy_m = writer.reprojection().accuracy_m();
    const VectorFormat format = writer.format();
    const bool gpkg = format == VectorFormat::gpkg;
    const bool qml_sidecar = !writer.to_stdout() && (format == VectorFormat::shp || format == VectorFormat::fgb || format == VectorFormat::geojson ||
                             format == VectorFormat::geojsonseq);
    report.styles = gpkg ? "layer_styles" : qml_sidecar ? "qml" : format == VectorFormat::kml ? "kml" : "";

    // Second reading: the features.
    std::int64_t done = 0;
    std::vector<Feature> collars;   // the drillholes exported, for their traces
    const bool traces = !writer.holds_one_layer() && !options.selection.as_of;
    for (auto& plan : plans) {
        const std::size_t layer = writer.add_layer(layer_spec(plan, format));
        if (qml_sidecar) {
            std::map<std::string, std::string> renamed;
            for (const auto& r : writer.renamed())
                if (r.layer == plan.kind->name)
                    renamed[r.field] = r.written_as;
            writer.add_sidecar(layer, ".qml", qgis_qml(*plan.kind, renamed));
        }
        const std::int64_t written = write_features(writer, layer, store, options, selector, plan, progress, done, total,
                                                    traces && plan.kind->name == "drillholes" ? &collars : nullptr);
        report.layers.push_back({plan.kind->name, written, writer.file_of(layer)});
        if (plan.assays)
            report.layers.back().assay_columns = plan.assays->described();
        if (gpkg) {
            writer.set_layer_metadata(layer, "lode_layer_kind", plan.kind->name);
            writer.set_layer_metadata(layer, "title", plan.kind->title);
            writer.set_layer_metadata(layer, "features", std::to_string(written));
            writer.set_layer_metadata(layer, "selection", describe_selection(options));
            if (plan.assays) {
                writer.set_layer_metadata(layer, "assay_columns", join(plan.assays->described(), ", "));
                writer.set_layer_metadata(layer, "assay_values", describe_pivot(options.below_limit));
            }
        }
    }
    if (progress)
        progress(total, total);
    write_drillholes(writer, store, collars, qml_sidecar, options.desurvey, report);
    if (options.assays_long) {
        std::vector<AssayTableLayer> with_results;
        for (const auto& plan : plans)
            if (plan.assays)
                with_results.push_back({plan.kind->name, &plan.ids});
        const auto [table, rows] = write_assay_table(writer, store, with_results, options.below_limit, options.selection.as_of);
        report.assay_results = rows;
        report.assay_results_file = writer.file_of(table);
    }
    std::vector<const LayerKind*> styled;
    for (const auto& plan : plans)
        styled.push_back(plan.kind);
    for (const auto& l : report.layers)
        if (l.layer == "drillhole_traces" || l.layer == "drillhole_intervals")
            styled.push_back(&drill_kind(l.layer == "drillhole_intervals"));

    if (gpkg) {
        std::tie(report.projects, report.partners) = write_project_tables(writer, store, options.selection);
        const std::string now = utc_now("%Y-%m-%dT%H:%M:%SZ");
        write_layer_styles(writer, styled, now);
        std::vector<std::string> counts;
        for (const auto& l : report.layers)
            counts.push_back(l.layer + " " + std::to_string(l.features));
        writer.set_metadata("lode_version", LODE_VERSION);
        writer.set_metadata("exported_at", now);
        writer.set_metadata("store", store.location().display());
        writer.set_metadata("project", options.selection.project.value_or("all projects"));
        writer.set_metadata("selection", describe_selection(options));
        if (!options.where.empty())
            writer.set_metadata("where", options.where);
        writer.set_metadata("layers", join(counts, ", "));
        std::vector<std::string> pivoted;
        for (const auto& l : report.layers)
            if (!l.assay_columns.empty())
                pivoted.push_back(l.layer + ": " + join(l.assay_columns, ", "));
        if (!pivoted.empty() || options.assays_long) {
            writer.set_metadata("assay_columns", join(pivoted, "; "));
            writer.set_metadata("assay_values", describe_pivot(options.below_limit));
            writer.set_metadata("below_limit", to_string(options.below_limit));
        }
        if (options.assays_long)
            writer.set_metadata("assay_results", std::to_string(report.assay_results) + " results in the table assay_results");
        if (position) {
            writer.set_metadata("history_position", std::to_string(position->entry));
            if (!position->pending.empty())   // a server's transactions not yet committed then (stale_copy.hpp)
                writer.set_metadata("history_pending", position->pending);
            writer.set_metadata("history_began", store.history_began());
        }
        writer.set_metadata("crs", report.crs);
        if (!report.operation.empty())
            writer.set_metadata("transformation", report.operation);
    }
    report.renamed = writer.renamed();
    report.files = writer.commit();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace lode
