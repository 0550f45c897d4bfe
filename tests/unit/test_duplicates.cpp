#include "support.hpp"

#include "lode/import/importer.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace {

// Points P<first> .. P<first + count - 1>, grade `grade`, along a line that starts at longitude `x`.
std::string points_file(const test::TempDir& dir, const std::string& name, int first, int count, double x, double grade)
{
    const std::string file = dir / name;
    std::ofstream out(file);
    out << R"({"type":"FeatureCollection","features":[)";
    for (int i = first; i < first + count; ++i)
        out << (i > first ? "," : "") << R"({"type":"Feature","properties":{"id":"P)" << i << R"(","grade":)" << grade
            << R"(},"geometry":{"type":"Point","coordinates":[)" << x + (i - first) * 1e-4 << ",40]}}";
    out << "]}";
    return file;
}

lode::ImportReport import(lode::Store& store, const std::string& file, lode::OnDuplicate on_duplicate)
{
    lode::ImportOptions options;
    options.file = file;
    options.layer = "points";
    options.project = "TEST";
    options.on_duplicate = on_duplicate;
    return lode::import_features(store, options);
}

std::size_t count_in(lode::Store& store, const lode::BBox& box)
{
    std::size_t n = 0;
    lode::Selection selection;
    selection.bbox = box;
    store.scan("points", selection, lode::Reading::geometries(), [&](lode::ScanRow&) { ++n; return true; });
    return n;
}

} // namespace

TEST_CASE_TEMPLATE("a bulk import of known and new ids skips or updates the known ones by the unique id, the spatial index kept whole", Backend, LODE_TEST_BACKENDS)
{
    test::TempDir dir;
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    import(*store, points_file(dir, "first.geojson", 0, 1500, 60, 1), lode::OnDuplicate::error);

    // P1000 .. P2499 at longitude 70: 500 known ids, 1,000 new; skipped, the known stay at 60.
    auto skip = import(*store, points_file(dir, "second.geojson", 1000, 1500, 70, 2), lode::OnDuplicate::skip);
    CHECK(skip.written == 1000);
    CHECK(skip.skipped == 500);
    CHECK(skip.updated == 0);
    CHECK(store->summarise("points").count == 2500);
    CHECK(count_in(*store, {69.99, 39.99, 71, 40.01}) == 1000);
    CHECK(count_in(*store, {59.99, 39.99, 61, 40.01}) == 1500);
    REQUIRE(store->find_feature("points", "P1000"));
    CHECK(std::get<double>(store->find_feature("points", "P1000")->attributes.at("grade")) == 1);

    // P2000 .. P3499 at longitude 80: 500 known (written over, moved), 1,000 new.
    auto update = import(*store, points_file(dir, "third.geojson", 2000, 1500, 80, 3), lode::OnDuplicate::update);
    CHECK(update.written == 1000);
    CHECK(update.updated == 500);
    CHECK(update.skipped == 0);
    CHECK(store->summarise("points").count == 3500);
    CHECK(count_in(*store, {79.99, 39.99, 81, 40.01}) == 1500);
    CHECK(count_in(*store, {69.99, 39.99, 71, 40.01}) == 500);
    CHECK(std::get<double>(store->find_feature("points", "P2000")->attributes.at("grade")) == 3);

    // Known ids refused: nothing written.
    CHECK_THROWS_AS(import(*store, points_file(dir, "fourth.geojson", 3000, 1500, 90, 4), lode::OnDuplicate::error), lode::InputError);
    CHECK(store->summarise("points").count == 3500);
}
