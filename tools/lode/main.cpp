// lode: track joint mineral-exploration programmes as spatial data.
#include "command.hpp"
#include "error_text.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>

#include <iostream>

int main(int argc, char** argv)
{
    // lode writes stdout through iostreams only: unsynchronised, they buffer it themselves
    // instead of going through stdio's locks for every piece of every row.
    std::ios::sync_with_stdio(false);
    CLI::App app{"lode — track joint mineral-exploration programmes (licences, prospects, samples, drillholes) as spatial data"};
    app.require_subcommand(1, 1);
    app.footer("Run 'lode COMMAND --help' for a command's options and examples.\n"
               "Example:\n  lode init --db programmes.sqlite\n  lode import geodata/australia/au_occurrences.geojson --layer occurrences --project AU-CMM");
    auto commands = lode::cli::make_commands();
    std::vector<std::pair<CLI::App*, lode::cli::Command*>> registered;
    for (auto& command : commands) {
        CLI::App* sub = app.add_subcommand(command->name(), command->description());
        command->setup(*sub);
        sub->footer(std::string("Examples:\n") + command->examples());
        registered.emplace_back(sub, command.get());
    }
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> names;
        for (auto& [sub, command] : registered)
            names.push_back(command->name());
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::cerr << "lode: usage error: unknown command '" << argv[1] << "'" << lode::did_you_mean(argv[1], names)
                      << "; 'lode --help' lists them\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
            return app.exit(e);   // --help
        std::cerr << "lode: usage error: " << e.what() << " (see 'lode COMMAND --help')\n";
        return 2;
    }
    try {
        for (auto& [sub, command] : registered)
            if (sub->parsed())
                return command->run();
    } catch (const CLI::Error& e) {
        std::cerr << "lode: usage error: " << e.what() << "\n";
        return 2;
    } catch (const lode::Error& e) {
        std::cerr << "lode: error: " << lode::cli::error_text(e) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lode: internal error: " << e.what() << "\n";
        return 3;
    }
    return 2;
}
