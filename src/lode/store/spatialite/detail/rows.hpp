#pragma once
// Reading features out of a SpatiaLite layer table; shared by the store and its history.
#include "lode/geo/geos.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/store.hpp"

#include <string>

namespace lode {

std::string quoted_identifier(const std::string& identifier);

// SpatiaLite's own geometry BLOB (column `column` of s) as WKB; empty for NULL.
void spatialite_blob_to_wkb(const sqlite::Statement& s, int column, Wkb& out);

// WKB in EPSG:4326 as SpatiaLite's own geometry BLOB, byte for byte what GeomFromWKB(wkb, 4326)
// writes, framed without reading the geometry into an object; box: its MBR. Only for 2D
// little-endian (Multi)Point/LineString/Polygon WKB (what the importer makes); false for anything
// else, which GeomFromWKB then reads.
bool spatialite_blob_from_wkb(const Wkb& wkb, Wkb& blob, BBox& box);

// SELECT id, project, the kind's fields, extra, imported_from, geom[, fid] FROM layer; read_feature
// reads the geometry's BLOB as WKB (spatialite_blob_to_wkb).
std::string select_features(const LayerKind& kind, bool with_fid = false);
Feature read_feature(const sqlite::Statement& s, const LayerKind& kind);

} // namespace lode
