#pragma once
// A feature of a layer as lode keeps it, whatever the backend: id, project, the kind's
// attributes, the source's other fields, and a geometry in EPSG:4326 WKB.
#include "lode/base/value.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <vector>

namespace lode {

struct BBox {
    double west = 0, south = 0, east = 0, north = 0;
};

// One feature of a layer. Geometry is WKB in EPSG:4326, longitude then latitude.
struct Feature {
    std::string id;
    std::string project;
    std::map<std::string, Value> attributes;   // the layer kind's fields
    nlohmann::json extra = nlohmann::json::object();   // source fields the kind does not define
    std::string imported_from;
    std::vector<unsigned char> wkb;
};

} // namespace lode
