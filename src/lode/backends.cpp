// The one place that knows every backend: a store location's scheme chooses one.
#include "lode/base/error.hpp"
#include "lode/store/postgis/postgis_store.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/store.hpp"

namespace lode {

namespace {

[[noreturn]] void no_backend(const StoreLocation& location)
{
    throw NotFound("no backend for '" + location.scheme() + "' stores in this lode (" + location.display() +
                   "); a store is a SpatiaLite file or a postgresql:// database");
}

} // namespace

std::unique_ptr<Store> create_store(const StoreLocation& location, const std::string& layers_dir, const ChangeContext& context,
                                    const FillStore& fill)
{
    if (location.scheme() == "postgresql") {
        create_postgis_store(location, layers_dir, context, fill);
        return open_postgis_store(location, context);
    }
    if (!location.is_file())
        no_backend(location);
    create_spatialite_store(location.target(), layers_dir, current_schema_version, context, fill);
    return open_spatialite_store(location.target(), context);
}

std::unique_ptr<Store> open_store(const StoreLocation& location, const ChangeContext& context)
{
    if (location.scheme() == "postgresql")
        return open_postgis_store(location, context);
    if (!location.is_file())
        no_backend(location);
    return open_spatialite_store(location.target(), context);
}

} // namespace lode
