-- W4b: the nearest licence to each sample on the WGS84 spheroid (distance 0 when inside).
--
-- PostGIS's geography KNN operator <-> ranks by distance on a sphere (R = 6371008.8 m), which can pick a
-- different licence than the spheroid would.  So:
--   1. the sphere-KNN nearest licence gives d1 = its sphere distance (index-assisted, ORDER BY <-> LIMIT 1);
--   2. the spheroid distance of any licence differs from its sphere distance by less than 0.6% (meridian radius
--      of curvature 6335.4 km at the equator ... 6399.6 km at the poles), so every licence that can be the nearest
--      on the spheroid lies within 1.02 * d1 + 1 m on the sphere (ST_DWithin(..., use_spheroid => false));
--   3. among those candidates the smallest spheroid distance (ST_Distance on geography) wins; ties by id.
-- Step 3 is as exact as PostGIS's spheroid point-to-polygon distance, which finds the nearest point of an edge on
-- the sphere and measures the spheroid distance to it: check.py recomputes every distance exactly (GeographicLib)
-- and reports how far PostGIS's are off (up to about half a metre at 25 km here).
SELECT s.id AS from_id, n.id, n.d AS distance_m
FROM w4b_samples s
CROSS JOIN LATERAL (
    SELECT c.id, ST_Distance(c.geog, s.geog) AS d
    FROM w4b_licences c
    WHERE ST_DWithin(c.geog, s.geog,
                     (SELECT (k.geog <-> s.geog) * 1.02 + 1 FROM w4b_licences k ORDER BY k.geog <-> s.geog LIMIT 1),
                     false)
    ORDER BY d, c.id
    LIMIT 1
) n;
