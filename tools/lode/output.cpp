#include "output.hpp"

#include <cstdio>

namespace lode::cli {

namespace {

std::string shorten(const std::string& text, std::size_t limit);

std::string cell_text(const nlohmann::json& cell)
{
    if (cell.is_null())
        return "";
    if (cell.is_string())
        return cell.get<std::string>();
    if (cell.is_number_float())
        return format_number(cell.get<double>(), 6);
    return cell.dump();
}

bool is_wide(char32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

// At most `limit` terminal columns, cut at a character boundary and marked with an ellipsis.
std::string shorten(const std::string& text, std::size_t limit)
{
    if (display_width(text) <= limit)
        return text;
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        std::size_t length = 1;
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0xF0)
            length = 4;
        else if (byte >= 0xE0)
            length = 3;
        else if (byte >= 0xC0)
            length = 2;
        std::string next = out + text.substr(i, length);
        if (display_width(next) > limit - 1)
            break;
        out = std::move(next);
        i += length;
    }
    return out + "…";
}

} // namespace

std::size_t display_width(const std::string& text)
{
    std::size_t width = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const int length = byte < 0x80 ? 1 : byte >> 5 == 0x6 ? 2 : byte >> 4 == 0xE ? 3 : byte >> 3 == 0x1E ? 4 : 1;
        char32_t c = length == 1 ? byte : byte & (0x3F >> (length - 1));
        for (int k = 1; k < length && i + k < text.size(); ++k)
            c = (c << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        width += is_wide(c) ? 2 : 1;
        i += length;
    }
    return width;
}

std::string csv_quote(const std::string& text)
{
    if (text.find_first_of(",\"\n\r") == std::string::npos)
        return text;
    std::string out = "\"";
    for (char c : text) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

std::string format_number(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    std::string out = buffer;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0')
            out.pop_back();
        if (out.back() == '.')
            out.pop_back();
    }
    return out == "-0" ? "0" : out;
}

void Table::print(std::ostream& out, const std::string& format) const
{
    if (format == "json") {
        nlohmann::ordered_json array = nlohmann::ordered_json::array();
        for (const auto& row : rows) {
            nlohmann::ordered_json object = nlohmann::ordered_json::object();
            for (std::size_t i = 0; i < columns.size(); ++i)
                object[columns[i]] = row[i];
            array.push_back(std::move(object));
        }
        out << array.dump(2) << "\n";
        return;
    }
    if (format == "csv") {
        for (std::size_t i = 0; i < columns.size(); ++i)
            out << (i ? "," : "") << csv_quote(columns[i]);
        out << "\n";
        for (const auto& row : rows) {
            for (std::size_t i = 0; i < row.size(); ++i)
                out << (i ? "," : "") << csv_quote(cell_text(row[i]));
            out << "\n";
        }
        return;
    }
    // People read tables in a terminal: long texts are cut (CSV and JSON keep them whole).
    auto shown = [](const nlohmann::json& cell) { return shorten(cell_text(cell), 72); };
    std::vector<std::size_t> widths;
    for (const auto& c : columns)
        widths.push_back(display_width(c));
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], display_width(shown(row[i])));
    auto line = [&](const std::vector<std::string>& cells) {
        std::string text;
        for (std::size_t i = 0; i < cells.size(); ++i) {
            text += cells[i];
            if (i + 1 < cells.size())
                text += std::string(widths[i] - display_width(cells[i]) + 2, ' ');
        }
        text.erase(text.find_last_not_of(' ') + 1);
        out << text << "\n";
    };
    line(columns);
    std::vector<std::string> rule;
    for (auto w : widths)
        rule.push_back(std::string(w, '-'));
    line(rule);
    for (const auto& row : rows) {
        std::vector<std::string> cells;
        for (const auto& cell : row)
            cells.push_back(shown(cell));
        line(cells);
    }
}

} // namespace lode::cli
