#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/register.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

using lode::sqlite::query_integer;

namespace {
std::string query_text(sqlite3* db, const std::string& sql)
{
    lode::sqlite::Statement s(db, sql);
    return s.step() ? s.text(0) : std::string();
}
} // namespace

// SpatiaLite-only, down to the next marker: the file, its SQL schema, its migrations and its
// version stamp are that backend's. The tests of the Store interface below run on every backend.

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

// Every backend (test::StoreFixture).

TEST_CASE_TEMPLATE("projects are validated: phase, date, country codes, commodities, unique code", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
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

TEST_CASE_TEMPLATE("company and joint-venture programmes: their phases and roles, and the default phase", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
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

TEST_CASE_TEMPLATE("partners have a role per project, and unknown projects and roles are refused", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
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

TEST_CASE_TEMPLATE("an unknown layer suggests the close name", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    CHECK_THROWS_WITH_AS(store->layer_kind("point"), doctest::Contains("did you mean: points"), lode::NotFound);
}

TEST_CASE("a store made before kind defaults and aliases gets today's built-in kinds, and the user's kinds stay theirs")
{
    test::TempDir dir;
    const std::string path = dir / "v5.sqlite";
    // tests/data/layers_45709ff: layers/*.json as lode shipped them at commit 45709ff (git show), before
    // the "default" and "aliases" keys: accuracy required, no aliases.
    lode::create_spatialite_store(path, test::data("layers_45709ff"), 5);
    {
        auto db = lode::sqlite::open(path, false);
        REQUIRE(query_integer(db.get(), "PRAGMA user_version") == 5);
        // The user changed the drillholes kind: it is theirs now.
        lode::sqlite::exec(db.get(), "UPDATE layer_kinds SET definition = json_set(definition, '$.title', 'Our drillholes')"
                                     " WHERE name = 'drillholes'");
        lode::sqlite::exec(db.get(), "INSERT INTO projects(code, name, phase) VALUES ('OLD', 'Kept project', 'MOU')");
    }
    auto store = lode::open_store(path, {"mira", "", "2026-01-01T00:00:00Z"});
    CHECK(store->schema_version() == lode::current_schema_version);
    CHECK(store->find_project("OLD")->name == "Kept project");
    // layers/licences.json today: accuracy optional with the default "approximate"; status aliases live → granted.
    const auto& licences = store->layer_kind("licences");
    const lode::FieldDef* accuracy = licences.field("accuracy");
    REQUIRE(accuracy);
    CHECK(accuracy->default_value == std::optional<std::string>("approximate"));
    CHECK_FALSE(accuracy->required);
    const lode::FieldDef* status = licences.field("status");
    REQUIRE(status->allowed_match("live"));
    CHECK(*status->allowed_match("live") == "granted");
    const lode::FieldDef* sample_type = store->layer_kind("samples").field("sample_type");
    REQUIRE(sample_type->allowed_match("stream sed"));
    CHECK(*sample_type->allowed_match("stream sed") == "stream sediment");
    // The user's drillholes: their title, and still no aliases (DD is not diamond) nor default.
    const auto& drillholes = store->layer_kind("drillholes");
    CHECK(drillholes.title == "Our drillholes");
    CHECK(drillholes.field("drill_type")->allowed_match("DD") == nullptr);
    CHECK_FALSE(drillholes.field("accuracy")->default_value);
    // Recorded: the user's own change (made outside lode), then one update of layer_kinds per kind
    // brought up to date (6 of the 7 kinds), by the user who opened the store.
    const auto entries = store->history({std::string("layer_kinds"), {}, {}, {}, {}, {}});
    std::vector<std::string> keys;
    for (const auto& e : entries) {
        CHECK(e.action == "update");
        keys.push_back(e.key + " by " + e.user);
    }
    // Store model 7 then adds elev_datum to the user's drillholes (their kind otherwise as it was),
    // and model 10 the azimuth reference's three fields.
    CHECK(keys == std::vector<std::string>{"drillholes by external", "licences by mira", "occurrences by mira", "prospects by mira",
                                           "samples by mira", "survey_areas by mira", "traverses by mira", "drillholes by mira",
                                           "drillholes by mira"});
    CHECK(drillholes.field("elev_datum"));
    for (const char* field : {"azimuth_ref", "declination_deg", "grid_crs"})
        CHECK(drillholes.field(field));
    store.reset();
    auto db = lode::sqlite::open(path, false);
    CHECK(query_integer(db.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'vocabularies'") == 1);
    CHECK(query_text(db.get(), "SELECT json_extract(definition, '$.title') FROM layer_kinds WHERE name = 'drillholes'") == "Our drillholes");
}

TEST_CASE("a store extends its vocabularies: checked, recorded, kept, and taken by projects, partners and milestones")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const lode::Project company{"CO-1", "Company programme", "UZ", "Li", "Pre-Feasibility", "", "", ""};
    CHECK_THROWS_WITH_AS(store->add_project(company), doctest::Contains("phase 'Pre-Feasibility' is not one of"), lode::InputError);
    CHECK(lode::vocabulary_named("Phase") == lode::Vocabulary::phases);
    CHECK(test::contains(test::error_line<lode::NotFound>([] { lode::vocabulary_named("rolse"); }),
                         "unknown vocabulary 'rolse' (did you mean 'roles'?)"));

    store->set_change_context({"ana", "company programmes", "2026-02-01T00:00:00Z"});
    store->extend_vocabulary(lode::Vocabulary::phases, {"pre-feasibility"});
    store->extend_vocabulary(lode::Vocabulary::roles, {"offtaker", "drilling contractor"});
    // Duplicates (without case, among the built-in, the added and the given) are refused, all or none.
    CHECK_THROWS_WITH_AS(store->extend_vocabulary(lode::Vocabulary::phases, {"Exploration"}),
                         doctest::Contains("phases has 'exploration' already"), lode::InputError);
    CHECK_THROWS_WITH_AS(store->extend_vocabulary(lode::Vocabulary::phases, {"scoping", "Scoping"}),
                         doctest::Contains("phases has 'scoping' already"), lode::InputError);
    CHECK_THROWS_WITH_AS(store->extend_vocabulary(lode::Vocabulary::roles, {"a;b"}), doctest::Contains("';'"), lode::InputError);
    CHECK_THROWS_AS(store->extend_vocabulary(lode::Vocabulary::roles, {" "}), lode::InputError);
    CHECK(store->added_values(lode::Vocabulary::phases) == std::vector<std::string>{"pre-feasibility"});

    store->add_project(company);
    CHECK(store->find_project("CO-1")->phase == "pre-feasibility");
    store->add_partnership({"CO-1", "Offtake Co", "KR", "Offtaker", ""});
    CHECK(store->partnerships(std::string("CO-1")).front().role == "offtaker");
    lode::Milestone m;
    m.project = "CO-1";
    m.date = "2026-01";
    m.title = "Scoping study";
    m.phase = "pre-feasibility";
    store->the_register().add_milestone(m);

    // The history: one insert into vocabularies per value, keyed VOCABULARY/VALUE.
    std::vector<std::string> keys;
    for (const auto& e : store->history({std::string("vocabularies"), {}, {}, {}, {}, {}}))
        keys.push_back(e.action + " " + e.key + " by " + e.user);
    CHECK(keys == std::vector<std::string>{"insert phases/pre-feasibility by ana", "insert roles/offtaker by ana",
                                           "insert roles/drilling contractor by ana"});
    store.reset();
    // Kept in the store: 9 built-in phases (MOU … completed) and the one added, last.
    auto again = lode::open_store(dir / "test.sqlite");
    const auto phases = again->vocabulary(lode::Vocabulary::phases);
    CHECK(phases.size() == 10);
    CHECK(phases.back() == "pre-feasibility");
    CHECK(again->vocabulary(lode::Vocabulary::roles).back() == "drilling contractor");
}

namespace {
std::vector<unsigned char> point_wkb(double lon, double lat)
{
    std::vector<unsigned char> wkb(21);
    wkb[0] = 1;   // little-endian
    wkb[1] = 1;   // Point
    std::memcpy(wkb.data() + 5, &lon, 8);
    std::memcpy(wkb.data() + 13, &lat, 8);
    return wkb;
}
} // namespace

TEST_CASE_TEMPLATE("one scan reads what the reading asks: whole features, ids and WKB, points, fields; by selection and as of a time", Backend,
                   LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(test::data("layers"), {"ana", "", "2025-01-01"});
    auto& store = fixture.store;
    store->add_project({"TEST", "Test programme", "UZ", "Li", "MOU", "", "", ""});
    store->add_project({"OTHER", "Other programme", "TZ", "Li", "MOU", "", "", ""});
    // Three hand-made points, in this order: the answers below are these values.
    auto feature = [](const std::string& id, const std::string& project, lode::Value name, lode::Value grade, double lon, double lat) {
        lode::Feature f;
        f.id = id;
        f.project = project;
        f.attributes = {{"name", name}, {"commodity", std::string("Li")}, {"grade", grade}, {"found", lode::Value{}}};
        f.wkb = point_wkb(lon, lat);
        return f;
    };
    {
        auto txn = store->begin_write();
        store->insert_feature("points", feature("A", "TEST", std::string("Ёшлик 서울"), 1.5, 64.5, 41.25));
        store->insert_feature("points", feature("B", "TEST", lode::Value{}, lode::Value{}, 65, 42));
        store->insert_feature("points", feature("C", "OTHER", std::string("Mkwawa"), 7.0, 36.75, -8.5));
        txn->commit();
    }
    auto read = [&](const lode::Selection& selection, const lode::Reading& reading) {
        std::vector<lode::ScanRow> rows;
        CHECK(store->scan("points", selection, reading, [&](lode::ScanRow& row) {
            rows.push_back(row);
            return true;
        }) == 1);
        return rows;
    };

    const auto whole = read({}, lode::Reading::features());
    REQUIRE(whole.size() == 3);
    CHECK(whole[0].feature.id == "A");
    CHECK(std::get<std::string>(whole[0].feature.attributes.at("name")) == "Ёшлик 서울");
    CHECK(whole[2].feature.wkb == point_wkb(36.75, -8.5));
    CHECK(whole[0].id.empty());   // a whole read fills the feature only

    const auto lean = read({}, lode::Reading::geometries({"grade"}, "name"));
    REQUIRE(lean.size() == 3);
    CHECK(lean[0].id == "A");
    CHECK(lean[0].project == "TEST");
    CHECK(lean[0].name == "Ёшлик 서울");
    CHECK(lean[0].text == "Ёшлик 서울");
    CHECK(lean[0].wkb == point_wkb(64.5, 41.25));
    CHECK(lean[0].numbers == std::vector<double>{1.5});
    CHECK(lean[1].name.empty());
    CHECK(std::isnan(lean[1].numbers.at(0)));   // no grade
    CHECK(lean[2].id == "C");
    CHECK(lean[2].feature.id.empty());          // a lean read fills no feature

    const auto points = read({}, lode::Reading::points({"grade"}));
    REQUIRE(points.size() == 3);
    CHECK(points[2].x == 36.75);
    CHECK(points[2].y == -8.5);
    CHECK(points[2].numbers == std::vector<double>{7.0});
    CHECK(points[2].id.empty());
    CHECK(points[2].wkb.empty());

    lode::Reading ids_only;
    ids_only.geometry = lode::Reading::Geometry::none;
    const auto ids = read({}, ids_only);
    REQUIRE(ids.size() == 3);
    CHECK(ids[1].id == "B");
    CHECK(ids[1].wkb.empty());
    // The id alone beside the points: no project or name.
    lode::Reading id_alone = lode::Reading::points({"grade"});
    id_alone.ids = true;
    id_alone.id_only = true;
    const auto alone = read({}, id_alone);
    REQUIRE(alone.size() == 3);
    CHECK(alone[0].id == "A");
    CHECK(alone[0].project.empty());
    CHECK(alone[0].name.empty());
    CHECK(alone[2].id == "C");
    CHECK(alone[2].x == 36.75);
    CHECK(alone[2].numbers == std::vector<double>{7.0});

    // By project, and by a box that holds only A.
    lode::Selection other;
    other.project = "OTHER";
    CHECK(read(other, lode::Reading::geometries()).size() == 1);
    lode::Selection box;
    box.bbox = lode::BBox{64, 41, 64.75, 41.5};
    const auto boxed = read(box, lode::Reading::points());
    REQUIRE(boxed.size() == 1);
    CHECK(boxed[0].x == 64.5);

    // A later change; every reading as of before it sees the grade and place as they were.
    store->set_change_context({"ana", "", "2025-06-01"});
    {
        auto txn = store->begin_write();
        store->update_feature("points", feature("A", "TEST", std::string("Ёшлик 서울"), 2.5, 64.75, 41.5));
        txn->commit();
    }
    lode::Selection before;
    before.as_of = "2025-03-01T00:00:00.000Z";
    CHECK(read({}, lode::Reading::points({"grade"}))[0].numbers == std::vector<double>{2.5});
    const auto then = read(before, lode::Reading::points({"grade"}));
    REQUIRE(then.size() == 3);
    CHECK(then[0].numbers == std::vector<double>{1.5});
    CHECK(then[0].x == 64.5);
    const auto then_alone = read(before, id_alone);
    CHECK(then_alone[0].id == "A");
    CHECK(then_alone[0].project.empty());
    CHECK(then_alone[0].numbers == std::vector<double>{1.5});
    const auto then_lean = read(before, lode::Reading::geometries({}, "name"));
    CHECK(then_lean[0].wkb == point_wkb(64.5, 41.25));
    CHECK(then_lean[0].text == "Ёшлик 서울");
    CHECK(read(before, lode::Reading::features())[0].feature.wkb == point_wkb(64.5, 41.25));

    // Fields the layer lacks, and a point read of polygons, are refused before any row.
    CHECK_THROWS_WITH_AS(store->scan("points", {}, lode::Reading::geometries({"depth"}), [](lode::ScanRow&) { return true; }), doctest::Contains("no numeric field 'depth'"),
                         lode::InputError);
    CHECK_THROWS_WITH_AS(store->scan("points", {}, lode::Reading::geometries({"name"}), [](lode::ScanRow&) { return true; }), doctest::Contains("no numeric field 'name'"),
                         lode::InputError);
    CHECK_THROWS_WITH_AS(store->scan("points", {}, lode::Reading::geometries({}, "colour"), [](lode::ScanRow&) { return true; }), doctest::Contains("no field 'colour'"),
                         lode::InputError);
    CHECK_THROWS_WITH_AS(store->scan("areas", {}, lode::Reading::points(), [](lode::ScanRow&) { return true; }),
                         doctest::Contains("not points"), lode::InputError);
}
