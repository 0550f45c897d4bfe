#pragma once
// Calendar dates: ISO text, month arithmetic for recurring deadlines, and "today" where the user is.
#include "lode/base/error.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace lode {

// Parses a calendar date written YYYY-MM-DD (ISO 8601 extended), checking month lengths and
// leap years; returns nullopt for anything else, e.g. "2025-02-30" or "2025-2-3".
std::optional<std::string> parse_iso_date(std::string_view text);

bool is_leap_year(int year);
int days_in_month(int year, int month);

struct Date {
    int year = 1970, month = 1, day = 1;

    friend auto operator<=>(const Date&, const Date&) = default;
};

std::optional<Date> parse_date(std::string_view text);   // YYYY-MM-DD, checked as parse_iso_date
std::string to_string(const Date& date);                  // YYYY-MM-DD

// The date `months` calendar months later (earlier when negative), on the series' anchor day
// clamped to the month's length: a deadline anchored on the 31st falls on the last day of each
// shorter month and back on the 31st after it (2024-01-31 + 1 = 2024-02-29, + 2 = 2024-03-31).
// anchor_day 0 means from.day.
Date add_months(const Date& from, int months, int anchor_day = 0);

// Days from a to b (negative when b is earlier).
long days_between(const Date& a, const Date& b);
Date add_days(const Date& date, long days);

// Today's calendar date in the local time zone ($TZ), or the override when given; an override
// that is not a date throws InputError naming `option` (a mention of the setting that gave it).
Date today(const std::optional<std::string>& override_text = std::nullopt, const std::string& option = mention(Setting::today));

// A date written as format says, strftime-style: %d and %m (one or two digits), %Y (four digits),
// %b/%B (English month names, any case), %% and other characters literally, e.g. "%d/%m/%Y" reads
// 14/05/2024. A time after the date (from a space or 'T' on) is allowed and dropped. The date is
// checked (month lengths, leap years); nullopt when the text does not match.
std::optional<Date> parse_date_as(std::string_view text, std::string_view format);

// Whether text is a format parse_date_as takes (at least %d, %m or %b, and %Y).
bool is_date_format(std::string_view format);

// The date of a spreadsheet serial day number (Excel's and LibreOffice's 1900 system, day 0 =
// 1899-12-30): 45000 is 2023-03-15. A fraction (the time of day) is dropped; serials before
// 61 (1900-03-01, where Excel's phantom 29 February 1900 shifts the count) or after 2958465
// (9999-12-31) give nullopt.
std::optional<Date> spreadsheet_serial_date(double serial);

// A date that public sources often give only in part: YYYY, YYYY-MM or YYYY-MM-DD, checked.
bool is_partial_date(std::string_view text);

} // namespace lode
