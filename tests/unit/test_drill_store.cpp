// The downhole tables of store model 7: surveys and intervals written, read back and recorded; an
// older store migrated to them, its drillholes layer gaining the collar elevation's datum.
#include "support.hpp"

#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <doctest/doctest.h>

TEST_CASE_TEMPLATE("downhole surveys and intervals are kept in depth order, with their fields, and recorded", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    store->set_change_context({"ana", "first holes", "2026-03-01T00:00:00Z"});
    {
        auto txn = store->begin_write();
        // Given out of order: the reads sort by hole and depth.
        store->add_surveys({{"DH2", 0, 90, -60, "planned", ""}, {"DH1", 50, 10.5, -75.25, "gyro", "2026-02-27"}, {"DH1", 0, 10, -75, "gyro", "2026-02-27"}});
        store->add_intervals({{"DH1", "lithology", 0, 12.5, {{"lith", "laterite"}}},
                              {"DH1", "assays", 10, 11, {{"sample_id", "S-0001"}, {"li2o_pct", 1.32}}},
                              {"DH1", "lithology", 12.5, 40, {{"lith", "pegmatite"}}}});
        txn->commit();
    }
    const auto dh1 = store->surveys({"DH1"});
    REQUIRE(dh1.size() == 2);
    CHECK(dh1[0].depth == 0);
    CHECK(dh1[1].depth == 50);
    CHECK(dh1[1].azimuth == 10.5);
    CHECK(dh1[1].dip == -75.25);
    CHECK(dh1[1].method == "gyro");
    CHECK(dh1[1].surveyed_on == "2026-02-27");
    CHECK(store->surveys().size() == 3);
    CHECK(store->surveys({"DH2"}).front().surveyed_on.empty());
    CHECK(store->surveys({"DH9"}).empty());

    const auto intervals = store->intervals({"DH1"});
    REQUIRE(intervals.size() == 3);
    // hole, table, from: assays before lithology
    CHECK(intervals[0].table == "assays");
    CHECK(intervals[0].fields["li2o_pct"] == 1.32);
    CHECK(intervals[0].fields["sample_id"] == "S-0001");
    CHECK(intervals[1].table == "lithology");
    CHECK(intervals[1].to == 12.5);
    CHECK(intervals[2].fields["lith"] == "pegmatite");

    // A second station at a hole's depth is refused by the store, and the transaction leaves nothing.
    {
        auto txn = store->begin_write();
        CHECK_THROWS_AS(store->add_surveys({{"DH1", 50, 11, -70, "", ""}}), lode::Error);
    }
    CHECK(store->surveys({"DH1"}).size() == 2);

    std::vector<std::string> keys;
    for (const auto& e : store->history({std::string("drill_surveys"), {}, {}, {}, {}, {}}))
        keys.push_back(e.action + " " + e.key + " by " + e.user);
    CHECK(keys == std::vector<std::string>{"insert DH2/0.0 by ana", "insert DH1/50.0 by ana", "insert DH1/0.0 by ana"});
    CHECK(store->history({std::string("drill_intervals"), {}, {}, {}, {}, {}}).size() == 3);
}

// SpatiaLite-only: a version-6 file migrated.
TEST_CASE("a store of model 6 gains the downhole tables, and its drillholes the collar elevation's datum and (model 10) the azimuth reference")
{
    test::TempDir dir;
    const std::string path = dir / "v6.sqlite";
    // layers/*.json as lode shipped them at 45709ff: drillholes without elev_datum (and without aliases).
    lode::create_spatialite_store(path, test::data("layers_45709ff"), 6);
    {
        auto db = lode::sqlite::open(path, false);
        CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM pragma_table_info('drillholes') WHERE name = 'elev_datum'") == 0);
    }
    auto store = lode::open_store(path, {"mira", "", "2026-01-01T00:00:00Z"});
    CHECK(store->schema_version() == lode::current_schema_version);
    CHECK(store->surveys().empty());
    CHECK(store->intervals().empty());
    // The drillholes kind lode shipped becomes today's layers/drillholes.json, elev_datum after
    // collar_elev_m (model 7), azimuth_ref, declination_deg and grid_crs after dip_deg (model 10).
    const auto& drillholes = store->layer_kind("drillholes");
    std::vector<std::string> names;
    for (const auto& f : drillholes.fields)
        names.push_back(f.name);
    CHECK(names == std::vector<std::string>{"drill_type", "depth_m", "azimuth_deg", "dip_deg", "azimuth_ref", "declination_deg",
                                            "grid_crs", "collar_elev_m", "elev_datum", "drilled_on", "prospect", "accuracy"});
    for (const auto& today : lode::load_layer_kinds(lode::default_layers_dir()))
        if (today.name == "drillholes")
            CHECK(drillholes.definition == today.definition);
    const auto entries = store->history({std::string("layer_kinds"), std::string("drillholes"), {}, {}, {}, {}});
    REQUIRE(entries.size() >= 2);
    CHECK(entries[entries.size() - 2].note == "store model 7: the drillholes layer gains elev_datum");
    CHECK(entries.back().note == "store model 10: the drillholes layer gains its holes' azimuth reference");
    store.reset();
    auto db = lode::sqlite::open(path, false);
    CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM pragma_table_info('drillholes') WHERE name = 'elev_datum'") == 1);
    CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM pragma_table_info('drillholes') WHERE (name = 'declination_deg' AND "
                                                "type = 'REAL') OR (name IN ('azimuth_ref', 'grid_crs') AND type = 'TEXT')") == 3);
    CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM sqlite_master WHERE name IN ('drill_surveys', 'drill_intervals')") == 2);
}
