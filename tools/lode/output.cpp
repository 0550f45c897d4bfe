#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/shape.hpp"

#include <cmath>
#include <cstdio>

namespace lode::cli {

namespace {

std::string shorten(const std::string& text, std::size_t limit);

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

// An aligned table for people, read in a terminal: long texts are cut (CSV and JSON keep them whole).
void print_aligned(std::ostream& out, const std::vector<Column>& columns, const std::vector<std::vector<std::string>>& rows)
{
    auto shown = [](const std::string& text) { return shorten(text, 72); };
    std::vector<std::size_t> widths;
    for (const auto& c : columns)
        widths.push_back(display_width(c.name));
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
    std::vector<std::string> names;
    for (const auto& c : columns)
        names.push_back(c.name);
    line(names);
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

nlohmann::json rounded(nlohmann::json cell, int decimals)
{
    if (decimals >= 0 && cell.is_number_float()) {
        const double scale = std::pow(10.0, decimals);
        return std::round(cell.get<double>() * scale) / scale;
    }
    return cell;
}

std::string text_of(const nlohmann::json& cell, int decimals)
{
    if (cell.is_null())
        return "";
    if (cell.is_string())
        return cell.get<std::string>();
    if (cell.is_number_float())
        return format_number(cell.get<double>(), decimals >= 0 ? decimals : 9);
    return cell.dump();
}

class TableSink final : public RowSink {
public:
    TableSink(std::vector<Column> columns, std::ostream& out, bool count) : columns_(std::move(columns)), out_(out), count_(count) {}
    void row(std::vector<nlohmann::json> cells, const Wkb*) override
    {
        std::vector<std::string> texts;
        for (std::size_t i = 0; i < cells.size(); ++i)
            texts.push_back(text_of(cells[i], columns_[i].decimals));
        rows_.push_back(std::move(texts));
    }
    void finish() override
    {
        print_aligned(out_, columns_, rows_);
        if (count_)
            out_ << "(" << rows_.size() << (rows_.size() == 1 ? " row" : " rows") << ")\n";
    }

private:
    std::vector<Column> columns_;
    std::ostream& out_;
    bool count_;
    std::vector<std::vector<std::string>> rows_;
};

class CsvSink final : public RowSink {
public:
    CsvSink(std::vector<Column> columns, std::ostream& out) : columns_(std::move(columns)), out_(out)
    {
        for (std::size_t i = 0; i < columns_.size(); ++i)
            out_ << (i ? "," : "") << csv_cell(columns_[i].name);
        out_ << "\n";
    }
    void row(std::vector<nlohmann::json> cells, const Wkb*) override
    {
        line_.clear();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i)
                line_ += ',';
            line_ += csv_cell(text_of(cells[i], columns_[i].decimals));
        }
        line_ += '\n';
        out_.write(line_.data(), static_cast<std::streamsize>(line_.size()));
    }
    void finish() override { out_.flush(); }

private:
    std::vector<Column> columns_;
    std::ostream& out_;
    std::string line_;
};

class JsonSink final : public RowSink {
public:
    JsonSink(std::vector<Column> columns, std::ostream& out, bool geojson, bool pretty)
        : columns_(std::move(columns)), out_(out), geojson_(geojson), pretty_(pretty)
    {
        if (!pretty_)
            out_ << (geojson_ ? "{\"type\":\"FeatureCollection\",\"features\":[" : "[");
    }
    void row(std::vector<nlohmann::json> cells, const Wkb* geometry) override
    {
        nlohmann::ordered_json properties = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < cells.size(); ++i)
            properties[columns_[i].name] = rounded(cells[i], columns_[i].decimals);
        if (pretty_) {
            // As nlohmann's dump(2) of the whole array: each object indented by two more spaces.
            std::string text = properties.dump(2);
            for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
                text.insert(at + 1, "  ");
            out_ << (first_ ? "[\n  " : ",\n  ") << text;
            first_ = false;
            return;
        }
        out_ << (first_ ? "\n" : ",\n");
        first_ = false;
        if (!geojson_) {
            out_ << properties.dump();
            return;
        }
        out_ << "{\"type\":\"Feature\",\"geometry\":" << (geometry ? geojson_geometry(*geometry) : "null")
             << ",\"properties\":" << properties.dump() << "}";
    }
    void finish() override
    {
        if (pretty_)
            out_ << (first_ ? "[]\n" : "\n]\n");
        else
            out_ << (geojson_ ? "\n]}\n" : "\n]\n");
        out_.flush();
    }

private:
    std::vector<Column> columns_;
    std::ostream& out_;
    bool geojson_, pretty_;
    bool first_ = true;
};

double signed_area(const Path& ring)
{
    double sum = 0;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++)
        sum += (ring.x(j) - ring.x(i)) * (ring.y(j) + ring.y(i));
    return sum / 2;   // positive when anticlockwise
}

void append_path(std::string& out, const Path& path, bool reverse, int decimals)
{
    out += "[";
    char buffer[64];
    for (std::size_t k = 0; k < path.size(); ++k) {
        const std::size_t i = reverse ? path.size() - 1 - k : k;
        std::snprintf(buffer, sizeof buffer, "%s[%s,%s]", k ? "," : "", format_number(path.x(i), decimals).c_str(),
                      format_number(path.y(i), decimals).c_str());
        out += buffer;
    }
    out += "]";
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

std::unique_ptr<RowSink> make_row_sink(const std::string& format, std::vector<Column> columns, std::ostream& out)
{
    if (format == "table")
        return std::make_unique<TableSink>(std::move(columns), out, true);
    if (format == "csv")
        return std::make_unique<CsvSink>(std::move(columns), out);
    if (format == "json" || format == "geojson")
        return std::make_unique<JsonSink>(std::move(columns), out, format == "geojson", false);
    throw Error("unknown output format '" + format + "'");
}

std::string geojson_geometry(const Wkb& wkb, int decimals)
{
    const Shape shape = shape_from_wkb(wkb);
    std::string out;
    if (shape.kind == Shape::Kind::point) {
        if (shape.paths.size() == 1) {
            out = "{\"type\":\"Point\",\"coordinates\":[" + format_number(shape.x(), decimals) + "," +
                  format_number(shape.y(), decimals) + "]}";
            return out;
        }
        out = "{\"type\":\"MultiPoint\",\"coordinates\":[";
        for (std::size_t i = 0; i < shape.paths.size(); ++i)
            out += (i ? ",[" : "[") + format_number(shape.paths[i].x(0), decimals) + "," +
                   format_number(shape.paths[i].y(0), decimals) + "]";
        return out + "]}";
    }
    if (shape.kind == Shape::Kind::line) {
        out = "{\"type\":\"MultiLineString\",\"coordinates\":[";
        for (std::size_t i = 0; i < shape.paths.size(); ++i) {
            if (i)
                out += ",";
            append_path(out, shape.paths[i], false, decimals);
        }
        return out + "]}";
    }
    out = "{\"type\":\"MultiPolygon\",\"coordinates\":[";
    for (std::size_t p = 0; p < shape.polygons.size(); ++p) {
        out += p ? ",[" : "[";
        for (std::size_t r = 0; r < shape.polygons[p].size(); ++r) {
            const Path& ring = shape.paths[shape.polygons[p][r]];
            const bool anticlockwise = signed_area(ring) > 0;
            if (r)
                out += ",";
            append_path(out, ring, r == 0 ? !anticlockwise : anticlockwise, decimals);   // RFC 7946 §3.1.6
        }
        out += "]";
    }
    return out + "]}";
}

void Table::print(std::ostream& out, const std::string& format) const
{
    // The same writers as query results; numbers in a table or CSV show up to 6 decimals, in JSON whole.
    std::vector<Column> sink_columns;
    for (const auto& c : columns)
        sink_columns.push_back({c, format == "json" ? -1 : 6});
    std::unique_ptr<RowSink> sink;
    if (format == "table")
        sink = std::make_unique<TableSink>(std::move(sink_columns), out, false);
    else if (format == "json")
        sink = std::make_unique<JsonSink>(std::move(sink_columns), out, false, true);
    else
        sink = make_row_sink(format, std::move(sink_columns), out);
    for (const auto& row : rows)
        sink->row(row, nullptr);
    sink->finish();
}

} // namespace lode::cli
