#include "import.hpp"

#include "error_text.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/store/retry.hpp"

#include <filesystem>
#include <iostream>

namespace lode::cli {

std::pair<std::string, std::string> split_assignment(const std::string& text, const std::string& option, const char* form)
{
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
        throw CLI::ValidationError(option, "'" + text + "' is not " + form);
    return {text.substr(0, eq), text.substr(eq + 1)};
}

const char* ImportCommand::examples() const
{
    return "  lode import uz_prospects.geojson --layer prospects --project UZ-PEG\n"
           "  lode import ng_samples.csv --layer samples --project NG-LIP --s-srs EPSG:26391\n"
           "  lode import collars.csv -l drillholes -p AU-CMM --s-srs EPSG:7850 --id-field hole_id\n"
           "  lode import areas.shp -l survey_areas -p TZ-GRE --field commodities=commods --make-valid\n"
           "  lode import tenements.gpkg -l licences -p TZ-GRE --field licence_no=lic_no --set accuracy=surveyed\n"
           "  lode import lab.csv -l samples -p UZ-PEG --s-srs EPSG:32642 --date-format %d/%m/%Y --dry-run\n"
           "  lode import assays.xlsx -l samples -p UZ-PEG --x E --y N --s-srs EPSG:32642 --set sample_type=soil\n"
           "  lode import sheet.csv -l samples -p UZ-PEG --x E --y N --s-srs EPSG:28412 --on-duplicate update\n"
           "  lode import edited.gpkg -l samples -p UZ-PEG --src-layer samples --on-duplicate update   # a lode export edited in QGIS\n"
           "  lode import field_camps.kml -l camps -p TZ-GRE --create --style-by kind\n"
           "  lode import camps.gpkg -l occurrences -p UZ-PEG --skip-empty --explode\n"
           "  lode import lab.csv --assays --sample-field SampleID -p UZ-PEG --dry-run\n"
           "  lode import lab_corrected.csv --assays --sample-field SampleID --replace\n"
           "  lode import surveys.csv --surveys --field depth=DepthM\n"
           "  lode import lithology.csv --intervals --table lithology --dry-run";
}

void ImportCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("FILE", options_.file, "The source: any vector format GDAL reads, or a table (CSV, XLSX, ODS) of points")->required();
    auto* layer = app.add_option("-l,--layer", options_.layer, "Target layer (lode layers lists them); required but with --surveys or --intervals")
                      ->option_text("LAYER");
    auto* project = app.add_option("-p,--project", options_.project, "Project code the features belong to; required but with --surveys or --intervals")
                        ->option_text("CODE");
    // Downhole tables of the drillholes layer's holes (a hole's project is its collar's).
    auto* surveys = app.add_flag("--surveys", surveys_,
                                 "The source is a downhole survey table of the drillholes layer's holes: hole, depth, azimuth, dip "
                                 "(negative downwards), method, surveyed_on (found by common names: HoleID, Depth, Azi ...; else --field)");
    auto* intervals = app.add_flag("--intervals", intervals_,
                                   "The source is a downhole interval table: hole, from, to, and any other fields (lithology, sample id, grades ...)");
    surveys->excludes(intervals)->excludes(layer)->excludes(project);
    auto* assays = app.add_flag("--assays", assays_,
                                "The source is a lab file of results for samples the layer holds already (default layer samples; "
                                "no coordinates): rows matched by --sample-field, every id must be known");
    assays->excludes(surveys)->excludes(intervals);
    app.add_flag("--replace", options_.replace_results,
                 "With --assays: a result for a sample, analyte, method and batch the store holds a different result for "
                 "replaces it (else the file is refused; the same result is skipped)")
        ->needs(assays);
    intervals->excludes(layer)->excludes(project);
    app.add_option("--table", interval_table_, "With --intervals: the interval table's name (lithology, assays ...); tables of one hole may overlap each other")
        ->option_text("NAME")
        ->needs(intervals)
        ->capture_default_str();
    app.add_option("--dogleg-limit", dogleg_limit_, "With --surveys: warn of a dog-leg severity above this (degrees per 30 m)")
        ->option_text("DEG")
        ->check(CLI::PositiveNumber)
        ->needs(surveys)
        ->capture_default_str();
    app.add_option("--s-srs", options_.source_crs,
                   "Source CRS (EPSG:nnnn, PROJ string or WKT); required when the source declares none, overrides it otherwise")
        ->option_text("SRS");
    app.add_option("--src-layer", options_.source_layer, "Layer of a multi-layer source (e.g. a GeoPackage table)")
        ->option_text("NAME");
    auto* x = app.add_option("--x", options_.x_field,
                             "Column with longitude or easting of a table without geometry: CSV, XLSX, ODS (default: lon, x, easting... by name)")
                  ->option_text("FIELD");
    auto* y = app.add_option("--y", options_.y_field, "Column with latitude or northing (default: lat, y, northing... by name)")
                  ->option_text("FIELD");
    x->needs(y);
    y->needs(x);
    app.add_option("--id-field,--sample-field", options_.id_field,
                   "Source field holding the feature id (default: detected by name: id, SampleID, sample_no, HoleID, "
                   "lic_no, tenement_id...; else numbered)")
        ->option_text("FIELD");
    app.add_option("--field", fields_, "Map a source field to a layer field, or to qc_type, qc_original, crm, batch (repeatable)")->option_text("TARGET=SOURCE");
    app.add_option("--set", sets_, "Give a layer field one value for every feature, checked like the source's (repeatable)")
        ->option_text("FIELD=VALUE");
    app.add_option("--date-format", options_.date_format,
                   "How the source writes dates: %d/%m/%Y, %m/%d/%Y, %d.%m.%Y, %d %b %Y ..., or excel for serial day numbers "
                   "(default: YYYY-MM-DD; numeric spreadsheet cells are read as serial days)")
        ->option_text("FMT");
    app.add_flag("--make-valid", options_.make_valid, "Repair invalid geometries with GEOS MakeValid (reported) instead of refusing them");
    app.add_option("--on-duplicate", on_duplicate_, "When a feature id is already in the layer: error, skip, or update (replaces its attributes, geometry and project)")
        ->check(CLI::IsMember({"error", "skip", "update"}))
        ->capture_default_str();
    app.add_flag("--force-update", options_.force_update,
                 "With --on-duplicate update from a lode GeoPackage export: write over features changed in the store since "
                 "the export (by default they are refused, naming who changed them and when)");
    app.add_flag("--again", options_.again, "Import a file whose exact bytes the layer's imports log already holds");
    app.add_flag("--dry-run", options_.dry_run,
                 "Read and check the whole source and list every problem, grouped, with the option that helps; write nothing "
                 "(exit 1 when there are problems)");
    add_format_option(app, format_, {"table", "csv", "json"});
    auto* create = app.add_flag("--create", create_, "Create the layer from the source first (as 'lode layer create --from'), in the same "
                                                     "transaction; a source mixing geometry types makes LAYER_points, LAYER_lines, LAYER_polygons, "
                                                     "a source of several layers (a GPX) LAYER_<source layer> for each");
    app.add_option("--style-by", style_by_, "With --create: style the new layer by this field's values")->option_text("FIELD")->needs(create);
    // Geometry: the wrong-CRS guard, and features that do not fit the layer as they are.
    app.add_flag("--allow-outside", options_.allow_outside,
                 "Import features that land outside the project's host countries (50 km margin) or the source CRS's area of use");
    app.add_flag("--skip-empty", options_.skip_empty, "Skip features without geometry (counted) instead of refusing the file");
    app.add_flag("--explode", options_.explode,
                 "Make each point of a MultiPoint a feature of its own (ids suffixed -1, -2, ...), like ogr2ogr -explodecollections");
    app.add_option("--assay-columns", options_.assay_columns,
                   "More columns of assay results than those named ANALYTE_UNIT (Li_ppm, Au (g/t), ME-MS61_Li_ppm), "
                   "comma-separated; their unit from the name or --unit")
        ->delimiter(',')
        ->option_text("COLUMN,...");
    app.add_option("--unit", units_, "The unit of a column of assay results: ppb, ppm, %, g/t (repeatable)")->option_text("COLUMN=UNIT");
    app.add_flag("--negative-is-bdl", options_.negative_is_below,
                 "Read a negative assay result as below the detection limit of its magnitude (-0.01 is <0.01)");
}

void ImportCommand::check() const
{
    if (assays_) {
        if (create_)
            throw CLI::ValidationError("--create", "makes a layer; --assays adds results to the samples of one that exists");
    } else if (!surveys_ && !intervals_) {
        if (options_.layer.empty())
            throw CLI::RequiredError("--layer");
        if (options_.project.empty())
            throw CLI::RequiredError("--project");
    } else if (create_) {
        throw CLI::ValidationError("--create", "makes a layer; --surveys and --intervals import into the drillholes' downhole tables");
    }
    for (const auto& mapping : fields_)
        split_assignment(mapping, "--field", "TARGET=SOURCE");
    for (const auto& set : sets_)
        split_assignment(set, "--set", "FIELD=VALUE");
    for (const auto& unit : units_)
        split_assignment(unit, "--unit", "COLUMN=UNIT");
    if (format_ != "table" && !options_.dry_run)
        throw CLI::ValidationError("--format", "csv and json are for the problems of --dry-run");
    if (create_ && options_.dry_run)
        throw CLI::ValidationError("--dry-run", "checks a source against a layer that exists; create it first with lode layer create");
    if (options_.force_update && on_duplicate_ != "update")
        throw CLI::ValidationError("--force-update", "writes a copy over later changes: it goes with --on-duplicate update");
}

namespace {

// Where the ids came from, as the summary says it.
std::string ids_from(const ImportReport& report)
{
    if (!report.id_source.empty())
        return "from " + report.id_source;
    if (!report.empty_id_field.empty())
        return "numbered (the source's '" + report.empty_id_field + "' is empty in every feature)";
    return "numbered";
}

} // namespace

int ImportCommand::print_problems(const std::vector<ProblemGroup>& problems, std::int64_t count, std::int64_t features,
                                  std::int64_t read, const std::string& what, const std::string& tail) const
{
    Table table;
    table.columns = {"field", "problem", "features", "first ids", "values", "fix"};
    for (const auto& group : problems)
        table.rows.push_back({group.field.empty() ? "(geometry)" : group.field, word_mentions(group.reason, option_name),
                              group.count, join(group.first_ids, ", "), join(group.values, ", "),
                              suggested_options(group.hint, group.field)});
    if (format_ != "table" || !problems.empty())
        table.print(std::cout, format_);
    if (format_ == "table") {
        if (problems.empty())
            std::cout << "no problems: " << read << " " << what << " would be imported";
        else
            std::cout << count << " problem" << (count > 1 ? "s" : "") << " in " << features << " of " << read << " " << what
                      << "; nothing was written";
        std::cout << tail << "\n";
    }
    return problems.empty() ? 0 : 1;
}

int ImportCommand::run()
{
    for (const auto& mapping : fields_)
        options_.field_map.push_back(split_assignment(mapping, "--field", "TARGET=SOURCE"));
    for (const auto& set : sets_)
        options_.set_values.push_back(split_assignment(set, "--set", "FIELD=VALUE"));
    for (const auto& unit : units_)
        options_.assay_units.push_back(split_assignment(unit, "--unit", "COLUMN=UNIT"));
    options_.on_duplicate = on_duplicate_ == "skip"     ? OnDuplicate::skip
                            : on_duplicate_ == "update" ? OnDuplicate::update
                                                        : OnDuplicate::error;
    if (surveys_ || intervals_)
        return run_downhole();
    if (assays_)
        return run_assays();
    options_.basemap = geodata_file("LODE_BASEMAP", "basemap/countries_50m.gpkg");
    if (options_.basemap.empty())
        options_.basemap = (std::filesystem::path(default_layers_dir()).parent_path() / "geodata/basemap/countries_50m.gpkg").string();
    if (!std::filesystem::exists(options_.basemap))
        options_.basemap.clear();   // installed without geodata: only the CRS's area of use is checked
    auto store = open_store();
    ProgressBar bar((options_.dry_run ? "checking " : "importing ") + std::filesystem::path(options_.file).filename().string());
    const auto progress = [&](std::int64_t done, std::int64_t total) { bar.update(done, total); };
    if (create_) {
        // Run again, file and all, when the server refuses it as conflicting with other writers.
        const auto done = with_retries([&] { return import_into_new_layers(*store, options_, style_by_, progress); });
        bar.finish();
        for (const auto& [kind, family] : done.made.kinds)
            std::cout << "created layer " << kind.name << " (" << to_string(kind.geometry) << ", " << kind.fields.size() << " fields"
                      << (kind.style.contains("category_field") ? ", styled by " + kind.style["category_field"].get<std::string>() : std::string())
                      << ")\n";
        for (const auto& [layer, report] : done.imports)
            summarise(layer, report);
        if (done.made.collections > 0)
            std::cout << done.made.collections << " geometry collection" << (done.made.collections > 1 ? "s" : "")
                      << " split by type: each member went to the layer of its type, with the collection's id\n";
        if (!done.layers_left_out.empty())
            std::cout << "source layers left out (no point, line or polygon geometry): " << join(done.layers_left_out, ", ") << "\n";
        return 0;
    }
    const auto report = with_retries([&] { return import_features(*store, options_, progress); });
    bar.finish();
    if (options_.dry_run)
        return print_problems(report.problems, report.problem_count, report.problem_features, report.read, "features",
                              " (ids " + ids_from(report) + ")");
    summarise(options_.layer, report);
    return 0;
}

void ImportCommand::summarise(const std::string& layer, const ImportReport& report) const
{
    std::cout << "imported " << options_.file << " into " << layer << " (" << options_.project << "): "
              << report.read << " read, " << report.written << " written, " << report.updated << " updated, "
              << report.skipped << " skipped, " << report.repaired << " repaired in " << format_number(report.seconds, 2)
              << " s; from " << report.source_crs << (report.reprojected ? " to EPSG:4326" : "") << "; ids " << ids_from(report)
              << "\n";
    if (report.no_geometry > 0)
        std::cout << report.no_geometry << " feature" << (report.no_geometry > 1 ? "s" : "") << " without geometry skipped\n";
    if (report.exploded > 0)
        std::cout << report.exploded << " multipoint" << (report.exploded > 1 ? "s" : "") << " exploded into " << report.parts
                  << " features (ids suffixed -1, -2, …)\n";
    if (report.repaired > 0)
        std::cout << "repaired with MakeValid: " << join(report.repaired_ids, ", ") << "\n";
    if (report.z_dropped > 0)
        std::cout << "note: Z/M values dropped from " << report.z_dropped
                  << " features (lode stores 2D longitude/latitude)\n";
    print_assay_counts(report.analytes, report.qc_samples);
    if (!report.extra_fields.empty()) {
        const std::size_t n = report.extra_fields.size();
        std::vector<std::string> shown(report.extra_fields.begin(), report.extra_fields.begin() + std::min<std::size_t>(n, 8));
        std::cout << n << " source field" << (n > 1 ? "s" : "") << " kept in extra: " << join(shown, ", ")
                  << (n > shown.size() ? ", …" : "") << "; map them with --field or add them with lode layer add-field\n";
    }
}

namespace {

std::string finding_line(const drill::Finding& f)
{
    return "hole '" + f.hole + "' " + f.table + " at " + format_number(f.depth, 3) + " m: " + f.reason;
}

} // namespace

int ImportCommand::run_downhole()
{
    DownholeOptions options;
    options.source = options_;
    options.table = surveys_ ? DownholeTable::surveys : DownholeTable::intervals;
    options.interval_table = interval_table_;
    options.dogleg_limit = dogleg_limit_;
    auto store = open_store();
    const DownholeReport report = with_retries([&] { return import_downhole(*store, options); });
    const std::string what = surveys_ ? "survey stations" : "intervals";
    if (options_.dry_run) {
        const int status = print_problems(report.problems, report.problem_count, report.problem_features, report.read, what,
                                          " (" + std::to_string(report.holes) + " holes)");
        if (format_ == "table")
            for (const auto& f : report.warnings)
                std::cout << "warning: " << finding_line(f) << "\n";
        return status;
    }
    std::cout << "imported " << options_.file << " into " << (surveys_ ? "the surveys" : "interval table " + interval_table_) << " of "
              << report.holes << " hole" << (report.holes == 1 ? "" : "s") << ": " << report.read << " read, " << report.written
              << " written in " << format_number(report.seconds, 2) << " s\n";
    std::cout << "columns: " << join(report.columns, ", ") << "\n";
    for (const auto& f : report.warnings)
        std::cout << "warning: " << finding_line(f) << "\n";
    if (!report.gaps.empty()) {
        std::cout << report.gaps.size() << " gap" << (report.gaps.size() > 1 ? "s" : "") << " (allowed):\n";
        for (const auto& f : report.gaps)
            std::cout << "  " << finding_line(f) << "\n";
    }
    return 0;
}

} // namespace lode::cli
