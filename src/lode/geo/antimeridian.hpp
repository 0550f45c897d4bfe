#pragma once
// Lines and polygons in longitude/latitude that cross the antimeridian.
//
// An edge between two vertices more than 180° of longitude apart is read the short way, across
// ±180° (as RFC 7946 §3.1.9 asks of GeoJSON writers, and as a user drawing a licence over Fiji
// means it), never as the long way round the globe. lode stores such a geometry cut at ±180° into
// parts on either side: every edge then spans less than 180°, as lode's edges, areas and
// distances read them. An edge with both ends on ±180° (within 1e-4°, as writers round them: a
// world or band polygon drawn from one edge of the map to the other, Natural Earth's Antarctica
// closing along the South Pole from 180 to -179.99999999999994) is drawn along the antimeridian,
// not across it, and is taken as drawn.
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"

namespace lode {

// The geometry (EPSG:4326, longitude first) cut at the antimeridian when one of its edges crosses
// it: polygons as a MultiPolygon, lines as a MultiLineString. nullptr when no edge crosses it (the
// geometry stands as it is). Throws InputError at where when a ring, read the short way, goes
// round a pole (then it has no inside to cut), or when the geometry is too broken to be cut.
GeometryPtr cut_at_antimeridian(const OGRGeometry& geometry, const Where& where);

} // namespace lode
