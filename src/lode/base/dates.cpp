#include "lode/base/dates.hpp"

#include "lode/base/error.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <charconv>
#include <cstdio>
#include <ctime>

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

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Date civil_from_days(long z)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {static_cast<int>(yoe + era * 400 + (m <= 2)), m, d};
}
} // namespace

std::optional<Date> parse_date(std::string_view text)
{
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    Date date;
    if (!read_digits(text.substr(0, 4), date.year) || !read_digits(text.substr(5, 2), date.month) ||
        !read_digits(text.substr(8, 2), date.day))
        return std::nullopt;
    if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month))
        return std::nullopt;
    return date;
}

std::optional<std::string> parse_iso_date(std::string_view text)
{
    if (!parse_date(text))
        return std::nullopt;
    return std::string(text);
}

std::string to_string(const Date& date)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", date.year, date.month, date.day);
    return buffer;
}

Date add_months(const Date& from, int months, int anchor_day)
{
    const int index = from.year * 12 + (from.month - 1) + months;   // months since year 0
    Date out;
    out.year = index >= 0 ? index / 12 : (index - 11) / 12;
    out.month = index - out.year * 12 + 1;
    const int wanted = anchor_day > 0 ? anchor_day : from.day;
    out.day = std::min(wanted, days_in_month(out.year, out.month));
    return out;
}

long days_between(const Date& a, const Date& b)
{
    return days_from_civil(b.year, b.month, b.day) - days_from_civil(a.year, a.month, a.day);
}

Date add_days(const Date& date, long days) { return civil_from_days(days_from_civil(date.year, date.month, date.day) + days); }

Date today(const std::optional<std::string>& override_text, const std::string& option)
{
    if (override_text) {
        auto date = parse_date(*override_text);
        if (!date)
            throw InputError(option + ": '" + *override_text + "' is not a valid date (YYYY-MM-DD)");
        return *date;
    }
    // A deadline falls on a calendar day where the geologist is, not in UTC: localtime_r reads $TZ.
    tzset();
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return {local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

namespace {

constexpr const char* month_names[] = {"january", "february", "march",     "april",   "may",      "june",
                                       "july",    "august",   "september", "october", "november", "december"};

// Reads 1..max_digits digits at text[pos]; advances pos.
bool read_number(std::string_view text, std::size_t& pos, std::size_t min_digits, std::size_t max_digits, int& out)
{
    std::size_t end = pos;
    while (end < text.size() && end - pos < max_digits && text[end] >= '0' && text[end] <= '9')
        ++end;
    if (end - pos < min_digits)
        return false;
    read_digits(text.substr(pos, end - pos), out);
    pos = end;
    return true;
}

bool read_month_name(std::string_view text, std::size_t& pos, int& month)
{
    std::size_t end = pos;
    while (end < text.size() && std::isalpha(static_cast<unsigned char>(text[end])))
        ++end;
    std::string word(text.substr(pos, end - pos));
    for (auto& c : word)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word.size() < 3)
        return false;
    for (int m = 0; m < 12; ++m) {
        const std::string_view name = month_names[m];
        if (word == name || word == name.substr(0, 3) || (word == "sept" && m == 8)) {
            month = m + 1;
            pos = end;
            return true;
        }
    }
    return false;
}

} // namespace

std::optional<Date> parse_date_as(std::string_view text, std::string_view format)
{
    Date date{0, 0, 0};
    std::size_t pos = 0;
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%' || i + 1 == format.size()) {
            if (pos >= text.size() || text[pos] != format[i])
                return std::nullopt;
            ++pos;
            continue;
        }
        const char spec = format[++i];
        bool ok = false;
        switch (spec) {
        case 'd':
        case 'e': ok = read_number(text, pos, 1, 2, date.day); break;
        case 'm': ok = read_number(text, pos, 1, 2, date.month); break;
        case 'Y': ok = read_number(text, pos, 4, 4, date.year); break;
        case 'b':
        case 'B': ok = read_month_name(text, pos, date.month); break;
        case '%': ok = pos < text.size() && text[pos] == '%' && ++pos; break;
        default: return std::nullopt;
        }
        if (!ok)
            return std::nullopt;
    }
    if (pos < text.size() && !((text[pos] == ' ' || text[pos] == 'T') && pos + 1 < text.size() &&
                               std::isdigit(static_cast<unsigned char>(text[pos + 1]))))
        return std::nullopt;
    if (date.year < 1 || date.month < 1 || date.month > 12 || date.day < 1 || date.day > days_in_month(date.year, date.month))
        return std::nullopt;
    return date;
}

bool is_date_format(std::string_view format)
{
    auto has = [&](std::string_view spec) { return format.find(spec) != std::string_view::npos; };
    for (std::size_t i = format.find('%'); i != std::string_view::npos; i = format.find('%', i + 2))
        if (i + 1 == format.size() || std::string_view("demYbB%").find(format[i + 1]) == std::string_view::npos)
            return false;
    return has("%Y") && (has("%d") || has("%e")) && (has("%m") || has("%b") || has("%B"));
}

std::optional<Date> spreadsheet_serial_date(double serial)
{
    if (!std::isfinite(serial) || serial < 61 || serial >= 2958466)
        return std::nullopt;
    return add_days(Date{1899, 12, 30}, static_cast<long>(std::floor(serial)));
}

bool is_partial_date(std::string_view text)
{
    int year = 0, month = 0;
    if (text.size() == 4)
        return read_digits(text, year);
    if (text.size() == 7 && text[4] == '-')
        return read_digits(text.substr(0, 4), year) && read_digits(text.substr(5, 2), month) && month >= 1 && month <= 12;
    return parse_date(text).has_value();
}

} // namespace lode
