#include "import.hpp"

#include "lode/schema/layer_kind.hpp"

#include <filesystem>
#include <iostream>

namespace lode::cli {

const char* ImportCommand::examples() const
{
    return "  lode import uz_prospects.geojson --layer prospects --project UZ-PEG\n"
           "  lode import ng_samples.csv --layer samples --project NG-LIP --s-srs EPSG:26391\n"
           "  lode import collars.csv -l drillholes -p AU-CMM --s-srs EPSG:7850 --id-field hole_id\n"
           "  lode import areas.shp -l survey_areas -p TZ-GRE --field commodities=commods --make-valid\n"
           "  lode import sheet.csv -l samples -p UZ-PEG --x E --y N --s-srs EPSG:28412 --on-duplicate update\n"
           "  lode import camps.gpkg -l occurrences -p UZ-PEG --skip-empty --explode";
}

void ImportCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("FILE", options_.file, "The source: any vector format GDAL reads")->required();
    app.add_option("-l,--layer", options_.layer, "Target layer (lode layers lists them)")->required()->option_text("LAYER");
    app.add_option("-p,--project", options_.project, "Project code the features belong to")->required()->option_text("CODE");
    app.add_option("--s-srs", options_.source_crs,
                   "Source CRS (EPSG:nnnn, PROJ string or WKT); required when the source declares none, overrides it otherwise")
        ->option_text("SRS");
    app.add_option("--src-layer", options_.source_layer, "Layer of a multi-layer source (e.g. a GeoPackage table)")
        ->option_text("NAME");
    auto* x = app.add_option("--x", options_.x_field, "CSV column with longitude or easting (default: detected by name)")
                  ->option_text("FIELD");
    auto* y = app.add_option("--y", options_.y_field, "CSV column with latitude or northing (default: detected by name)")
                  ->option_text("FIELD");
    x->needs(y);
    y->needs(x);
    app.add_option("--id-field", options_.id_field, "Source field holding the feature id (default: a field named 'id', else generated)")
        ->option_text("FIELD");
    app.add_option("--field", fields_, "Map a source field to a layer field (repeatable)")->option_text("TARGET=SOURCE");
    app.add_flag("--make-valid", options_.make_valid, "Repair invalid geometries with GEOS MakeValid (reported) instead of refusing them");
    app.add_option("--on-duplicate", on_duplicate_, "When a feature id is already in the layer: error, skip, or update (replaces its attributes, geometry and project)")
        ->check(CLI::IsMember({"error", "skip", "update"}))
        ->capture_default_str();
    // Geometry: the wrong-CRS guard, and features that do not fit the layer as they are.
    app.add_flag("--allow-outside", options_.allow_outside,
                 "Import features that land outside the project's host countries (50 km margin) or the source CRS's area of use");
    app.add_flag("--skip-empty", options_.skip_empty, "Skip features without geometry (counted) instead of refusing the file");
    app.add_flag("--explode", options_.explode,
                 "Make each point of a MultiPoint a feature of its own (ids suffixed -1, -2, ...), like ogr2ogr -explodecollections");
}

int ImportCommand::run()
{
    for (const auto& mapping : fields_) {
        const auto eq = mapping.find('=');
        if (eq == std::string::npos || eq == 0 || eq + 1 == mapping.size())
            throw CLI::ValidationError("--field", "'" + mapping + "' is not TARGET=SOURCE");
        options_.field_map.emplace_back(mapping.substr(0, eq), mapping.substr(eq + 1));
    }
    options_.on_duplicate = on_duplicate_ == "skip"     ? OnDuplicate::skip
                            : on_duplicate_ == "update" ? OnDuplicate::update
                                                        : OnDuplicate::error;
    options_.basemap = geodata_file("LODE_BASEMAP", "basemap/countries_50m.gpkg");
    if (options_.basemap.empty())
        options_.basemap = (std::filesystem::path(default_layers_dir()).parent_path() / "geodata/basemap/countries_50m.gpkg").string();
    if (!std::filesystem::exists(options_.basemap))
        options_.basemap.clear();   // installed without geodata: only the CRS's area of use is checked
    auto store = open_store();
    ProgressBar bar("importing " + std::filesystem::path(options_.file).filename().string());
    const auto report = import_features(*store, options_, [&](std::int64_t done, std::int64_t total) { bar.update(done, total); });
    bar.finish();
    std::cout << "imported " << options_.file << " into " << options_.layer << " (" << options_.project << "): "
              << report.read << " read, " << report.written << " written, " << report.updated << " updated, "
              << report.skipped << " skipped, " << report.repaired << " repaired in " << format_number(report.seconds, 2)
              << " s; from " << report.source_crs << (report.reprojected ? " to EPSG:4326" : "") << "\n";
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
    return 0;
}

} // namespace lode::cli
