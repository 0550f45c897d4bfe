#pragma once
// Writing vector files through GDAL/OGR: the exports, and the results of the queries (-o).
//
// Nothing appears at OUT until commit(): every file is written into a temporary folder beside OUT
// and moved into place at the end, so a failed or interrupted write leaves no half-written file and
// never touches an existing OUT; an existing OUT is replaced only with `overwrite`. Geometries come
// in as the store's EPSG:4326 WKB and are reprojected to the target CRS (FromWgs84).
//
// Formats and what the writer does for each:
//   gpkg        one table per layer, attribute tables, spatial index; any CRS
//   geojson     RFC 7946: WGS 84 longitude/latitude, right-hand-rule polygons, no "crs" member,
//               coordinates to `precision` decimals (default 7, about 1 cm), ids as the Feature id
//   geojsonseq  RFC 8142 GeoJSON text sequence (each feature after an RS character; with the
//               extension .geojsonl: one feature per line, no RS), otherwise as geojson
//   shp         field names of at most 10 characters (longer ones are shortened and reported in
//               renamed()), text of at most 254 bytes (longer values are refused), UTF-8 (.cpg), .qix
//   kml         WGS 84; one <Document> per layer with its styles shared (written by lode as it goes,
//               export/detail/kml_file.hpp: GDAL 3.6's LIBKML driver takes quadratic time)
//   fgb         FlatGeobuf with its packed Hilbert R-tree; any CRS
//   csv         points as X,Y columns, other geometries as a WKT column; dates as YYYY-MM-DD text
// One-layer formats (geojson, geojsonseq, shp, fgb, csv) write one file, or a folder of one file per
// layer when OUT is a folder (ends with '/', exists as a folder, or has no extension).
//
// OUT "-" (or /dev/stdout) is standard output, for the formats that stream (geojson, geojsonseq,
// csv; the format given, one layer, no sidecar): written through GDAL's /vsistdout/ as it goes, so
// a failure part-way leaves part of the output written.
#include "lode/base/atomic_output.hpp"
#include "lode/geo/reprojection.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/store/store.hpp"
#include "lode/base/value.hpp"

#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

class KmlFile;

enum class VectorFormat { gpkg, geojson, geojsonseq, shp, kml, fgb, csv };

// "gpkg", "geojson", … in the order above.
const std::vector<std::string>& vector_format_names();
const char* to_string(VectorFormat format);
const char* format_title(VectorFormat format);   // for people: "GeoPackage", "Shapefile", …
// Throws InputError "unknown format 'x' (formats: …)".
VectorFormat parse_vector_format(const std::string& name);
// The format a path's extension names (.gpkg, .geojson/.json, .geojsons/.geojsonl, .shp, .kml, .fgb, .csv).
std::optional<VectorFormat> format_from_extension(const std::filesystem::path& path);
bool holds_several_layers(VectorFormat format);   // gpkg, kml
bool holds_tables(VectorFormat format);           // gpkg: layers without geometry
bool is_wgs84_only(VectorFormat format);          // geojson, geojsonseq, kml
bool streams(VectorFormat format);                // geojson, geojsonseq, csv: can be written to standard output
// Whether a path names standard output: "-" or /dev/stdout.
bool is_stdout_path(const std::string& path);

struct WriterOptions {
    std::string path;                     // OUT
    std::optional<VectorFormat> format;   // empty: from OUT's extension
    bool overwrite = false;
    std::string target_crs;               // --t-srs (EPSG:nnnn, PROJ string or WKT); empty: EPSG:4326
    // Coordinate decimals in the output CRS's unit. Default: 7 (degrees) or 3 (metres) for the text
    // formats (geojson, geojsonseq, kml, csv); the binary formats keep full precision unless given.
    std::optional<int> precision;
    std::optional<BBox> extent;           // where the data lie: the transformation is chosen and checked for it
};

struct FieldSpec {
    std::string name;
    OGRFieldType type = OFTString;
    OGRFieldSubType subtype = OFSTNone;
    int width = 0;
    bool not_null = false;
    bool unique = false;
    std::string default_value;            // OGR's form, e.g. CURRENT_TIMESTAMP
};

// A layer kind's field as written: integer → Integer64, real → Real, date → Date, others → String.
FieldSpec field_spec(const FieldDef& field);
// A field of this name and type (text by default).
FieldSpec field_spec(const std::string& name, OGRFieldType type = OFTString, OGRFieldSubType subtype = OFSTNone);

struct LayerSpec {
    std::string name;
    OGRwkbGeometryType geometry = wkbNone;   // wkbNone: an attribute table (gpkg only)
    std::vector<FieldSpec> fields;
    std::string id_field;                    // the feature id: GeoJSON's "id" member, named in errors
    std::string title;                       // gpkg_contents identifier, KML Document name
    std::string description;
    // Named styles a feature's style refers to, in the format's own terms (KML: the content of a
    // <Style> element, written once as a shared style of the layer); the other formats have none.
    std::vector<std::pair<std::string, std::string>> styles;
};

// A field written under another name because the format limits names (Shapefile: 10 characters).
struct FieldRename {
    std::string layer;
    std::string field;
    std::string written_as;
};

class VectorWriter {
public:
    explicit VectorWriter(const WriterOptions& options);
    VectorWriter(const VectorWriter&) = delete;
    VectorWriter& operator=(const VectorWriter&) = delete;
    ~VectorWriter();   // removes the temporary folder and all in it unless committed

    VectorFormat format() const { return format_; }
    const std::string& path() const { return options_.path; }
    // True when OUT is one file of a one-layer format: a second add_layer() is refused.
    bool holds_one_layer() const { return !holds_several_layers(format_) && !folder_; }
    // True when OUT is standard output ("-" or /dev/stdout).
    bool to_stdout() const { return stdout_; }
    const FromWgs84& reprojection() const { return *reprojection_; }

    // Adds a layer and returns its number for write(); throws InputError when the format cannot hold it.
    std::size_t add_layer(const LayerSpec& spec);
    // An attribute table (a layer without geometry): a table of the file where the format holds
    // tables (GeoPackage); otherwise a CSV file beside the others, NAME.csv in a folder or
    // OUT-stem_NAME.csv beside one file, written and moved into place with them. InputError for
    // standard output, which holds one table.
    std::size_t add_table(const LayerSpec& spec);
    // values: one per field of the layer's spec (NULL as monostate; dates as YYYY-MM-DD text).
    // wkb: EPSG:4326, empty for a table or a feature without geometry. style: the name of one of the
    // layer's styles (KML) or empty. Throws InputError for a value or geometry the format cannot hold.
    void write(std::size_t layer, const std::vector<Value>& values, const Wkb& wkb, const std::string& style = {});
    // As above, with the geometry already read from the WKB (null for none); the writer takes it over.
    void write(std::size_t layer, const std::vector<Value>& values, GeometryPtr geometry, const std::string& style = {});
    // Metadata items (GeoPackage: gpkg_metadata, referenced from the file or the layer's table; KML: none).
    void set_metadata(const std::string& key, const std::string& value);
    void set_layer_metadata(std::size_t layer, const std::string& key, const std::string& value);
    // A small file beside the layer's file: extension ".qml" gives OUT-stem.qml.
    void add_sidecar(std::size_t layer, const std::string& extension, const std::string& content);

    const std::vector<FieldRename>& renamed() const { return renamed_; }
    // Where the layer's data file ends up (OUT, or OUT/LAYER.ext in a folder).
    std::string file_of(std::size_t layer) const;

    // Closes the files and moves them into place; returns every path written, each data file
    // followed by its parts (.shx, .dbf, .qml …).
    std::vector<std::string> commit();

private:
    struct Layer;
    GDALDataset& create_dataset(const std::string& file_name, VectorFormat format);
    std::size_t create_layer(const LayerSpec& spec, VectorFormat format, GDALDataset& dataset, const std::string& file);
    std::filesystem::path file_for(const std::string& layer_name) const;

    WriterOptions options_;
    VectorFormat format_;
    bool folder_ = false;                           // OUT is a folder of one file per layer
    bool stdout_ = false;                           // OUT is standard output: no temporary folder
    std::filesystem::path destination_;             // the folder the files end up in
    std::optional<AtomicOutput> temporary_;         // where they are written; empty once committed
    std::unique_ptr<FromWgs84> reprojection_;
    std::optional<int> precision_;
    std::vector<Dataset> datasets_;
    std::unique_ptr<KmlFile> kml_;                  // the KML file, written by lode (not GDAL)
    std::vector<GDALDataset*> in_transaction_;      // datasets with a transaction open
    std::vector<std::unique_ptr<Layer>> layers_;
    std::vector<std::string> data_files_;           // names in temporary_, in order of creation
    std::vector<std::string> sidecars_;
    std::vector<FieldRename> renamed_;
    bool committed_ = false;
};

} // namespace lode
