#pragma once
// Reading features out of a SpatiaLite layer table; shared by the store and its history.
#include "lode/geo/geos.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/store.hpp"

#include <string>

namespace lode {

std::string quoted_identifier(const std::string& identifier);

// SpatiaLite's own geometry BLOB (column `column` of s) as WKB.
void spatialite_blob_to_wkb(const sqlite::Statement& s, int column, Wkb& out);

// SELECT id, project, the kind's fields, extra, imported_from, AsBinary(geom)[, fid] FROM layer.
std::string select_features(const LayerKind& kind, bool with_fid = false);
Feature read_feature(const sqlite::Statement& s, const LayerKind& kind);

} // namespace lode
