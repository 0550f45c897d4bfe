#pragma once
// A saved map definition: everything that made a map — the selection, the layers in order, each
// layer's filter, labels and classes, the backgrounds, hillshade and contours, the extent, CRS, grid,
// page, title, credits and the output — as a JSON document, so the same map can be drawn again
// (byte-identical for the same store and date). Its files (output, backgrounds, DEMs, basemap,
// institutes) are written relative to the definition's folder and read back against it. The format
// is versioned by its first key; reading checks every key (one error naming the file and the key for
// an unknown key, a wrong type or a bad value).
#include "lode/map/render.hpp"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace lode {

// The format this lode writes and reads: the value of the key "lode_map_definition".
inline constexpr int map_definition_format = 1;

struct MapDefinition {
    int format = map_definition_format;
    // What made the map. Its files are as the current folder reaches them; empty strings and no
    // extent mean the defaults (the extent of the features, today's date, the shipped basemap...).
    MapOptions map;
};

// The definition as JSON (the keys in a fixed order, every one written), files relative to folder.
nlohmann::ordered_json to_json(const MapDefinition& definition, const std::filesystem::path& folder);
// The definition a JSON document holds; file names the document in errors, and relative files are
// read against folder. InputError "FILE: key 'K': reason" for an unknown key, a value of the wrong
// type, a bad value, or a format this lode does not read.
MapDefinition map_definition_from_json(const nlohmann::ordered_json& document, const std::string& file,
                                       const std::filesystem::path& folder);

// Reads the definition at path (InputError naming path when it cannot be read or is not JSON).
MapDefinition read_map_definition(const std::string& path);
// Writes it at path, whole or not at all (base/atomic_output), files relative to path's folder.
void write_map_definition(const MapDefinition& definition, const std::string& path);

} // namespace lode
