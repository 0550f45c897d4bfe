#include "init.hpp"

#include <iostream>

namespace lode::cli {

const char* InitCommand::examples() const
{
    return "  lode init --db out/programmes.sqlite\n"
           "  LODE_DB=team.sqlite lode init --layers my-layers/\n"
           "  lode init --db 'postgresql://geologist@db.example.org/exploration?schema=lode'";
}

void InitCommand::setup(CLI::App& app)
{
    add_db_option(app);
    layers_dir_ = layers_dir();
    app.add_option("--layers", layers_dir_, "Folder of layer definitions (*.json) and commodities.json")
        ->option_text("DIR")
        ->capture_default_str();
}

int InitCommand::run()
{
    auto store = create_store(db_path_, layers_dir_, change_context());
    std::vector<std::string> names;
    for (const auto& kind : store->layer_kinds())
        names.push_back(kind.name);
    // A file as given; a server's store without its user or password.
    const std::string created = store->location().is_file() ? db_path_ : store->location().display();
    std::cout << "created " << created << " (schema version " << store->schema_version() << ", "
              << store->backend_version() << ")\nlayers: " << join(names, ", ") << "\n";
    return 0;
}

} // namespace lode::cli
