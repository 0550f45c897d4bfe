#pragma once
// Streaming output of query results: an aligned table for people, CSV, JSON or RFC 7946 GeoJSON
// for programs, to stdout or to a file (-o) that appears only when complete.
#include "lode/geo/geos.hpp"
#include "lode/export/vector_writer.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace lode::cli {

struct Column {
    std::string name;
    int decimals = -1;   // numbers are rounded to this many places; -1 leaves them
    OGRFieldType type = OFTString;   // the field type in a GeoPackage, FlatGeobuf, Shapefile or KML
};

class RowSink {
public:
    virtual ~RowSink() = default;
    // cells in column order (null for empty); geometry in EPSG:4326 for GeoJSON, may be null
    virtual void row(std::vector<nlohmann::json> cells, const Wkb* geometry) = 0;
    virtual void finish() = 0;
};

std::unique_ptr<RowSink> make_row_sink(const std::string& format, std::vector<Column> columns, std::ostream& out);

// The format a path's extension names (csv, json, geojson), or "" when it names none of them.
std::string format_from_extension(const std::string& path);

// -o FILE: written to a temporary file beside it and renamed into place by commit(); removed
// if the command fails first. Refuses an existing file unless overwrite.
class OutputFile {
public:
    OutputFile(std::string path, bool overwrite);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile();
    std::ostream& stream() { return out_; }
    void commit();

private:
    std::string path_, temporary_;
    std::ofstream out_;
    bool committed_ = false;
};

// --format, -o FILE and --overwrite of a query command, declared once for all of them.
class QueryOutput {
public:
    void add_options(CLI::App& app);
    // --format, or when only -o is given, the format its extension names.
    std::string format() const;
    // The sink rows go to: stdout, or a temporary file that commit() renames into place. A
    // GeoPackage, FlatGeobuf, Shapefile or KML (-o by extension) is written through GDAL, as one
    // layer named `layer` of the given geometry type (wkbUnknown where it varies).
    std::unique_ptr<RowSink> open(std::vector<Column> columns, const std::string& layer = "result",
                                  OGRwkbGeometryType geometry = wkbUnknown);
    void commit();

private:
    bool to_vector_file() const;
    std::string format_, output_;
    bool overwrite_ = false;
    std::unique_ptr<OutputFile> file_;
    std::unique_ptr<VectorWriter> writer_;
};

// RFC 7946 geometry text (exterior rings anticlockwise, holes clockwise), 7 decimals (~1 cm).
std::string geojson_geometry(const Wkb& wkb, int decimals = 7);

} // namespace lode::cli
