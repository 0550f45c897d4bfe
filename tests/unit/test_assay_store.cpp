// Assay results in the store (store model 8): written and read through the Store interface on
// every backend; and the SpatiaLite migration that copies a version-6 store's oxide columns into
// results, every value compared before and after.
#include "support.hpp"

#include "lode/assay/result.hpp"
#include "lode/base/error.hpp"
#include "lode/store/assay_values.hpp"
#include "lode/store/register.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/spatialite/detail/store.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>

namespace {

std::vector<unsigned char> point(double lon, double lat)
{
    std::vector<unsigned char> wkb(21);
    wkb[0] = 1;   // little-endian
    wkb[1] = 1;   // Point
    std::memcpy(wkb.data() + 5, &lon, 8);
    std::memcpy(wkb.data() + 13, &lat, 8);
    return wkb;
}

// Sample S-i of project UZ-PEG, a soil sample at (64.5 + i, 41.25).
lode::Feature soil_sample(int i)
{
    lode::Feature f;
    f.id = "S-" + std::to_string(i);
    f.project = "UZ-PEG";
    f.wkb = point(64.5 + i, 41.25);
    f.attributes["sample_type"] = std::string("soil");
    return f;
}

std::vector<lode::AssayRecord> read_all(lode::Store& store, const lode::AssayQuery& query)
{
    std::vector<lode::AssayRecord> out;
    store.read_assays(query, [&](const lode::AssayRecord& r) {
        out.push_back(r);
        return true;
    });
    return out;
}

lode::AssayRecord record(const std::string& sample, const std::string& analyte, lode::Unit unit, const char* cell,
                         const std::string& batch)
{
    lode::AssayRecord r;
    r.layer = "points";
    r.sample = sample;
    r.analyte = analyte;
    r.unit = unit;
    r.result = *lode::parse_result(cell);
    r.method = "ME-MS61";
    r.lab = "ALS Perth";
    r.batch = batch;
    r.assayed_on = "2026-03-02";
    return r;
}

} // namespace

TEST_CASE_TEMPLATE("assay results are kept with qualifier, limit, original text and provenance, all of a sample's", Backend,
                   LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    CHECK_FALSE(store->has_assays("points"));   // the backend's EXISTS, before any result
    {
        auto txn = store->begin_write();
        for (const char* id : {"A", "B"}) {
            lode::Feature f;
            f.id = id;
            f.project = "TEST";
            f.wkb = point(64.5, 41.25);
            store->insert_feature("points", f);
        }
        store->write_assays({record("A", "Li", lode::Unit::ppm, "0.52", "PE24001"),
                             record("A", "Li", lode::Unit::ppm, "<3", "PE24017"),   // a re-assay: both kept
                             record("A", "Au", lode::Unit::ppb, "BDL", "PE24001"),
                             record("B", "Li2O", lode::Unit::percent, ">10", "PE24001")});
        txn->commit();
    }
    CHECK(store->has_assays("points"));
    const auto a = read_all(*store, {"points", std::string("A"), {}});
    REQUIRE(a.size() == 3);
    CHECK(a[0].analyte == "Li");
    CHECK(a[0].result.value == 0.52);
    CHECK(a[0].result.qualifier == lode::Qualifier::none);
    CHECK(std::isnan(a[0].result.limit));
    CHECK(a[0].batch == "PE24001");
    CHECK(a[1].result.qualifier == lode::Qualifier::below);
    CHECK(a[1].result.limit == 3.0);
    CHECK(std::isnan(a[1].result.value));
    CHECK(a[1].result.text == "<3");
    CHECK(a[1].batch == "PE24017");
    CHECK(a[2].unit == lode::Unit::ppb);
    CHECK(a[2].result.qualifier == lode::Qualifier::below);
    CHECK(std::isnan(a[2].result.limit));
    CHECK(a[2].method == "ME-MS61");
    CHECK(a[2].lab == "ALS Perth");
    CHECK(a[2].assayed_on == "2026-03-02");
    const auto li2o = read_all(*store, {"points", {}, {"Li2O"}});
    REQUIRE(li2o.size() == 1);
    CHECK(li2o[0].sample == "B");
    CHECK(li2o[0].unit == lode::Unit::percent);
    CHECK(li2o[0].result.qualifier == lode::Qualifier::above);
    CHECK(li2o[0].result.limit == 10.0);
    CHECK(read_all(*store, {"points", {}, {}}).size() == 4);
    // One analyte's values of every sample, in any order: the analyte named, each result's unit,
    // qualifier and limit its own (a plain value, then a below-limit one), the rest left empty.
    lode::AssayQuery li_values{"points", {}, {"Li"}};
    li_values.values_only = true;
    li_values.any_order = true;
    auto li = read_all(*store, li_values);
    std::sort(li.begin(), li.end(), [](const auto& x, const auto& y) { return x.id < y.id; });
    REQUIRE(li.size() == 2);
    CHECK(li[0].analyte == "Li");
    CHECK(li[0].sample == "A");
    CHECK(li[0].unit == lode::Unit::ppm);
    CHECK(li[0].result.value == 0.52);
    CHECK(li[0].result.qualifier == lode::Qualifier::none);
    CHECK(std::isnan(li[0].result.limit));
    CHECK(li[1].analyte == "Li");
    CHECK(std::isnan(li[1].result.value));
    CHECK(li[1].result.qualifier == lode::Qualifier::below);
    CHECK(li[1].result.limit == 3.0);
    CHECK(li[1].id > li[0].id);
    CHECK(li[1].batch.empty());
    CHECK(li[1].result.text.empty());

    // A result of a sample the layer lacks is refused and nothing of the batch is kept.
    {
        auto txn = store->begin_write();
        CHECK_THROWS_WITH_AS(store->write_assays({record("B", "Cu", lode::Unit::ppm, "12", "X"),
                                                  record("NOPE", "Cu", lode::Unit::ppm, "12", "X")}),
                             doctest::Contains("no feature 'NOPE' in layer 'points' to hold the Cu result"), lode::InputError);
    }
    CHECK(read_all(*store, {"points", {}, {"Cu"}}).empty());
    // Kept across a reopen.
    auto again = fixture.reopen();
    CHECK(read_all(*again, {"points", {}, {}}).size() == 4);
}

TEST_CASE("assay values: each of thousands of samples found by its id, its latest result counting in whatever order they come")
{
    // 5,000 samples with ids of 2 to 16 characters, two Au results each in ppm (the second written,
    // numbered higher, counts), read shuffled as an index by value gives them.
    const auto id = [](int i) { return "S" + std::string(static_cast<std::size_t>(i % 12), 'x') + std::to_string(i); };
    std::vector<lode::AssayRecord> records;
    std::int64_t number = 0;
    for (int round = 0; round < 2; ++round)
        for (int i = 0; i < 5000; ++i) {
            lode::AssayRecord r;
            r.sample = id(i);
            r.analyte = "Au";
            r.unit = lode::Unit::ppm;
            r.result.value = round == 0 ? 1.0 : i * 0.5;
            if (round == 1 && i % 7 == 0) {   // above its upper limit: counts as the limit
                r.result.qualifier = lode::Qualifier::above;
                r.result.limit = r.result.value;
            }
            r.id = ++number;
            records.push_back(r);
        }
    std::reverse(records.begin(), records.end());
    for (std::size_t i = 0; i + 1 < records.size(); i += 3)
        std::swap(records[i], records[(i * 7919) % records.size()]);
    const lode::ReadAssays read = [&](const lode::AssayQuery& q, const std::function<bool(const lode::AssayRecord&)>& visit) {
        CHECK(q.analytes == std::vector<std::string>{"Au"});
        for (const auto& r : records)
            if (!visit(r))
                return;
    };
    const lode::AssayValues values(read, "samples", {"Au_ppb"}, lode::BelowLimit::half, true, std::nullopt, {});
    for (int i = 0; i < 5000; ++i) {
        const double* v = values.values(id(i));
        REQUIRE(v != nullptr);
        CHECK(*v == i * 500.0);
        const auto at = values.at(id(i), 0);
        REQUIRE(at);
        CHECK(at->second == (i % 7 == 0 ? lode::Qualifier::above : lode::Qualifier::none));
    }
    CHECK(values.values("S") == nullptr);
    CHECK(values.values("") == nullptr);
    CHECK(values.values(id(5000)) == nullptr);
    CHECK_FALSE(values.at("S1x", 0));
    CHECK_FALSE(values.value("Sxx", "Au_ppb"));
    CHECK(values.value(id(2), "Au_ppb") == 1000.0);
    std::size_t visited = 0;
    values.visit(0, [&](const std::string& sample, double v, lode::Qualifier) {
        ++visited;
        CHECK(v == values.values(sample)[0]);
    });
    CHECK(visited == 5000);
}

// SpatiaLite-only: a store made at model 6 by the migration tests' way (create_spatialite_store).
TEST_CASE("store model 8: a version-6 store's oxide columns become results, every value the same")
{
    test::TempDir dir;
    const std::string path = dir / "v6.sqlite";
    lode::create_spatialite_store(path, std::string(LODE_SOURCE_DIR) + "/layers", 6);
    // What the samples held, by sample and column, read back through the store at version 6.
    std::map<std::pair<std::string, std::string>, double> before;
    std::vector<std::string> assay_columns;
    {
        lode::SpatialiteStore old(path, false);
        old.load_definitions();
        REQUIRE(old.schema_version() == 6);
        old.add_project({"UZ-PEG", "Pegmatites", "UZ", "Li", "MOU", "", "", ""});
        for (const auto& field : old.layer_kind("samples").fields)
            if (field.type == lode::FieldType::real)
                assay_columns.push_back(field.name);
        REQUIRE(assay_columns.size() == 24);   // li2o_pct .. lu2o3_ppm
        auto txn = old.begin_write();
        for (int i = 0; i < 4; ++i) {
            lode::Feature f = soil_sample(i);
            f.attributes["lab"] = std::string(i == 0 ? "ALS Perth" : "");
            // S-0 every column, values that do not print exactly; S-1 three; S-2 none; S-3 one tiny.
            for (std::size_t c = 0; c < assay_columns.size(); ++c) {
                double value = NAN;
                if (i == 0)
                    value = (static_cast<double>(c) + 0.1) / 3.0;
                else if (i == 1 && c < 3)
                    value = 0.1 + 0.2 * static_cast<double>(c);
                else if (i == 3 && c == 7)
                    value = 1e-300;
                if (!std::isnan(value)) {
                    f.attributes[assay_columns[c]] = value;
                    before[{f.id, assay_columns[c]}] = value;
                }
            }
            old.insert_feature("samples", f);
        }
        txn->commit();
    }
    REQUIRE(before.size() == 24 + 3 + 1);
    auto store = lode::open_store(path);
    REQUIRE(store->schema_version() == lode::current_schema_version);
    // The column each result came from, by its analyte and unit ("Li2O" "%" -> li2o_pct).
    std::map<std::pair<std::string, std::string>, double> after;
    std::size_t results = 0;
    store->read_assays({}, [&](const lode::AssayRecord& r) {
        ++results;
        const std::string suffix = r.unit == lode::Unit::percent ? "pct" : lode::to_string(r.unit);
        std::string column;
        for (char c : r.analyte + "_" + suffix)
            column += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        after[{r.sample, column}] = r.result.value;
        CHECK(r.result.qualifier == lode::Qualifier::none);
        CHECK(r.lab == (r.sample == "S-0" ? "ALS Perth" : ""));
        CHECK(!r.result.text.empty());
        return true;
    });
    CHECK(results == before.size());
    CHECK(after == before);   // exact: the same doubles, every one
    // The units as the kind declares them: li2o_pct in %, the others in ppm; TREO is a result too.
    const auto li2o = [&] {
        std::vector<lode::AssayRecord> out;
        store->read_assays({"samples", std::string("S-0"), {"Li2O", "TREO"}}, [&](const lode::AssayRecord& r) {
            out.push_back(r);
            return true;
        });
        return out;
    }();
    REQUIRE(li2o.size() == 2);
    CHECK(li2o[0].unit == lode::Unit::percent);
    CHECK(li2o[0].result.text == "0.0333333333333333");   // SQLite's text of the REAL, 15 digits
    CHECK(li2o[1].analyte == "TREO");
    CHECK(li2o[1].unit == lode::Unit::ppm);
    // The columns stay, with their values.
    CHECK(std::get<double>(store->find_feature("samples", "S-0")->attributes.at("li2o_pct")) == 0.1 / 3.0);
}

// SpatiaLite-only: store model 12 replaces the index by analyte with one that covers the results'
// values; model 13 adds the index by value, whose ranges samples_reaching reads. A model-11 store's results read the same after the migration (every record, in the same
// order), SQLite's planner reads one analyte from the index alone (its own EXPLAIN QUERY PLAN),
// and the latest result still counts (tests/data/assays/README.md: 0.08 % Li2O after 372 ppm Li is
// 800 ppm Li2O x 2 x 6.94 / 29.879 = 371.632 ppm Li).
TEST_CASE("store models 12, 13 and 15: a version-11 store's results read the same from the index by value, by sample in a batch, and reach floors by the index by value")
{
    test::TempDir dir;
    const std::string path = dir / "v11.sqlite";
    lode::create_spatialite_store(path, std::string(LODE_SOURCE_DIR) + "/layers", 11);
    const lode::AssayQuery lithium{"samples", {}, {"Li", "Li2O"}};
    std::vector<lode::AssayRecord> before;
    {
        lode::SpatialiteStore old(path, false);
        old.load_definitions();
        REQUIRE(old.schema_version() == 11);
        old.add_project({"UZ-PEG", "Pegmatites", "UZ", "Li", "MOU", "", "", ""});
        auto txn = old.begin_write();
        for (int i = 0; i < 4; ++i) {
            old.insert_feature("samples", soil_sample(i));
        }
        std::vector<lode::AssayRecord> records;
        // S-3's re-assay (B2, written last) is lower than its first assay: read by value, it comes first.
        for (auto r : {record("S-1", "Li", lode::Unit::ppm, "372", "B1"), record("S-1", "Au", lode::Unit::ppb, "<3", "B1"),
                       record("S-0", "Li", lode::Unit::ppm, "<5", "B1"), record("S-1", "Li2O", lode::Unit::percent, "0.08", "B2"),
                       record("S-2", "Li2O", lode::Unit::percent, ">10", "B1"), record("S-3", "Li", lode::Unit::ppm, "500", "B1"),
                       record("S-3", "Li", lode::Unit::ppm, "300", "B2")}) {
            r.layer = "samples";
            records.push_back(r);
        }
        old.write_assays(records);
        txn->commit();
        before = read_all(old, lithium);
    }
    REQUIRE(before.size() == 6);
    auto store = lode::open_store(path);
    REQUIRE(store->schema_version() == lode::current_schema_version);
    {
        auto db = lode::sqlite::open(path, false);
        // Model 15: two indexes of the results, by sample and by value; the others gone. Model 16: the
        // qualified results apart. Model 17: by analyte and unit, not by value.
        lode::sqlite::Statement indexes(db.get(), "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master"
                                                  " WHERE type = 'index' AND tbl_name = 'assay_results' ORDER BY name)");
        REQUIRE(indexes.step());
        CHECK(indexes.text(0) == "assay_results_by_analyte_unit,assay_results_by_sample,assay_results_qualified");
        CHECK(lode::sqlite::query_integer(db.get(), "SELECT count(*) FROM assay_results INDEXED BY assay_results_qualified"
                                                    " WHERE layer = 'samples' AND qualifier <> ''") == 3);   // <3 ppb, <5 ppm, >10 %
        // One analyte of every sample, in any order: from the index by analyte and unit alone.
        lode::sqlite::Statement plan(db.get(), "EXPLAIN QUERY PLAN SELECT sample, analyte, value, unit, qualifier, detection_limit, id"
                                               " FROM assay_results INDEXED BY assay_results_by_analyte_unit WHERE layer = 'samples' AND analyte IN ('Au')");
        REQUIRE(plan.step());
        CHECK(plan.text(3) == "SEARCH assay_results USING COVERING INDEX assay_results_by_analyte_unit (layer=? AND analyte=?)");
        CHECK_FALSE(plan.step());
        // A batch's results of one analyte: a seek of the index by sample for each, in the order
        // asked for without a sort.
        lode::sqlite::Statement batch(db.get(), "EXPLAIN QUERY PLAN SELECT sample, value FROM assay_results INDEXED BY assay_results_by_sample"
                                                " WHERE layer = 'samples' AND sample IN ('S-1', 'S-3') AND analyte IN ('Li') ORDER BY sample, id");
        std::vector<std::string> steps;
        while (batch.step())
            steps.push_back(batch.text(3));
        REQUIRE_FALSE(steps.empty());
        CHECK(steps[0] == "SEARCH assay_results USING INDEX assay_results_by_sample (layer=? AND sample=? AND analyte=?)");
        for (const auto& step : steps)
            CHECK(step.find("TEMP B-TREE") == std::string::npos);
    }
    {
        // Model 17: the samples reaching a floor are the range of their analyte and unit in the index
        // by analyte and unit, which covers their values (model 13's range of an index by value cost
        // every import more than it saved).
        auto db = lode::sqlite::open(path, false);
        lode::sqlite::Statement plan(db.get(), "EXPLAIN QUERY PLAN SELECT sample FROM assay_results WHERE layer = 'samples'"
                                               " AND analyte = 'Li' AND unit = 'ppm' AND coalesce(value, detection_limit) >= 100");
        REQUIRE(plan.step());
        CHECK(plan.text(3) == "SEARCH assay_results USING COVERING INDEX assay_results_by_analyte_unit (layer=? AND analyte=? AND unit=?)");
    }
    // By hand: S-1's 372 ppm Li reaches 100 ppm (its <5 does not), S-2's >10 % Li2O (limit 10) reaches
    // 5 %, S-3's 500 and 300 ppm both reach 100; S-0's <5 ppm (limit 5) neither. At 373 ppm only S-3's
    // first assay (500) does: a candidate, which its re-assay (300) then decides.
    auto reaching = store->samples_reaching("samples", {{"Li", lode::Unit::ppm, 100}, {"Li2O", lode::Unit::percent, 5}});
    std::sort(reaching.begin(), reaching.end());
    CHECK(reaching == std::vector<std::string>{"S-1", "S-2", "S-3"});
    CHECK(store->samples_reaching("samples", {{"Li", lode::Unit::ppm, 373}}) == std::vector<std::string>{"S-3"});
    const auto after = read_all(*store, lithium);
    REQUIRE(after.size() == before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        CHECK(after[i].id == before[i].id);
        CHECK(after[i].sample == before[i].sample);
        CHECK(after[i].analyte == before[i].analyte);
        CHECK(after[i].result.text == before[i].result.text);
    }
    // Read by analyte with their values only: the latest of each sample, converted, substituted.
    const lode::AssayValues li(*store, "samples", {"Li_ppm"}, lode::BelowLimit::half);
    const auto value = [&](const char* sample) { return li.value(sample, "Li_ppm").value_or(-1); };
    CHECK(value("S-0") == doctest::Approx(2.5));   // <5: half the limit
    CHECK(value("S-1") == doctest::Approx(371.632).epsilon(1e-6));
    CHECK(value("S-2") == doctest::Approx(46454.0).epsilon(1e-4));   // >10 % Li2O counts 10 %: 100000 x 0.464540
    CHECK(value("S-3") == 300);   // the re-assay, written last, though read before the first assay
    // The kinds the features' results hold, and which carry a qualifier: Au ppb (<3), Li ppm (<5),
    // Li2O % (>10), as written above.
    std::vector<std::string> kinds;
    for (const auto& k : store->summarise_assays("samples"))
        kinds.push_back(k.analyte + " " + lode::to_string(k.unit) + (k.qualified ? " qualified" : ""));
    CHECK(kinds == std::vector<std::string>{"Au ppb qualified", "Li ppm qualified", "Li2O % qualified"});
}

TEST_CASE_TEMPLATE("a batch of samples' results read in any order: every one, also those written before or after the others",
                   Backend, LODE_TEST_BACKENDS)
{
    // 120 samples with three results each, written sample after sample; then re-assays of a few,
    // numbered after all of them, and one result of a sample written between two others'. A batch
    // of every other sample from P-010 to P-069 reads exactly its samples' results.
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    const auto id = [](int i) {
        char name[8];
        std::snprintf(name, sizeof name, "P-%03d", i);
        return std::string(name);
    };
    {
        auto txn = store->begin_write();
        for (int i = 0; i < 120; ++i) {
            lode::Feature f;
            f.id = id(i);
            f.project = "TEST";
            f.wkb = point(64.5, 41.25);
            store->insert_feature("points", f);
        }
        std::vector<lode::AssayRecord> records;
        for (int i = 0; i < 120; ++i) {
            for (const char* analyte : {"Au", "Cu", "Li"})
                records.push_back(record(id(i), analyte, lode::Unit::ppm, "1.5", "B1"));
            if (i == 40)   // a result of P-012 among P-040's
                records.push_back(record(id(12), "Mo", lode::Unit::ppm, "4", "B1"));
        }
        for (int i : {10, 30, 69, 100})   // re-assays, after every other result
            records.push_back(record(id(i), "Au", lode::Unit::ppm, "2.5", "B2"));
        store->write_assays(records);
        txn->commit();
    }
    std::vector<std::string> batch;
    for (int i = 10; i < 70; i += 2)
        batch.push_back(id(i));
    const auto expected = [&](const std::vector<std::string>& analytes) {
        std::vector<std::int64_t> ids;
        for (const auto& r : read_all(*store, {"points", {}, {}}))
            if (std::find(batch.begin(), batch.end(), r.sample) != batch.end() &&
                (analytes.empty() || std::find(analytes.begin(), analytes.end(), r.analyte) != analytes.end()))
                ids.push_back(r.id);
        std::sort(ids.begin(), ids.end());
        return ids;
    };
    for (const std::vector<std::string>& analytes : {std::vector<std::string>{}, std::vector<std::string>{"Au", "Mo"}}) {
        lode::AssayQuery q{"points", {}, analytes};
        q.samples = batch;
        q.values_only = true;
        q.any_order = true;
        std::vector<std::int64_t> ids;
        for (const auto& r : read_all(*store, q))
            ids.push_back(r.id);
        std::sort(ids.begin(), ids.end());
        CHECK(ids == expected(analytes));
        CHECK(ids.size() == (analytes.empty() ? 30 * 3 + 1 + 2 : 30 + 1 + 2));   // P-012's Mo; P-010's and P-030's re-assays
    }
}
