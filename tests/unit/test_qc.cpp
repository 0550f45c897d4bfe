// QA/QC (store model 9): QC types as labs write them; judge_qc's verdicts against hand computation
// (standards at 1.9, 2.5 and 3.1 SD, an oxide certificate for an element's results, two warnings in
// a row, a blank at 6x the detection limit, HARD of known pairs); QC samples and certified values
// kept on every backend; a model-8 SpatiaLite store brought to model 9.
#include "support.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/qc.hpp"
#include "lode/base/error.hpp"
#include "lode/store/qc.hpp"
#include "lode/store/register.hpp"
#include "lode/store/spatialite/detail/store.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

namespace {

lode::AssayRecord result(const std::string& sample, const std::string& analyte, lode::Unit unit, const char* cell,
                         const std::string& batch)
{
    lode::AssayRecord r;
    r.layer = "points";
    r.sample = sample;
    r.analyte = analyte;
    r.unit = unit;
    r.result = *lode::parse_result(cell);
    r.batch = batch;
    return r;
}

lode::QcSample qc(const std::string& id, lode::QcType type, const std::string& of = {})
{
    lode::QcSample q;
    q.layer = "points";
    q.id = id;
    q.project = "TEST";
    q.type = type;
    (type == lode::QcType::standard ? q.crm : q.original) = of;
    return q;
}

const lode::QcCheck& check_of(const lode::QcJudgement& j, const std::string& sample)
{
    for (const auto& c : j.checks)
        if (c.sample == sample)
            return c;
    FAIL("no check of " << sample);
    return j.checks.front();
}

} // namespace

TEST_CASE("QC types as labs write them")
{
    using lode::QcType;
    CHECK(lode::parse_qc_type("DUP") == QcType::field_duplicate);
    CHECK(lode::parse_qc_type(" fd ") == QcType::field_duplicate);
    CHECK(lode::parse_qc_type("Field_Duplicate") == QcType::field_duplicate);
    CHECK(lode::parse_qc_type("CD") == QcType::coarse_duplicate);
    CHECK(lode::parse_qc_type("pulp dup") == QcType::pulp_duplicate);
    CHECK(lode::parse_qc_type("STD") == QcType::standard);
    CHECK(lode::parse_qc_type("crm") == QcType::standard);
    CHECK(lode::parse_qc_type("BLK") == QcType::blank);
    CHECK(lode::parse_qc_type("") == QcType::primary);
    CHECK(lode::parse_qc_type("soil") == std::nullopt);
    CHECK(lode::parse_qc_type("STDX") == std::nullopt);
    for (auto t : {QcType::primary, QcType::field_duplicate, QcType::coarse_duplicate, QcType::pulp_duplicate, QcType::standard,
                   QcType::blank})
        CHECK(lode::parse_qc_type(lode::to_string(t)) == t);   // the stored form reads back
}

TEST_CASE("judge_qc: standards by SD, two warnings in a row, blanks by 5x the limit, duplicates by HARD")
{
    using lode::QcType;
    using lode::QcVerdict;
    using lode::Unit;
    const auto& analytes = lode::Analytes::built_in();
    // OREAS-A certifies Li 5000 +- 100 ppm; OREAS-B certifies Li2O 1.0 +- 0.02 %.
    const std::vector<lode::ReferenceValue> refs{lode::reference_value("OREAS-A", "Li_ppm", 5000, 100, "", analytes),
                                                 lode::reference_value("OREAS-B", "Li2O_pct", 1.0, 0.02, "", analytes)};
    const std::vector<lode::QcSample> samples{
        qc("A1", QcType::standard, "OREAS-A"), qc("A2", QcType::standard, "oreas-a"), qc("A3", QcType::standard, "OREAS-A"),
        qc("A4", QcType::standard, "OREAS-A"), qc("A5", QcType::standard, "OREAS-A"), qc("B1", QcType::standard, "OREAS-B"),
        qc("K1", QcType::blank), qc("K2", QcType::blank), qc("D1", QcType::field_duplicate, "P1"),
        qc("D2", QcType::pulp_duplicate, "P2"), qc("D3", QcType::field_duplicate, "P3")};
    // Li ppm of B1 that is 1.05 % Li2O: 1.05 % Li2O x 10000 / (Li2O / 2 Li) ppm Li.
    const double li2o_factor = analytes.factor(analytes.require("Li"), analytes.require("Li2O"));
    const std::string b1_li = std::to_string(1.05 * 10000 / li2o_factor);
    const std::vector<lode::AssayRecord> results{
        result("A1", "Li", Unit::ppm, "5190", "X1"), result("A2", "Li", Unit::ppm, "5250", "X1"),
        result("A3", "Li", Unit::ppm, "4760", "X2"), result("A4", "Li", Unit::ppm, "4730", "X2"),
        result("A5", "Li", Unit::ppm, "4740", "X3"),   // a third warning below: a new pair, not a failure
        result("B1", "Li", Unit::ppm, b1_li.c_str(), "X3"),
        result("P1", "Li", Unit::ppm, "100", "X1"), result("P9", "Li", Unit::ppm, "<2", "X1"),
        result("K1", "Li", Unit::ppm, "12", "X1"),                           // 6 x the limit 2
        result("K2", "Li", Unit::ppm, "10", "X1"),                           // 5 x: passes
        result("D1", "Li", Unit::ppm, "110", "X1"),
        result("P2", "Li", Unit::ppm, "200", "X2"), result("D2", "Li", Unit::percent, "0.026", "X2"),   // 200 ppm vs 260 ppm
        result("P3", "Li", Unit::ppm, "<2", "X2"), result("D3", "Li", Unit::ppm, "3", "X2")};
    const lode::QcJudgement j = lode::judge_qc(samples, results, refs, analytes);
    CHECK(check_of(j, "A1").verdict == QcVerdict::pass);
    CHECK(check_of(j, "A1").z == doctest::Approx(1.9));
    CHECK(check_of(j, "A2").verdict == QcVerdict::warning);   // the CRM's name without case
    CHECK(check_of(j, "A3").verdict == QcVerdict::warning);   // below, after a warning above: no pair
    CHECK(check_of(j, "A4").verdict == QcVerdict::fail);      // the second warning below in a row
    CHECK(check_of(j, "A5").verdict == QcVerdict::warning);
    // B1: an element's result against an oxide certificate, converted: +2.5 SD.
    CHECK(check_of(j, "B1").analyte == "Li2O");
    CHECK(check_of(j, "B1").unit == Unit::percent);
    CHECK(check_of(j, "B1").z == doctest::Approx(2.5).epsilon(1e-6));
    CHECK(check_of(j, "K1").verdict == QcVerdict::fail);
    CHECK(check_of(j, "K1").expected == doctest::Approx(10));
    CHECK(check_of(j, "K2").verdict == QcVerdict::pass);
    CHECK(check_of(j, "D1").hard == doctest::Approx(10.0 / 210));
    CHECK(check_of(j, "D2").hard == doctest::Approx(60.0 / 460));   // 0.02 % is 200 ppm
    CHECK(check_of(j, "D2").unit == Unit::percent);
    CHECK(check_of(j, "D3").verdict == QcVerdict::not_judged);       // its original is below the limit
    // Batches X1 (blank K1) and X2 (A4) fail; X3 does not.
    REQUIRE(j.failed_batches.size() == 2);
    CHECK(j.failed_batches.at("X1") == std::vector<std::string>{"A1", "A2", "D1", "K1", "K2", "P1", "P9"});
    CHECK(j.failed_batches.count("X2") == 1);
    // The filters: one batch; one analyte.
    lode::QcFilter only_x3;
    only_x3.batch = "X3";
    const auto x3 = lode::judge_qc(samples, results, refs, analytes, only_x3);
    REQUIRE(x3.checks.size() == 2);
    CHECK(x3.failed_batches.empty());
    lode::QcFilter li2o;
    li2o.analytes = {"Li2O"};
    CHECK(lode::judge_qc(samples, results, refs, analytes, li2o).checks.size() == 1);
}

TEST_CASE("reference values as people write them")
{
    const auto& analytes = lode::Analytes::built_in();
    const auto v = lode::reference_value(" OREAS 750 ", "Ta2O5_ppm", 120, 4.5, "certificate", analytes);
    CHECK(v.name == "OREAS 750");
    CHECK(v.analyte == "Ta2O5");
    CHECK(v.unit == lode::Unit::ppm);
    CHECK_THROWS_WITH_AS(lode::reference_value("X", "Tantalum", 1, 1, "", analytes), doctest::Contains("is not an analyte and unit"),
                         lode::InputError);
    CHECK_THROWS_WITH_AS(lode::reference_value("X", "Li_ppm", 1, 0, "", analytes), doctest::Contains("above 0"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::reference_value("X", "Li_ppm", -1, 1, "", analytes), doctest::Contains("at least 0"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::reference_value(" ", "Li_ppm", 1, 1, "", analytes), doctest::Contains("name is empty"), lode::InputError);
}

TEST_CASE_TEMPLATE("QC samples and certified values are kept, and a QC sample holds results without being a feature", Backend,
                   LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    const auto& analytes = lode::Analytes::built_in();
    {
        auto txn = store->begin_write();
        store->write_qc_samples({qc("STD-1", lode::QcType::standard, "OREAS-A"), qc("BLK-1", lode::QcType::blank)});
        store->write_assays({result("STD-1", "Li", lode::Unit::ppm, "5310", "X1")});
        store->write_reference_values({lode::reference_value("OREAS-A", "Li_ppm", 5000, 100, "certificate", analytes)});
        txn->commit();
    }
    {
        auto txn = store->begin_write();
        CHECK_THROWS_WITH_AS(store->write_qc_samples({qc("BLK-1", lode::QcType::blank)}),
                             doctest::Contains("already holds the QC sample 'BLK-1' (blank)"), lode::InputError);
    }
    {
        auto txn = store->begin_write();
        CHECK_THROWS_WITH_AS(store->write_reference_values({lode::reference_value("OREAS-A", "Li_ppm", 1, 1, "", analytes)}),
                             doctest::Contains("already has a certified value of Li"), lode::InputError);
    }
    auto again = fixture.reopen();
    const auto samples = again->qc_samples("points");
    REQUIRE(samples.size() == 2);
    CHECK(samples[0].id == "BLK-1");
    CHECK(samples[1].crm == "OREAS-A");
    CHECK(samples[1].type == lode::QcType::standard);
    const auto refs = again->reference_values();
    REQUIRE(refs.size() == 1);
    CHECK(refs[0].source == "certificate");
    const auto j = lode::judge_layer_qc(*again, "points");
    REQUIRE(j.checks.size() == 1);
    CHECK(j.checks[0].z == doctest::Approx(3.1));
    CHECK(j.checks[0].verdict == lode::QcVerdict::fail);
    // Renaming the layer takes its QC samples along.
    again->rename_layer("points", "rocks");
    CHECK(again->qc_samples("rocks").size() == 2);
    CHECK(again->qc_samples("points").empty());
}

// SpatiaLite-only: a store made at model 8 is brought to model 9 when opened.
TEST_CASE("store model 9: a model-8 store gains the QC tables")
{
    test::TempDir dir;
    const std::string path = dir / "v8.sqlite";
    lode::create_spatialite_store(path, std::string(LODE_SOURCE_DIR) + "/layers", 8);
    {
        lode::SpatialiteStore old(path, false);
        old.load_definitions();
        REQUIRE(old.schema_version() == 8);
        CHECK_FALSE(old.has_table("qc_samples"));
    }
    auto store = lode::open_store(path);
    CHECK(store->schema_version() == lode::current_schema_version);   // 11: the QC tables in the history
    CHECK(store->reference_values().empty());
    CHECK(store->qc_samples("samples").empty());
    store->add_project({"UZ-PEG", "Pegmatites", "UZ", "Li", "MOU", "", "", ""});
    {
        auto txn = store->begin_write();
        lode::QcSample q = qc("STD-1", lode::QcType::standard, "OREAS-A");
        q.layer = "samples";
        q.project = "UZ-PEG";
        store->write_qc_samples({q});
        auto r = result("STD-1", "Li", lode::Unit::ppm, "5000", "X1");
        r.layer = "samples";
        store->write_assays({r});
        txn->commit();
    }
    CHECK(lode::open_store(path)->qc_samples("samples").size() == 1);
    // Store model 11: the QC sample and the result written after the migration are in the history.
    lode::HistoryQuery query;
    query.table = "qc_samples";
    const auto qc_changes = store->history(query);
    REQUIRE(qc_changes.size() == 1);
    CHECK(qc_changes[0].key == "samples/STD-1");
    query.table = "assay_results";
    const auto result_changes = store->history(query);
    REQUIRE(result_changes.size() == 1);
    CHECK(result_changes[0].key == "STD-1/Li");
    CHECK(result_changes[0].action == "insert");
}
