#pragma once
// Owners of GDAL/OGR handles, and a guard that keeps GDAL from printing to stderr.
#include "lode/geo/geos.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>
#include <vector>

namespace lode {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = OGRFeatureUniquePtr;
// Text GDAL made for the caller to free (CPLFree): OGR_G_ExportToJson, OGR_G_ExportToKML, …
struct CplFree {
    void operator()(char* p) const { CPLFree(p); }
};
using CplString = std::unique_ptr<char, CplFree>;
using GeometryPtr = std::unique_ptr<OGRGeometry>;

// While alive, GDAL's errors are collected instead of printed; last() is the latest message,
// heard() whether any of them (the first 64) said `part` (GDAL may follow the message that says
// why with one that says only what failed).
class QuietGdal {
public:
    QuietGdal();
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
    ~QuietGdal();
    std::string last() const;
    bool heard(const std::string& part) const;

private:
    static void CPL_STDCALL collect(CPLErr, CPLErrorNum, const char* message);
    std::vector<std::string> messages_;
};

void register_gdal();

GeometryPtr geometry_from_wkb(const Wkb& wkb);
Wkb geometry_to_wkb(const OGRGeometry& geometry);

} // namespace lode
