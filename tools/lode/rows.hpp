#pragma once
// Where query results go: stdout, a file (-o) that appears only when complete, or a vector file
// written through GDAL; rows are written by output.hpp's writers.
#include "output.hpp"

#include "lode/base/atomic_output.hpp"
#include "lode/export/vector_writer.hpp"

#include <optional>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace lode::cli {

// The format a path's extension names (csv, json, geojson), or "" when it names none of them.
std::string format_from_extension(const std::string& path);

// -o FILE: written to a temporary file beside it and renamed into place by commit(); removed
// if the command fails first. Refuses an existing file unless overwrite.
class OutputFile {
public:
    OutputFile(std::string path, bool overwrite);
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    std::ostream& stream() { return out_; }
    void commit();

private:
    std::string path_, name_;
    std::optional<AtomicOutput> staging_;   // where the file is written until commit(); gone with it
    std::ofstream out_;                     // closed before staging_ goes
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

} // namespace lode::cli
