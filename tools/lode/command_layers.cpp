#include "command.hpp"
#include "output.hpp"

#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class Layers final : public Command {
public:
    const char* name() const override { return "layers"; }
    const char* description() const override { return "List the layers: geometry type, feature count, extent and projects"; }
    const char* examples() const override { return "  lode layers\n  lode layers --format json | jq '.[] | select(.features > 0)'"; }

    void setup(CLI::App& app) override
    {
        add_db_option(app);
        add_format_option(app, format_, {"table", "csv", "json"});
    }

    int run() override
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

private:
    std::string format_;
};

} // namespace

const Registration registered{30, [] { return std::unique_ptr<Command>(std::make_unique<Layers>()); }};

} // namespace lode::cli
