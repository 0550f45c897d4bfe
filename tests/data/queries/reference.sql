-- PostGIS geography reference values for tests/unit/test_queries.cpp.
-- Load: ogr2ogr -f PostgreSQL PG:... areas.geojson -nln areas -lco GEOMETRY_NAME=geom
--       ogr2ogr -f PostgreSQL PG:... points.geojson -nln points -lco GEOMETRY_NAME=geom
-- Run:  psql -At -F, -f reference.sql > reference.csv
-- Geography functions use the WGS84 spheroid (use_spheroid defaults to true).
SELECT 'point_area' AS kind, p.id AS a, a.id AS b,
       round(ST_Distance(p.geom::geography, a.geom::geography)::numeric, 4) AS value
FROM points p CROSS JOIN areas a
WHERE ST_Distance(p.geom::geography, a.geom::geography) < 2000000
UNION ALL
SELECT 'area_area', a.id, b.id, round(ST_Distance(a.geom::geography, b.geom::geography)::numeric, 4)
FROM areas a JOIN areas b ON a.id < b.id
WHERE ST_Distance(a.geom::geography, b.geom::geography) < 2000000
UNION ALL
SELECT 'intersection_m2', a.id, b.id, round(ST_Area(ST_Intersection(a.geom, b.geom)::geography)::numeric, 2)
FROM areas a JOIN areas b ON a.id < b.id AND ST_Intersects(a.geom, b.geom)
UNION ALL
SELECT 'area_m2', a.id, '', round(ST_Area(a.geom::geography)::numeric, 2) FROM areas a
UNION ALL
SELECT 'point_point', p.id, q.id, round(ST_Distance(p.geom::geography, q.geom::geography)::numeric, 4)
FROM points p JOIN points q ON p.id < q.id
WHERE ST_Distance(p.geom::geography, q.geom::geography) < 2000000
ORDER BY 1, 2, 3;
