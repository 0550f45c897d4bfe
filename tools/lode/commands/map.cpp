#include "map.hpp"
#include "below_limit.hpp"
#include "lode/store/assay_values.hpp"

#include "lode/base/error.hpp"

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <optional>

namespace lode::cli {

const char* MapCommand::examples() const
{
    return "  lode map -o uz.pdf --project UZ-PEG\n"
           "  lode map -o au.png --project AU-CMM --page A3 --dpi 150 --title \"Pilbara drilling\"\n"
           "  lode map -o li.svg --layers samples --where \"li2o_pct >= 1.0\" --labels li2o_pct --portrait\n"
           "  lode map -o holes.pdf --project AU-CMM --layers drillholes --intercepts li2o_pct:0.5,1,1.5 --max-dilution 2\n"
           "  lode map -o ng.pdf --project NG-LIP --crs EPSG:26391 --no-inset\n"
           "  lode map -o plan.pdf --project AU-CMM --layers drillholes --grid both\n"
           "  lode map -o plan.tif --project AU-CMM --layers drillholes --dpi 300\n"
           "  lode map -o programme.html --project TZ-GRE     (an interactive page, opens with no network)\n"
           "  lode map -o programme.html --project TZ-GRE --background geology.tif:0.7\n"
           "  lode map -o fig3.pdf --project UZ-PEG --hillshade dem.tif --credit \"DEM: SRTM (NASA)\" --save fig3.json\n"
           "  lode map --from fig3.json -o fig3-a3.pdf --page A3\n"
           "  lode map --all -o programmes.pdf\n"
           "  lode map --all -o programmes.png --home KIGAM --institutes geodata/institutes.csv";
}

void MapCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app_ = &app;
    app.add_option("-o,--output", options_.output, "The map to write: OUT.pdf, OUT.svg, OUT.png, OUT.tif (a GeoTIFF of the map face in the map's CRS) or OUT.html (an interactive page, self-contained); with --from, default the definition's")
        ->option_text("OUT");
    app.add_option("--from", from_,
                   "Draw the map a saved definition (--save) describes; the options given beside it replace "
                   "the definition's (e.g. -o other.pdf, --date)")
        ->option_text("FILE.json");
    app.add_option("--save", save_,
                   "Also write the map's definition (selection, layers, styles, rasters, extent, CRS, page, "
                   "title, credits, output) to FILE.json, to draw it again with --from")
        ->option_text("FILE.json");
    app.add_option("--credit", options_.credits, "A credit line of your own on the map (repeatable), after the data's and the rasters'")
        ->option_text("TEXT");
    auto* all = app.add_flag("--all", options_.all,
                             "The programmes' overview: every project's area of interest on a world map, the home "
                             "institute joined to its partners by geodesics (the cooperation corridor)");
    app.add_option("--home", options_.home,
                   "With --all: the home institute, by short name or organisation (default: the row marked home=yes "
                   "in the institutes table)")
        ->option_text("NAME")
        ->needs(all);
    app.add_option("--institutes", options_.institutes,
                   "With --all: the institutes' sourced coordinates (default: geodata/institutes.csv, or $LODE_INSTITUTES)")
        ->option_text("CSV")
        ->needs(all);
    app.add_option("-p,--project", options_.projects, "Map this programme (repeat for several; default: all)")
        ->option_text("CODE")
        ->excludes(all);
    app.add_option("-l,--layers", options_.layers, "Layers to draw, comma-separated (default: every layer with features)")
        ->delimiter(',')
        ->option_text("L1,L2")
        ->excludes(all);
    app.add_option("--bbox", bbox_, "The map's extent in degrees (default: the features' with a margin); W > E crosses the antimeridian")
        ->option_text("W,S,E,N")
        ->excludes(all);
    app.add_option("--where", wheres_,
                   "Only the features for which this filter holds, e.g. \"status = 'granted'\"; LAYER:EXPR for one "
                   "layer (repeatable; it replaces the filter for all layers on that one)")
        ->option_text("[LAYER:]EXPR")
        ->excludes(all);
    add_bdl_option(app, bdl_);
    app.add_option("--symbolise", symbolise_,
                   "Graduated symbols: colour the layer's features by the classes of a numeric field or an assay "
                   "analyte (ANALYTE_UNIT, e.g. samples:Li_ppm), the classes in the legend (repeatable, one per layer)")
        ->option_text("LAYER:FIELD")
        ->excludes(all);
    app.add_option("--classes", classes_,
                   "The classes of --symbolise: quantile:N, jenks:N (natural breaks) or breaks:B1,B2,... (default "
                   "quantile:5); one for every --symbolise, or one each in their order")
        ->option_text("METHOD");
    app.add_option("--crs", options_.crs,
                   "Draw in this CRS (EPSG:nnnn or a PROJ string; default: the UTM zone of the centre for a district, "
                   "else a Lambert azimuthal equal-area projection centred on the region)")
        ->option_text("SRS");
    app.add_option("--title", options_.title, "Title (default: the programmes' names)")->option_text("TEXT");
    app.add_option("--subtitle", options_.subtitle, "Subtitle (default: the programme codes and layers)")->option_text("TEXT");
    app.add_option("--page", options_.page, "Page size: A4, A3 or letter")
        ->check(CLI::IsMember({"A4", "A3", "letter"}, CLI::ignore_case))
        ->option_text("SIZE");
    auto* landscape = app.add_flag("--landscape", landscape_, "Landscape page (the default)");
    app.add_flag("--portrait", portrait_, "Portrait page")->excludes(landscape);
    app.add_option("--background", backgrounds_,
                   "A raster under the vectors (any file GDAL reads: GeoTIFF, JPEG2000, VRT, MBTiles...), warped to "
                   "the map's CRS at the output's resolution, with an opacity from 0 to 1 (default 1); repeat for "
                   "several, drawn in order; on a page (.html) one PNG each in web Mercator, at most 1024 px a side and "
                   "3 MB in all")
        ->option_text("FILE[:OPACITY]");
    auto* hillshade = app.add_option("--hillshade", hillshade_,
                   "Shade this DEM (GDAL's hillshade: light from azimuth 315°, altitude 45°) under the vectors, with "
                   "an opacity (default 0.5)")
        ->option_text("DEM[:OPACITY]");
    app.add_flag("--tint", options_.tint,
                 "With --hillshade: colour the DEM by height under the shading (a hypsometric tint, GDAL's colour "
                 "relief: green lowlands to white tops of what is in view)")
        ->needs(hillshade);
    app.add_option("--contours", contours_, "Contours of this DEM every INTERVAL (in its height unit), labelled")
        ->option_text("DEM:INTERVAL");
    app.add_flag("--with-furniture", options_.with_furniture,
                 "With -o OUT.tif: the whole page (title, legend, scale bar...), georeferenced, not only the map face");
    app.add_option("--dpi", options_.dpi, "PNG and GeoTIFF resolution in dots per inch (default 200)")
        ->check(CLI::Range(36, 1200))
        ->option_text("N");
    app.add_option("--labels", labels_,
                   "Label features with this field (default: the style's label field; 'none' for no labels); "
                   "LAYER:FIELD for one layer (repeatable; it replaces the field for all layers on that one)")
        ->option_text("[LAYER:]FIELD");
    app.add_option("--date", options_.date, "The date printed on the map (default: today, UTC)")->option_text("YYYY-MM-DD");
    app.add_flag("--no-inset", no_inset_, "Leave out the overview inset");
    app.add_option("--grid", grid_,
                   "The grid: geographic (meridians and parallels, the default), projected (round eastings and "
                   "northings in km or m, for a map in a projected CRS) or both")
        ->check(CLI::IsMember({"geographic", "projected", "both"}))
        ->option_text("KIND");
    app.add_option("--basemap", options_.basemap, "The Natural Earth countries GeoPackage (default: geodata/basemap/countries_50m.gpkg, or $LODE_BASEMAP)")
        ->option_text("GPKG");
    drill_.add(app);
}

namespace {

// FILE[:NUMBER]: the number after the last colon when it is one; else the whole text is the file.
std::pair<std::string, std::optional<double>> file_and_number(const std::string& text)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0)
        return {text, std::nullopt};
    const std::string tail = text.substr(colon + 1);
    char* end = nullptr;
    const double v = std::strtod(tail.c_str(), &end);
    if (tail.empty() || *end != '\0')
        return {text, std::nullopt};
    return {text.substr(0, colon), v};
}

// "LAYER:TEXT" when TEXT is given for one layer (a name of letters, digits and '_' before the first
// colon, which no filter expression or field name starts with); else an empty layer.
std::pair<std::string, std::string> layer_and_text(const std::string& text)
{
    const auto colon = text.find(':');
    if (colon == std::string::npos || colon == 0)
        return {{}, text};
    const std::string name = text.substr(0, colon);
    for (std::size_t i = 0; i < name.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(name[i]);
        if (!(std::isalpha(c) || c == '_' || (i > 0 && std::isdigit(c))))
            return {{}, text};
    }
    return {name, text.substr(colon + 1)};
}

// The --where or --labels values: one for all layers at most, and LAYER:TEXT ones.
void per_layer(const std::vector<std::string>& values, const char* option, std::string& all,
               std::vector<std::pair<std::string, std::string>>& own)
{
    for (const auto& v : values) {
        auto [layer, text] = layer_and_text(v);
        if (!layer.empty()) {
            own.emplace_back(layer, text);
        } else if (!all.empty()) {
            throw InputError(std::string(option) + ": given twice for all layers ('" + all + "', '" + v +
                             "'); write LAYER:" + (std::string(option) == "--where" ? "EXPR" : "FIELD") + " for one layer");
        } else {
            all = v;
        }
    }
}

} // namespace

int MapCommand::run()
{
    per_layer(wheres_, "--where", options_.where, options_.layer_where);
    per_layer(labels_, "--labels", options_.labels, options_.layer_labels);
    options_.below_limit = bdl_rule(bdl_);
    if (!classes_.empty() && classes_.size() != 1 && classes_.size() != symbolise_.size())
        throw InputError("--classes: give one for every --symbolise, or one each (" + std::to_string(symbolise_.size()) +
                         " --symbolise, " + std::to_string(classes_.size()) + " --classes)");
    for (std::size_t i = 0; i < symbolise_.size(); ++i) {
        auto [layer, field] = layer_and_text(symbolise_[i]);
        if (layer.empty() || field.empty())
            throw InputError("--symbolise: '" + symbolise_[i] + "' is not LAYER:FIELD (e.g. samples:Li_ppm)");
        MapSymbolise s{layer, field, {}};
        if (!classes_.empty())
            s.classes = parse_classes(classes_[classes_.size() == 1 ? 0 : i]);
        options_.symbolise.push_back(s);
    }
    if (symbolise_.empty() && !classes_.empty())
        throw InputError("--classes: applies to --symbolise LAYER:FIELD, which is not given");
    for (const auto& b : backgrounds_) {
        const auto [file, opacity] = file_and_number(b);
        options_.backgrounds.push_back({file, opacity.value_or(1.0)});
    }
    if (!hillshade_.empty()) {
        const auto [file, opacity] = file_and_number(hillshade_);
        options_.hillshade = {file, opacity.value_or(0.5)};
    }
    if (!contours_.empty()) {
        const auto [file, interval] = file_and_number(contours_);
        if (!interval)
            throw InputError(mention(Setting::contours) + ": '" + contours_ + "' gives no interval (DEM:INTERVAL, e.g. dem.tif:50)");
        options_.contours = {file, *interval};
    }
    if (!bbox_.empty())
        options_.bbox = parse_bbox(bbox_, true);
    options_.landscape = !portrait_;
    options_.inset = !no_inset_;
    options_.grid = grid_ == "projected" ? MapGrid::projected : grid_ == "both" ? MapGrid::both : MapGrid::geographic;
    drill_.apply(options_);
    if (!from_.empty())
        apply_definition();
    const MapOptions asked = options_;   // before the defaults: what --save records
    if (is_map_page(options_.output)) {
        const int status = run_page();
        save_definition(asked);
        return status;
    }
    if (options_.basemap.empty())
        options_.basemap = geodata_file("LODE_BASEMAP", "basemap/countries_50m.gpkg");
    if (options_.institutes.empty())
        options_.institutes = geodata_file("LODE_INSTITUTES", "institutes.csv");
    auto store = open_store();
    const MapReport report = render_map(*store, options_);
    std::vector<std::string> layers;
    for (const auto& l : report.layers)
        layers.push_back(l.layer + " " + std::to_string(l.features));
    if (options_.all)
        layers.push_back(std::to_string(report.corridors.size()) + " corridors");
    std::cout << "mapped " << join(layers, ", ") << " to " << report.output << " ("
              << format_number(report.page.width_pt / 72 * 25.4, 0) << " × " << format_number(report.page.height_pt / 72 * 25.4, 0)
              << " mm" << (report.format == MapFormat::png || report.format == MapFormat::tif ? ", " + std::to_string(options_.dpi) + " dpi" : std::string()) << ")\n";
    std::cout << "projection: " << report.crs_name << "; scale bar " << report.scale_bar.label << "; labels "
              << report.labels_placed << " placed, " << report.labels_dropped << " dropped to avoid overlaps\n";
    drill_.print(std::cout, options_, report);
    for (const auto& c : report.corridors)
        std::cout << "corridor " << c.from << " → " << c.to << ": " << format_number(c.km, 0) << " km (geodesic)\n";
    for (const auto& note : report.notes)
        std::cout << "note: " << note << "\n";
    bool analytes = names_analytes(*store, options_.where, options_.layers);
    for (const auto& [layer, where] : options_.layer_where)
        analytes = analytes || names_analytes(*store, where, {layer});
    for (const auto& s : options_.symbolise)
        analytes = analytes || assay_name(store->layer_kind(s.layer), s.field).has_value();
    if (analytes)
        print_bdl_note(std::cout, options_.below_limit);
    if (report.left_out.count)
        std::cerr << "left out of the extent: " << to_string(report.left_out) << "; give --bbox W,S,E,N to include it\n";
    save_definition(asked);
    return 0;
}

} // namespace lode::cli
