#include "command.hpp"

#include "lode/base/text.hpp"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <unistd.h>

namespace lode::cli {

CLI::App& add_command(CLI::App& app, const CommandEntry& entry, Command& command)
{
    CLI::App* sub = app.add_subcommand(entry.name, entry.description);
    command.setup(*sub);
    // An option whose empty value would mean "not given" is refused rather than silently ignored.
    for (const char* name : {"--where", "--bbox", "--t-srs", "--s-srs", "--crs", "--at", "--to", "--within"})
        if (CLI::Option* option = sub->get_option_no_throw(name))
            option->check(CLI::Validator(
                [](std::string& value) { return value.empty() ? std::string("an empty value; give one, or leave the option out") : std::string(); },
                "", "NOT_EMPTY"));
    sub->footer(std::string("Examples:\n") + command.examples());
    return *sub;
}

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string layers_dir()
{
    const std::string given = environment("LODE_LAYERS");
    return given.empty() ? default_layers_dir() : given;
}

std::string geodata_file(const char* variable, const std::string& relative)
{
    if (std::string given = environment(variable); !given.empty())
        return given;
    if (const std::string layers = environment("LODE_LAYERS"); !layers.empty())
        return (std::filesystem::path(layers).parent_path() / "geodata" / relative).string();
    return {};
}

void Command::add_db_option(CLI::App& app, bool who_and_why)
{
    db_path_ = environment("LODE_DB");
    if (db_path_.empty())
        db_path_ = "lode.sqlite";
    app.add_option("--db", db_path_, "The lode store (default: $LODE_DB, else ./lode.sqlite)")
        ->option_text("PATH")
        ->capture_default_str();
    app.add_option("--wait", wait_seconds_,
                   "While another program (QGIS, sqlite3, another lode) is writing the store, wait up to SECONDS for it, then fail")
        ->option_text("SECONDS")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    if (who_and_why)
        add_who_and_why(app, "the history", " (e.g. \"assays re-run by the lab\")");
}

void Command::add_who_and_why(CLI::App& app, const std::string& history, const std::string& example)
{
    app.add_option("--user", change_.user, "Who makes the change, for " + history + " (default: $LODE_USER, else the login name)")
        ->option_text("NAME");
    app.add_option("--note", change_.note, "Why, for " + history + example)->option_text("TEXT");
}

ChangeContext Command::change_context() const
{
    ChangeContext context{change_.user, change_.note, environment("LODE_NOW")};
    context.wait_seconds = wait_seconds_;
    if (::isatty(STDERR_FILENO) == 1)
        context.waiting = [db = db_path_, seconds = wait_seconds_](const std::string& holder) {
            std::cerr << "lode: the store " << db << " is being written by another program"
                      << (holder.empty() ? "" : " (" + holder + ")") << "; waiting (up to " << seconds
                      << " s, see --wait)…" << std::endl;
        };
    for (const auto& fallback : {environment("LODE_USER"), login_name(), environment("USER"), std::string("unknown")})
        if (context.user.empty())
            context.user = fallback;
    return context;
}

std::unique_ptr<Store> Command::open_store() const { return lode::open_store(db_path_, change_context()); }

std::optional<std::string> project_option(Store& store, const std::string& given)
{
    if (given.empty())
        return std::nullopt;
    Project p;
    return store.require_project(given, p).code;
}

std::string parse_as_of(const std::string& text)
{
    if (auto at = parse_history_time(text, true))
        return *at;
    throw CLI::ValidationError("--as-of", "'" + text + "' is not a UTC date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
}

void print_history_began(std::ostream& out, Store& store, const std::string& as_of)
{
    const std::string began = store.history_began();
    if (as_of < began)
        out << "note: " << as_of << " is before history began (" << began
            << "): features that predate the history are shown as they were when it began\n";
}

void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices)
{
    format = choices.front();
    app.add_option("--format", format, "Output format: " + join(choices, ", "))
        ->check(CLI::IsMember(choices))
        ->option_text("FORMAT")
        ->capture_default_str();
}

} // namespace lode::cli
