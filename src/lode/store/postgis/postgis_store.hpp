#pragma once
// The PostGIS backend of lode::Store: a store in a schema of a PostgreSQL 15 + PostGIS 3 database,
// reached through libpq. open_store() and create_store() come here for a postgresql:// location:
// postgresql://USER@HOST:PORT/DB[?schema=NAME] (schema public when not given); the password comes
// from libpq's own PGPASSWORD or ~/.pgpass, never from lode.
#include "lode/store/store.hpp"

namespace lode {

// Creates the store's tables in the location's database and schema (the schema made when missing,
// PostGIS created when the database lacks it and the login may) and, with fill, fills them (fill
// on the new store), all in one transaction: a failure leaves the database as it was.
void create_postgis_store(const StoreLocation& location, const std::string& layers_dir, const ChangeContext& context = {},
                          const FillStore& fill = {});
std::unique_ptr<Store> open_postgis_store(const StoreLocation& location, const ChangeContext& context = {});

} // namespace lode
