#pragma once
// The countries of the shipped Natural Earth basemap (geodata/basemap/countries_50m.gpkg, layer
// `countries`, fields `iso_n3` and `name`): which country a point lies in, and whether a point lies
// in or near the countries given by ISO 3166-1 alpha-2 codes (Project::host_countries).
#include "lode/schema/feature.hpp"

#include <memory>
#include <string>
#include <vector>

class OGRGeometry;

namespace lode {

class Countries {
public:
    // Reads every country of the GeoPackage; throws InputError when it cannot be read.
    explicit Countries(const std::string& gpkg);
    Countries(const Countries&) = delete;
    Countries& operator=(const Countries&) = delete;
    ~Countries();

    // The name of the country containing the point ("Uzbekistan"), or empty (the sea).
    std::string name_at(double lon, double lat) const;

    // A set of countries with a margin around them.
    struct Area {
        std::vector<std::size_t> members;   // indices into the basemap
        std::string names;                  // "Uzbekistan", or "Uzbekistan and South Korea"
        BBox box;                           // of the countries, without the margin
        double margin_km = 0;
    };
    // The countries of the alpha-2 codes ("UZ"); a code the basemap lacks is left out (an empty Area
    // when none is there).
    Area area(const std::vector<std::string>& alpha2, double margin_km) const;
    // Whether the point lies in one of the area's countries or within (at least) its margin of one:
    // the margin is widened into degrees at the countries' most poleward latitude, so it may reach
    // further north and south than margin_km.
    bool contains(const Area& area, double lon, double lat) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Removes the parts of a basemap country that span more than half the world's longitudes, other
// than Antarctica's: artefacts of repairing a polygon across the antimeridian (Fiji), which drawn
// would streak across a map.
void drop_world_spanning_parts(OGRGeometry& country);

// The ISO 3166-1 numeric code of an alpha-2 code ("UZ" -> "860"), or empty when there is none.
std::string iso_numeric(const std::string& alpha2);

} // namespace lode
