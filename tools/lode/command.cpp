#include "command.hpp"

#include "lode/text.hpp"

#include <cstdlib>

namespace lode::cli {

std::unique_ptr<Command> make_init();
std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_import();
std::unique_ptr<Command> make_layers();
std::unique_ptr<Command> make_show();
std::unique_ptr<Command> make_project();
std::unique_ptr<Command> make_partner();

std::vector<std::unique_ptr<Command>> make_commands()
{
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_init());
    commands.push_back(make_import());
    commands.push_back(make_layers());
    commands.push_back(make_show());
    commands.push_back(make_project());
    commands.push_back(make_partner());
    commands.push_back(make_info());
    return commands;
}

void Command::add_db_option(CLI::App& app)
{
    const char* env = std::getenv("LODE_DB");
    db_path_ = env && *env ? env : "lode.sqlite";
    app.add_option("--db", db_path_, "The lode store (default: $LODE_DB, else ./lode.sqlite)")
        ->option_text("PATH")
        ->capture_default_str();
}

std::unique_ptr<Store> Command::open_store() const { return lode::open_store(db_path_); }

void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices)
{
    format = choices.front();
    app.add_option("--format", format, "Output format: " + join(choices, ", "))
        ->check(CLI::IsMember(choices))
        ->option_text("FORMAT")
        ->capture_default_str();
}

} // namespace lode::cli
