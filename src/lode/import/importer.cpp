#include "lode/import/importer.hpp"
#include "lode/import/source_kind.hpp"

#include "lode/base/checksum.hpp"
#include "lode/geo/reprojection.hpp"
#include "lode/import/crs_guard.hpp"
#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/base/text.hpp"
#include "lode/base/threads.hpp"
#include "lode/import/detail/batch_writer.hpp"
#include "lode/import/detail/field_plan.hpp"
#include "lode/import/detail/geometry_checks.hpp"
#include "lode/import/detail/source_checks.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace lode {

namespace {

namespace fs = std::filesystem;


bool is_table(const std::string& file)
{
    const std::string ext = lower(fs::path(file).extension().string());
    return ext == ".csv" || ext == ".tsv";
}

// GDAL 3.6 reads a GeoJSON file with a streaming parser that refuses a string (a property's value)
// of more than 10,000,000 bytes ("Too many characters in number") and has no option to raise it;
// its GeoJSON driver reads GeoJSON given as text with json-c, which has no such limit. So a file
// refused for that is read whole and given to the driver as text; nullptr when it cannot be read
// so either (then the refusal names the limit).
Dataset open_geojson_in_memory(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    in.peek();   // the whole file was read: in stays good only when it could be opened
    const auto start = text.find_first_not_of(" \t\r\n");
    if (!in || start == std::string::npos || text[start] != '{')
        return nullptr;
    const char* const geojson_only[] = {"GeoJSON", nullptr};
    QuietGdal quiet;
    return Dataset(static_cast<GDALDataset*>(
        GDALOpenEx(text.c_str() + start, GDAL_OF_VECTOR | GDAL_OF_READONLY, geojson_only, nullptr, nullptr)));
}

} // namespace

Dataset open_source(const ImportOptions& options)
{
    if (!fs::exists(options.file))
        throw InputError(options.file + ": no such file");
    import_detail::check_source_file(options);
    std::vector<std::string> open_options;
    if (is_table(options.file)) {
        open_options.push_back(std::string("X_POSSIBLE_NAMES=") + (options.x_field.empty() ? join(import_detail::x_names, ",") : options.x_field));
        open_options.push_back(std::string("Y_POSSIBLE_NAMES=") + (options.y_field.empty() ? join(import_detail::y_names, ",") : options.y_field));
        open_options.push_back(std::string("GEOM_POSSIBLE_NAMES=") + join(import_detail::wkt_names, ","));
        open_options.push_back("KEEP_GEOM_COLUMNS=NO");
    }
    std::vector<const char*> raw;
    for (const auto& o : open_options)
        raw.push_back(o.c_str());
    raw.push_back(nullptr);
    QuietGdal quiet;
    Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(options.file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                                    nullptr, raw.data(), nullptr)));
    if (!ds && lower(fs::path(options.file).extension().string()) == ".zip")   // a zipped shapefile, as they are mailed
        ds.reset(static_cast<GDALDataset*>(GDALOpenEx(("/vsizip/" + fs::absolute(options.file).string()).c_str(),
                                                      GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, raw.data(), nullptr)));
    if (!ds && quiet.heard("Too many characters in"))
        ds = open_geojson_in_memory(options.file);
    if (!ds) {
        std::string why = quiet.last();
        if (quiet.heard("Too many characters in"))
            why = "a string of more than 10,000,000 bytes, the most GDAL's GeoJSON reader takes";
        const bool geopackage = lower(fs::path(options.file).extension().string()) == ".gpkg";
        throw InputError(options.file + (geopackage ? ": is not a valid GeoPackage" : ": not a readable vector data source") +
                         (why.empty() ? "" : " (" + why + ")"));
    }
    return ds;
}

OGRLayer& pick_layer(GDALDataset& ds, const ImportOptions& options)
{
    if (!options.source_layer.empty()) {
        if (OGRLayer* layer = ds.GetLayerByName(options.source_layer.c_str()))
            return *layer;
        throw InputError(options.file + ": has no layer '" + options.source_layer + "'");
    }
    if (ds.GetLayerCount() == 1)
        return *ds.GetLayer(0);
    // Several layers (GPX has five, most empty): take the only one with features.
    std::vector<std::string> names;
    OGRLayer* only = nullptr;
    int with_features = 0;
    for (int i = 0; i < ds.GetLayerCount(); ++i) {
        names.push_back(ds.GetLayer(i)->GetName());
        if (ds.GetLayer(i)->GetFeatureCount(TRUE) > 0) {
            only = ds.GetLayer(i);
            ++with_features;
        }
    }
    if (names.empty())
        throw InputError(options.file + ": has no layers");
    if (with_features == 1)
        return *only;
    throw InputError(Where{options.file, -1, "", ""},
                     "has " + std::to_string(names.size()) + " layers (" + join(names, ", ") + ")", Hint::source_layer);
}

namespace {

// What the source maps to, settled before the first feature is read: the layer, the fields, the id,
// the transformation to WGS 84.
struct ImportPlan {
    const LayerKind& kind;
    const Commodities& vocabulary;
    ValueReading reading;
    import_detail::FieldPlan fields;
    ToWgs84 to_wgs84;
    std::string source_crs;   // described
    std::string origin;       // the file name recorded with each feature
    std::string empty_id_field;   // the id field detected by its name, empty in every feature: ids numbered
};

// Whether the field is empty (unset, null or blanks) in every feature of the source. Reads the
// source again only when the first feature's value is empty.
bool empty_everywhere(OGRLayer& source, int field)
{
    source.ResetReading();
    QuietGdal quiet;
    for (FeaturePtr f(source.GetNextFeature()); f; f.reset(source.GetNextFeature()))
        if (f->IsFieldSetAndNotNull(field) && !trim(f->GetFieldAsString(field)).empty())
            return false;
    return true;
}

// What the wrong-CRS guard needs to know of an import.
CrsGuardSettings guard_settings(const ImportOptions& options, const Project& project)
{
    CrsGuardSettings settings;
    settings.file = options.file;
    settings.project = project.code;
    settings.host_countries = project.host_countries;
    settings.basemap = options.basemap;
    return settings;
}

ImportPlan plan_import(const LayerKind& kind, const Commodities& vocabulary, OGRLayer& source, const ImportOptions& options,
                       const Project& project)
{
    if (!options.date_format.empty() && !is_import_date_format(options.date_format))
        throw InputError(Where{options.file, -1, "", ""}, mention(Setting::date_format) + " '" + options.date_format +
                                                              "': not a date format (e.g. %d/%m/%Y, %m/%d/%Y, %d.%m.%Y, %d %b %Y, or excel)");
    const ValueReading reading{options.date_format};
    const bool has_geometry = !(wkbFlatten(source.GetGeomType()) == wkbNone && source.GetLayerDefn()->GetGeomFieldCount() == 0);
    import_detail::FieldPlan fields =
        import_detail::plan_fields(*source.GetLayerDefn(), has_geometry, is_table(options.file), kind, vocabulary, options, reading);
    QuietGdal quiet;   // a .prj GDAL cannot read: its message said with lode's
    const OGRSpatialReference* declared = source.GetSpatialRef();
    if (!declared && options.source_crs.empty() && !quiet.last().empty())
        throw InputError(Where{options.file, -1, "", ""}, "its CRS cannot be read (" + quiet.last() + ")", Hint::give_source_crs);
    if (declared && options.source_crs.empty()) {
        // GDAL's GeoPackage driver reads srs_id -1 and 0 as these placeholder CRSs.
        const std::string name = lower(declared->GetName() ? declared->GetName() : "");
        if (name == "undefined cartesian srs")
            throw InputError(Where{options.file, -1, "", ""}, "has an undefined Cartesian CRS", Hint::give_source_crs);
        if (name == "undefined geographic srs")
            declared = nullptr;   // no CRS at all: said below, with candidates when the coordinates are projected
        else if (declared->IsLocal())
            throw InputError(Where{options.file, -1, "", ""},
                             "has a local (engineering) CRS '" + std::string(declared->GetName()) + "' that has no relation to WGS 84",
                             Hint::give_source_crs);
    }
    SpatialReference crs = !options.source_crs.empty() ? parse_crs(options.source_crs, mention(Setting::source_crs))
                           : declared                  ? clone_crs(*declared)
                                                       : SpatialReference(nullptr, OSRRelease);
    if (!crs)
        throw_no_crs(source, guard_settings(options, project));
    // (After the CRS: reading features reads a shapefile's .prj, whose error is said above.)
    // A field named as ids are (TopoJSON's "id", made for every feature and set in none) that is
    // empty in every feature holds no ids: the features are numbered, as without one. Empty in
    // some features only, it stays the id field, and those features are refused.
    std::string empty_id_field;
    if (options.id_field.empty() && fields.id_index >= 0 && empty_everywhere(source, fields.id_index)) {
        empty_id_field = source.GetLayerDefn()->GetFieldDefn(fields.id_index)->GetNameRef();
        fields.id_index = -1;
    }

    return ImportPlan{kind,
                      vocabulary,
                      reading,
                      std::move(fields),
                      ToWgs84(*crs),
                      describe_crs(*crs),
                      fs::path(options.file).filename().string(),
                      empty_id_field};
}

// The feature's id: from the id field, or numbered in the file.
std::string read_id(const OGRFeature& f, const ImportPlan& plan, const ImportOptions& options, const Where& where)
{
    if (plan.fields.id_index < 0)
        return options.project + "-" + plan.kind.name + "-" + std::to_string(where.feature);
    std::string id(trim(f.GetFieldAsString(plan.fields.id_index)));
    if (id.empty()) {
        Where at = where;
        at.field = f.GetFieldDefnRef(plan.fields.id_index)->GetNameRef();
        throw_input(at, "the feature id is empty");
    }
    return id;
}

// The feature's geometry as the store keeps it: checked, in WGS 84, of the layer's type, valid
// (repaired with make_valid); with explode, a multipoint for a point layer gives its points. The
// source geometry is read once, by OGR; its WKB is written once, and read only by GEOS for the
// validity of lines and polygons (the store frames it as it is, without reading it again).
std::vector<Wkb> read_geometry(const OGRGeometry& raw, const ImportPlan& plan, const ImportOptions& options, const Where& where,
                               const QuietGdal& quiet, Geos& geos, ImportReport& report)
{
    GeometryPtr geometry = import_detail::linear_copy(raw);
    if (plan.to_wgs84.source_is_geographic())
        import_detail::snap_to_lonlat_bounds(*geometry);
    if (auto bad = import_detail::bad_coordinate(*geometry, plan.to_wgs84.source_is_geographic()))
        throw_input(where, *bad);
    if (geometry->Is3D() || geometry->IsMeasured()) {
        geometry->flattenTo2D();
        ++report.z_dropped;
    }
    if (!plan.to_wgs84.apply(*geometry))
        throw_input(where, "cannot transform the coordinates from " + plan.source_crs + " to WGS 84" +
                               (quiet.last().empty() ? "" : " (" + quiet.last() + ")"));
    import_detail::snap_to_lonlat_bounds(*geometry);
    if (auto bad = import_detail::bad_coordinate(*geometry, true))
        throw_input(where, *bad + " after transformation to WGS 84");
    if (options.explode && plan.kind.geometry == GeometryType::point &&
        wkbFlatten(geometry->getGeometryType()) == wkbMultiPoint && geometry->toMultiPoint()->getNumGeometries() > 1) {
        std::vector<Wkb> parts;
        for (const auto* point : *geometry->toMultiPoint())
            parts.push_back(geometry_to_wkb(*point));
        ++report.exploded;
        report.parts += static_cast<std::int64_t>(parts.size());
        return parts;
    }
    geometry = import_detail::conform(std::move(geometry), plan.kind.geometry, where);
    Wkb wkb = geometry_to_wkb(*geometry);
    if (plan.kind.geometry == GeometryType::point)
        return {wkb};   // valid: a point is invalid only for coordinates bad_coordinate refused above
    if (auto reason = geos.invalid_reason(wkb)) {
        if (!options.make_valid)
            throw_input(where, "invalid geometry: " + *reason, Hint::make_valid);
        try {
            geometry->closeRings();   // GEOS cannot even read an unclosed ring
            wkb = geos.make_valid(geometry_to_wkb(*geometry), plan.kind.geometry);
        } catch (const Error& e) {
            throw_input(where, "invalid geometry: " + *reason + "; cannot repair it: " + e.what());
        }
        ++report.repaired;
        report.repaired_ids.push_back(where.feature_id);
    }
    return {wkb};
}

} // namespace

namespace {

// The import of the same source into the same layer, if the imports log holds one (by checksum).
std::optional<ImportRecord> earlier_import(Store& store, const std::string& layer, const std::string& sha256)
{
    for (const auto& record : store.imports())
        if (record.layer == layer && record.sha256 == sha256)
            return record;
    return std::nullopt;
}

std::string describe(const ImportRecord& record)
{
    return "import " + std::to_string(record.id) + (record.imported_at.empty() ? "" : " on " + record.imported_at.substr(0, 10));
}

// Owns a feature definition with one geometry field: table points are checked on a feature of it.
struct DefinitionRelease {
    void operator()(OGRFeatureDefn* definition) const { definition->Release(); }
};

// Of an update from a lode export of this store (a GeoPackage whose metadata holds the history
// position it was read at, with the transactions pending then where it recorded them, and when the
// store's history began): that position; else nullopt.
std::optional<HistoryPosition> copy_position(Store& store, GDALDataset& ds, const ImportOptions& options)
{
    if (options.on_duplicate != OnDuplicate::update || options.force_update)
        return std::nullopt;
    const char* position = ds.GetMetadataItem("history_position");
    const char* began = ds.GetMetadataItem("history_began");
    std::int64_t at = 0;
    if (!position || !began || store.history_began() != began ||
        std::from_chars(position, position + std::strlen(position), at).ec != std::errc())
        return std::nullopt;
    const char* pending = ds.GetMetadataItem("history_pending");
    return HistoryPosition{at, pending ? pending : ""};
}

} // namespace

ImportReport import_features(Store& store, const ImportOptions& options, const Progress& progress)
{
    const auto started = std::chrono::steady_clock::now();
    register_gdal();
    const LayerKind& kind = store.layer_kind(options.layer);
    Project project;
    store.require_project(options.project, project);

    Dataset ds = open_source(options);
    OGRLayer& source = pick_layer(*ds, options);
    const ImportPlan plan = plan_import(kind, store.commodities(), source, options, project);
    CrsGuard guard(plan.to_wgs84, guard_settings(options, project));

    ImportReport report;
    report.source_crs = plan.source_crs;
    report.reprojected = !plan.to_wgs84.is_identity();
    const std::vector<std::string> source_names = import_detail::field_names(*source.GetLayerDefn());
    if (plan.fields.id_index >= 0)
        report.id_source = source_names[plan.fields.id_index];
    report.empty_id_field = plan.empty_id_field;
    for (int i : plan.fields.extra)
        report.extra_fields.push_back(import_detail::extra_key(source_names[i]));
    for (const auto& column : plan.fields.assays)
        report.analytes.push_back({source_names[column.source], column.column.analyte, column.column.unit, column.column.method, 0, 0, 0});

    // Every problem of the source, so that one does not hide another.
    std::vector<Problem> problems;
    const std::string sha256 = fs::is_regular_file(options.file) ? sha256_file(options.file) : std::string();
    if (!options.again && !sha256.empty())
        if (auto earlier = earlier_import(store, kind.name, sha256)) {
            InputError again(Where{options.file, -1, "", ""},
                             "is already in layer '" + kind.name + "' (" + describe(*earlier) + ", the same bytes)", Hint::again);
            if (!options.dry_run)
                throw again;
            problems.push_back(Problem::from(again));
        }

    const std::optional<HistoryPosition> copied_at = copy_position(store, *ds, options);

    Geos geos;
    const std::int64_t total = source.GetFeatureCount(TRUE);
    // Streamed: features are read, checked and written in batches inside the one write
    // transaction, not held in memory: the ids read are kept by the store outside memory
    // (Store::seen_ids) and the CRS guard keeps a bounded summary, so memory does not grow with the
    // number of features. The first problem
    // stops the writing (reading goes on, to list every problem); the transaction is then
    // rolled back and the store is left as it was. A dry run only reads.
    std::unique_ptr<Store::Transaction> txn;
    if (!options.dry_run) {
        txn = store.begin_write();
        store.begin_import(ImportRecord{kind.name, options.project, options.file, sha256, plan.source_crs, 0, 0, 0, 0, 0, 0, {}});
    }
    std::int64_t read = 0;
    const std::unique_ptr<Store::SeenIds> seen = store.seen_ids();   // the ids read, for duplicates in the source
    std::vector<QcSample> qc_rows;        // the source's QC samples (a lab's share of its rows)
    std::vector<AssayRecord> qc_results;  // and their results, written after the features
    import_detail::BatchWriter writer(store, options, kind.name, !plan.fields.assays.empty(), copied_at, report.id_source);
    // An import's batches are written on a thread of their own while the source is read on, one
    // batch waiting at most (three in memory, not one); a dry run and an update from a copy (whose
    // checks list problems as the reading does) write each on the reading thread.
    const bool beside = !options.dry_run && !copied_at;
    Handoff<import_detail::ReadBatch> to_write(1), written(4);   // batches to write; batches written, freed by the reading thread
    std::vector<Problem> writer_problems;   // (none when beside: those come of a dry run and a copy)
    bool stopped = false;   // the writing ended: it failed, its error rethrown below
    // A batch ends at 5,000 features or 50,000 assay results, whichever comes first: a lab file of 48
    // analytes holds 240,000 results in 5,000 rows, and three batches are in memory at once.
    constexpr std::size_t batch_size = 5000, batch_results = 50000;
    std::size_t results_in_batch = 0;
    import_detail::ReadBatch batch;
    auto start_batch = [&] {   // (room for a whole batch made once)
        batch = import_detail::ReadBatch{};
        results_in_batch = 0;
        batch.features.reserve(batch_size);
        batch.numbers.reserve(batch_size);
        batch.results.reserve(batch_size);
    };
    // The features and result lists of the batches written, read into again: a feature keeps its
    // attributes' entries (read_attributes), a list its room. As many as the batches in memory at most.
    std::vector<Feature> spare;
    std::vector<std::vector<AssayRecord>> spare_results;
    auto keep = [&](import_detail::ReadBatch& done) {
        std::move(done.features.begin(), done.features.end(), std::back_inserter(spare));
        for (auto& r : done.results) {
            r.clear();
            spare_results.push_back(std::move(r));
        }
    };
    auto flush = [&] {
        if (batch.features.empty())
            return;
        batch.clean = problems.empty();
        if (!beside) {
            writer.write(batch, problems);
            keep(batch);
        } else if (batch.clean && !stopped) {   // after a problem nothing more is written: it is all rolled back
            stopped = !to_write.put(std::move(batch));
        }
        start_batch();
        while (auto done = written.try_take())   // (the writing thread's time is the import's)
            keep(*done);
    };
    start_batch();
    std::int64_t without_geometry = 0;
    std::unique_ptr<OGRFeatureDefn, DefinitionRelease> points_definition;
    if (plan.fields.x_index >= 0 || plan.fields.wkt_index >= 0) {
        points_definition.reset(new OGRFeatureDefn("points"));
        points_definition->Reference();
    }

    auto read_source = [&] {
        const auto closing = to_write.closing();   // also when the reading fails: the writing then ends
        const auto done = written.closing();   // the batches written after the reading are freed where they are
        source.ResetReading();
        std::int64_t index = 0;
        QuietGdal quiet;
        Dataset plain_table;   // the CSV as plain columns, opened when a row has no point
        for (FeaturePtr f(source.GetNextFeature()); f && !stopped; f.reset(source.GetNextFeature()), ++index) {
            GeometryPtr family_members;   // of a geometry collection: its members of only_family
            if (options.only_family) {
                const OGRGeometry* g = f->GetGeometryRef();
                const auto families = geometry_families(g);
                if (families.empty() ? !options.takes_empty
                                     : std::find(families.begin(), families.end(), *options.only_family) == families.end())
                    continue;
                if (!families.empty() && wkbFlatten(g->getGeometryType()) == wkbGeometryCollection)
                    family_members = family_part(*g, *options.only_family);
            }
            Where where{options.file, f->GetFID() >= 0 ? f->GetFID() : index, "", ""};
            Feature out;
            if (!spare.empty()) {
                out = std::move(spare.back());
                spare.pop_back();
                out.id.clear();
            }
            out.project = options.project;
            out.imported_from = plan.origin;
            try {
                out.id = read_id(*f, plan, options, where);
                where.feature_id = out.id;
            } catch (const InputError& e) {
                problems.push_back(Problem::from(e));
            }
            import_detail::check_text(*f, where, problems);
            std::string lab_batch;   // the lab's batch of the row's results
            if (auto qc = import_detail::read_qc(*f, plan.fields, where, problems, lab_batch)) {
                // A QC sample (duplicate, standard, blank): kept apart from the layer's features, with
                // its results; no fields and no geometry read (standards and blanks have no place).
                const int lab_column = plan.fields.qc.lab;
                const std::string lab(lab_column >= 0 && f->IsFieldSetAndNotNull(lab_column) ? trim(f->GetFieldAsString(lab_column)) : "");
                std::vector<AssayRecord> results;
                import_detail::read_results(*f, plan.fields, where, kind.name, out.id, lab, problems, results);
                for (auto& r : results) {
                    r.batch = lab_batch;
                    import_detail::count_result(report.analytes, r);
                    qc_results.push_back(std::move(r));
                }
                if (!out.id.empty())
                    if (const auto first = seen->note(out.id, where.feature))
                        problems.push_back(Problem{where.feature, out.id, report.id_source,
                                                   "duplicate feature id '" + out.id + "' (features " + std::to_string(*first) + " and " +
                                                       std::to_string(where.feature) + ")",
                                                   Hint::none});
                qc->layer = kind.name;
                qc->id = out.id;
                qc->project = options.project;
                ++report.qc_samples[to_string(qc->type)];
                qc_rows.push_back(std::move(*qc));
                if (progress && index % 1000 == 0)
                    progress(index, total);
                continue;
            }
            std::vector<AssayRecord> results;
            if (!spare_results.empty()) {
                results = std::move(spare_results.back());
                spare_results.pop_back();
            }
            import_detail::read_attributes(*f, plan.fields, plan.vocabulary, plan.reading, where, out, problems, kind.name, &results);
            for (auto& r : results) {
                r.batch = lab_batch;
                import_detail::count_result(report.analytes, r);
            }
            std::vector<Wkb> parts;
            try {
                GeometryPtr from_table = points_definition ? import_detail::table_geometry(*f, plan.fields, where) : nullptr;
                const OGRGeometry* raw = from_table ? from_table.get() : family_members ? family_members.get() : f->GetGeometryRef();
                if (!raw || raw->IsEmpty()) {
                    if (options.skip_empty) {
                        ++report.no_geometry;
                        continue;
                    }
                    if (is_table(options.file) && !points_definition)
                        import_detail::explain_missing_point(plain_table, options, where);
                    ++without_geometry;
                    throw_input(where, "has no geometry", Hint::skip_empty);
                }
                parts = read_geometry(*raw, plan, options, where, quiet, geos, report);
                if (!options.allow_outside)
                    guard.add(*raw);
            } catch (const InputError& e) {
                problems.push_back(Problem::from(e));
            }
            if (parts.empty())
                parts.emplace_back();   // the feature is counted; its problem refuses the import
            for (std::size_t part = 0; part < parts.size(); ++part) {
                Feature one;
                if (parts.size() == 1) {
                    one = std::move(out);
                } else {
                    one = out;
                    one.id += "-" + std::to_string(part + 1);
                }
                one.wkb = std::move(parts[part]);
                if (!one.id.empty())
                    if (const auto first = seen->note(one.id, where.feature))
                        problems.push_back(Problem{where.feature, one.id, plan.fields.id_index >= 0 ? source_names[plan.fields.id_index] : "",
                                                   "duplicate feature id '" + one.id + "' (features " + std::to_string(*first) +
                                                       " and " + std::to_string(where.feature) + ")",
                                                   options.id_field.empty() ? Hint::id_field : Hint::none});
                std::vector<AssayRecord> mine = parts.size() == 1 ? std::move(results) : results;
                for (auto& r : mine)
                    r.sample = one.id;
                results_in_batch += mine.size();
                batch.results.push_back(std::move(mine));
                batch.features.push_back(std::move(one));
                batch.numbers.push_back(where.feature);
                ++read;
            }
            if (batch.features.size() >= batch_size || results_in_batch >= batch_results)
                flush();
            if (progress && index % 1000 == 0)
                progress(index, total);
        }
        if (stopped)
            return;
        import_detail::check_read_count(index, total, quiet.last(), options);
        flush();
    };
    if (beside)
        run_beside(
            [&] {
                const auto closing = to_write.closing();   // also when the writing fails: the reading then stops
                while (std::optional<import_detail::ReadBatch> next = to_write.take()) {
                    writer.write(*next, writer_problems);
                    written.put(std::move(*next));   // never waits: three batches at most are made, and none after the reading
                }
            },
            read_source);
    else
        read_source();
    problems.insert(problems.end(), writer_problems.begin(), writer_problems.end());
    report.read = read;
    if (progress)
        progress(report.read, total);
    if (without_geometry > 1 && !options.dry_run)   // the count said with the first, as one line can (a dry run counts its group)
        for (auto& problem : problems)
            if (problem.reason == "has no geometry") {
                problem.share = Share{without_geometry, total};
                break;
            }
    if (!options.allow_outside) {
        try {
            guard.check();
        } catch (const InputError& e) {
            if (problems.empty() && !options.dry_run)
                throw;
            problems.push_back(Problem::from(e));
        }
    }
    if (read == 0 && qc_rows.empty())
        throw InputError(options.file + ": has no features");

    if (options.dry_run) {
        report.problems = group_problems(problems);
        report.problem_count = static_cast<std::int64_t>(problems.size());
        report.problem_features = features_with_problems(problems);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return report;
    }
    if (!problems.empty())
        refuse_problems(problems, options.file);

    if (!writer.already.empty())   // the rows written so far are rolled back with the transaction
        throw InputError(options.file + ": " + std::to_string(writer.already_count) + " feature id" +
                             (writer.already_count > 1 ? "s are" : " is") + " already in layer '" + kind.name +
                             "': " + join(writer.already, ", ") +
                             (writer.already_count > static_cast<std::int64_t>(writer.already.size()) ? ", …" : ""),
                         Hint::on_duplicate);
    if (!qc_rows.empty())
        store.write_qc_samples(qc_rows);
    if (!qc_results.empty())
        store.write_assays(qc_results);
    report.written = writer.counts.written;
    report.updated = writer.counts.updated;
    report.skipped = writer.counts.skipped;
    ImportRecord record{kind.name, options.project, options.file, sha256, report.source_crs,
                        report.read, report.written, report.updated, report.skipped, report.repaired, 0, {}};
    store.record_import(record);
    txn->commit();
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace lode
