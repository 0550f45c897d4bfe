#pragma once
// The SpatiaLite backend of lode::Store. Exposed for the tests of its schema migrations.
#include "lode/store/store.hpp"

namespace lode {

constexpr int current_schema_version = 4;

// Creates a store file whose schema stops at `version` (1 .. current), as an older lode would
// have left it; create_store() is this with the current version, then open_store().
void create_spatialite_store(const std::string& path, const std::string& layers_dir, int version,
                             const ChangeContext& context = {});

} // namespace lode
