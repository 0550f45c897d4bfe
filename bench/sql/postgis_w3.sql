-- W3: every unordered pair of intersecting licences once, with the area of the intersection on the
-- WGS84 spheroid (geography ST_Area, use_spheroid = true).  Touching pairs are included with area 0.
SELECT a.id AS a_id, b.id AS b_id,
       ST_Area(ST_Intersection(a.geom, b.geom)::geography) / 1e6 AS area_km2
FROM licences a
JOIN licences b ON a.id < b.id AND ST_Intersects(a.geom, b.geom);
