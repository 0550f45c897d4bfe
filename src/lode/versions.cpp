#include "lode/versions.hpp"

#include <GeographicLib/Config.h>
#include <gdal.h>
#include <geos_c.h>
#include <libpq-fe.h>
#include <proj.h>
#include <sqlite3.h>
#include <spatialite.h>

#include <string>

namespace lode {

std::vector<std::pair<std::string, std::string>> library_versions()
{
    const PJ_INFO proj = proj_info();
    const int pq = PQlibVersion();   // 150018 for 15.18
    return {
        {"lode", LODE_VERSION},
        {"GDAL", GDALVersionInfo("RELEASE_NAME")},
        {"PROJ", proj.version},
        {"GEOS", GEOSversion()},
        {"SQLite", sqlite3_libversion()},
        {"SpatiaLite", spatialite_version()},
        {"libpq", std::to_string(pq / 10000) + "." + std::to_string(pq % 10000)},
        {"GeographicLib", GEOGRAPHICLIB_VERSION_STRING},
    };
}

} // namespace lode
