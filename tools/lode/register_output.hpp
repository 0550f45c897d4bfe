#pragma once
// Tables of the register shared by the licence, obligation, interest and due commands.
#include "output.hpp"

#include "lode/tracker.hpp"

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

} // namespace lode::cli
