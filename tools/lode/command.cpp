#include "command.hpp"

#include "lode/text.hpp"

#include <algorithm>
#include <cstdlib>

namespace lode::cli {

namespace {
std::vector<std::pair<int, std::unique_ptr<Command> (*)()>>& registry()
{
    static std::vector<std::pair<int, std::unique_ptr<Command> (*)()>> commands;
    return commands;
}
} // namespace

Registration::Registration(int order, std::unique_ptr<Command> (*make)()) { registry().emplace_back(order, make); }

std::vector<std::unique_ptr<Command>> make_commands()
{
    auto entries = registry();
    std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::unique_ptr<Command>> commands;
    for (const auto& [order, make] : entries)
        commands.push_back(make());
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
