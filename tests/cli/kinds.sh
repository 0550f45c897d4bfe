#!/usr/bin/env bash
# The kinds hazard_zones, infrastructure, geology, structures and mine_waste with their shipped data:
# the MOU's screening question ("which camps and sites lie in or near a high-hazard zone") answered
# by lode overlap and lode near, checked against GDAL's SQLite dialect (ST_Intersects on the source
# files) and SpatiaLite's ellipsoidal ST_Distance on the store; map and export of the new layers; the
# vocabularies of company and joint-venture programmes.
source "$(dirname "$0")/lib.bash"

new_store || { echo "cannot create the store"; exit 1; }
for line in "uzbekistan/uz_hazard_zones.geojson hazard_zones UZ-PEG" "uzbekistan/uz_infrastructure.geojson infrastructure UZ-PEG" \
    "uzbekistan/uz_geology.geojson geology UZ-PEG" "uzbekistan/uz_structures.geojson structures UZ-PEG" \
    "australia/au_mine_waste.geojson mine_waste AU-CMM"; do
    read -r file layer project <<<"$line"
    expect_ok "import $file into $layer" "$LODE" import "$GEODATA/$file" --layer "$layer" --project "$project"
    expect_eq "$layer holds every feature of $file" \
        "$(count "$layer")" "$(jq '.features | length' "$GEODATA/$file")"
done

# In a zone: lode overlap's pairs against ST_Intersects of the two source files (GDAL's SQLite dialect).
lode_pairs=$("$LODE" overlap hazard_zones infrastructure --format csv | tail -n +2 | cut -d, -f1,2 | sort)
ogr_pairs=$(ogr2ogr -f CSV /vsistdout/ "$GEODATA/uzbekistan/uz_hazard_zones.geojson" -dialect SQLite -sql \
    "SELECT h.id AS zone, i.id AS site FROM uz_hazard_zones h, '$GEODATA/uzbekistan/uz_infrastructure.geojson'.uz_infrastructure i
     WHERE ST_Intersects(h.geometry, i.geometry)" 2>/dev/null | tail -n +2 | tr -d '"' | sort)
if [ -z "$ogr_pairs" ]; then   # GDAL without SpatiaLite in its SQLite dialect: the pairs as placed in make_kinds_geodata.py
    ogr_pairs=$(printf 'UZ-HZ-02,UZ-INF-01\nUZ-HZ-05,UZ-INF-05\n')
fi
expect_eq "sites inside a zone (ST_Intersects)" "$lode_pairs" "$ogr_pairs"
expect_eq "a camp inside the high landslide zone" "$(grep -c '^UZ-HZ-02,UZ-INF-01$' <<<"$lode_pairs")" 1

# Near (2 km): lode near against SpatiaLite's ellipsoidal distance on the stored geometries.
lode_near=$("$LODE" near --layer infrastructure --to-layer hazard_zones --within 2km --format csv | tail -n +2 | cut -d, -f1,2 | sort)
sql_near=$(spatialite --functions -csv "SELECT h.id, i.id FROM hazard_zones h, infrastructure i
                            WHERE ST_Distance(h.geom, i.geom, 1) <= 2000 ORDER BY 1, 2" | tr -d '"')   # SpatiaLite-specific
expect_eq "sites within 2 km of a zone (SpatiaLite ST_Distance)" "$lode_near" "$sql_near"
expect_eq "four sites in or near a zone" "$(wc -l <<<"$lode_near")" 4
# The screening answer: sites in or within 2 km of a high or very high zone (hand list from the
# generator: camp 1 inside UZ-HZ-02, the core shed 1.5 km from UZ-HZ-03, the village ~1.7 km from UZ-HZ-01).
high=$(spatialite --functions -csv "SELECT DISTINCT i.id FROM hazard_zones h, infrastructure i
                       WHERE h.level IN ('high', 'very high') AND ST_Distance(h.geom, i.geom, 1) <= 2000 ORDER BY 1" | tr -d '"' | paste -sd,)   # SpatiaLite-specific
expect_eq "sites in or near a high-hazard zone" "$high" "UZ-INF-01,UZ-INF-02,UZ-INF-03"
core=$("$LODE" near --layer infrastructure --to-layer hazard_zones --within 2km --format csv | grep '^UZ-HZ-03,UZ-INF-02,' | awk -F, '{print $NF}')
awk -v d="$core" 'BEGIN { exit !(d > 1495 && d < 1505) }' && pass "core shed 1.5 km from the subsidence zone ($core m)" ||
    fail "core shed distance $core m, placed 1.5 km"

# Every query, map and export command takes the new layers.
expect_ok "show a hazard zone" "$LODE" show hazard_zones UZ-HZ-01
expect_ok "map of UZ-PEG with the new layers" "$LODE" map -o "$WORK/uz.png" --project UZ-PEG --dpi 60
expect_ok "export the new layers" "$LODE" export -o "$WORK/new.gpkg" --layers hazard_zones,infrastructure,geology,structures,mine_waste
for layer in hazard_zones infrastructure geology structures mine_waste; do
    expect_eq "exported $layer" "$(ogrinfo -so "$WORK/new.gpkg" "$layer" 2>/dev/null | grep -o 'Feature Count: [0-9]*')" \
        "Feature Count: $(count "$layer")"
done
expect_eq "Uzbek Cyrillic and Latin survive the export" \
    "$(ogrinfo -q "$WORK/new.gpkg" infrastructure -where "id = 'UZ-INF-03'" | grep -c 'Қишлоқ А / Qishloq A')" 1

# Vocabularies of company and joint-venture programmes; a project added without a phase.
expect_ok "phase exploration" "$LODE" project add CO-EXP --name "Company exploration" --phase exploration
expect_ok "phase care and maintenance" "$LODE" project add CO-CM --name "On hold" --phase "care and maintenance"
expect_ok "no phase given" "$LODE" project add CO-DEF --name "No phase"
expect_eq "the default phase is exploration" "$("$LODE" project show CO-DEF --format json | jq -r .phase)" exploration
expect_ok "role JV partner" "$LODE" partner add "Partner Pty Ltd" --project CO-EXP --country AU --role "JV partner"
expect_ok "role laboratory" "$LODE" partner add "Assay Lab" --project CO-EXP --country AU --role laboratory
expect_error "an unknown role is refused" 1 "is not one of" "$LODE" partner add X --project CO-EXP --country AU --role venturer
finish
