// lode map --from FILE.json / --save FILE.json: a saved map definition (src/lode/map/definition.hpp)
// read in place of lode map's options, the options given on the command line replacing its own; and
// written from them.
#include "map.hpp"

#include "lode/base/error.hpp"
#include "lode/map/definition.hpp"

#include <iostream>

namespace lode::cli {

void MapCommand::check() const
{
    if (options_.output.empty() && from_.empty())
        throw CLI::ValidationError("--output", "give the map to write (-o OUT.pdf), or --from a saved definition");
}

void MapCommand::apply_definition()
{
    MapOptions m = read_map_definition(from_).map;
    const MapOptions& f = options_;   // as the command line gives them
    auto given = [this](const char* name) { return app_->count(name) > 0; };
    // Each option given replaces what the definition says for it (a list as a whole: --layers,
    // --background, --credit; --where and --labels their settings for every layer and for one).
    if (given("--output"))
        m.output = f.output;
    if (given("--all"))
        m.all = f.all;
    if (given("--home"))
        m.home = f.home;
    if (given("--institutes"))
        m.institutes = f.institutes;
    if (given("--project"))
        m.projects = f.projects;
    if (given("--layers"))
        m.layers = f.layers;
    if (given("--bbox"))
        m.bbox = f.bbox;
    if (given("--where")) {
        m.where = f.where;
        m.layer_where = f.layer_where;
    }
    if (given("--labels")) {
        m.labels = f.labels;
        m.layer_labels = f.layer_labels;
    }
    if (given("--symbolise") || given("--classes"))
        m.symbolise = f.symbolise;
    if (given("--crs"))
        m.crs = f.crs;
    if (given("--title"))
        m.title = f.title;
    if (given("--subtitle"))
        m.subtitle = f.subtitle;
    if (given("--page"))
        m.page = f.page;
    if (given("--landscape") || given("--portrait"))
        m.landscape = f.landscape;
    if (given("--background"))
        m.backgrounds = f.backgrounds;
    if (given("--hillshade"))
        m.hillshade = f.hillshade;
    if (given("--tint"))
        m.tint = f.tint;
    if (given("--contours"))
        m.contours = f.contours;
    if (given("--with-furniture"))
        m.with_furniture = f.with_furniture;
    if (given("--dpi"))
        m.dpi = f.dpi;
    if (given("--date"))
        m.date = f.date;
    if (given("--no-inset"))
        m.inset = f.inset;
    if (given("--grid"))
        m.grid = f.grid;
    if (given("--basemap"))
        m.basemap = f.basemap;
    if (given("--credit"))
        m.credits = f.credits;
    if (given("--bdl"))
        m.below_limit = f.below_limit;
    for (const char* drill : {"--no-traces", "--method", "--azimuth-ref", "--declination", "--grid-crs", "--intercepts",
                              "--table", "--min-length", "--max-dilution"})
        if (given(drill))
            m.drill = f.drill;   // the drillholes' settings as a whole
    if (m.output.empty())
        throw InputError(from_ + ": the definition names no output: give -o OUT");
    options_ = std::move(m);
}

void MapCommand::save_definition(const MapOptions& options) const
{
    if (save_.empty())
        return;
    write_map_definition(MapDefinition{map_definition_format, options}, save_);
    std::cout << "saved the map's definition to " << save_ << " (redraw it with: lode map --from " << save_ << ")\n";
}

} // namespace lode::cli
