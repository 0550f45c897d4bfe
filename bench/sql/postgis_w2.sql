-- W2: samples per licence (point-in-polygon), zero counts included.
-- ST_Intersects on geometry (planar lon/lat, GiST index on samples.geom): a sample on a licence's boundary counts.
SELECT l.id, count(s.fid) AS count
FROM licences l
LEFT JOIN samples s ON ST_Intersects(l.geom, s.geom)
GROUP BY l.id;
