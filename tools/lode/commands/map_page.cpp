// lode map -o PAGE.html: the interactive map page (src/lode/web), from lode map's options.
#include "map.hpp"

#include "lode/base/error.hpp"
#include "lode/map/raster_image.hpp"

#include <filesystem>
#include <iostream>

namespace lode::cli {

int MapCommand::run_page()
{
    if (options_.all || !options_.hillshade.file.empty() || !options_.contours.file.empty() ||
        !options_.crs.empty() || options_.grid != MapGrid::geographic || options_.with_furniture)
        throw CLI::ValidationError("--output",
                                   "an interactive page (.html) takes --project, --layers, --bbox, --where, --title, "
                                   "--subtitle, --date, --basemap and --background; --all, --crs, --grid, --hillshade, "
                                   "--contours and --with-furniture are for printed maps and GeoTIFFs");
    MapPageOptions page;
    page.output = options_.output;
    page.projects = options_.projects;
    page.layers = options_.layers;
    page.bbox = options_.bbox;
    page.where = options_.where;
    page.below_limit = options_.below_limit;
    page.title = options_.title;
    page.subtitle = options_.subtitle;
    page.today = options_.date;
    page.basemap = options_.basemap.empty() ? geodata_file("LODE_BASEMAP", "basemap/countries_50m.gpkg") : options_.basemap;
    // The page's scripts: $LODE_WEB, else web/ beside $LODE_LAYERS, else the library's default.
    page.scripts = environment("LODE_WEB");
    if (page.scripts.empty())
        if (const std::string layers = environment("LODE_LAYERS"); !layers.empty())
            page.scripts = (std::filesystem::path(layers).parent_path() / "web").string();
    // Each raster background as one PNG in web Mercator, at most 1024 pixels on its long side.
    std::vector<std::string> images;
    for (const auto& b : options_.backgrounds) {
        RasterImage image = raster_image(b.file, "EPSG:3857", 1024);
        images.push_back(std::filesystem::path(b.file).filename().string() + " " + std::to_string(image.width) + " × " +
                         std::to_string(image.height) + " px");
        page.backgrounds.push_back({std::filesystem::path(b.file).filename().string(), image.credit, std::move(image.png),
                                    image.width, image.height, image.min_x, image.min_y, image.max_x, image.max_y, b.opacity});
    }
    auto store = open_store();
    const MapPageReport report = write_map_page(*store, page);
    std::vector<std::string> layers;
    for (const auto& l : report.layers)
        layers.push_back(l.layer + " " + std::to_string(l.features));
    std::cout << "mapped " << join(layers, ", ") << " to " << report.output << " (an interactive page, "
              << format_number(static_cast<double>(report.bytes) / 1e6, 1) << " MB"
              << (report.cards ? ", " + std::to_string(report.cards) + " licences with their register card" : std::string())
              << ")\n";
    if (!images.empty())
        std::cout << "backgrounds (EPSG:3857): " << join(images, ", ") << "\n";
    for (const auto& note : report.notes)
        std::cout << "note: " << note << "\n";
    return 0;
}

} // namespace lode::cli
