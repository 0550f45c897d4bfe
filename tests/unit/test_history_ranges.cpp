// Store model 14 (SpatiaLite): a bulk insert's history is one row of history_ranges, expanded by the
// view history from the rows themselves. Its independent answer is the store model before it, which
// wrote an entry per row: the same changes made on a model-13 store and on a current one must leave
// the same history, entry for entry, whatever is done to the rows afterwards (by lode, or by
// another program through the sqlite3 shell).
#include "support.hpp"

#include "lode/assay/result.hpp"
#include "lode/store/history.hpp"
#include "lode/store/register.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/spatialite/spatialite_store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

using lode::sqlite::query_integer;

namespace {

lode::Feature sample(const std::string& id, int i)
{
    lode::Feature f;
    f.id = id;
    f.project = "UZ-PEG";
    lode::Wkb wkb(21);
    wkb[0] = 1;   // little-endian
    wkb[1] = 1;   // Point
    const double lon = 64.0 + i * 1e-3, lat = 41.25;
    std::memcpy(wkb.data() + 5, &lon, 8);
    std::memcpy(wkb.data() + 13, &lat, 8);
    f.wkb = wkb;
    f.attributes["sample_type"] = std::string("soil");
    return f;
}

// Inserts n samples PREFIX0000... in bulk with a lithium result each, inside one write.
void bulk(lode::Store& store, const std::string& prefix, int n)
{
    std::vector<lode::Feature> features;
    std::vector<lode::AssayRecord> results;
    for (int i = 0; i < n; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "%s%04d", prefix.c_str(), i);
        features.push_back(sample(id, i));
        lode::AssayRecord r;
        r.layer = "samples";
        r.sample = id;
        r.analyte = "Li";
        r.unit = lode::Unit::ppm;
        r.result = *lode::parse_result(std::to_string(100 + i));
        r.lab = "ALS Perth";
        r.batch = "B1";
        results.push_back(r);
    }
    std::vector<const lode::Feature*> pointers;
    for (const auto& f : features)
        pointers.push_back(&f);
    auto txn = store.begin_write();
    store.insert_features("samples", pointers, lode::OnDuplicate::error);
    store.write_assays(results);
    txn->commit();
}

// Every entry of the view history, every column (an external edit's time is the clock's, not the
// test's: left out).
std::vector<std::string> history_rows(const std::string& path)
{
    auto db = lode::sqlite::open(path, false);
    lode::sqlite::Statement s(db.get(), "SELECT id, CASE WHEN user = 'external' THEN '' ELSE at END, user, note, action, tbl, key,"
                                        " row_id, quote(project), quote(old), quote(new), geometry_changed, quote(old_geom),"
                                        " quote(import) FROM history ORDER BY id");
    std::vector<std::string> rows;
    while (s.step()) {
        std::string row;
        for (int c = 0; c < 14; ++c)
            row += s.text(c) + "|";
        rows.push_back(row);
    }
    return rows;
}

using Open = std::function<std::unique_ptr<lode::Store>(const lode::ChangeContext&)>;

// The same changes through open: two bulk writes, then lode's and another program's edits.
void change(const Open& open, const std::string& path)
{
    {
        auto store = open({"tester", "first lab batch", "2026-03-01T10:00:00Z"});
        store->add_project({"UZ-PEG", "Pegmatites", "UZ", "Li", "MOU", "", "", ""});
        bulk(*store, "S-", 1500);
    }
    {
        auto store = open({"tester", "corrections", "2026-03-02T10:00:00Z"});
        auto txn = store->begin_write();
        auto changed = *store->find_feature("samples", "S-0010");
        changed.attributes["sample_type"] = std::string("stream sediment");   // not the key: its entry stays a range's
        store->update_feature("samples", changed);
        store->delete_features("samples", {"S-0030", "S-1499"});   // one inside the range, and the last row
        txn->commit();
    }
    {
        // Another program renames a sample, moves one to another project, deletes a result and renames one's analyte.
        auto db = lode::sqlite::open(path, false);
        lode::sqlite::exec(db.get(), "INSERT INTO projects(code, name, host_countries, commodities, phase) SELECT 'UZ-2', name,"
                                     " host_countries, commodities, phase FROM projects WHERE code = 'UZ-PEG';"
                                     " UPDATE samples SET id = 'S-RENAMED' WHERE id = 'S-0020';"
                                     " UPDATE samples SET project = 'UZ-2' WHERE id = 'S-0021';"
                                     " DELETE FROM assay_results WHERE sample = 'S-0040';"
                                     " UPDATE assay_results SET analyte = 'Cs' WHERE sample = 'S-0041'");
    }
    {
        auto store = open({"tester", "second lab batch", "2026-03-03T10:00:00Z"});
        bulk(*store, "T-", 1200);
    }
    {
        // The layer renamed (its ranges follow it), and a second layer filled in bulk and dropped.
        auto store = open({"tester", "layers", "2026-03-04T10:00:00Z"});
        auto txn = store->begin_write();
        store->rename_layer("samples", "soil_samples");
        txn->commit();
    }
}

} // namespace

TEST_CASE("store model 14: a bulk insert's history kept as ranges reads entry for entry as model 13's entry per row")
{
    test::TempDir dir;
    const std::string layers = std::string(LODE_SOURCE_DIR) + "/layers";
    const std::string old_path = dir / "v13.sqlite", new_path = dir / "v14.sqlite";
    lode::create_spatialite_store(old_path, layers, 13);
    lode::create_spatialite_store(new_path, layers, lode::current_schema_version);
    change(
        [&](const lode::ChangeContext& context) {   // kept at model 13: the SpatiaLite store itself, not open_store
            auto store = std::make_unique<lode::SpatialiteStore>(old_path, false);
            store->load_definitions();
            store->set_change_context(context);
            return std::unique_ptr<lode::Store>(std::move(store));
        },
        old_path);
    change([&](const lode::ChangeContext& context) { return lode::open_store(lode::StoreLocation(new_path), context); }, new_path);

    const auto per_row = history_rows(old_path), ranged = history_rows(new_path);
    REQUIRE(!per_row.empty());
    CHECK(std::count_if(per_row.begin(), per_row.end(), [](const std::string& row) {
              return row.find("|update|layer_kinds|samples|") != std::string::npos;
          }) == 1);
    // 1500 + 1200 samples and their results, the changes between: thousands of entries.
    CHECK(per_row.size() > 5400);
    CHECK(ranged == per_row);
    {
        auto db = lode::sqlite::open(old_path, false);
        CHECK(query_integer(db.get(), "PRAGMA user_version") == 13);
    }
    {
        // Kept as four ranges (the samples and the results of each write), the rows they hold written
        // out only where a change needed it: the last row of each range, the deleted and re-keyed rows.
        auto db = lode::sqlite::open(new_path, false);
        CHECK(query_integer(db.get(), "SELECT count(*) FROM history_ranges") == 4);
        CHECK(query_integer(db.get(), "SELECT count(*) FROM history_log WHERE action = 'insert'") < 40);
    }
    // lode reads the same from both: what an import inserted, the state before the corrections.
    const lode::ChangeContext dropping{"tester", "the layer dropped", "2026-03-05T10:00:00Z"};
    auto old_store = lode::open_store(lode::StoreLocation(old_path), dropping);   // migrated to model 14 now: its entries stay rows
    auto new_store = lode::open_store(lode::StoreLocation(new_path), dropping);
    CHECK(history_rows(old_path) == per_row);
    lode::HistoryQuery everything;
    CHECK(old_store->history(everything).size() == per_row.size());
    for (const std::string key : {"S-0020", "S-0021", "S-0030", "S-1499", "T-0000"}) {
        lode::HistoryQuery query;
        query.table = "soil_samples";
        query.key = key;
        const auto a = old_store->history(query), b = new_store->history(query);
        REQUIRE(a.size() == b.size());
        CHECK(!a.empty());
        for (std::size_t i = 0; i < a.size(); ++i)
            CHECK(a[i].id == b[i].id);
    }
    // The layer dropped with its samples: every range entry written out as its row goes, the same
    // inserts and deletes as the entry-per-row store's.
    for (auto* store : {old_store.get(), new_store.get()}) {
        auto txn = store->begin_write();
        store->drop_layer("soil_samples", true);
        txn->commit();
    }
    const auto dropped = history_rows(old_path);
    CHECK(dropped.size() > per_row.size() + 2600);
    CHECK(history_rows(new_path) == dropped);
    auto db = lode::sqlite::open(new_path, false);
    CHECK(query_integer(db.get(), "SELECT count(*) FROM history_ranges WHERE tbl = 'soil_samples'") == 0);
}
