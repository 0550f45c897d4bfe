-- W4a: for each query point (occurrences), every sample within 5 km on the WGS84 spheroid.
-- geog is a geography copy of geom with its own GiST index; ST_DWithin/ST_Distance on geography use the spheroid.
SELECT o.id AS from_id, s.id AS id, ST_Distance(o.geog, s.geog) AS distance_m
FROM occurrences o
JOIN samples s ON ST_DWithin(o.geog, s.geog, 5000);
