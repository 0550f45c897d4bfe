#pragma once
// Owners of GDAL/OGR handles, and a guard that keeps GDAL from printing to stderr.
#include "lode/geo/geos.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <string>

namespace lode {

struct DatasetCloser {
    void operator()(GDALDataset* ds) const { GDALClose(ds); }
};
using Dataset = std::unique_ptr<GDALDataset, DatasetCloser>;
using FeaturePtr = OGRFeatureUniquePtr;
using GeometryPtr = std::unique_ptr<OGRGeometry>;

// While alive, GDAL's errors are collected instead of printed; last() is the latest message.
class QuietGdal {
public:
    QuietGdal();
    QuietGdal(const QuietGdal&) = delete;
    QuietGdal& operator=(const QuietGdal&) = delete;
    ~QuietGdal();
    std::string last() const;
};

void register_gdal();

GeometryPtr geometry_from_wkb(const Wkb& wkb);
Wkb geometry_to_wkb(const OGRGeometry& geometry);

} // namespace lode
