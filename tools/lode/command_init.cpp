#include "command.hpp"

#include "lode/schema/layer_kind.hpp"
#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class Init final : public Command {
public:
    const char* name() const override { return "init"; }
    const char* description() const override { return "Create a new, empty lode store (SpatiaLite) with the built-in layer kinds"; }
    const char* examples() const override
    {
        return "  lode init --db out/programmes.sqlite\n"
               "  LODE_DB=team.sqlite lode init --layers my-layers/";
    }

    void setup(CLI::App& app) override
    {
        add_db_option(app);
        layers_dir_ = layers_dir();
        app.add_option("--layers", layers_dir_, "Folder of layer definitions (*.json) and commodities.json")
            ->option_text("DIR")
            ->capture_default_str();
    }

    int run() override
    {
        auto store = create_store(db_path_, layers_dir_, change_context());
        std::vector<std::string> names;
        for (const auto& kind : store->layer_kinds())
            names.push_back(kind.name);
        std::cout << "created " << db_path_ << " (schema version " << store->schema_version() << ", "
                  << store->backend_version() << ")\nlayers: " << join(names, ", ") << "\n";
        return 0;
    }

private:
    std::string layers_dir_;
};

} // namespace

const Registration registered{10, [] { return std::unique_ptr<Command>(std::make_unique<Init>()); }};

} // namespace lode::cli
