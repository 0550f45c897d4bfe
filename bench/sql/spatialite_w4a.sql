-- W4a: every sample within 5 km (on the ellipsoid) of each query point.
-- The index is searched with a lon/lat box that holds the 5 km circle (0.0453 degree of latitude; of longitude
-- 0.0453 / cos of the latitude farthest from the equator), then ST_Distance(a, b, 1) (ellipsoidal) <= 5000.
.load mod_spatialite
.headers on
.mode csv
SELECT o.id AS from_id, s.id AS id, ST_Distance(o.geom, s.geom, 1) AS distance_m
FROM occurrences o
JOIN samples s ON s.ROWID IN (
    SELECT ROWID FROM SpatialIndex
    WHERE f_table_name = 'samples' AND f_geometry_column = 'geom'
      AND search_frame = BuildMbr(ST_X(o.geom) - 0.0453 / Cos(Radians(Abs(ST_Y(o.geom)) + 0.0453)), ST_Y(o.geom) - 0.0453,
                                  ST_X(o.geom) + 0.0453 / Cos(Radians(Abs(ST_Y(o.geom)) + 0.0453)), ST_Y(o.geom) + 0.0453, 4326))
WHERE ST_Distance(o.geom, s.geom, 1) <= 5000;
