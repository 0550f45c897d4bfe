#pragma once
// The attribute tables a GeoPackage export holds beside its layers: the projects and partners of
// the selection, and QGIS's layer_styles with a default style per layer.
#include "lode/export/vector_writer.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lode {

// The tables projects and partners (of selection's project, when given); returns how many rows each.
std::pair<std::int64_t, std::int64_t> write_project_tables(VectorWriter& writer, Store& store, const Selection& selection);

// The table QGIS itself writes styles to (QgsOgrProviderMetadata::saveStyle), one default row per
// layer kind; now: the update time (UTC, ISO 8601).
void write_layer_styles(VectorWriter& writer, const std::vector<const LayerKind*>& kinds, const std::string& now);

} // namespace lode
