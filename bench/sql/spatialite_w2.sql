-- W2: samples per licence (point-in-polygon), zero counts included.
-- The R*Tree spatial index through the SpatialIndex virtual table, then ST_Intersects (GEOS: the boundary counts).
.load mod_spatialite
.headers on
.mode csv
SELECT l.id,
       (SELECT count(*) FROM samples s
        WHERE s.ROWID IN (SELECT ROWID FROM SpatialIndex
                          WHERE f_table_name = 'samples' AND f_geometry_column = 'geom' AND search_frame = l.geom)
          AND ST_Intersects(l.geom, s.geom)) AS count
FROM licences l;
