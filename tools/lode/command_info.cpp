#include "command.hpp"
#include "output.hpp"

#include "lode/versions.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class Info final : public Command {
public:
    const char* name() const override { return "info"; }
    const char* description() const override { return "Show the store's path, schema version, imports and the library versions"; }
    const char* examples() const override { return "  lode info --db out/lode.sqlite\n  lode info --format json"; }

    void setup(CLI::App& app) override
    {
        add_db_option(app);
        add_format_option(app, format_, {"table", "csv", "json"});
    }

    int run() override
    {
        auto store = open_store();
        Table table{{"item", "value"}, {}};
        table.rows.push_back({"store", store->location().display()});
        table.rows.push_back({"schema version", store->schema_version()});
        table.rows.push_back({"backend", store->backend_version()});
        table.rows.push_back({"projects", static_cast<std::int64_t>(store->projects().size())});
        table.rows.push_back({"layers", static_cast<std::int64_t>(store->layer_kinds().size())});
        table.rows.push_back({"imports", static_cast<std::int64_t>(store->imports().size())});
        for (const auto& [library, version] : library_versions())
            table.rows.push_back({library, version});
        table.print(std::cout, format_);
        return 0;
    }

private:
    std::string format_;
};

} // namespace

const Registration registered{90, [] { return std::unique_ptr<Command>(std::make_unique<Info>()); }};

} // namespace lode::cli
