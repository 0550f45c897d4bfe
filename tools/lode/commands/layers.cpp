#include "layers.hpp"

#include <iostream>

namespace lode::cli {

const char* LayersCommand::examples() const
{ return "  lode layers\n  lode layers --format json | jq '.[] | select(.features > 0)'"; }

void LayersCommand::setup(CLI::App& app)
{
    add_db_option(app);
    add_format_option(app, format_, {"table", "csv", "json"});
}

int LayersCommand::run()
{
    auto store = open_store();
    Table table{{"layer", "geometry", "features", "west", "south", "east", "north", "projects"}, {}};
    for (const auto& kind : store->layer_kinds()) {
        const auto s = store->summarise(kind.name);
        auto coordinate = [&](double v) { return s.extent ? nlohmann::json(std::stod(format_number(v, 6))) : nlohmann::json(); };
        table.rows.push_back({s.name, to_string(s.geometry), s.count, coordinate(s.extent ? s.extent->west : 0),
                              coordinate(s.extent ? s.extent->south : 0), coordinate(s.extent ? s.extent->east : 0),
                              coordinate(s.extent ? s.extent->north : 0), join(s.projects, ";")});
    }
    table.print(std::cout, format_);
    return 0;
}

} // namespace lode::cli
