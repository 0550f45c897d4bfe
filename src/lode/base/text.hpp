#pragma once
// Small text helpers shared by the library (UTF-8 passes through untouched).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lode {

std::string_view trim(std::string_view s);
std::string lower(std::string_view s);   // ASCII letters only; other bytes unchanged
std::vector<std::string> split_any(std::string_view s, std::string_view separators);
std::string join(const std::vector<std::string>& parts, std::string_view separator);
std::size_t edit_distance(std::string_view a, std::string_view b);
// A whole finite number (surrounding spaces allowed), or nothing.
std::optional<double> parse_number(std::string_view text);

// 1000000 → "1,000,000" (digits grouped by three): counts a reader takes in at a glance.
std::string grouped(long long n);

// The current UTC time formatted by strftime, e.g. "%Y-%m-%d".
std::string utc_now(const char* format);

// A cell of a CSV file (RFC 4180): quoted, with quotes doubled, when it holds a comma, a quote, a line
// break or leading or trailing spaces (which readers that trim would otherwise lose).
std::string csv_cell(const std::string& text);

// Text safe inside XML and HTML content and attribute values: & < > " ' escaped; a control
// character XML 1.0 does not allow (C0 but tab, line feed and carriage return) as U+FFFD, the
// replacement character (a file's text may hold one; no XML reader would read the file).
std::string xml_escape(const std::string& text);
// The same appended to out (no string made per value: KML's placemarks).
void append_xml_escaped(std::string& out, std::string_view text);

// The length of the valid UTF-8 sequence starting at text[at] (1 to 4), or 0 when the bytes there
// are not one (a stray continuation byte, a truncated or overlong sequence, a surrogate, > U+10FFFF).
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);
// The offset of the first byte that is not valid UTF-8, or npos when the text is valid.
std::size_t invalid_utf8_at(std::string_view text);
// Text safe to show on one terminal line: control characters (C0, DEL, C1) and bytes that are not
// valid UTF-8 written as \xNN; valid UTF-8 otherwise unchanged.
std::string printable(std::string_view text);

// The candidates closest to text (edit distance), for "did you mean" hints.
std::vector<std::string> closest(std::string_view text, const std::vector<std::string>& candidates,
                                 std::size_t limit = 3);

// The tail of a message about an unknown name: " (did you mean: a, b?)" with the candidates
// closest to text (limit 1: " (did you mean 'a'?)"), else " (<others>: every candidate)" when
// others is given, else empty. separator joins names (names holding commas take "; ").
std::string did_you_mean(std::string_view text, const std::vector<std::string>& candidates,
                         std::string_view others = {}, std::size_t limit = 3, std::string_view separator = ", ");

} // namespace lode
