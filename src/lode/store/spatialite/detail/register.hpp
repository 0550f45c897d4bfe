#pragma once
// The SpatiaLite tables of the register (schema version 3) and the Register over them.
#include "lode/store/register.hpp"

#include <sqlite3.h>

#include <memory>

namespace lode {

// Schema version 3: licence partners, obligations, agreement terms, milestones, project interests,
// and the licences layer's application and surrender dates.
void migrate_to_3(sqlite3* db);

std::unique_ptr<Register> make_spatialite_register(sqlite3* db, Store& store);

} // namespace lode
