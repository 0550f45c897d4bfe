#include "lode/geo/geodesy.hpp"

#include "lode/geo/gdal.hpp"

#include <GeographicLib/Geodesic.hpp>

#include <cmath>

namespace lode {

namespace {

double curve_length(const OGRSimpleCurve& line)
{
    double length = 0;
    for (int i = 1; i < line.getNumPoints(); ++i)
        length += geodesic_distance_m(line.getX(i - 1), line.getY(i - 1), line.getX(i), line.getY(i));
    return length;
}

template <class Visit>
void for_each_part(const OGRGeometry& g, Visit visit)
{
    if (const auto* collection = dynamic_cast<const OGRGeometryCollection*>(&g)) {
        for (int i = 0; i < collection->getNumGeometries(); ++i)
            for_each_part(*collection->getGeometryRef(i), visit);
    } else {
        visit(g);
    }
}

} // namespace

double geodesic_length_m(const Wkb& wkb)
{
    auto geometry = geometry_from_wkb(wkb);
    double length = 0;
    for_each_part(*geometry, [&](const OGRGeometry& part) {
        if (const auto* line = dynamic_cast<const OGRSimpleCurve*>(&part))
            length += curve_length(*line);
        else if (const auto* polygon = dynamic_cast<const OGRPolygon*>(&part)) {
            length += curve_length(*polygon->getExteriorRing());
            for (int i = 0; i < polygon->getNumInteriorRings(); ++i)
                length += curve_length(*polygon->getInteriorRing(i));
        }
    });
    return length;
}

double geodesic_distance_m(double lon1, double lat1, double lon2, double lat2)
{
    double s12 = 0;
    GeographicLib::Geodesic::WGS84().Inverse(lat1, lon1, lat2, lon2, s12);
    return s12;
}

} // namespace lode
