// Assay results of a PostGIS store (store model 8, PostGIS layout 3): the table assay_results
// (schema.cpp, create_assay_table), the columns and order of SpatiaLite's, written in bulk through
// COPY (detail/bulk_rows.hpp) after every sample is found in its layer, and read here in SpatiaLite's order.
#include "lode/store/postgis/detail/bulk_rows.hpp"
#include "lode/store/postgis/detail/copy_out.hpp"
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/store/assay_history.hpp"

#include <cmath>
#include <map>
#include <set>
#include <unordered_set>

namespace lode {

namespace {

// The samples of the records in layer that it does not hold (store's existing_ids, for those not
// known to be there: present, when given, holds ids in the layer), nor its QC samples (db).
std::set<std::string> missing_samples(Store& store, PGconn* db, const std::string& layer, const std::vector<AssayRecord>& records,
                                      const std::unordered_set<std::string>* present)
{
    std::set<std::string> wanted;
    for (const auto& r : records)
        if (r.layer == layer && !(present && present->count(r.sample)))
            wanted.insert(r.sample);
    if (wanted.empty())
        return wanted;
    for (const auto& id : store.existing_ids(layer, std::vector<std::string>(wanted.begin(), wanted.end())))
        wanted.erase(id);
    if (wanted.empty())
        return wanted;
    // QC samples hold results too (store model 9: standards and blanks are not features).
    const std::vector<std::string> rest(wanted.begin(), wanted.end());
    const pq::Result qc = pq::exec(db, "SELECT id FROM qc_samples WHERE layer = $1 AND id = ANY($2::text[])",
                                   pq::Params().add(layer).add(pq::array_literal(rest)));
    for (int i = 0; i < qc.rows(); ++i)
        wanted.erase(qc.text(i, 0));
    return wanted;
}

// The columns of assay_results from layer to assayed_on, of one result, as COPY takes them.
void copy_result(pq::Copy& copy, const AssayRecord& r)
{
    copy.field(r.layer);
    copy.field(r.sample);
    copy.field(r.analyte);
    if (std::isnan(r.result.value))
        copy.null();
    else
        copy.field(r.result.value);
    copy.field(std::string(to_string(r.unit)));
    copy.field(std::string(to_string(r.result.qualifier)));
    if (std::isnan(r.result.limit))
        copy.null();
    else
        copy.field(r.result.limit);
    copy.field(r.result.text);
    copy.field(r.method);
    copy.field(r.lab);
    copy.field(r.batch);
    copy.field(r.assayed_on);
}

const char* const result_columns = "layer, sample, analyte, value, unit, qualifier, detection_limit, original, method, lab, batch, assayed_on, import_id";
const char* const result_subject = "format('the %s result of sample %L (layer %L)', analyte, sample, layer)";

// One row of a fetched result, read as a CopyOut row is (read_assay_row takes either).
struct ResultRow {
    const pq::Result& result;
    int i;
    std::string text(int column) const { return result.text(i, column); }
    double real(int column) const { return result.real(i, column); }
    std::int64_t integer(int column) const { return result.integer(i, column); }
    bool is_null(int column) const { return result.is_null(i, column); }
};

// A row of read_assays' SELECT into r (its layer set by the caller); Error naming the store (shown)
// for a unit or qualifier lode does not know.
template <class Row>
const AssayRecord& read_assay_row(const Row& row, const std::string& shown, AssayRecord& r)
{
    r.sample = row.text(0);
    r.analyte = row.text(1);
    r.result.value = row.real(2);   // NaN for NULL
    const auto unit = parse_unit(row.text(3));
    const auto qualifier = parse_qualifier(row.text(4));
    if (!unit || !qualifier)
        throw Error(shown + ": assay result of '" + r.sample + "' (" + r.analyte + ") has the unit '" + row.text(3) +
                    "' and qualifier '" + row.text(4) + "', which lode does not know");
    r.unit = *unit;
    r.result.qualifier = *qualifier;
    r.result.limit = row.real(5);
    r.result.text = row.text(6);
    r.method = row.text(7);
    r.lab = row.text(8);
    r.batch = row.text(9);
    r.assayed_on = row.text(10);
    r.import = row.is_null(11) ? 0 : row.integer(11);
    r.id = row.integer(12);
    return r;
}

} // namespace

void PostgisStore::write_assays(const std::vector<AssayRecord>& records)
{
    if (records.empty())
        return;
    // The features of the import's batch just written (insert_features), when no statement has been
    // sent since: in their layer without asking (an import's results are of the features it wrote).
    const bool fresh = open_import_ && !open_import_->written_ids.empty() && open_import_->written_after == pq::statements_sent();
    // Every sample checked first, in the records' order, so that the first one missing is named.
    std::map<std::string, std::set<std::string>> missing;
    for (const auto& r : records) {
        auto at = missing.find(r.layer);
        if (at == missing.end()) {
            layer_kind(r.layer);   // NotFound with the close names
            at = missing.emplace(r.layer, missing_samples(*this, db_.get(), r.layer, records,
                                                          fresh && r.layer == open_import_->written_layer ? &open_import_->written_ids : nullptr))
                     .first;
        }
        if (at->second.count(r.sample) > 0) {
            // A login bound by row-level security: not among the features it may read.
            const pq::Result bound = pq::exec(db_.get(), "SELECT current_user::text FROM (SELECT 1) o WHERE row_security_active($1::regclass)",
                                              pq::Params().add(pq::identifier(r.layer)));
            throw InputError(Where{"", -1, r.sample, ""}, "no feature '" + r.sample + "' in layer '" + r.layer + "'" +
                                                              (bound.rows() > 0 ? " that login '" + bound.text(0, 0) + "' may read" : "") +
                                                              " to hold the " + r.analyte + " result");
        }
    }
    // A login bound by row-level security logs the import under its samples' project (the imports'
    // policy admits no row without one): which they are.
    assay_projects_.clear();
    if (row_security_bound("imports"))
        for (const auto& [layer, unused] : missing) {
            std::set<std::string> samples;
            for (const auto& r : records)
                if (r.layer == layer)
                    samples.insert(r.sample);
            const pq::Result projects = pq::exec(db_.get(), "SELECT DISTINCT project FROM " + pq::identifier(layer) + " WHERE id = ANY($1::text[])"
                                                           " UNION SELECT DISTINCT project FROM qc_samples WHERE layer = $2 AND id = ANY($1::text[]) ORDER BY 1",
                                                 pq::Params().add(pq::array_literal(std::vector<std::string>(samples.begin(), samples.end()))).add(layer));
            for (int i = 0; i < projects.rows(); ++i)
                assay_projects_.push_back(projects.text(i, 0));
        }
    // The import's number, which its results carry: entered by begin_import, or (a login bound by
    // row-level security, whose import is entered at its end) taken from the log's sequence now.
    if (import_open_ && !open_import_ && !reserved_import_)
        reserved_import_ = pq::query_integer(db_.get(), "SELECT nextval(pg_get_serial_sequence('imports', 'id'))");
    // An import's first results into a store without any (and without access policies): their
    // indexes made once at its end.
    defer_layer_checks("assay_results", records.size());
    BulkRows rows(db_.get(), "assay_results", result_columns, result_subject, false, row_security_bound(pq::identifier("assay_results")));
    pq::Copy& copy = rows.copy();
    for (const auto& r : records) {
        copy_result(copy, r);
        if (r.import != 0)
            copy.field(r.import);
        else if (open_import_)   // an import's results name it
            copy.field(open_import_->id);
        else if (reserved_import_)
            copy.field(*reserved_import_);
        else
            copy.null();
        copy.end_row();
    }
    rows.finish();
}

// By sample (bytes compared, as SpatiaLite's text: COLLATE "C"), then as written.
void PostgisStore::read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit)
{
    if (query.as_of)
        return read_assays_as_of(*this, query, visit);
    // Streamed (one binary COPY, which takes no parameters: the values as literals) when the visitor
    // only takes the results in, else one result of every row.
    const bool streamed = query.alone;
    pq::Params params;
    const auto value = [&](const std::string& text) {
        if (streamed)
            return pq::literal(text);
        params.add(text);
        return "$" + std::to_string(params.size());
    };
    // (values only: the other columns as constants, at the same places)
    std::string sql = std::string("SELECT sample, analyte, value, unit, qualifier, detection_limit, ") +
                      (query.values_only ? "'', '', '', '', '', NULL::bigint" : "original, method, lab, batch, assayed_on, import_id") +
                      ", id FROM assay_results WHERE layer = " + value(query.layer);
    if (query.sample)
        sql += " AND sample = " + value(*query.sample);
    if (!query.samples.empty())
        sql += " AND sample = ANY(" + value(pq::array_literal(query.samples)) + "::text[])";
    if (!query.analytes.empty())
        sql += " AND analyte = ANY(" + value(pq::array_literal(query.analytes)) + "::text[])";
    sql += " ORDER BY sample COLLATE \"C\", id";
    AssayRecord r;
    r.layer = query.layer;
    const std::string shown = location_.display();
    if (streamed) {
        pq::CopyOut rows(db_.get(), sql);
        while (rows.next())
            if (!visit(read_assay_row(rows, shown, r)))
                return;
        return;
    }
    const pq::Result rows = pq::exec(db_.get(), sql, params);
    for (int i = 0; i < rows.rows(); ++i)
        if (!visit(read_assay_row(ResultRow{rows, i}, shown, r)))
            return;
}

std::vector<std::string> PostgisStore::samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors)
{
    // For each floor, the range of its analyte in the index by analyte (layout 14), which includes the
    // unit, value and limit: an index-only pass over the analyte's entries.
    std::vector<std::string> samples;
    if (floors.empty())
        return samples;
    std::string sql;
    pq::Params params;
    params.add(layer);
    for (const auto& f : floors) {
        params.add(f.analyte).add(std::string(to_string(f.unit))).add(f.value);
        const std::size_t at = params.size();
        sql += std::string(sql.empty() ? "" : " UNION ") + "SELECT sample FROM assay_results WHERE layer = $1 AND analyte = $" +
               std::to_string(at - 2) + " AND unit = $" + std::to_string(at - 1) + " AND coalesce(value, detection_limit) >= $" +
               std::to_string(at) + "::float8";
    }
    const pq::Result rows = pq::exec(db_.get(), sql, params);
    for (int i = 0; i < rows.rows(); ++i)
        samples.push_back(rows.text(i, 0));
    return samples;
}

std::int64_t PostgisStore::delete_assays(const std::vector<std::int64_t>& ids)
{
    std::vector<std::string> numbers;
    for (const auto id : ids)
        numbers.push_back(std::to_string(id));
    return pq::exec(db_.get(), "DELETE FROM assay_results WHERE id = ANY($1::bigint[])", pq::Params().add(pq::array_literal(numbers)))
        .affected();
}

// Through COPY as write_assays, each result with its own number (COPY writes the identity as given).
void PostgisStore::restore_assays(const std::vector<AssayRecord>& records)
{
    if (records.empty())
        return;
    BulkRows rows(db_.get(), "assay_results", std::string("id, ") + result_columns, result_subject, true);
    pq::Copy& copy = rows.copy();
    for (const auto& r : records) {
        copy.field(r.id);
        copy_result(copy, r);
        if (r.import == 0)
            copy.null();
        else
            copy.field(r.import);
        copy.end_row();
    }
    rows.finish();
}

std::vector<AssayKindHeld> PostgisStore::summarise_assays(const std::string& layer)
{
    const pq::Result rows = pq::exec(db_.get(),
                                     "SELECT analyte, unit, bool_or(qualifier <> '')::int FROM assay_results r "
                                     "WHERE layer = $1 AND NOT EXISTS (SELECT 1 FROM qc_samples q WHERE q.layer = $1 AND q.id = r.sample) "
                                     "GROUP BY analyte, unit ORDER BY analyte COLLATE \"C\", unit COLLATE \"C\"",
                                     pq::Params().add(layer));
    std::vector<AssayKindHeld> held;
    for (int i = 0; i < rows.rows(); ++i) {
        const auto unit = parse_unit(rows.text(i, 1));
        if (!unit)
            throw Error(location_.display() + ": assay results of " + rows.text(i, 0) + " have the unit '" + rows.text(i, 1) +
                        "', which lode does not know");
        held.push_back({rows.text(i, 0), *unit, rows.integer(i, 2) != 0});
    }
    return held;
}

std::int64_t PostgisStore::delete_qc_samples(const std::string& layer, const std::vector<std::string>& ids)
{
    return pq::exec(db_.get(), "DELETE FROM qc_samples WHERE layer = $1 AND id = ANY($2::text[])",
                    pq::Params().add(layer).add(pq::array_literal(ids)))
        .affected();
}

} // namespace lode
