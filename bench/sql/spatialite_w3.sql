-- W3: intersecting licence pairs once, with the geodesic area of the intersection (ST_Area(geom, 1): on the
-- ellipsoid, through librttopo).  Touching pairs are included with area 0.
.load mod_spatialite
.headers on
.mode csv
SELECT a.id AS a_id, b.id AS b_id, ST_Area(ST_Intersection(a.geom, b.geom), 1) / 1e6 AS area_km2
FROM licences a
JOIN licences b ON b.ROWID IN (SELECT ROWID FROM SpatialIndex
                               WHERE f_table_name = 'licences' AND f_geometry_column = 'geom' AND search_frame = a.geom)
WHERE a.id < b.id AND ST_Intersects(a.geom, b.geom);
