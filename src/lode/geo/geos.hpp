#pragma once
// Geometry checks through GEOS's reentrant C API, one context per Geos object.
#include "lode/schema/layer_kind.hpp"

#include <geos_c.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

using Wkb = std::vector<unsigned char>;

class Geos {
public:
    Geos();
    Geos(const Geos&) = delete;
    Geos& operator=(const Geos&) = delete;
    ~Geos();

    struct Deleter {
        GEOSContextHandle_t context;
        void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(context, g); }
    };
    using Geometry = std::unique_ptr<GEOSGeometry, Deleter>;

    GEOSContextHandle_t handle() const { return context_; }

    // Reads WKB; throws lode::Error with GEOS's reason (e.g. an unclosed ring) when it cannot.
    Geometry read(const Wkb& wkb);
    Wkb write(const GEOSGeometry* geometry);

    // Why the geometry is invalid ("Self-intersection at 64.1 41.2"), or nullopt when valid.
    std::optional<std::string> invalid_reason(const Wkb& wkb);

    // GEOS MakeValid, keeping only the parts of the layer's dimension, cast to its type.
    Wkb make_valid(const Wkb& wkb, GeometryType type);

    const std::string& last_message() const { return message_; }

private:
    Geometry own(GEOSGeometry* g);
    GEOSContextHandle_t context_;
    std::string message_;
};

} // namespace lode
