#pragma once
// The wrong-CRS guard of an import: where a source's features land once transformed to WGS 84,
// checked against the project's host countries (with a margin, on the Natural Earth basemap) or,
// without them, against the source CRS's area of use; and, when they land elsewhere, which nearby
// CRSs (the same family's neighbouring zones and hemisphere, zone-prefix variants, the host
// countries' national CRSs) would put them inside. Also the hint for a source with no CRS whose
// coordinates are plainly projected.
#include "lode/geo/reprojection.hpp"

#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode {

struct CrsGuardSettings {
    std::string file;             // for the error's Where
    std::string project;          // "UZ-PEG"
    std::string host_countries;   // Project::host_countries, ISO 3166-1 alpha-2 ("UZ", "UZ;KR")
    std::string basemap;          // the Natural Earth countries GeoPackage; empty: no country check
    double margin_km = 50;        // around the host countries
    double area_margin_deg = 3;   // around the CRS's area of use (half a UTM zone)
};

class CrsGuard {
public:
    // source: the transformation the import applies; its source CRS is the one checked.
    CrsGuard(const ToWgs84& source, CrsGuardSettings settings);
    ~CrsGuard();

    // Where one feature lies: all its vertices, in source coordinates, checked a few thousand features
    // at a time; the guard keeps a bounded summary (counts, where they landed, a spread sample), so
    // its memory does not grow with the number of features.
    void add(const OGRGeometry& source_geometry);

    // Throws InputError (Hint::allow_outside) when any feature lands outside the host countries and
    // their margin (when the project has host countries and a basemap is given), else outside the
    // source CRS's area of use and its margin: one line with how many, where they landed, and which
    // CRSs would put them inside. A feature lands outside when any of its vertices does (every
    // vertex is checked, not a representative point: a polygon with one corner inside and the
    // rest in the wrong zone is outside).
    void check() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The first vertex of a geometry (x, y), or nullopt when it has none.
std::optional<std::pair<double, double>> first_vertex(const OGRGeometry& geometry);

// For a source that declares no CRS: the reason to refuse it. When its coordinates are plainly
// projected (|x| > 180 or |y| > 90), it says so and names the CRSs that put them in the host
// countries (or, failing that, the candidates for those countries: the UTM zones over them and their
// national CRSs), with Hint::give_source_crs; otherwise "has no CRS" with Hint::source_crs.
[[noreturn]] void throw_no_crs(OGRLayer& source, const CrsGuardSettings& settings);

} // namespace lode
