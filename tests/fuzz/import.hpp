#pragma once
// The import path (import/importer.*) on one fuzzed file, shared by import_csv.cpp and
// import_geojson.cpp: the input's first byte chooses how it is imported (the layer, whether the
// source's CRS is given, the wrong-CRS guard's basemap, a dry run), the rest is the file. Each
// input goes into a fresh store: a copy of one made at start (test layers points and areas, project
// TEST hosted in UZ). A refused file must leave the store unchanged; an accepted one must have
// written what the report says.
#include "fuzz.hpp"
#include "lode/import/importer.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace fuzz {

namespace fs = std::filesystem;

struct Place {
    fs::path dir;
    Place()
    {
        std::string pattern = (fs::temp_directory_path() / "lode-fuzz-XXXXXX").string();
        dir = ::mkdtemp(pattern.data());
        lode::create_spatialite_store((dir / "template.sqlite").string(), LODE_SOURCE_DIR "/tests/data/layers",
                                      lode::current_schema_version);
        lode::open_spatialite_store((dir / "template.sqlite").string())
            ->add_project({"TEST", "Test programme", "UZ", "Li", "MOU", "", "", ""});
    }
    ~Place() { fs::remove_all(dir); }
};

inline std::int64_t feature_count(lode::Store& store, const std::string& layer)
{
    lode::Reading reading;
    reading.geometry = lode::Reading::Geometry::none;
    std::int64_t count = 0;
    store.scan(layer, {}, reading, [&](lode::ScanRow&) {
        ++count;
        return true;
    });
    return count;
}

inline void import_one(const std::uint8_t* data, std::size_t size, const char* extension)
{
    static const Place place;
    if (size == 0)
        return;
    const std::uint8_t how = data[0];
    const fs::path store_path = place.dir / "store.sqlite";
    const fs::path file = place.dir / (std::string("input") + extension);
    fs::copy_file(place.dir / "template.sqlite", store_path, fs::copy_options::overwrite_existing);
    std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data + 1),
                                                                 static_cast<std::streamsize>(size - 1));
    auto store = lode::open_spatialite_store(store_path.string());

    lode::ImportOptions options;
    options.file = file.string();
    options.layer = (how & 1) ? "areas" : "points";
    options.project = "TEST";
    if (how & 2)
        options.source_crs = (how & 16) ? "EPSG:32642" : "EPSG:4326";   // UTM 42N: Uzbekistan
    if (how & 4)
        options.basemap = LODE_SOURCE_DIR "/geodata/basemap/countries_50m.gpkg";
    options.dry_run = (how & 8) != 0;
    options.skip_empty = (how & 32) != 0;
    options.make_valid = (how & 64) != 0;
    options.allow_outside = (how & 128) != 0;
    const std::string shown = std::to_string(size) + " bytes, options byte " + std::to_string(how);
    try {
        const lode::ImportReport report = lode::import_features(*store, options);
        const std::int64_t stored = feature_count(*store, options.layer);
        require(stored == (options.dry_run ? 0 : report.written), "the store does not hold what the report says was written", shown);
    } catch (const lode::Error&) {
        require(feature_count(*store, options.layer) == 0, "a refused import changed the store", shown);
    }
}

} // namespace fuzz
