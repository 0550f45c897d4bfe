#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lode {

// Parses a calendar date written YYYY-MM-DD (ISO 8601 extended), checking month lengths and
// leap years; returns nullopt for anything else, e.g. "2025-02-30" or "2025-2-3".
std::optional<std::string> parse_iso_date(std::string_view text);

bool is_leap_year(int year);
int days_in_month(int year, int month);

} // namespace lode
