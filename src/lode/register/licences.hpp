#pragma once
// Licences are features of the `licences` layer (most arrive by `lode import`); these are the
// register's edits of one licence and its card: area, partners, obligations.
#include "lode/store/store.hpp"
#include "lode/store/register.hpp"

#include <map>
#include <string>
#include <vector>

namespace lode {


// Field name -> text, each checked against the licences layer kind as an import checks it.
using FieldTexts = std::map<std::string, std::string>;

// Adds a licence with its outline in WKT (longitude, latitude); a field not given takes the kind's
// default (as on import). Writes inside the caller's transaction.
Feature add_licence(Store& store, const std::string& id, const std::string& project, const FieldTexts& fields,
                    const std::string& wkt);
// Changes the given fields (empty text clears an optional field); returns the licence as it is now.
Feature update_licence(Store& store, const std::string& id, const FieldTexts& fields);
// Status surrendered, on `date`.
Feature surrender_licence(Store& store, const std::string& id, const std::string& date);

struct LicenceCard {
    Feature licence;
    double area_km2 = 0;                 // ellipsoidal, edges straight in lon/lat (as lode show)
    std::vector<Interest> partners;
    InterestSum interests;
    std::vector<Obligation> obligations; // by due date, done ones included
};

LicenceCard licence_card(Store& store, const std::string& id);

} // namespace lode
