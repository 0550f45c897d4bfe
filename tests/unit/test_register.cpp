// The register: due-date arithmetic, "today" in the user's time zone, schema version 3, and the
// the register's checks, interest sums, recurring obligations and due items.
#include "support.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/register/licences.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/register/due.hpp"
#include "lode/store/register.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>

namespace {

lode::Date d(const char* text) { return *lode::parse_date(text); }
std::string plus(const char* from, int months, int anchor = 0) { return lode::to_string(lode::add_months(d(from), months, anchor)); }

// Sets $TZ for the scope of one check, restoring it after.
struct TimeZone {
    std::string saved;
    bool had = false;
    explicit TimeZone(const char* zone)
    {
        if (const char* old = std::getenv("TZ")) {
            saved = old;
            had = true;
        }
        setenv("TZ", zone, 1);
        tzset();
    }
    ~TimeZone()
    {
        if (had)
            setenv("TZ", saved.c_str(), 1);
        else
            unsetenv("TZ");
        tzset();
    }
};

// Into a store with the shipped layer kinds: two projects with partners, and one licence of TZ-GRE.
void fill_register(std::unique_ptr<lode::Store>& store)
{
    auto txn = store->begin_write();
    store->add_project({"TZ-GRE", "Tanzania joint project", "TZ", "graphite", "MOU", "", "", ""});
    store->add_project({"UZ-PEG", "Uzbekistan pegmatites", "UZ", "Li", "preliminary investigation", "", "", ""});
    store->add_partnership({"TZ-GRE", "Korea Institute of Geoscience and Mineral Resources (KIGAM)", "KR", "lead", ""});
    store->add_partnership({"TZ-GRE", "Geological Survey of Tanzania (GST)", "TZ", "host-government agency", ""});
    store->add_partnership({"UZ-PEG", "Korea Institute of Geoscience and Mineral Resources (KIGAM)", "KR", "lead", ""});
    store->add_partnership({"UZ-PEG", "Ministry of Mining Industry and Geology of Uzbekistan", "UZ", "host-government agency", ""});
    lode::add_licence(*store, "PL-001", "TZ-GRE",
                      {{"holder", "KIGAM–GST"}, {"status", "granted"}, {"accuracy", "illustrative"},
                       {"granted", "2024-01-31"}, {"expiry", "2027-01-30"}},
                      "POLYGON((36.70 -8.70,36.75 -8.70,36.75 -8.65,36.70 -8.65,36.70 -8.70))");
    txn->commit();
}

} // namespace

TEST_CASE("adding months keeps a series on its anchor day, clamped to short months")
{
    CHECK(plus("2024-01-31", 1) == "2024-02-29");      // leap February
    CHECK(plus("2024-01-31", 2) == "2024-03-31");      // back on the 31st: counted from the anchor
    CHECK(plus("2025-01-31", 1) == "2025-02-28");
    CHECK(plus("2024-02-29", 12) == "2025-02-28");
    CHECK(plus("2024-02-29", 48) == "2028-02-29");
    CHECK(plus("2024-02-29", 1, 31) == "2024-03-31");  // a month-end series that had been clamped to 29 Feb
    CHECK(plus("2024-04-30", 1, 31) == "2024-05-31");
    CHECK(plus("2024-11-15", 3) == "2025-02-15");      // across the year end
    CHECK(plus("2024-01-15", -2) == "2023-11-15");
    CHECK(plus("2100-01-31", 1) == "2100-02-28");      // 2100 is not a leap year
    CHECK(plus("2000-01-31", 1) == "2000-02-29");      // 2000 is
}

TEST_CASE("days between dates count leap days, and adding them back is the inverse")
{
    CHECK(lode::days_between(d("2024-01-01"), d("2025-01-01")) == 366);
    CHECK(lode::days_between(d("2025-01-01"), d("2026-01-01")) == 365);
    CHECK(lode::days_between(d("2026-03-01"), d("2026-02-28")) == -1);
    CHECK(lode::days_between(d("1970-01-01"), d("2000-03-01")) == 11017);   // 30 years: 10957 days, + 31 + 29
    CHECK(lode::to_string(lode::add_days(d("2024-02-28"), 1)) == "2024-02-29");
    CHECK(lode::to_string(lode::add_days(d("2024-12-31"), 90)) == "2025-03-31");
}

TEST_CASE("today is the calendar date of the local time zone, or --today")
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    const lode::Date utc_today{utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday};
    lode::Date kiritimati, pago_pago;
    {
        TimeZone zone("Pacific/Kiritimati");   // UTC+14
        kiritimati = lode::today();
    }
    {
        TimeZone zone("Pacific/Pago_Pago");    // UTC-11
        pago_pago = lode::today();
    }
    // 25 hours apart: Kiritimati is always a day (for one hour of each day, two) ahead of Pago Pago.
    const long apart = lode::days_between(pago_pago, kiritimati);
    CHECK((apart == 1 || apart == 2));
    CHECK(lode::days_between(utc_today, kiritimati) >= 0);
    CHECK(lode::days_between(pago_pago, utc_today) >= 0);
    CHECK(lode::to_string(lode::today(std::string("2026-02-28"))) == "2026-02-28");
    CHECK(test::contains(test::error_line<lode::InputError>([] { lode::today(std::string("2025-02-30")); }),
                         "--today: '2025-02-30' is not a valid date"));
}

TEST_CASE("partial dates of public sources are checked")
{
    CHECK(lode::is_partial_date("2019"));
    CHECK(lode::is_partial_date("2025-12"));
    CHECK(lode::is_partial_date("2025-12-12"));
    CHECK_FALSE(lode::is_partial_date("2025-13"));
    CHECK_FALSE(lode::is_partial_date("2025-02-30"));
    CHECK_FALSE(lode::is_partial_date("19"));
    CHECK_FALSE(lode::is_partial_date("Dec 2025"));
}

// SpatiaLite-only: its schema's migration, read back with SQL.
TEST_CASE("a schema-version-2 store is migrated to 3: register tables, interests, the licences' new dates")
{
    test::TempDir dir;
    // The layer kinds as lode 2 shipped them: licences without the application and surrender dates.
    const std::string layers = dir / "layers";
    std::filesystem::create_directory(layers);
    std::filesystem::copy_file(lode::default_layers_dir() + "/commodities.json", layers + "/commodities.json");
    auto licences = nlohmann::json::parse(std::ifstream(lode::default_layers_dir() + "/licences.json"));
    auto& fields = licences["fields"];
    fields.erase(std::remove_if(fields.begin(), fields.end(), [](const auto& f) {
                     return f["name"] == "applied" || f["name"] == "surrendered";
                 }),
                 fields.end());
    std::ofstream(layers + "/licences.json") << licences.dump();
    const std::string path = dir / "v2.sqlite";
    lode::create_spatialite_store(path, layers, 2);
    {
        auto db = lode::sqlite::open(path, false);
        CHECK(lode::sqlite::query_integer(db.get(), "PRAGMA user_version") == 2);
        lode::sqlite::exec(db.get(), "INSERT INTO projects(code, name, phase) VALUES ('OLD', 'Kept project', 'MOU');"
                                     "INSERT INTO partners(organisation) VALUES ('Kept partner');"
                                     "INSERT INTO project_partners(project, partner, role) VALUES ('OLD', 1, 'lead')");
    }
    auto store = lode::open_store(path);
    CHECK(store->schema_version() == lode::current_schema_version);
    CHECK(store->find_project("OLD")->name == "Kept project");
    const auto& kind = store->layer_kind("licences");
    REQUIRE(kind.field("applied"));
    REQUIRE(kind.field("surrendered"));
    CHECK(kind.field("applied")->type == lode::FieldType::date);
    // applied sits before granted, as in layers/licences.json
    std::vector<std::string> names;
    for (const auto& f : kind.fields)
        names.push_back(f.name);
    CHECK(std::find(names.begin(), names.end(), "applied") + 1 == std::find(names.begin(), names.end(), "granted"));
    auto interests = store->the_register().project_interests(std::string("OLD"));
    REQUIRE(interests.size() == 1);
    CHECK(interests.front().organisation == "Kept partner");
    CHECK_FALSE(interests.front().pct);
    store.reset();
    auto db = lode::sqlite::open(path, false);
    for (const char* table : {"licence_partners", "obligations", "agreement_terms", "milestones"})
        CHECK(lode::sqlite::query_integer(db.get(), std::string("SELECT count(*) FROM sqlite_master WHERE name = '") + table + "'") == 1);
    CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM pragma_table_info('licences') WHERE name IN ('applied', 'surrendered')") == 2);
    CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM pragma_table_info('project_partners') WHERE name = 'interest_pct'") == 1);
}

TEST_CASE_TEMPLATE("a fresh store has schema version 3 with the licences' dates once", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(lode::default_layers_dir());
    auto& store = fixture.store;
    CHECK(store->schema_version() == lode::current_schema_version);
    int applied = 0;
    for (const auto& f : store->layer_kind("licences").fields)
        applied += f.name == "applied";
    CHECK(applied == 1);
    CHECK(store->the_register().milestones(std::nullopt).empty());
}

TEST_CASE_TEMPLATE("a recurring obligation marked done rolls over to its next occurrence on the anchor day", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(lode::default_layers_dir());
    auto& store = fixture.store;
    fill_register(store);
    auto& reg = store->the_register();
    auto txn = store->begin_write();
    lode::Obligation rent;
    rent.licence = "PL-001";
    rent.kind = "Rent";   // canonicalised
    rent.due = "2024-01-31";
    rent.amount = 1200;
    rent.currency = "usd";
    rent.every_months = 1;
    const auto id = reg.add_obligation(rent);
    auto next = reg.mark_done(id, "2024-01-30");
    REQUIRE(next);
    CHECK(next->due == "2024-02-29");
    CHECK(next->kind == "rent");
    CHECK(next->currency == "USD");
    auto after = reg.mark_done(next->id, "2024-02-28");
    REQUIRE(after);
    CHECK(after->due == "2024-03-31");   // back on the 31st
    CHECK_THROWS_WITH_AS(reg.mark_done(id, "2024-02-01"), doctest::Contains("already done on 2024-01-30"), lode::InputError);
    txn->commit();
    CHECK(reg.obligations(std::string("PL-001"), true).size() == 1);
    CHECK(reg.obligations(std::string("PL-001"), false).size() == 3);
}

TEST_CASE_TEMPLATE("bad register input is refused with the reason", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(lode::default_layers_dir());
    auto& store = fixture.store;
    fill_register(store);
    auto& reg = store->the_register();
    lode::Obligation o;
    o.licence = "PL-002";
    o.kind = "rent";
    o.due = "2025-02-01";
    CHECK_THROWS_WITH_AS(reg.add_obligation(o), doctest::Contains("no licence 'PL-002' in the licences layer (did you mean: PL-001?)"),
                         lode::NotFound);
    o.licence = "PL-001";
    o.due = "2025-02-30";
    CHECK_THROWS_WITH_AS(reg.add_obligation(o), doctest::Contains("due date '2025-02-30' is not a valid date"), lode::InputError);
    o.due = "2025-02-28";
    o.kind = "rnt";
    CHECK_THROWS_WITH_AS(reg.add_obligation(o), doctest::Contains("(did you mean 'rent'?)"), lode::InputError);

    lode::Interest i{"PL-001", "KIGAM", "", "lead", 120.0, ""};
    CHECK_THROWS_WITH_AS(reg.set_licence_interest(i), doctest::Contains("an interest of 120% is outside 0 < interest <= 100"),
                         lode::InputError);
    i.pct = 0.0;
    CHECK_THROWS_AS(reg.set_licence_interest(i), lode::InputError);
    i.pct = 50.0;
    i.organisation = "Geological Survey of Tanzanya (GST)";
    CHECK_THROWS_WITH_AS(reg.set_licence_interest(i), doctest::Contains("did you mean: Geological Survey of Tanzania (GST)?"),
                         lode::NotFound);
    i.organisation = "korea institute";   // the one organisation whose name contains it
    CHECK_NOTHROW(reg.set_licence_interest(i));
    lode::Interest project_interest{"TZ-GRE", "Ministry of Mining", "", "", 10.0, ""};   // a partner of UZ-PEG only
    CHECK_THROWS_WITH_AS(reg.set_project_interest(project_interest), doctest::Contains("unknown partner 'Ministry of Mining' among the partners of project 'TZ-GRE'"),
                         lode::NotFound);

    lode::Milestone m{0, "UZ-PEGG", "2019", "MOU", "MOU", "done", "", ""};
    CHECK_THROWS_WITH_AS(reg.add_milestone(m), doctest::Contains("did you mean: UZ-PEG?"), lode::NotFound);
    m.project = "UZ-PEG";
    m.date = "2019-13";
    CHECK_THROWS_WITH_AS(reg.add_milestone(m), doctest::Contains("date '2019-13' is not a date"), lode::InputError);

    CHECK_THROWS_WITH_AS(lode::update_licence(*store, "PL-001", {{"expiry", "2023-12-31"}}),
                         doctest::Contains("field 'expiry': 2023-12-31 is not after the grant date 2024-01-31"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::update_licence(*store, "PL-001", {{"status", "grantd"}}), doctest::Contains("did you mean 'granted'"),
                         lode::InputError);
}

TEST_CASE_TEMPLATE("interests per licence are summed and flagged unless they make 100%", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(lode::default_layers_dir());
    auto& store = fixture.store;
    fill_register(store);
    auto& reg = store->the_register();
    reg.set_licence_interest({"PL-001", "KIGAM", "", "lead", 60.0, ""});
    reg.set_licence_interest({"PL-001", "GST", "", "host-government agency", 30.0, ""});
    auto sums = lode::interest_sums(reg.licence_interests(std::string("PL-001")));
    REQUIRE(sums.size() == 1);
    CHECK(sums[0].total == doctest::Approx(90));
    CHECK_FALSE(sums[0].complete());
    reg.set_licence_interest({"PL-001", "GST", "", "host-government agency", 40.0, ""});   // replaces 30
    sums = lode::interest_sums(reg.licence_interests(std::string("PL-001")));
    CHECK(sums[0].total == doctest::Approx(100));
    CHECK(sums[0].with_interest == 2);
    CHECK(sums[0].complete());
    // thirds: 33.3 + 33.3 + 33.4 must count as complete despite binary fractions
    CHECK(lode::interest_sums({{"X", "a", "", "", 33.3, ""}, {"X", "b", "", "", 33.3, ""}, {"X", "c", "", "", 33.4, ""}})[0].complete());
}

TEST_CASE_TEMPLATE("due items: expiries and outstanding obligations, most urgent first, overdue flagged", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture(lode::default_layers_dir());
    auto& store = fixture.store;
    fill_register(store);
    auto& reg = store->the_register();
    auto add = [&](const char* kind, const char* due, const char* done = "") {
        lode::Obligation o;
        o.licence = "PL-001";
        o.kind = kind;
        o.due = due;
        o.done = done;
        return reg.add_obligation(o);
    };
    add("report", "2026-12-31");
    add("rent", "2026-07-01");
    add("expenditure", "2026-06-30", "2026-06-15");   // done: not due
    add("renewal", "2026-10-30");
    lode::DueOptions options;
    options.today = d("2026-11-24");
    options.within_days = 60;   // to 2027-01-23: the expiry on 2027-01-30 (67 days ahead) is beyond
    auto items = lode::due_items(*store, options);
    REQUIRE(items.size() == 3);
    CHECK(items[0].kind == "rent");
    CHECK(items[0].overdue);
    CHECK(items[0].days == -146);
    CHECK(items[1].kind == "renewal");
    CHECK(items[1].days == -25);
    CHECK(items[2].kind == "report");
    CHECK(items[2].days == 37);
    options.within_days = 70;
    items = lode::due_items(*store, options);
    REQUIRE(items.size() == 4);
    CHECK(items[3].kind == "expiry");
    CHECK(items[3].due == "2027-01-30");
    CHECK(items[3].days == 67);
    options.project = "UZ-PEG";
    CHECK(lode::due_items(*store, options).empty());
}

TEST_CASE("licence add fills the kind's defaults for the fields not given, as import does")
{
    test::TempDir dir;
    auto store = lode::create_store(dir / "register.sqlite", lode::default_layers_dir());
    fill_register(store);
    {
        auto txn = store->begin_write();
        lode::add_licence(*store, "PL-002", "TZ-GRE", {{"holder", "GST"}, {"status", "application"}},
                          "POLYGON((36.80 -8.70,36.85 -8.70,36.85 -8.65,36.80 -8.65,36.80 -8.70))");
        txn->commit();
    }
    // layers/licences.json: accuracy {"default": "approximate"}; PL-001 gave its own.
    const std::string path = dir / "register.sqlite";
    store.reset();
    auto db = lode::sqlite::open(path, false);
    lode::sqlite::Statement s(db.get(), "SELECT id, accuracy FROM licences ORDER BY id");
    std::vector<std::string> rows;
    while (s.step())
        rows.push_back(s.text(0) + "=" + s.text(1));
    CHECK(rows == std::vector<std::string>{"PL-001=illustrative", "PL-002=approximate"});
}
