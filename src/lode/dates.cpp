#include "lode/dates.hpp"

#include <charconv>

namespace lode {

bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

namespace {
bool read_digits(std::string_view s, int& out)
{
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}
} // namespace

std::optional<std::string> parse_iso_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    int y = 0, m = 0, d = 0;
    if (!read_digits(text.substr(0, 4), y) || !read_digits(text.substr(5, 2), m) ||
        !read_digits(text.substr(8, 2), d))
        return std::nullopt;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return std::nullopt;
    return std::string(text);
}

} // namespace lode
