#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <doctest/doctest.h>

using lode::sqlite::query_integer;

namespace {
std::string query_text(sqlite3* db, const std::string& sql)
{
    lode::sqlite::Statement s(db, sql);
    return s.step() ? s.text(0) : std::string();
}
} // namespace

TEST_CASE("a new store is SpatiaLite in WAL mode with an EPSG:4326 R*Tree-indexed geometry per layer")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    CHECK(store->schema_version() == lode::current_schema_version);
    CHECK(store->layer_kinds().size() == 2);
    store.reset();

    auto db = lode::sqlite::open(dir / "test.sqlite", false);
    CHECK(query_text(db.get(), "PRAGMA journal_mode") == "wal");
    CHECK(query_integer(db.get(), "PRAGMA user_version") == lode::current_schema_version);
    CHECK(query_integer(db.get(), "SELECT srid FROM geometry_columns WHERE f_table_name = 'points'") == 4326);
    CHECK(query_integer(db.get(), "SELECT spatial_index_enabled FROM geometry_columns WHERE f_table_name = 'areas'") == 1);
    // geometry_type 1 = POINT, 6 = MULTIPOLYGON (SpatiaLite 4+ codes, XY)
    CHECK(query_integer(db.get(), "SELECT geometry_type FROM geometry_columns WHERE f_table_name = 'points'") == 1);
    CHECK(query_integer(db.get(), "SELECT geometry_type FROM geometry_columns WHERE f_table_name = 'areas'") == 6);
    CHECK(query_integer(db.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'idx_areas_geom'") == 1);
}

TEST_CASE("init refuses to overwrite an existing file")
{
    test::TempDir dir;
    test::test_store(dir);
    CHECK_THROWS_AS(lode::create_store(dir / "test.sqlite", test::data("layers")), lode::InputError);
}

TEST_CASE("opening a missing store says how to create one")
{
    test::TempDir dir;
    try {
        lode::open_store(dir / "nope.sqlite");
        FAIL("opened a missing store");
    } catch (const lode::NotFound& e) {
        CHECK(lode::cli::error_text(e).find("lode init") != std::string::npos);
    }
}

TEST_CASE("a schema-version-1 store is migrated forward on open, keeping its data")
{
    test::TempDir dir;
    const std::string path = dir / "old.sqlite";
    lode::create_spatialite_store(path, test::data("layers"), 1);
    {
        auto db = lode::sqlite::open(path, false);
        CHECK(query_integer(db.get(), "PRAGMA user_version") == 1);
        CHECK(query_integer(db.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'imports'") == 0);
        lode::sqlite::exec(db.get(), "INSERT INTO projects(code, name, phase) VALUES ('OLD', 'Kept project', 'MOU')");
    }
    auto store = lode::open_store(path);
    CHECK(store->schema_version() == lode::current_schema_version);
    REQUIRE(store->find_project("OLD"));
    CHECK(store->find_project("OLD")->name == "Kept project");
    CHECK(store->imports().empty());   // the table exists now
    store.reset();
    auto db = lode::sqlite::open(path, false);
    CHECK(query_integer(db.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'imports'") == 1);
}

TEST_CASE("a store from a newer lode is refused")
{
    test::TempDir dir;
    test::test_store(dir);
    {
        auto db = lode::sqlite::open(dir / "test.sqlite", false);
        lode::sqlite::exec(db.get(), "PRAGMA user_version = 99");
    }
    CHECK_THROWS_WITH_AS(lode::open_store(dir / "test.sqlite"), doctest::Contains("newer than this lode"), lode::Error);
}

TEST_CASE("projects are validated: phase, date, country codes, commodities, unique code")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    lode::Project p{"UZ-PEG", "Pegmatites", "uz, kr", "lithium;REE", "Joint Research", "2019-04-19", "", ""};
    store->add_project(p);
    auto stored = store->find_project("UZ-PEG");
    REQUIRE(stored);
    CHECK(stored->host_countries == "UZ;KR");
    CHECK(stored->commodities == "Li;REE");
    CHECK(stored->phase == "joint research");
    CHECK_THROWS_WITH_AS(store->add_project(p), doctest::Contains("already exists"), lode::InputError);
    auto bad = p;
    bad.code = "X1";
    bad.phase = "exploring";
    CHECK_THROWS_WITH_AS(store->add_project(bad), doctest::Contains("phase 'exploring' is not one of"), lode::InputError);
    bad.phase = "MOU";
    bad.start_date = "2025-02-30";
    CHECK_THROWS_WITH_AS(store->add_project(bad), doctest::Contains("2025-02-30"), lode::InputError);
    bad.start_date = "";
    bad.host_countries = "Uzbekistan";
    CHECK_THROWS_AS(store->add_project(bad), lode::InputError);
    bad.host_countries = "UZ";
    bad.commodities = "lithum";
    CHECK_THROWS_WITH_AS(store->add_project(bad), doctest::Contains("Li (lithium)"), lode::InputError);
    CHECK_FALSE(store->find_project("X1"));
}

TEST_CASE("company and joint-venture programmes: their phases and roles, and the default phase")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    // Each word the issue lists, as a user types it (any case).
    for (const char* phase : {"exploration", "Resource Definition", "feasibility", "care and maintenance"}) {
        const std::string code = "CO-" + std::to_string(store->projects().size());
        store->add_project({code, "Company programme", "AU", "Li", phase, "", "", ""});
        CHECK(lode::lower(store->find_project(code)->phase) == lode::lower(phase));
    }
    store->add_project({"JV-1", "No phase given", "AU", "Li", "", "", "", ""});
    CHECK(store->find_project("JV-1")->phase == "exploration");
    CHECK(lode::default_project_phase() == "exploration");
    for (const char* role : {"JV partner", "farm-in partner", "royalty holder", "contractor", "laboratory"})
        store->add_partnership({"JV-1", std::string("Partner as ") + role, "AU", role, ""});
    CHECK(store->partnerships("JV-1").size() == 5);
    CHECK_THROWS_WITH_AS(store->add_partnership({"JV-1", "X", "AU", "joint venturer", ""}), doctest::Contains("is not one of"),
                         lode::InputError);
}

TEST_CASE("partners have a role per project, and unknown projects and roles are refused")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    store->add_partnership({"TEST", "KIGAM", "KR", "lead", ""});
    store->add_partnership({"TEST", "Geoscience Australia", "AU", "research partner", ""});
    const auto partners = store->partnerships(std::string("TEST"));
    REQUIRE(partners.size() == 2);
    CHECK(partners[0].organisation == "KIGAM");   // the lead comes first
    CHECK_THROWS_WITH_AS(store->add_partnership({"NOPE", "KIGAM", "KR", "lead", ""}), doctest::Contains("unknown project 'NOPE'"),
                         lode::NotFound);
    CHECK_THROWS_WITH_AS(store->add_partnership({"TEST", "KIGAM", "KR", "boss", ""}), doctest::Contains("role 'boss'"),
                         lode::InputError);
    CHECK_THROWS_WITH_AS(store->add_partnership({"TEST", "KIGAM", "KR", "lead", ""}), doctest::Contains("already has the role"),
                         lode::InputError);
}

TEST_CASE("an unknown layer suggests the close name")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    CHECK_THROWS_WITH_AS(store->layer_kind("point"), doctest::Contains("did you mean: points"), lode::NotFound);
}
