// lode: track joint mineral-exploration programmes as spatial data.
#include "command.hpp"
#include "error_text.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <filesystem>

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
    std::vector<std::pair<CLI::App*, std::unique_ptr<lode::cli::Command>>> registered;
    for (const auto& entry : lode::cli::commands()) {
        auto command = entry.make();
        CLI::App& sub = lode::cli::add_command(app, entry, *command);
        registered.emplace_back(&sub, std::move(command));
    }
    if (argc > 1 && argv[1][0] != '-') {
        std::vector<std::string> names;
        for (const auto& entry : lode::cli::commands())
            names.push_back(entry.name);
        if (std::find(names.begin(), names.end(), argv[1]) == names.end()) {
            std::cerr << "lode: usage error: unknown command '" << lode::printable(argv[1]) << "'"
                      << lode::printable(lode::did_you_mean(argv[1], names)) << "; 'lode --help' lists them\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
            return app.exit(e);   // --help
        // A file whose name starts with '-' reads as an option: say how to name it.
        std::string dash_file;
        for (int i = 2; i < argc && dash_file.empty(); ++i)
            if (argv[i][0] == '-' && argv[i][1] != '\0' && std::filesystem::exists(argv[i]))
                dash_file = argv[i];
        std::cerr << "lode: usage error: " << lode::printable(e.what())
                  << (dash_file.empty() ? " (see 'lode COMMAND --help')"
                                        : " ('" + lode::printable(dash_file) + "' is read as an option: write ./" +
                                              lode::printable(dash_file) + ", or put it after --)")
                  << "\n";
        return 2;
    }
    try {
        for (auto& [sub, command] : registered)
            if (sub->parsed()) {
                command->check();
                return command->run();
            }
    } catch (const CLI::Error& e) {
        std::cerr << "lode: usage error: " << lode::printable(e.what()) << "\n";
        return 2;
    } catch (const lode::Error& e) {
        std::cerr << "lode: error: " << lode::cli::error_text(e) << "\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "lode: internal error: " << lode::printable(e.what()) << "\n";
        return 3;
    }
    return 2;
}
