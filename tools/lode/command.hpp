#pragma once
// One small class per subcommand (commands/NAME.hpp): setup() declares its options on a CLI11 App,
// check() applies the rules between options that CLI11 cannot declare (both parse only, opening
// nothing), run() calls the library and prints. main() is the only place errors are printed.
#include "lode/store/store.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace lode::cli {

class Command {
public:
    virtual ~Command() = default;
    virtual const char* examples() const = 0;
    virtual void setup(CLI::App& app) = 0;
    // After parsing, before run(): a CLI::ValidationError (a usage error) when options do not go together.
    virtual void check() const {}
    virtual int run() = 0;

protected:
    // --db PATH, defaulting to $LODE_DB, else ./lode.sqlite, and --wait SECONDS (how long to wait
    // while another program writes the store); with who_and_why, also --user and --note, which
    // the change history records for whatever the command writes.
    void add_db_option(CLI::App& app, bool who_and_why = true);
    // --user and --note alone, for the changes' record in `history` (e.g. "the copy's history").
    void add_who_and_why(CLI::App& app, const std::string& history, const std::string& example = "");
    // The store, with change_context() as the context of its write transactions.
    std::unique_ptr<Store> open_store() const;
    // --user (else $LODE_USER, else the login name, else $USER), --note, $LODE_NOW as the clock,
    // and --wait (with a note on stderr, when it is a terminal, once a wait has lasted a second).
    ChangeContext change_context() const;
    std::string db_path_;
    ChangeContext change_;
    int wait_seconds_ = 60;
};

// Only the CLI reads the environment; it hands the library what it finds.
// A variable's value; empty when it is unset.
std::string environment(const char* name);
// The folder of layer definitions: $LODE_LAYERS, else the library's default.
std::string layers_dir();
// A file of the shipped geodata as the environment places it: $variable, else `relative` in the
// geodata folder beside $LODE_LAYERS; empty when neither is set (the library's default applies).
std::string geodata_file(const char* variable, const std::string& relative);

// The canonical code of the project a --project option names (NotFound with close codes when
// unknown); nullopt when the option was not given.
std::optional<std::string> project_option(Store& store, const std::string& given);

// A command as `lode --help` lists it, and how to make one.
struct CommandEntry {
    const char* name;
    const char* description;
    std::unique_ptr<Command> (*make)();
};

// Every command, in the order of `lode --help` (the one list is commands.cpp).
const std::vector<CommandEntry>& commands();

// Adds the command as a subcommand of app: its description, options (setup) and examples.
CLI::App& add_command(CLI::App& app, const CommandEntry& entry, Command& command);

// --as-of TEXT as a history time (a bare date means its end); a usage error when it is none.
std::string parse_as_of(const std::string& text);
// When as_of is before the history began: a note that features older than the history are shown as they were then.
void print_history_began(std::ostream& out, Store& store, const std::string& as_of);

// Adds --format with the given choices (the first is the default) to app.
void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices);

} // namespace lode::cli
