#include "export.hpp"
#include "below_limit.hpp"

#include <csignal>
#include <filesystem>
#include <iostream>

namespace lode::cli {

namespace {

volatile std::sig_atomic_t interrupted = 0;
extern "C" void on_interrupt(int) { interrupted = 1; }

// While alive, Ctrl-C and SIGTERM only set a flag, which the export's progress callback turns into
// an exception: the export then unwinds and removes its temporary files, and OUT stays untouched.
class InterruptGuard {
public:
    InterruptGuard() : int_(std::signal(SIGINT, on_interrupt)), term_(std::signal(SIGTERM, on_interrupt)) {}
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;
    ~InterruptGuard()
    {
        std::signal(SIGINT, int_);
        std::signal(SIGTERM, term_);
    }

private:
    void (*int_)(int);
    void (*term_)(int);
};

} // namespace

const char* ExportCommand::examples() const
{
    return "  lode export -o uz.gpkg --project UZ-PEG\n"
           "  lode export -o li_samples.geojson --layers samples --where \"li2o_pct >= 1.0\"\n"
           "  lode export -o au_mga50.gpkg --project AU-CMM --t-srs EPSG:7850\n"
           "  lode export -o tz_shapefiles/ --format shp --project TZ-GRE --layers licences,survey_areas\n"
           "  lode export -o occurrences.geojsons --layers occurrences --bbox 60,35,75,45 --precision 5\n"
           "  lode export -o samples_march.gpkg --layers samples --as-of 2025-03-01\n"
           "  lode export -o au_holes/ --drillhole-tables --project AU-CMM\n"
           "  lode export -o au_traces.gpkg --layers drillholes --method tangent --azimuth-ref magnetic --declination 1.2\n"
           "  lode export -o uz_samples.gpkg --layers samples --analytes Li_ppm,Au_ppb --bdl zero --assays-long\n"
           "  lode export -o - --format csv --layers samples --where \"li2o_pct >= 1.0\" | head\n"
           "  lode export -o samples_all_columns.csv --layers samples --all-fields";
}

void ExportCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("-o,--output", options_.output.path,
                   "The file to write; a folder (DIR/) for one file per layer in the one-layer formats; "
                   "- (or /dev/stdout) for standard output, with --format geojson, geojsonseq or csv")
        ->required()
        ->option_text("OUT");
    app.add_option("--format", format_, "Format (default: from OUT's extension): " + join(vector_format_names(), ", "))
        ->check(CLI::IsMember(vector_format_names()))
        ->option_text("FORMAT");
    app.add_option("-l,--layers", options_.layers, "Layers to export, comma-separated (default: every layer with features)")
        ->delimiter(',')
        ->option_text("L1,L2");
    app.add_option("-p,--project", project_, "Only the features of this project (and only it in the projects table)")
        ->option_text("CODE");
    app.add_option("--bbox", bbox_, "Only the features that intersect this box, in degrees")->option_text("W,S,E,N");
    app.add_option("--where", options_.where, "Only the features for which this filter holds, e.g. \"status = 'granted'\"")
        ->option_text("EXPR");
    add_bdl_option(app, bdl_);
    app.add_option("--analytes", options_.analytes,
                   "The assay results as these columns, ANALYTE_UNIT, comma-separated (Li_ppm, Au_ppb, Li2O_pct; oxides and "
                   "units converted as --where converts them); default: every analyte and unit the results hold, as reported")
        ->delimiter(',')
        ->option_text("A_UNIT,...");
    app.add_flag("--assays-long", options_.assays_long,
                 "Also every assay result of the exported samples, one row each (sample_id, analyte, value, unit, qualifier, "
                 "limit, as_written, counts_as, method, lab, batch, assayed_on): the table assay_results in a GeoPackage, "
                 "else a CSV beside OUT (OUT-stem_assay_results.csv, or assay_results.csv in a folder)");
    app.add_flag("--all-fields", options_.all_fields,
                 "Write every field of the layers as a column, also those empty in every feature exported (by default "
                 "a column of nulls is left out; id, project and the fields the layer's style draws by are always written)");
    app.add_option("--t-srs", options_.output.target_crs,
                   "Reproject to this CRS (EPSG:nnnn, PROJ string or WKT) with PROJ's best transformation for the data's area; "
                   "gpkg, shp, fgb and csv only (GeoJSON and KML are WGS 84)")
        ->option_text("SRS");
    app.add_option("--precision", precision_,
                   "Coordinate decimals in the output CRS's unit (default: 7 for degrees, 3 for metres in GeoJSON, KML "
                   "and CSV; full precision in the others)")
        ->check(CLI::Range(0, 15))
        ->option_text("N");
    app.add_flag("--overwrite", options_.output.overwrite, "Replace OUT if it exists (a symlink is written through: the file it leads to is replaced, the link kept; a device or FIFO is never replaced)");
    app.add_option("--as-of", as_of_,
                   "The features as they were at this UTC date (its end) or date-time, rebuilt from the history "
                   "(the projects and partners tables are today's)")
        ->option_text("DATE");
    app.add_flag("--drillhole-tables", drillhole_tables_,
                 "Write the drillholes as the tables 3D modelling software imports into the folder OUT/: collar.csv "
                 "(eastings and northings in each collar's projected CRS, or --t-srs), survey.csv, one CSV per interval "
                 "table and README.txt (columns and units)");
    desurvey_.add(app);
}

void ExportCommand::check() const
{
    desurvey_.options();
    if (!drillhole_tables_)
        return;
    if (desurvey_.given())
        throw CLI::ValidationError("--drillhole-tables",
                                   "writes the surveys as they are stored: --method, --azimuth-ref, --declination and "
                                   "--grid-crs apply to the traces of a vector export");
    if (!format_.empty() || !options_.layers.empty() || !options_.where.empty() || precision_ >= 0 || !as_of_.empty() ||
        !options_.analytes.empty() || options_.assays_long)
        throw CLI::ValidationError("--drillhole-tables",
                                   "writes CSV tables of the drillholes as they are today: --format, --layers, --where, "
                                   "--precision, --as-of, --analytes and --assays-long do not apply (--project, --bbox and --t-srs do)");
    if (is_stdout_path(options_.output.path))
        throw CLI::ValidationError("--drillhole-tables", "writes a folder of files: give -o DIR/, not standard output");
}

int ExportCommand::run_drillhole_tables()
{
    DrillTablesOptions options;
    options.folder = options_.output.path;
    options.target_crs = options_.output.target_crs;
    options.overwrite = options_.output.overwrite;
    if (!project_.empty())
        options.selection.project = project_;
    if (!bbox_.empty())
        options.selection.bbox = parse_bbox(bbox_, false);
    auto store = open_store();
    const DrillTablesReport report = export_drillhole_tables(*store, options);
    std::vector<std::string> tables;
    std::int64_t intervals = 0;
    for (const auto& [table, rows] : report.tables) {
        tables.push_back(table + " " + std::to_string(rows));
        intervals += rows;
    }
    std::cout << "exported the drillhole tables of " << report.collars << (report.collars == 1 ? " hole" : " holes") << " ("
              << report.surveys << " survey stations, " << intervals << " intervals" << (tables.empty() ? "" : ": " + join(tables, ", "))
              << ") to " << options_.output.path << " in " << format_number(report.seconds, 2) << " s\n"
              << "collars in " << join(report.crs, ", ") << "\n"
              << "files: " << join(report.files, ", ") << "\n";
    return 0;
}

int ExportCommand::run()
{
    if (drillhole_tables_)
        return run_drillhole_tables();
    options_.below_limit = bdl_rule(bdl_);
    if (!format_.empty())
        options_.output.format = parse_vector_format(format_);
    if (!project_.empty())
        options_.selection.project = project_;
    if (!bbox_.empty())
        options_.selection.bbox = parse_bbox(bbox_, false);
    if (precision_ >= 0)
        options_.output.precision = precision_;
    if (!as_of_.empty())
        options_.selection.as_of = parse_as_of(as_of_);
    options_.desurvey = desurvey_.options();

    auto store = open_store();
    ExportReport report;
    {
        InterruptGuard guard;
        interrupted = 0;
        const std::string name = std::filesystem::path(options_.output.path).filename().string();
        ProgressBar bar("exporting " + (name.empty() ? options_.output.path : name));
        report = export_layers(*store, options_, [&](std::int64_t done, std::int64_t total) {
            if (interrupted)
                throw Error("export interrupted; " + options_.output.path + " was not written");
            bar.update(done, total);
        });
    }
    // With the data on standard output, the summary goes to stderr.
    std::ostream& out = is_stdout_path(options_.output.path) ? std::cerr : std::cout;
    print(out, report);
    bool pivoted = false;
    for (const auto& l : report.layers)
        pivoted = pivoted || !l.assay_columns.empty();
    if (pivoted || names_analytes(*store, options_.where, options_.layers))
        print_bdl_note(out, options_.below_limit);
    if (options_.selection.as_of)
        print_history_began(out, *store, *options_.selection.as_of);
    return 0;
}

void ExportCommand::print(std::ostream& out, const ExportReport& report) const
{
    std::int64_t total = 0;
    std::vector<std::string> counts;
    for (const auto& l : report.layers) {
        counts.push_back(l.layer + " " + std::to_string(l.features));
        total += l.features;
    }
    out << "exported " << total << (total == 1 ? " feature" : " features") << " (" << join(counts, ", ") << ") to "
              << options_.output.path << " in " << format_number(report.seconds, 2) << " s";
    const std::string selection = describe_selection(options_);
    out << (selection == "everything" ? "" : "; selection: " + selection) << "\n";
    out << "crs: " << report.crs;
    if (!report.operation.empty())
        out << ", from WGS 84 with '" << report.operation << "'"
                  << (report.accuracy_m >= 0 ? " (accuracy " + format_number(report.accuracy_m, 3) + " m)" : "");
    out << "\n";
    if (report.styles == "layer_styles")
        out << "also: projects (" << report.projects << "), partners (" << report.partners
                  << "); a default QGIS style per layer in layer_styles; provenance in gpkg_metadata\n";
    else if (report.styles == "qml")
        out << "also: a QGIS style beside each layer (.qml), which QGIS applies when it opens the file\n";
    for (const auto& l : report.layers)
        if (!l.assay_columns.empty())
            out << "assay results as columns of " << l.layer << " (each sample's latest, converted): " << join(l.assay_columns, ", ")
                << "\n";
    if (report.assay_results >= 0)
        out << "assay results, one a row: " << report.assay_results << " in "
            << (report.styles == "layer_styles" ? "the table assay_results" : report.assay_results_file) << "\n";
    if (report.files.size() > 1)
        out << "files: " << join(report.files, ", ") << "\n";
    if (!report.desurveyed.empty())
        out << "traces: " << describe_desurvey(options_.desurvey, report.desurveyed) << "\n";
    print_overridden(std::cerr, report.desurveyed);
    print_renames(out, report);
}

// Shapefile names are at most 10 characters: say which fields were shortened, and how to import them back.
void ExportCommand::print_renames(std::ostream& out, const ExportReport& report) const
{
    for (const auto& exported : report.layers) {
        const std::string& layer = exported.layer;
        std::vector<std::string> pairs, fields;
        for (const auto& r : report.renamed)
            if (r.layer == layer) {
                pairs.push_back(r.field + " → " + r.written_as);
                if (r.field != "id" && r.field != "project")
                    fields.push_back("--field " + r.field + "=" + r.written_as);
            }
        if (pairs.empty())
            continue;
        out << "note: " << layer << ": Shapefile field names are at most 10 characters: " << join(pairs, ", ")
                  << "\n  to import it back: lode import " << exported.file << " -l " << layer << " -p "
                  << (project_.empty() ? "PROJECT" : project_) << " " << join(fields, " ") << "\n";
    }
}

} // namespace lode::cli
