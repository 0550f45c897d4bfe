-- W4b, the one-line form most users write: geography KNN (ranked on the sphere), then the spheroid distance of the
-- licence it picked.  Measured to show what the plain KNN gets wrong; the reference is postgis_w4b.sql.
SELECT s.id AS from_id, n.id, ST_Distance(n.geog, s.geog) AS distance_m
FROM w4b_samples s
CROSS JOIN LATERAL (
    SELECT l.id, l.geog FROM w4b_licences l ORDER BY l.geog <-> s.geog LIMIT 1
) n;
