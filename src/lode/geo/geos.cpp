#include "lode/geo/geos.hpp"

#include "lode/base/error.hpp"

#include <cstdarg>
#include <cstdio>

namespace lode {

namespace {
void remember_message(const char* message, void* userdata)
{
    *static_cast<std::string*>(userdata) = message;
}

struct WkbReaderDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSWKBReader* r) const { GEOSWKBReader_destroy_r(context, r); }
};
struct WkbWriterDeleter {
    GEOSContextHandle_t context;
    void operator()(GEOSWKBWriter* w) const { GEOSWKBWriter_destroy_r(context, w); }
};
} // namespace

Geos::Geos() : context_(GEOS_init_r())
{
    GEOSContext_setErrorMessageHandler_r(context_, remember_message, &message_);
    GEOSContext_setNoticeMessageHandler_r(context_, remember_message, &message_);
}

Geos::~Geos() { GEOS_finish_r(context_); }

Geos::Geometry Geos::own(GEOSGeometry* g)
{
    if (!g)
        throw Error("GEOS: " + message_);
    return Geometry(g, Deleter{context_});
}

Geos::Geometry Geos::read(const Wkb& wkb)
{
    std::unique_ptr<GEOSWKBReader, WkbReaderDeleter> reader(GEOSWKBReader_create_r(context_), {context_});
    message_.clear();
    return own(GEOSWKBReader_read_r(context_, reader.get(), wkb.data(), wkb.size()));
}

Wkb Geos::write(const GEOSGeometry* geometry)
{
    std::unique_ptr<GEOSWKBWriter, WkbWriterDeleter> writer(GEOSWKBWriter_create_r(context_), {context_});
    GEOSWKBWriter_setOutputDimension_r(context_, writer.get(), 2);
    size_t size = 0;
    unsigned char* bytes = GEOSWKBWriter_write_r(context_, writer.get(), geometry, &size);
    if (!bytes)
        throw Error("GEOS: cannot write WKB: " + message_);
    Wkb out(bytes, bytes + size);
    GEOSFree_r(context_, bytes);
    return out;
}

std::optional<std::string> Geos::invalid_reason(const Wkb& wkb)
{
    Geometry geometry(nullptr, Deleter{context_});
    try {
        geometry = read(wkb);
    } catch (const Error&) {
        return message_.empty() ? std::string("unreadable geometry") : message_;
    }
    if (GEOSisEmpty_r(context_, geometry.get()) == 1)
        return std::string("empty geometry");
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char valid = GEOSisValidDetail_r(context_, geometry.get(), 0, &reason, &location);
    if (valid == 1)
        return std::nullopt;
    std::string text = reason ? reason : message_;
    if (location) {
        double x = 0, y = 0;
        if (GEOSGeomGetX_r(context_, location, &x) == 1 && GEOSGeomGetY_r(context_, location, &y) == 1) {
            char where[96];
            std::snprintf(where, sizeof where, " at or near (%.7g %.7g)", x, y);
            text += where;
        }
        GEOSGeom_destroy_r(context_, location);
    }
    GEOSFree_r(context_, reason);
    return text;
}

Wkb Geos::make_valid(const Wkb& wkb, GeometryType type)
{
    auto geometry = read(wkb);
    auto valid = own(GEOSMakeValid_r(context_, geometry.get()));
    const int wanted = type == GeometryType::point ? 0 : type == GeometryType::multilinestring ? 1 : 2;
    // Keep the parts of the layer's dimension: MakeValid may add collapsed lines or points.
    std::vector<GEOSGeometry*> parts;
    const int n = GEOSGetNumGeometries_r(context_, valid.get());
    for (int i = 0; i < n; ++i) {
        const GEOSGeometry* part = GEOSGetGeometryN_r(context_, valid.get(), i);
        if (GEOSGeom_getDimensions_r(context_, part) != wanted)
            continue;
        const int m = GEOSGetNumGeometries_r(context_, part);   // a MultiPolygon inside a collection
        for (int j = 0; j < m; ++j)
            parts.push_back(GEOSGeom_clone_r(context_, GEOSGetGeometryN_r(context_, part, j)));
    }
    if (parts.empty())
        throw Error("nothing of the right dimension is left after repair");
    const int collection = type == GeometryType::point ? GEOS_MULTIPOINT
                           : type == GeometryType::multilinestring ? GEOS_MULTILINESTRING : GEOS_MULTIPOLYGON;
    auto result = own(GEOSGeom_createCollection_r(context_, collection, parts.data(), static_cast<unsigned>(parts.size())));
    return write(result.get());
}

} // namespace lode
