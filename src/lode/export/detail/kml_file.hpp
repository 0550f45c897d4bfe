#pragma once
// A KML 2.2 file written as it goes, in time and memory that do not grow with what came before:
// VectorWriter's kml format (GDAL 3.6's LIBKML driver builds the whole document and takes
// quadratic time to write it, GDAL issue #10138; its KML driver writes no point styles).
//
//   <Document id="root_doc">
//     <Document id="LAYER">   one a layer, in the order added: its <name> (the title), <description>,
//                             a shared <Style id="LAYER.NAME"> for each style of the layer's table,
//                             a <Schema id="LAYER.schema"> of its fields (int, float or string)
//       <Placemark>           one a feature: <name> and <description> from the fields of those names
//                             (any case, as GDAL's drivers take them), <styleUrl>, the other fields
//                             set as <SimpleData> of its <ExtendedData>, the geometry as GDAL
//                             writes KML (a multi-geometry of one part as that part)
//
// Layers follow one another: a layer's features are written before the next layer is added.
#include "lode/base/value.hpp"
#include "lode/export/vector_writer.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace lode {

class KmlFile {
public:
    // Creates the file at path (Error naming it as shown when it cannot) and writes the document's start.
    KmlFile(const std::filesystem::path& path, std::string shown);
    KmlFile(const KmlFile&) = delete;
    KmlFile& operator=(const KmlFile&) = delete;

    // Ends the layer before, if any, and starts this one; returns its number (1, 2, …).
    std::size_t add_layer(const LayerSpec& spec);
    // A feature of layer number `layer`, which must be the latest (Error otherwise): values one per
    // field of its spec (NULL as monostate, left out), geometry in WGS 84 (null: none), style the
    // name of one of the layer's styles or empty.
    void write(std::size_t layer, const std::vector<Value>& values, const OGRGeometry* geometry, const std::string& style);
    // Ends the document and closes the file; Error when it could not be written whole.
    void close();

private:
    void flush();
    void end_layer();

    std::string shown_;                                    // the file's name in errors
    std::ofstream out_;
    std::string buffer_;                                   // written out at about 1 MB
    bool in_layer_ = false;
    std::string schema_url_;                               // "#LAYER.schema"
    std::vector<std::string> names_;                       // each field's name, escaped for an attribute
    std::vector<OGRFieldType> types_;
    int name_field_ = -1, description_field_ = -1;
    std::unordered_map<std::string, std::string> styles_;   // a style's name: its <styleUrl> element
    std::size_t layers_ = 0;
};

} // namespace lode
