#include "rows.hpp"

#include "command.hpp"
#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/shape.hpp"
#include "lode/base/text.hpp"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace lode::cli {

namespace {

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
    TableSink(std::vector<Column> columns, std::ostream& out) : columns_(std::move(columns)), out_(out)
    {
        for (const auto& c : columns_)
            table_.columns.push_back(c.name);
    }
    void row(std::vector<nlohmann::json> cells, const Wkb*) override
    {
        std::vector<nlohmann::json> shown;
        for (std::size_t i = 0; i < cells.size(); ++i)
            shown.emplace_back(text_of(cells[i], columns_[i].decimals));
        table_.rows.push_back(std::move(shown));
    }
    void finish() override
    {
        table_.print(out_, "table");
        out_ << "(" << table_.rows.size() << (table_.rows.size() == 1 ? " row" : " rows") << ")\n";
    }

private:
    std::vector<Column> columns_;
    std::ostream& out_;
    Table table_;
};

class CsvSink final : public RowSink {
public:
    CsvSink(std::vector<Column> columns, std::ostream& out) : columns_(std::move(columns)), out_(out)
    {
        for (std::size_t i = 0; i < columns_.size(); ++i)
            out_ << (i ? "," : "") << csv_quote(columns_[i].name);
        out_ << "\n";
    }
    void row(std::vector<nlohmann::json> cells, const Wkb*) override
    {
        line_.clear();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i)
                line_ += ',';
            line_ += csv_quote(text_of(cells[i], columns_[i].decimals));
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
    JsonSink(std::vector<Column> columns, std::ostream& out, bool geojson)
        : columns_(std::move(columns)), out_(out), geojson_(geojson)
    {
        out_ << (geojson_ ? "{\"type\":\"FeatureCollection\",\"features\":[" : "[");
    }
    void row(std::vector<nlohmann::json> cells, const Wkb* geometry) override
    {
        nlohmann::ordered_json properties = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < cells.size(); ++i)
            properties[columns_[i].name] = rounded(cells[i], columns_[i].decimals);
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
        out_ << (geojson_ ? "\n]}\n" : "\n]\n");
        out_.flush();
    }

private:
    std::vector<Column> columns_;
    std::ostream& out_;
    bool geojson_;
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

std::unique_ptr<RowSink> make_row_sink(const std::string& format, std::vector<Column> columns, std::ostream& out)
{
    if (format == "table")
        return std::make_unique<TableSink>(std::move(columns), out);
    if (format == "csv")
        return std::make_unique<CsvSink>(std::move(columns), out);
    if (format == "json" || format == "geojson")
        return std::make_unique<JsonSink>(std::move(columns), out, format == "geojson");
    throw Error("unknown output format '" + format + "'");
}

std::string format_from_extension(const std::string& path)
{
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    if (ext == ".csv")
        return "csv";
    if (ext == ".json")
        return "json";
    if (ext == ".geojson")
        return "geojson";
    if (ext == ".txt")
        return "table";
    return "";
}

// TODO(atomic): the temporary-then-rename of -o FILE, to be base/'s one atomic-output helper.
OutputFile::OutputFile(std::string path, bool overwrite)
    : path_(std::move(path)), temporary_(path_ + ".tmp-" + std::to_string(::getpid()))
{
    if (!overwrite && std::filesystem::exists(path_))
        throw InputError(path_ + ": already exists (use --overwrite to replace it)");
    out_.open(temporary_, std::ios::binary);
    if (!out_)
        throw InputError(path_ + ": cannot write here");
}

OutputFile::~OutputFile()
{
    if (!committed_) {
        out_.close();
        std::error_code ignored;
        std::filesystem::remove(temporary_, ignored);
    }
}

void OutputFile::commit()
{
    out_.close();
    if (!out_)
        throw InputError(path_ + ": writing failed");
    std::filesystem::rename(temporary_, path_);
    committed_ = true;
}

void QueryOutput::add_options(CLI::App& app)
{
    add_format_option(app, format_, {"table", "csv", "json", "geojson"});
    app.add_option("-o,--output", output_,
                   "Write to FILE instead of stdout: .csv, .json, .geojson (or --format), or a .gpkg, .fgb, .shp or .kml with the geometries")
        ->option_text("FILE");
    app.add_flag("--overwrite", overwrite_, "Replace FILE if it exists");
}

// Rows as features of one layer of a vector file written through GDAL.
class VectorSink final : public RowSink {
public:
    VectorSink(VectorWriter& writer, const std::vector<Column>& columns, const std::string& layer, OGRwkbGeometryType geometry)
        : writer_(writer)
    {
        LayerSpec spec;
        spec.name = layer;
        spec.geometry = geometry;
        for (const auto& c : columns) {
            FieldSpec field;
            field.name = c.name;
            field.type = c.type;
            spec.fields.push_back(field);
        }
        layer_ = writer_.add_layer(spec);
    }
    void row(std::vector<nlohmann::json> cells, const Wkb* geometry) override
    {
        std::vector<Value> values;
        for (const auto& cell : cells) {
            if (cell.is_null())
                values.emplace_back();
            else if (cell.is_number_integer())
                values.emplace_back(cell.get<std::int64_t>());
            else if (cell.is_number())
                values.emplace_back(cell.get<double>());
            else
                values.emplace_back(cell.is_string() ? cell.get<std::string>() : cell.dump());
        }
        writer_.write(layer_, values, geometry ? *geometry : Wkb());
    }
    void finish() override {}

private:
    VectorWriter& writer_;
    std::size_t layer_ = 0;
};

bool QueryOutput::to_vector_file() const
{
    if (output_.empty() || !format_from_extension(output_).empty())
        return false;
    return lode::format_from_extension(std::filesystem::path(output_)).has_value();
}

std::string QueryOutput::format() const
{
    if (to_vector_file())
        return "geojson";   // rows carry their geometry
    if (output_.empty() || format_ != "table")
        return format_;
    const std::string from_extension = format_from_extension(output_);
    if (from_extension.empty())
        throw InputError(output_ + ": cannot tell the format from the extension (.csv, .json, .geojson, .gpkg, .fgb, .shp, .kml)");
    return from_extension;
}

std::unique_ptr<RowSink> QueryOutput::open(std::vector<Column> columns, const std::string& layer, OGRwkbGeometryType geometry)
{
    if (to_vector_file()) {
        WriterOptions options;
        options.path = output_;
        options.overwrite = overwrite_;
        writer_ = std::make_unique<VectorWriter>(options);
        return std::make_unique<VectorSink>(*writer_, columns, layer, geometry);
    }
    const std::string chosen = format();
    if (!output_.empty())
        file_ = std::make_unique<OutputFile>(output_, overwrite_);
    return make_row_sink(chosen, std::move(columns), file_ ? file_->stream() : std::cout);
}

void QueryOutput::commit()
{
    if (file_)
        file_->commit();
    if (writer_)
        writer_->commit();
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

} // namespace lode::cli
