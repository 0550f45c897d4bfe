#pragma once
// Projects and partners from tables (CSV or any GDAL source without geometry), as kept in geodata/.
#include "lode/store.hpp"

#include <string>
#include <vector>

namespace lode {

// Columns: code, name, host_countries, commodities, phase, start_date, description, source.
std::vector<Project> read_projects(const std::string& path);
// Columns: project, organisation, country, role, source.
std::vector<Partnership> read_partnerships(const std::string& path);

} // namespace lode
