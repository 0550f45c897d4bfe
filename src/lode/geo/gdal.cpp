#include "lode/geo/gdal.hpp"

#include "lode/base/error.hpp"

#include <mutex>

namespace lode {

QuietGdal::QuietGdal()
{
    CPLPushErrorHandlerEx(&QuietGdal::collect, this);
    CPLErrorReset();
}

void CPL_STDCALL QuietGdal::collect(CPLErr, CPLErrorNum, const char* message)
{
    auto* self = static_cast<QuietGdal*>(CPLGetErrorHandlerUserData());
    if (self && message && self->messages_.size() < 64)
        self->messages_.emplace_back(message);
}

bool QuietGdal::heard(const std::string& part) const
{
    for (const auto& message : messages_)
        if (message.find(part) != std::string::npos)
            return true;
    return false;
}

QuietGdal::~QuietGdal() { CPLPopErrorHandler(); }

std::string QuietGdal::last() const
{
    const char* message = CPLGetLastErrorMsg();
    return message ? message : "";
}

void register_gdal()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // lode never lets GDAL print: its messages are kept (CPLGetLastErrorMsg, QuietGdal::last)
        // and said, where they matter, in lode's own one-line errors.
        CPLSetErrorHandler(CPLQuietErrorHandler);
        GDALAllRegister();
    });
}

GeometryPtr geometry_from_wkb(const Wkb& wkb)
{
    OGRGeometry* raw = nullptr;
    if (OGRGeometryFactory::createFromWkb(wkb.data(), nullptr, &raw, wkb.size()) != OGRERR_NONE || !raw)
        throw Error("corrupt geometry (WKB)");
    return GeometryPtr(raw);
}

Wkb geometry_to_wkb(const OGRGeometry& geometry)
{
    Wkb out(geometry.WkbSize());
    geometry.exportToWkb(wkbNDR, out.data(), wkbVariantIso);
    return out;
}

} // namespace lode
