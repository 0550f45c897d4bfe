#pragma once
// One small class per subcommand: setup() declares its options on a CLI11 App (parsing only,
// opening nothing), run() calls the library and prints. main() is the only place errors are printed.
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
    virtual const char* name() const = 0;
    virtual const char* description() const = 0;
    virtual const char* examples() const = 0;
    virtual void setup(CLI::App& app) = 0;
    virtual int run() = 0;

protected:
    // --db PATH, defaulting to $LODE_DB, else ./lode.sqlite; with who_and_why, also --user and
    // --note, which the change history records for whatever the command writes.
    void add_db_option(CLI::App& app, bool who_and_why = true);
    // The store, with change_context() as the context of its write transactions.
    std::unique_ptr<Store> open_store() const;
    // --user (else $LODE_USER, else the login name, else $USER), --note, and $LODE_NOW as the clock.
    ChangeContext change_context() const;
    std::string db_path_;
    ChangeContext change_;
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

// The registered commands in the order of `lode --help`.
std::vector<std::unique_ptr<Command>> make_commands();

// Each command_*.cpp registers its command with one static Registration; `order` sorts --help.
struct Registration {
    Registration(int order, std::unique_ptr<Command> (*make)());
};

// --as-of TEXT as a history time (a bare date means its end); a usage error when it is none.
std::string parse_as_of(const std::string& text);
// When as_of is before the history began: a note that features older than the history are shown as they were then.
void print_history_began(std::ostream& out, Store& store, const std::string& as_of);

// Adds --format with the given choices (the first is the default) to app.
void add_format_option(CLI::App& app, std::string& format, const std::vector<std::string>& choices);

} // namespace lode::cli
