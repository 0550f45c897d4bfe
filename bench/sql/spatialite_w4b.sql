-- W4b: the nearest licence to each sample with SpatiaLite's KNN virtual table (it ranks by planar distance in
-- degrees), then the ellipsoidal distance of the licence it picked (ST_Distance(a, b, 1)).
.load mod_spatialite
.headers on
.mode csv
SELECT s.id AS from_id, l.id AS id, ST_Distance(s.geom, l.geom, 1) AS distance_m
FROM w4b_samples s
JOIN KNN k ON k.f_table_name = 'w4b_licences' AND k.f_geometry_column = 'geom'
          AND k.ref_geometry = s.geom AND k.max_items = 1
JOIN w4b_licences l ON l.ROWID = k.fid;
