#pragma once
// The one writer of tables and query results: an aligned table for people, CSV, JSON or RFC 7946
// GeoJSON for programs. Table holds a whole (small) table; a RowSink streams rows.
#include "lode/geo/geos.hpp"

#include <nlohmann/json.hpp>
#include <ogr_core.h>

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

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::json>> rows;   // null prints empty; numbers stay numbers in JSON

    void print(std::ostream& out, const std::string& format) const;
};

// Terminal columns a UTF-8 string takes (East Asian wide characters count two).
std::size_t display_width(const std::string& text);

// A number for people: up to `decimals` places, no trailing zeros.
std::string format_number(double value, int decimals);

// RFC 7946 geometry text (exterior rings anticlockwise, holes clockwise), 7 decimals (~1 cm).
std::string geojson_geometry(const Wkb& wkb, int decimals = 7);

} // namespace lode::cli
