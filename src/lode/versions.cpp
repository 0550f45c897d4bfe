#include "lode/versions.hpp"

#include <GeographicLib/Config.h>
#include <gdal.h>
#include <geos_c.h>
#include <proj.h>
#include <sqlite3.h>
#include <spatialite.h>
#include <sqlite3.h>

namespace lode {

std::vector<std::pair<std::string, std::string>> library_versions()
{
    const PJ_INFO proj = proj_info();
    return {
        {"lode", LODE_VERSION},
        {"GDAL", GDALVersionInfo("RELEASE_NAME")},
        {"PROJ", proj.version},
        {"GEOS", GEOSversion()},
        {"SQLite", sqlite3_libversion()},
        {"SpatiaLite", spatialite_version()},
        {"GeographicLib", GEOGRAPHICLIB_VERSION_STRING},
    };
}

} // namespace lode
