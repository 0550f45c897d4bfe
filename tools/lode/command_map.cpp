#include "command.hpp"
#include "output.hpp"

#include "lode/map/render.hpp"
#include "lode/geo/quantity.hpp"
#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class Map final : public Command {
public:
    const char* name() const override { return "map"; }
    const char* description() const override
    {
        return "Draw a printable map (PDF, SVG or PNG) of programmes and layers on the country basemap";
    }
    const char* examples() const override
    {
        return "  lode map -o uz.pdf --project UZ-PEG\n"
               "  lode map -o au.png --project AU-CMM --page A3 --dpi 150 --title \"Pilbara drilling\"\n"
               "  lode map -o li.svg --layers samples --where \"li2o_pct >= 1.0\" --labels li2o_pct --portrait\n"
               "  lode map -o ng.pdf --project NG-LIP --crs EPSG:26391 --no-inset\n"
               "  lode map --all -o programmes.pdf\n"
               "  lode map --all -o programmes.png --home KIGAM --institutes geodata/institutes.csv";
    }

    void setup(CLI::App& app) override
    {
        add_db_option(app);
        app.add_option("-o,--output", options_.output, "The map to write: OUT.pdf, OUT.svg or OUT.png")
            ->required()
            ->option_text("OUT");
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
        app.add_option("--where", options_.where, "Only the features for which this filter holds, e.g. \"status = 'granted'\"")
            ->option_text("EXPR")
            ->excludes(all);
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
        app.add_option("--dpi", options_.dpi, "PNG resolution in dots per inch (default 200)")
            ->check(CLI::Range(36, 1200))
            ->option_text("N");
        app.add_option("--labels", options_.labels, "Label features with this field (default: the style's label field; 'none' for no labels)")
            ->option_text("FIELD");
        app.add_option("--date", options_.date, "The date printed on the map (default: today, UTC)")->option_text("YYYY-MM-DD");
        app.add_flag("--no-inset", no_inset_, "Leave out the overview inset");
        app.add_option("--basemap", options_.basemap, "The Natural Earth countries GeoPackage (default: geodata/basemap/countries_50m.gpkg, or $LODE_BASEMAP)")
            ->option_text("GPKG");
    }

    int run() override
    {
        if (!bbox_.empty())
            options_.bbox = parse_bbox(bbox_, true);
        options_.landscape = !portrait_;
        options_.inset = !no_inset_;
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
                  << " mm" << (report.format == MapFormat::png ? ", " + std::to_string(options_.dpi) + " dpi" : std::string()) << ")\n";
        std::cout << "projection: " << report.crs_name << "; scale bar " << report.scale_bar.label << "; labels "
                  << report.labels_placed << " placed, " << report.labels_dropped << " dropped to avoid overlaps\n";
        for (const auto& c : report.corridors)
            std::cout << "corridor " << c.from << " → " << c.to << ": " << format_number(c.km, 0) << " km (geodesic)\n";
        for (const auto& note : report.notes)
            std::cout << "note: " << note << "\n";
        return 0;
    }

private:
    MapOptions options_;
    std::string bbox_;
    bool landscape_ = false, portrait_ = false, no_inset_ = false;
};

} // namespace

const Registration registered{55, [] { return std::unique_ptr<Command>(std::make_unique<Map>()); }};

} // namespace lode::cli
