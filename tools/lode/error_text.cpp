#include "error_text.hpp"

#include "lode/base/text.hpp"
#include "lode/export/vector_writer.hpp"

namespace lode::cli {

const char* option_name(Setting setting)
{
    switch (setting) {
    case Setting::all: return "--all";
    case Setting::at: return "--at";
    case Setting::bbox: return "--bbox";
    case Setting::crs: return "--crs";
    case Setting::date: return "--date";
    case Setting::dpi: return "--dpi";
    case Setting::field_map: return "--field";
    case Setting::home: return "--home";
    case Setting::id_field: return "--id-field";
    case Setting::labels: return "--labels";
    case Setting::layers: return "--layers";
    case Setting::now: return "LODE_NOW";
    case Setting::page: return "--page";
    case Setting::precision: return "--precision";
    case Setting::project: return "--project";
    case Setting::source_crs: return "--s-srs";
    case Setting::target_crs: return "--t-srs";
    case Setting::today: return "--today";
    case Setting::where: return "--where";
    case Setting::set_values: return "--set";
    case Setting::date_format: return "--date-format";
    case Setting::dry_run: return "--dry-run";
    case Setting::again: return "--again";
    case Setting::x_field: return "--x";
    case Setting::y_field: return "--y";
    case Setting::wait: return "--wait";
    case Setting::grid: return "--grid";
    case Setting::background: return "--background";
    case Setting::hillshade: return "--hillshade";
    case Setting::contours: return "--contours";
    case Setting::with_furniture: return "--with-furniture";
    case Setting::assay_columns: return "--assay-columns";
    case Setting::assay_units: return "--unit";
    case Setting::negative_is_below: return "--negative-is-bdl";
    case Setting::through: return "--through";
    case Setting::width: return "--width";
    case Setting::vertical_exaggeration: return "--vertical-exaggeration";
    case Setting::colour_by: return "--colour-by";
    case Setting::symbolise: return "--symbolise";
    case Setting::classes: return "--classes";
    case Setting::analytes: return "--analytes";
    case Setting::assays_long: return "--assays-long";
    case Setting::replace_results: return "--replace";
    }
    return "?";
}

namespace {

// The hint's words, as they follow the reason.
std::string hint_text(const Error& error)
{
    switch (error.hint()) {
    case Hint::none: return {};
    case Hint::make_valid: return " (repair it with --make-valid)";
    case Hint::on_duplicate: return " (use --on-duplicate skip or update)";
    case Hint::source_layer: return "; choose one with --src-layer";
    case Hint::source_crs: return "; say which with --s-srs (e.g. --s-srs EPSG:4326 for longitude/latitude in WGS 84)";
    case Hint::coordinate_columns: return " (name the coordinate columns with --x and --y, or give a WKT column)";
    case Hint::choose_layers: return " (choose the layers it applies to with --layers)";
    case Hint::one_layer: return ": choose one with --layers, or give a folder (-o DIR/) for one file per layer";
    case Hint::format: return "; give --format (" + join(vector_format_names(), ", ") + ")";
    case Hint::overwrite: return " (use --overwrite to replace it)";
    case Hint::create_store: return " (create one with 'lode init --db " + error.where().file + "')";
    case Hint::remove_store: return "; lode init never overwrites a store (remove it first)";
    case Hint::update_licence: return " (change it with 'lode licence update')";
    case Hint::add_licence: return " (it has none yet: import them, or add one with 'lode licence add')";
    case Hint::add_partner: return " (add it with 'lode partner add')";
    case Hint::add_first_partner: return " (no partners yet: add them with 'lode partner add')";
    case Hint::add_first_project: return " (the store has no projects yet: add one with 'lode project add')";
    case Hint::list_obligations: return " ('lode obligation list' shows their ids)";
    case Hint::map_all: return " (import some, then run lode map --all)";
    case Hint::give_home: return " (or give --home)";
    case Hint::longitude_first: return " (--at takes longitude first)";
    case Hint::later_changes: return " ('lode history LAYER:ID' lists a feature's changes; 'lode delete' removes features)";
    case Hint::with_features: return " (drop them with it with --with-features)";
    case Hint::set_value: return " (map a source field to it with --field, or give every feature a value with --set)";
    case Hint::date_format: return " (say how the source writes dates with --date-format, e.g. %d/%m/%Y, or excel)";
    case Hint::again: return " (import it again with --again)";
    case Hint::id_field: return " (name the source field holding the ids with --id-field)";
    case Hint::allow_outside: return " (check --s-srs; --allow-outside imports them anyway)";
    case Hint::give_source_crs: return "; give the CRS with --s-srs";
    case Hint::skip_empty: return " (skip them with --skip-empty)";
    case Hint::explode: return " (make each part a feature with --explode)";
    case Hint::wait: return " (close the other program, or wait longer with --wait SECONDS)";
    case Hint::page_too_big: return " (export them to a GeoPackage for QGIS with 'lode export -o FILE.gpkg', or select fewer with --project, --layers, --bbox or --where)";
    case Hint::grant_access: return " (the store's owner grants one: lode access grant ORGANISATION --login LOGIN [--project CODE] [--write])";
    case Hint::replace_results: return " (replace them with --replace; a re-assay names its own batch)";
    case Hint::stale_copy: return " ('lode history LAYER:ID' shows the change; export the layer again and edit the new copy, or write over the change with --force-update)";
    case Hint::install_scripts: return " (run tools/setup.sh, which downloads OpenLayers and geographiclib-geodesic into web/; or set LODE_WEB to a folder holding them)";
    }
    return {};
}

} // namespace

std::string suggested_options(Hint hint, const std::string& field)
{
    const std::string name = field.empty() ? "FIELD" : field;
    switch (hint) {
    case Hint::make_valid: return "--make-valid";
    case Hint::on_duplicate: return "--on-duplicate skip|update";
    case Hint::source_crs: return "--s-srs";
    case Hint::coordinate_columns: return "--x/--y";
    case Hint::set_value: return "--field " + name + "=COLUMN or --set " + name + "=VALUE";
    case Hint::date_format: return "--date-format";
    case Hint::again: return "--again";
    case Hint::id_field: return "--id-field";
    case Hint::allow_outside: return "--s-srs (or --allow-outside)";
    case Hint::give_source_crs: return "--s-srs";
    case Hint::skip_empty: return "--skip-empty";
    case Hint::explode: return "--explode";
    case Hint::replace_results: return "--replace";
    case Hint::stale_copy: return "--force-update";
    default: return {};
    }
}

namespace {

// How many features share the problem, worded for the hint that follows.
std::string share_text(const Error& error)
{
    const Share& share = error.share();
    if (share.features <= 0)
        return {};
    return "; " + std::to_string(share.features) + " of " + std::to_string(share.of) + " features " +
           (error.hint() == Hint::skip_empty ? "have none" : "have this problem");
}

} // namespace

std::string error_text(const Error& error)
{
    // Reasons quote data (file names, values): a control character or a byte that is not UTF-8
    // in it is shown escaped, so that the error stays one line and cannot drive the terminal.
    return printable(error.where().prefix() + word_mentions(error.reason(), option_name) + share_text(error) + hint_text(error) +
                     (error.note().empty() ? "" : " " + word_mentions(error.note(), option_name)));
}

} // namespace lode::cli
