#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/geos.hpp"
#include "lode/store/history.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <doctest/doctest.h>
#include <spatialite.h>

#include <cmath>
#include <cstdint>
#include <cstring>

using lode::sqlite::query_integer;

namespace {

lode::Wkb point(double lon, double lat)
{
    lode::Wkb wkb(21);
    wkb[0] = 1;   // little-endian
    wkb[1] = 1;   // Point
    std::memcpy(wkb.data() + 5, &lon, 8);
    std::memcpy(wkb.data() + 13, &lat, 8);
    return wkb;
}

lode::Feature feature(const std::string& id, double grade, double lon, double lat)
{
    lode::Feature f;
    f.id = id;
    f.project = "OLD";
    f.attributes = {{"name", std::string("pegmatite ") + id}, {"commodity", std::string("Li")}, {"grade", grade},
                    {"found", lode::Value{}}};
    f.wkb = point(lon, lat);
    return f;
}

std::vector<std::string> ids_as_of(lode::Store& store, const std::string& as_of)
{
    std::vector<std::string> ids;
    lode::Selection selection;
    selection.as_of = as_of;
    store.scan("points", selection, lode::Reading::features(), [&](lode::ScanRow& scanned) {
        const lode::Feature& f = scanned.feature;
        ids.push_back(f.id + "@" + std::to_string(std::get<double>(f.attributes.at("grade"))));
        return true;
    });
    return ids;
}

} // namespace

TEST_CASE("history times: dates, date-times, the calendar checked")
{
    CHECK(lode::parse_history_time("2025-03-01", false) == "2025-03-01T00:00:00.000Z");
    CHECK(lode::parse_history_time("2025-03-01", true) == "2025-03-01T23:59:59.999Z");
    CHECK(lode::parse_history_time("2025-03-01T14:05Z", true) == "2025-03-01T14:05:59.999Z");
    CHECK(lode::parse_history_time("2025-03-01T14:05:30", true) == "2025-03-01T14:05:30.999Z");
    CHECK(lode::parse_history_time("2025-03-01T14:05", false) == "2025-03-01T14:05:00.000Z");
    CHECK(lode::parse_history_time("2024-02-29 23:59:59", false) == "2024-02-29T23:59:59.000Z");
    CHECK_FALSE(lode::parse_history_time("2025-02-30", false));
    CHECK_FALSE(lode::parse_history_time("2025-03-01T24:00", false));
    CHECK_FALSE(lode::parse_history_time("yesterday", false));
    CHECK(lode::history_now("2025-06-01T10:30:00Z") == "2025-06-01T10:30:00.000Z");
}

// SpatiaLite-only: its schema's migration and the history's triggers, read back with SQL.
TEST_CASE("a schema-version-2 store migrates to 4 and starts recording; older rows predate the history")
{
    test::TempDir dir;
    const std::string path = dir / "v2.sqlite";
    lode::create_spatialite_store(path, test::data("layers"), 2);
    {
        // Written as a lode of schema version 2 would have: a project and a point, no history.
        auto db = lode::sqlite::open(path, false);
        void* cache = spatialite_alloc_connection();
        spatialite_init_ex(db.get(), cache, 0);
        lode::sqlite::exec(db.get(), "INSERT INTO projects(code, name, phase) VALUES ('OLD', 'Kept project', 'MOU');"
                                     "INSERT INTO points(id, project, grade, geom) VALUES ('P1', 'OLD', 1.5, MakePoint(1, 2, 4326))");
        db.reset();
        spatialite_cleanup_ex(cache);
    }
    auto store = lode::open_store(path, {"", "", "2025-06-01"});
    CHECK(store->schema_version() == lode::current_schema_version);
    CHECK(store->history_began() == "2025-06-01T00:00:00.000Z");
    CHECK(store->history({}).empty());

    {
        store->set_change_context({"dana", "moved after the survey", "2025-07-01T08:00:00Z"});
        auto txn = store->begin_write();
        store->update_feature("points", feature("P1", 2.5, 3, 4));
        store->insert_feature("points", feature("P2", 0.5, 5, 6));
        txn->commit();
    }
    {
        store->set_change_context({"dana", "moved after the survey", "2025-07-02T08:00:00Z"});
        auto txn = store->begin_write();   // rolled back: no history
        store->insert_feature("points", feature("P3", 0.5, 5, 6));
    }
    const auto entries = store->history({});
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].action == "update");
    CHECK(entries[0].key == "P1");
    CHECK(entries[0].user == "dana");
    CHECK(entries[0].note == "moved after the survey");
    CHECK(entries[0].at == "2025-07-01T08:00:00.000Z");
    CHECK(entries[0].old_values == nlohmann::json{{"grade", 1.5}, {"name", nullptr}, {"commodity", nullptr}});
    CHECK(entries[0].new_values == nlohmann::json{{"grade", 2.5}, {"name", "pegmatite P1"}, {"commodity", "Li"}});
    CHECK(entries[0].geometry_changed);
    CHECK(entries[1].action == "insert");
    CHECK(entries[1].key == "P2");

    // The state at each time: after the change, before it, and before history began (P1 as it was then).
    CHECK(ids_as_of(*store, "2025-07-01T08:00:00.000Z") == std::vector<std::string>{"P1@2.500000", "P2@0.500000"});
    CHECK(ids_as_of(*store, "2025-06-30T23:59:59.999Z") == std::vector<std::string>{"P1@1.500000"});
    CHECK(ids_as_of(*store, "2025-01-01T00:00:00.000Z") == std::vector<std::string>{"P1@1.500000"});
    const auto then = store->find_feature_as_of("points", "P1", "2025-06-30T00:00:00.000Z");
    REQUIRE(then);
    CHECK(then->wkb == point(1, 2));
    CHECK(store->find_feature_as_of("points", "P1", "2025-07-01T08:00:00.000Z")->wkb == point(3, 4));
    CHECK_FALSE(store->find_feature_as_of("points", "P2", "2025-06-30T00:00:00.000Z"));
    store.reset();

    auto db = lode::sqlite::open(path, false);
    CHECK(query_integer(db.get(), "SELECT count(*) FROM history_context") == 0);   // emptied before COMMIT
}

TEST_CASE("the history's row images keep numbers to the bit: as-of and undo restore the double that was stored")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const double sum = 0.1 + 0.2;        // 0.30000000000000004 (python3: 0.1 + 0.2), not 0.3
    const double third = 1.0 / 3.0;      // 0.33333333333333331 with 17 digits; 15 would give 0.333333333333333
    REQUIRE(sum != 0.3);
    auto bits = [](double v) {
        std::uint64_t b = 0;
        std::memcpy(&b, &v, sizeof b);
        return b;
    };
    // Doubles of every magnitude a layer holds (and far beyond), from a fixed seed.
    std::vector<double> values = {sum, third, 2.0 / 3.0, 6.02214076e23, 1e-300 / 3.0, 123456.789e-7};
    std::uint64_t state = 0x9e3779b97f4a7c15u;
    while (values.size() < 200) {
        state ^= state << 13, state ^= state >> 7, state ^= state << 17;
        double v = 0;
        std::memcpy(&v, &state, sizeof v);
        if (std::isfinite(v) && std::fabs(v) < 1e100)
            values.push_back(v);
    }
    store->set_change_context({"ana", "", "2025-01-01T00:00:00Z"});
    {
        auto txn = store->begin_write();
        for (std::size_t i = 0; i < values.size(); ++i) {
            auto f = feature("N" + std::to_string(i), values[i], 69.2, 41.3);
            f.project = "TEST";
            store->insert_feature("points", f);
        }
        txn->commit();
    }
    store->set_change_context({"ana", "", "2025-02-01T00:00:00Z"});
    {
        auto txn = store->begin_write();
        for (std::size_t i = 0; i < values.size(); ++i) {
            auto f = feature("N" + std::to_string(i), i == 0 ? third : 1.0, 69.2, 41.3);
            f.project = "TEST";
            store->update_feature("points", f);
        }
        txn->commit();
    }
    // The update's image before and after, as the history holds them (JSON text, read by nlohmann).
    const auto first = store->history({std::string("points"), std::string("N0"), {}, {}, {}, {}});
    REQUIRE(first.size() == 2);
    CHECK(bits(first[1].old_values.at("grade").get<double>()) == bits(sum));
    CHECK(bits(first[1].new_values.at("grade").get<double>()) == bits(third));
    // Rebuilt as it was before the update, from the row images: every value bit for bit.
    std::size_t exact = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        const auto then = store->find_feature_as_of("points", "N" + std::to_string(i), "2025-01-15T00:00:00.000Z");
        REQUIRE(then);
        exact += bits(std::get<double>(then->attributes.at("grade"))) == bits(values[i]);
    }
    CHECK(exact == values.size());
    // A delete's image restores the value it removed.
    store->set_change_context({"ana", "", "2025-03-01T00:00:00Z"});
    {
        auto txn = store->begin_write();
        store->delete_features("points", {"N0"});
        txn->commit();
    }
    const auto gone = store->find_feature_as_of("points", "N0", "2025-02-15T00:00:00.000Z");
    REQUIRE(gone);
    CHECK(bits(std::get<double>(gone->attributes.at("grade"))) == bits(third));
}
