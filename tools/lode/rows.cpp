#include "rows.hpp"

#include "command.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <filesystem>
#include <iostream>

namespace lode::cli {

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

OutputFile::OutputFile(std::string path, bool overwrite)
    : path_(std::move(path)), name_(std::filesystem::path(path_).filename().string())
{
    if (!overwrite && std::filesystem::exists(path_))
        throw InputError(path_ + ": already exists (use --overwrite to replace it)");
    try {
        staging_.emplace(std::filesystem::path(path_).parent_path(), name_);
    } catch (const std::filesystem::filesystem_error&) {
        throw InputError(path_ + ": cannot write here");
    }
    out_.open(*staging_ / name_, std::ios::binary);
    if (!out_)
        throw InputError(path_ + ": cannot write here");
}

void OutputFile::commit()
{
    out_.close();
    if (!out_)
        throw InputError(path_ + ": writing failed");
    try {
        staging_->commit(name_, path_);
    } catch (const std::filesystem::filesystem_error& e) {
        throw InputError(path_ + ": cannot move the finished file into place: " + e.code().message());
    }
}

void QueryOutput::add_options(CLI::App& app)
{
    add_format_option(app, format_, {"table", "csv", "json", "geojson"});
    app.add_option("-o,--output", output_,
                   "Write to FILE instead of stdout: .csv, .json, .geojson (or --format), or a .gpkg, .fgb, .shp or .kml with the geometries")
        ->option_text("FILE");
    app.add_flag("--overwrite", overwrite_, "Replace FILE if it exists (a symlink is written through: the file it leads to is replaced, the link kept; a device or FIFO is never replaced)");
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

} // namespace lode::cli
