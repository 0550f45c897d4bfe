// Assay results of a SpatiaLite store (store model 8): the table assay_results, one row per result,
// indexed by layer, sample, analyte and number (a sample's results, a batch's; store model 15) and
// by layer, analyte, unit, sample and number, covering what a value is made of (one analyte of
// every sample, the samples reaching a floor; store model 17).
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/store/assay_history.hpp"
#include "lode/store/spatialite/detail/rows.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace lode {

namespace {

// Binds a result's columns (layer, sample, analyte, value, unit, qualifier, detection_limit,
// original, method, lab, batch, assayed_on, import_id) to the parameters after `before`, not copied
// (the record outlives the statement's run); import: the record's, or when it has none (0), this
// one (the import open; 0: none).
void bind_result(sqlite::Statement& s, int before, const AssayRecord& r, std::int64_t import = 0)
{
    s.bind_text_static(before + 1, r.layer).bind_text_static(before + 2, r.sample).bind_text_static(before + 3, r.analyte);
    if (std::isnan(r.result.value))
        s.bind_null(before + 4);
    else
        s.bind(before + 4, r.result.value);
    s.bind_text_static(before + 5, to_string(r.unit)).bind_text_static(before + 6, to_string(r.result.qualifier));
    if (std::isnan(r.result.limit))
        s.bind_null(before + 7);
    else
        s.bind(before + 7, r.result.limit);
    s.bind_text_static(before + 8, r.result.text).bind_text_static(before + 9, r.method).bind_text_static(before + 10, r.lab);
    s.bind_text_static(before + 11, r.batch).bind_text_static(before + 12, r.assayed_on);
    if (r.import == 0 && import == 0)
        s.bind_null(before + 13);
    else
        s.bind(before + 13, r.import != 0 ? r.import : import);
}

// Whether the results have store model 17's two indexes (a store opened without its migrations,
// as a test does at an older model, has the older ones).
bool has_model_17_indexes(sqlite3* db)
{
    return sqlite::query_integer(db, "SELECT (SELECT count(*) FROM pragma_index_info('assay_results_by_sample')) = 4"
                                     " AND EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'assay_results_by_analyte_unit')") == 1;
}

} // namespace

void SpatialiteStore::write_assays(const std::vector<AssayRecord>& records)
{
    sqlite::Statement insert(db_.get(), R"(
        INSERT INTO assay_results(layer, sample, analyte, value, unit, qualifier, detection_limit, original,
                                  method, lab, batch, assayed_on, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))");
    // Many results at once (an import's batch): the history's per-row insert trigger is set aside
    // and one set-based INSERT records them after, as the layers' bulk inserts do (writes.cpp);
    // the trigger is put back whatever happens (a rollback would restore it too).
    std::optional<std::int64_t> history_after;
    std::string trigger_sql;
    if (records.size() >= 1000)
        if (auto sql = trigger_definition(db_.get(), history_insert_trigger("assay_results"))) {
            trigger_sql = std::move(*sql);
            history_after = sqlite::query_integer(db_.get(), "SELECT coalesce(max(id), 0) FROM assay_results");
            sqlite::exec(db_.get(), "DROP TRIGGER " + quoted_identifier(history_insert_trigger("assay_results")));
        }
    struct PutBack {
        sqlite3* db;
        const std::string& sql;
        ~PutBack()
        {
            if (!sql.empty())
                sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
        }
    } put_back{db_.get(), trigger_sql};
    std::string checked_layer, checked_sample;   // the last sample found: an import's results come by sample
    std::unique_ptr<sqlite::Statement> exists;
    for (const auto& r : records) {
        if (r.layer != checked_layer) {
            layer_kind(r.layer);   // NotFound with the close names
            // A feature of the layer, or a QC sample of it (store model 9: standards and blanks are not features).
            exists = std::make_unique<sqlite::Statement>(db_.get(), "SELECT 1 FROM \"" + r.layer + "\" WHERE id = ?1"
                                                                     " UNION ALL SELECT 1 FROM qc_samples WHERE layer = ?2 AND id = ?1");
            checked_layer = r.layer;
            checked_sample.clear();
        }
        if (r.sample != checked_sample || checked_sample.empty()) {
            exists->bind(1, r.sample).bind(2, r.layer);
            const bool found = exists->step();
            exists->reset();
            if (!found)
                throw InputError(Where{"", -1, r.sample, ""}, "no feature '" + r.sample + "' in layer '" + r.layer +
                                                                  "' to hold the " + r.analyte + " result");
            checked_sample = r.sample;
        }
        bind_result(insert, 0, r, open_import_.value_or(0));   // an import's results name it (begin_import)
        insert.run_rebound();
    }
    if (history_after) {
        record_bulk_result_inserts(db_.get(), *history_after, open_import_);
        const std::string sql = std::move(trigger_sql);
        trigger_sql.clear();
        sqlite::exec(db_.get(), sql);
    }
}

void SpatialiteStore::read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit)
{
    if (query.as_of)
        return read_assays_as_of(*this, query, visit);
    // Some analytes of every sample, taken in any order: from the index by analyte and unit, which
    // covers them (store model 17), in its order; not every result of the layer by sample, as SQLite would
    // choose for more than one analyte. Any other reading by the index by sample (layer, sample,
    // analyte, number): one sample's, a batch's (below), the layer's; in its
    // order when taken in any order, else sorted by number sample by sample. (A store opened
    // without its migrations, as a test does at an older model, reads as SQLite chooses.)
    const bool by_analyte = !query.sample && query.samples.empty() && !query.analytes.empty() && query.any_order;
    const bool model_17 = has_model_17_indexes(db_.get());
    // A batch's samples in any order: where the range of the index from the first to the last of
    // them holds few more results than theirs (their ids run on, as a lab numbers its samples and
    // an import writes them), the table's rows from the first result of the range's first sample to
    // the last of its last are read in one pass, when those numbers run on too (the results written
    // sample after sample, as an import writes them: no lookup of each row from an index), else the
    // index's range; the results of other samples, layers and analytes passed over below. The pass
    // counts the results of the range's samples it meets: fewer than the index holds (some written
    // before or after the others), the rest are read from the index after it. Else one seek of each
    // sample, its analytes tested on the index's entries ("+": not a seek of each sample and analyte,
    // most of which find what the one seek would read).
    enum class Batch { seeks, index_range, rows_range } batch = Batch::seeks;
    std::vector<std::string_view> sorted;   // the batch's samples, for a range
    std::int64_t first = 0, last = 0;       // the results' numbers, for a range of rows
    std::int64_t results = 0;               // of the range's samples (at most `most`, for a range)
    if (!query.samples.empty() && query.any_order && model_17) {
        sorted.assign(query.samples.begin(), query.samples.end());
        if (!std::is_sorted(sorted.begin(), sorted.end()))   // (an export's rows come in order of their ids, mostly)
            std::sort(sorted.begin(), sorted.end());
        // (a count alone: SQLite's min() and max() of the numbers would double the cost of the walk)
        sqlite::Statement range(db_.get(), "SELECT count(*) FROM (SELECT 1 FROM assay_results INDEXED BY assay_results_by_sample"
                                           " WHERE layer = ? AND sample BETWEEN ? AND ? LIMIT ?)");
        const std::int64_t most = 16 * static_cast<std::int64_t>(sorted.size());   // results a sample at most, on average
        range.bind(1, query.layer).bind(2, std::string(sorted.front())).bind(3, std::string(sorted.back())).bind(4, most + 1);
        results = range.step() ? range.integer(0) : 0;
        if (results == 0)
            return;   // none of the batch's samples has a result
        if (results <= most) {
            // The first number of the range's first sample with results, the last of its last: seeks.
            sqlite::Statement ends(db_.get(), R"(
                SELECT (SELECT min(id) FROM assay_results INDEXED BY assay_results_by_sample WHERE layer = ?1 AND sample =
                          (SELECT sample FROM assay_results INDEXED BY assay_results_by_sample
                           WHERE layer = ?1 AND sample BETWEEN ?2 AND ?3 ORDER BY sample LIMIT 1)),
                       (SELECT max(id) FROM assay_results INDEXED BY assay_results_by_sample WHERE layer = ?1 AND sample =
                          (SELECT sample FROM assay_results INDEXED BY assay_results_by_sample
                           WHERE layer = ?1 AND sample BETWEEN ?2 AND ?3 ORDER BY sample DESC LIMIT 1)))");
            ends.bind(1, query.layer).bind(2, std::string(sorted.front())).bind(3, std::string(sorted.back()));
            ends.step();
            first = ends.integer(0);
            last = ends.integer(1);
            batch = last >= first && last - first < 2 * results ? Batch::rows_range : Batch::index_range;
        }
    }
    // What a value is made of first; the analyte unless only one is asked for and SQLite seeks it
    // (then it is that one); the rest of a result unless values only.
    const bool analyte_read = !(query.analytes.size() == 1 && batch == Batch::seeks);
    const int analyte_column = analyte_read ? 6 : -1, rest = analyte_read ? 7 : 6;
    AssayRecord r;
    r.layer = query.layer;
    if (!analyte_read)
        r.analyte = query.analytes.front();
    // A layer's results hold a few units and qualifiers: each text parsed when it differs from the last.
    std::string unit_text = to_string(r.unit), qualifier_text = to_string(r.result.qualifier);
    // Reads the results as `how` says (outside: of a range, those outside first .. last only);
    // false when the visitor stopped. met: the results of the range's samples read.
    std::int64_t met = 0;
    const auto read = [&](Batch how, bool outside) {
        std::string sql = std::string("SELECT sample, value, unit, qualifier, detection_limit, id") + (analyte_read ? ", analyte" : "") +
                          (query.values_only ? "" : ", original, method, lab, batch, assayed_on, import_id") + " FROM assay_results";
        if (how == Batch::rows_range) {
            sql += " NOT INDEXED WHERE id BETWEEN ? AND ? AND layer = ?";   // (not the index on layer)
        } else {
            if (model_17)
                sql += by_analyte ? " INDEXED BY assay_results_by_analyte_unit" : " INDEXED BY assay_results_by_sample";
            sql += " WHERE layer = ?";
        }
        if (query.sample)
            sql += " AND sample = ?";
        if (how == Batch::index_range)
            sql += outside ? " AND sample BETWEEN ? AND ? AND (id < ? OR id > ?)" : " AND sample BETWEEN ? AND ?";
        else if (how == Batch::seeks && !query.samples.empty())
            sql += " AND sample IN (SELECT value FROM json_each(?))";
        if (!query.analytes.empty() && how == Batch::seeks) {
            sql += query.samples.empty() ? " AND analyte IN (" : " AND +analyte IN (";
            for (std::size_t i = 0; i < query.analytes.size(); ++i)
                sql += i == 0 ? "?" : ", ?";
            sql += ")";
        }
        if (!(query.any_order && model_17))
            sql += " ORDER BY sample, id";
        sqlite::Statement s(db_.get(), sql);
        int at = 1;
        if (how == Batch::rows_range) {
            s.bind(at++, first);
            s.bind(at++, last);
        }
        s.bind(at++, query.layer);
        if (query.sample)
            s.bind(at++, *query.sample);
        if (how == Batch::index_range) {
            s.bind(at++, std::string(sorted.front()));
            s.bind(at++, std::string(sorted.back()));
            if (outside) {
                s.bind(at++, first);
                s.bind(at++, last);
            }
        } else if (how == Batch::seeks && !query.samples.empty()) {
            s.bind(at++, nlohmann::json(query.samples).dump());
        }
        if (how == Batch::seeks)
            for (const auto& analyte : query.analytes)
                s.bind(at++, analyte);
        std::string last;          // a range: the sample of the result before, and whether it is the batch's
        bool searched = false, last_taken = false;   // (a sample's results come together: one search for them all)
        while (s.step()) {
            const std::string_view sample = s.text_view(0);
            if (how == Batch::rows_range && sample >= sorted.front() && sample <= sorted.back())
                ++met;
            const std::string_view analyte = analyte_read ? s.text_view(analyte_column) : std::string_view(r.analyte);
            // (a range: a result of another sample or analyte passed over; SQLite's test of a list
            // costs more, and a range holds at most 16 results a sample)
            if (how != Batch::seeks) {
                if (!searched || sample != last) {
                    searched = true;
                    last.assign(sample);
                    last_taken = std::binary_search(sorted.begin(), sorted.end(), sample);
                }
                if (!last_taken ||
                    (!query.analytes.empty() && std::find(query.analytes.begin(), query.analytes.end(), analyte) == query.analytes.end()))
                    continue;
            }
            r.sample.assign(sample);   // into the record's strings, without one made each time
            if (analyte_read)
                r.analyte.assign(analyte);
            r.result.value = s.real_or_nan(1);
            const std::string_view unit = s.text_view(2), qualifier = s.text_view(3);
            if (unit != unit_text || qualifier != qualifier_text) {
                const auto known_unit = parse_unit(unit);
                const auto known_qualifier = parse_qualifier(qualifier);
                if (!known_unit || !known_qualifier)
                    throw Error(path_ + ": assay result of '" + r.sample + "' (" + r.analyte + ") has the unit '" + std::string(unit) +
                                "' and qualifier '" + std::string(qualifier) + "', which lode does not know");
                r.unit = *known_unit;
                r.result.qualifier = *known_qualifier;
                unit_text.assign(unit);
                qualifier_text.assign(qualifier);
            }
            r.result.limit = s.real_or_nan(4);
            r.id = s.integer(5);
            if (!query.values_only) {   // (values only: left empty)
                r.result.text = s.text(rest);
                r.method = s.text(rest + 1);
                r.lab = s.text(rest + 2);
                r.batch = s.text(rest + 3);
                r.assayed_on = s.text(rest + 4);
                r.import = s.is_null(rest + 5) ? 0 : s.integer(rest + 5);
            }
            if (!visit(r))
                return false;
        }
        return true;
    };
    if (read(batch, false) && batch == Batch::rows_range && met < results)
        read(Batch::index_range, true);   // the range's results written before or after the others
}

std::vector<std::string> SpatialiteStore::samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors)
{
    // For each floor, the range of its analyte and unit in the index by analyte and unit (store
    // model 17), which covers the value and limit: each entry tested, none looked up in the table.
    std::vector<std::string> samples;
    if (floors.empty())
        return samples;
    std::string sql;
    for (std::size_t i = 0; i < floors.size(); ++i)
        sql += std::string(i == 0 ? "" : " UNION ") +
               "SELECT sample FROM assay_results WHERE layer = ? AND analyte = ? AND unit = ? AND coalesce(value, detection_limit) >= ?";
    sqlite::Statement s(db_.get(), sql);
    int at = 0;   // the parameters before this floor's
    for (const auto& f : floors) {
        s.bind(at + 1, layer).bind(at + 2, f.analyte).bind(at + 3, std::string(to_string(f.unit))).bind(at + 4, f.value);
        at += 4;
    }
    while (s.step())
        samples.push_back(s.text(0));
    return samples;
}

std::int64_t SpatialiteStore::delete_assays(const std::vector<std::int64_t>& ids)
{
    sqlite::Statement s(db_.get(), "DELETE FROM assay_results WHERE id = ?");
    std::int64_t deleted = 0;
    for (const auto id : ids) {
        s.bind(1, id).run();
        deleted += sqlite3_changes(db_.get());
    }
    return deleted;
}

void SpatialiteStore::restore_assays(const std::vector<AssayRecord>& records)
{
    sqlite::Statement insert(db_.get(), R"(
        INSERT INTO assay_results(id, layer, sample, analyte, value, unit, qualifier, detection_limit, original,
                                  method, lab, batch, assayed_on, import_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?))");
    for (const auto& r : records) {
        insert.bind(1, r.id);
        bind_result(insert, 1, r);
        insert.run();
    }
}

std::vector<AssayKindHeld> SpatialiteStore::summarise_assays(const std::string& layer)
{
    std::vector<std::pair<std::string, std::string>> kinds;   // analyte, unit as stored
    std::vector<bool> qualified;
    if (has_model_17_indexes(db_.get())) {
        // The index by analyte and unit (store model 17) leads with layer, analyte and unit and covers sample
        // and qualifier: each kind found by a seek past the one before, then whether a result of it
        // is a feature's (not a QC sample's), and whether one such is qualified, each stopping at the
        // first. An export asks this before it writes its first row: a million samples' results read
        // whole took some 3 s there.
        // (The next unit of the analyte, else the next analyte: each a seek, where a row value's
        // (analyte, unit) > (?, ?) would read on through the analyte's entries.)
        sqlite::Statement next(db_.get(), "SELECT * FROM (SELECT analyte, unit FROM assay_results INDEXED BY assay_results_by_analyte_unit"
                                          " WHERE layer = ?1 AND analyte = ?2 AND unit > ?3 ORDER BY unit LIMIT 1)"
                                          " UNION ALL SELECT * FROM (SELECT analyte, unit FROM assay_results INDEXED BY assay_results_by_analyte_unit"
                                          " WHERE layer = ?1 AND analyte > ?2 ORDER BY analyte, unit LIMIT 1) LIMIT 1");
        // The qualified ones from their own index (store model 16), which holds only them.
        const bool apart = sqlite::query_integer(db_.get(), "SELECT count(*) FROM sqlite_master WHERE name = 'assay_results_qualified'") == 1;
        const auto of_features = [](const char* index, const char* and_qualified) {
            return std::string("SELECT EXISTS (SELECT 1 FROM assay_results INDEXED BY ") + index +
                   " WHERE layer = ?1 AND analyte = ?2 AND unit = ?3" + and_qualified +
                   " AND sample NOT IN (SELECT id FROM qc_samples WHERE layer = ?1))";
        };
        sqlite::Statement of_a_feature(db_.get(), of_features("assay_results_by_analyte_unit", ""));
        sqlite::Statement with_qualifier(
            db_.get(), of_features(apart ? "assay_results_qualified" : "assay_results_by_analyte_unit", " AND qualifier <> ''"));
        std::pair<std::string, std::string> kind{"", ""};   // the last found; ("", "") before the first
        // Steps one of the three statements for the layer and kind: whether it gave a row.
        const auto ask = [&](sqlite::Statement& s) {
            s.reset();
            s.bind(1, layer).bind(2, kind.first).bind(3, kind.second);
            return s.step();
        };
        while (ask(next)) {
            kind = {next.text(0), next.text(1)};
            if (!(ask(of_a_feature) && of_a_feature.integer(0) != 0))
                continue;
            qualified.push_back(ask(with_qualifier) && with_qualifier.integer(0) != 0);
            kinds.push_back(kind);
        }
    } else {
        // One pass over the rows, the few kinds gathered here: SQLite's GROUP BY would first sort every
        // row (a third of the cost of reading the results whole).
        sqlite::Statement s(db_.get(), "SELECT analyte, unit, qualifier <> '' FROM assay_results NOT INDEXED "
                                       "WHERE layer = ?1 AND sample NOT IN (SELECT id FROM qc_samples WHERE layer = ?1)");
        s.bind(1, layer);
        while (s.step()) {
            std::pair<std::string, std::string> kind{s.text(0), s.text(1)};
            auto at = std::find(kinds.begin(), kinds.end(), kind);
            if (at == kinds.end()) {
                kinds.push_back(std::move(kind));
                qualified.push_back(false);
                at = kinds.end() - 1;
            }
            if (s.integer(2) != 0)
                qualified[static_cast<std::size_t>(at - kinds.begin())] = true;
        }
    }
    std::vector<AssayKindHeld> held;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
        const auto unit = parse_unit(kinds[k].second);
        if (!unit)
            throw Error(path_ + ": assay results of " + kinds[k].first + " have the unit '" + kinds[k].second +
                        "', which lode does not know");
        held.push_back({kinds[k].first, *unit, qualified[k]});
    }
    std::sort(held.begin(), held.end(), [](const AssayKindHeld& a, const AssayKindHeld& b) {   // as PostGIS's ORDER BY
        return a.analyte != b.analyte ? a.analyte < b.analyte : std::string(to_string(a.unit)) < to_string(b.unit);
    });
    return held;
}

std::int64_t SpatialiteStore::delete_qc_samples(const std::string& layer, const std::vector<std::string>& ids)
{
    sqlite::Statement s(db_.get(), "DELETE FROM qc_samples WHERE layer = ? AND id = ?");
    std::int64_t deleted = 0;
    for (const auto& id : ids) {
        s.bind(1, layer).bind(2, id).run();
        deleted += sqlite3_changes(db_.get());
    }
    return deleted;
}

} // namespace lode
