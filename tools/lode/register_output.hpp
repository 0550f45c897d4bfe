#pragma once
// Tables of the register shared by the licence, obligation, interest and due commands.
#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/store/store.hpp"
#include "lode/store/register.hpp"
#include "lode/store/retry.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode::cli {

nlohmann::json optional_number(const std::optional<double>& value);
nlohmann::json text_or_null(const std::string& text);

Table obligation_table(const std::vector<Obligation>& obligations);

// A licence's or project's interests; `flags` gets one line per scope whose interests do not sum to 100 %.
Table interest_table(const std::vector<Interest>& interests, const char* scope_column, std::vector<std::string>& flags);

// Where a summary goes: after a table for people, on stderr beside CSV or JSON for programs.
void print_summary(const std::vector<std::string>& lines, const std::string& format);

// Calls add(row) for every row inside one write transaction: all rows or none. An error in a row
// read from a table (from: the --from FILE, empty for a row given by options) names the file and row.
// Run again when the server refuses the transaction as conflicting with other writers.
template <class Row, class Add>
void add_all_or_none(Store& store, std::vector<Row>& rows, const std::string& from, Add add)
{
    with_retries([&] {
        auto txn = store.begin_write();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            try {
                add(rows[i]);
            } catch (const RetryableError&) {
                throw;
            } catch (const Error& e) {
                if (from.empty())
                    throw;
                throw InputError(from + ": row " + std::to_string(i + 1) + ": " + e.where().prefix() + e.reason(), e.hint());
            }
        }
        txn->commit();
    });
}

} // namespace lode::cli
