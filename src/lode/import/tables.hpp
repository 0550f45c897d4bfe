#pragma once
// Projects and partners from tables (CSV or any GDAL source without geometry), as kept in geodata/.
#include "lode/store/store.hpp"
#include "lode/store/register.hpp"

#include <string>
#include <vector>

namespace lode {

// Columns: code, name, host_countries, commodities, phase, start_date, description, source.
std::vector<Project> read_projects(const std::string& path);
// Columns: project, organisation, country, role, source.
std::vector<Partnership> read_partnerships(const std::string& path);
// Columns: project, date, phase, title, status, document, source.
std::vector<Milestone> read_milestones(const std::string& path);
// Columns: project, partner, kind, text, starts, ends, document, source.
std::vector<AgreementTerm> read_terms(const std::string& path);
// Columns: licence, kind, description, due, amount, currency, done, every_months, note.
std::vector<Obligation> read_obligations(const std::string& path);
// Columns: licence (or project, with scope_column "project"), partner, role, interest_pct, source.
std::vector<Interest> read_interests(const std::string& path, const std::string& scope_column);

// Certified values of reference materials. Columns: name, analyte (ANALYTE_UNIT: Li_ppm), value, sd, source.
std::vector<ReferenceValue> read_reference_values(const std::string& path);

// A number typed by a person or read from a table; nullopt for empty text, InputError naming `what` otherwise.
std::optional<double> parse_optional_number(const std::string& text, const std::string& what);

// An institute of the programmes with the sourced coordinate of its seat, as kept in
// geodata/institutes.csv (coordinates copied from FACTS-geodata.md, whose rows name the source).
struct Institute {
    std::string organisation;   // as in partners.csv
    std::string short_name;     // on the map
    std::string place;          // "Daejeon, Korea"
    bool located = false;       // false: no sourced coordinate (latitude and longitude left empty)
    double latitude = 0, longitude = 0;
    std::string position;       // what the point is: "city point (proxy: building not located)", or why none
    std::string country;        // Natural Earth country name, where an unlocated home institute is drawn
    std::string source;
    bool home = false;          // the institute whose programmes these are
};
// Columns: organisation, short_name, place, latitude, longitude, position, country, source, home (yes/empty).
std::vector<Institute> read_institutes(const std::string& path);

} // namespace lode
