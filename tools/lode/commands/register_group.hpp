#pragma once
// What the register's groups (project, partner, obligation, interest, milestone, term) share: an
// `add` subcommand that takes one row by options or every row of a table (--from FILE), and a
// `list` subcommand that prints the rows as a table, CSV or JSON.
#include "command.hpp"

#include <functional>
#include <string>
#include <vector>

namespace lode::cli {

class RegisterGroup : public Command {
protected:
    // `add` (or `set`): --db, --user and --note, the row's options, --from FILE (a CSV table with
    // these columns), and its examples.
    CLI::App& add_add(CLI::App& app, const char* name, const std::string& help, const std::function<void(CLI::App&)>& row_options,
                      const std::string& columns, const char* examples);
    // `list`: --db, its filters, --format table, csv or json, and its examples.
    CLI::App& add_list(CLI::App& app, const std::string& help, const std::function<void(CLI::App&)>& filters, const char* examples);
    // A usage error when `add` was given a row by options (given) and --from FILE, or neither.
    void check_one_source(bool given, const std::string& by_options) const;
    // The rows `add` adds: the one given by options, or every row of --from FILE.
    template <class Row, class Read>
    std::vector<Row> rows_to_add(const Row& given, Read read) const
    {
        return from_.empty() ? std::vector<Row>{given} : read(from_);
    }

    CLI::App* add_ = nullptr;
    CLI::App* list_ = nullptr;
    std::string from_, format_;
};

} // namespace lode::cli
