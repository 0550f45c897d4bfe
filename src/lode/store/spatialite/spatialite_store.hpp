#pragma once
// The SpatiaLite backend of lode::Store: a store in one file. open_store() and create_store()
// come here for a file location; create_spatialite_store() is exposed for the tests of the schema
// migrations.
#include "lode/store/store.hpp"

namespace lode {

// Creates a store file whose schema stops at `version` (1 .. current), as an older lode would
// have left it; create_store() is this with the current version, then open_store(). The file is
// built in a private folder beside path and renamed into place when made and, with fill, filled (by
// fill in a write transaction on it), so a failure leaves nothing at path.
void create_spatialite_store(const std::string& path, const std::string& layers_dir, int version,
                             const ChangeContext& context = {}, const FillStore& fill = {});
// Opens the store file at path, migrating its schema forward when it is older than this lode;
// context is that of its write transactions (and dates the history's start when a migration begins it).
std::unique_ptr<Store> open_spatialite_store(const std::string& path, const ChangeContext& context = {});

} // namespace lode
