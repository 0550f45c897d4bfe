#pragma once
// A walk over every vertex of an OGR geometry, in place: the import's coordinate checks and snapping,
// the export's rounding (--precision).
#include <ogr_geometry.h>

namespace lode {

// Calls f(x, y) for every vertex; f may change them.
template <class F>
void for_each_vertex(OGRGeometry& part, F&& f)
{
    if (auto* point = dynamic_cast<OGRPoint*>(&part)) {
        double x = point->getX(), y = point->getY();
        f(x, y);
        if (x != point->getX() || y != point->getY()) {
            point->setX(x);
            point->setY(y);
        }
    } else if (auto* curve = dynamic_cast<OGRSimpleCurve*>(&part)) {
        for (int i = 0; i < curve->getNumPoints(); ++i) {
            OGRPoint p;
            curve->getPoint(i, &p);
            double x = p.getX(), y = p.getY();
            f(x, y);
            if (x != p.getX() || y != p.getY()) {
                p.setX(x);
                p.setY(y);
                curve->setPoint(i, &p);
            }
        }
    } else if (auto* polygon = dynamic_cast<OGRCurvePolygon*>(&part)) {
        for (auto* ring : *polygon)
            for_each_vertex(*ring, f);
    } else if (auto* collection = dynamic_cast<OGRGeometryCollection*>(&part)) {
        for (auto* member : *collection)
            for_each_vertex(*member, f);
    } else if (auto* compound = dynamic_cast<OGRCompoundCurve*>(&part)) {
        for (auto* member : *compound)
            for_each_vertex(*member, f);
    }
}

} // namespace lode
