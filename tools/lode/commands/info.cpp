#include "info.hpp"

#include <iostream>

namespace lode::cli {

const char* InfoCommand::examples() const
{ return "  lode info --db out/lode.sqlite\n  lode info --format json"; }

void InfoCommand::setup(CLI::App& app)
{
    add_db_option(app);
    add_format_option(app, format_, {"table", "csv", "json"});
}

int InfoCommand::run()
{
    auto store = open_store();
    Table table{{"item", "value"}, {}};
    table.rows.push_back({"store", store->location().display()});
    table.rows.push_back({"schema version", store->schema_version()});
    table.rows.push_back({"backend", store->backend_version()});
    table.rows.push_back({"projects", static_cast<std::int64_t>(store->projects().size())});
    table.rows.push_back({"layers", static_cast<std::int64_t>(store->layer_kinds().size())});
    const auto imports = store->imports();
    table.rows.push_back({"imports", static_cast<std::int64_t>(imports.size())});
    // Each by its number, which lode undo --import and lode delete --import take.
    for (const auto& i : imports)
        table.rows.push_back({"import " + std::to_string(i.id),
                              i.source + " into " + i.layer + " (" + i.project + ") at " + i.imported_at + ": " +
                                  std::to_string(i.written) + " written, " + std::to_string(i.updated) + " updated" +
                                  (i.undone_at.empty() ? "" : "; undone at " + i.undone_at + " by " + i.undone_by)});
    for (const auto& [library, version] : library_versions())
        table.rows.push_back({library, version});
    table.print(std::cout, format_);
    return 0;
}

} // namespace lode::cli
