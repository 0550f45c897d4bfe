// A PostGIS store's change history and import log carried whole, for lode copy (Store's
// read_history_rows, restart_history, write_history_rows, row_numbers, write_import_log), and
// whether a layer holds any assay result (one EXISTS: the server stops at the first row).
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/store/postgis/detail/cursor.hpp"

#include <set>

namespace lode {

namespace {

using pq::identifier;

// The identity sequence of a table written with its own numbers (column), moved past the highest
// of the table's and, with named, of the history's row numbers of that table (a deleted row's).
void follow_numbers(PGconn* db, const std::string& schema, const std::string& table, const std::string& column = "id",
                    bool named = false)
{
    const std::string highest = "coalesce((SELECT max(" + identifier(column) + ") FROM " + identifier(table) + "), 0)";
    pq::exec(db, "SELECT setval(pg_get_serial_sequence($1, $2), " +
                     (named ? "greatest(" + highest + ", coalesce((SELECT max(row_id) FROM history WHERE tbl = $3), 0))" : highest) +
                     " + 1, false)",
             named ? pq::Params().add(identifier(schema) + "." + identifier(table)).add(column).add(table)
                   : pq::Params().add(identifier(schema) + "." + identifier(table)).add(column));
}

} // namespace

void PostgisStore::read_history_rows(const std::function<void(const HistoryRow&)>& visit)
{
    // One reading in order of number through a cursor, fetched in blocks, so that a history of millions
    // of entries is never held whole: the view expands the ranges once (blocks of "after N" each
    // expanded them all again, layout 13).
    HistoryRow row;
    auto text_or_none = [](const pq::Result& r, int i, int column) {
        return r.is_null(i, column) ? std::nullopt : std::optional<std::string>(r.text(i, column));
    };
    Cursor cursor(db_.get(), "SELECT id, at, \"user\", note, action, tbl, key, row_id, project, old::text, new::text,"
                             " geometry_changed::int, ST_AsBinary(old_geom, 'NDR'), import, login FROM history ORDER BY id",
                  {});
    for (;;) {
        const pq::Result r = cursor.fetch();
        if (r.rows() == 0)
            break;
        for (int i = 0; i < r.rows(); ++i) {
            row.id = r.integer(i, 0);
            row.at = r.text(i, 1);
            row.user = r.text(i, 2);
            row.note = r.text(i, 3);
            row.action = r.text(i, 4);
            row.table = r.text(i, 5);
            row.key = r.text(i, 6);
            row.row_id = r.integer(i, 7);
            row.project = text_or_none(r, i, 8);
            row.old_values = text_or_none(r, i, 9);
            row.new_values = text_or_none(r, i, 10);
            row.geometry_changed = r.integer(i, 11) != 0;
            row.old_wkb.reset();
            if (!r.is_null(i, 12)) {
                std::size_t size = 0;
                const unsigned char* bytes = r.bytes(i, 12, size);
                row.old_wkb.emplace(bytes, bytes + size);
            }
            row.import = r.is_null(i, 13) ? std::nullopt : std::optional<std::int64_t>(r.integer(i, 13));
            row.login = r.text(i, 14);
            visit(row);
        }
    }
    cursor.close();
}

void PostgisStore::clear_history(const std::string& began)
{
    pq::exec(db_.get(), "DELETE FROM history_log");
    pq::exec(db_.get(), "DELETE FROM history_ranges");
    pq::exec(db_.get(), "INSERT INTO lode_meta(key, value) VALUES ('history_began', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             pq::Params().add(began));
}

void PostgisStore::write_history_rows(const std::vector<HistoryRow>& rows)
{
    if (!rows.empty()) {
        // The imports the entries name are in the log copied before them (layout 11 has no foreign
        // key on history.import: checked here once for the rows, as the triggers check theirs).
        std::set<std::string> named;
        for (const auto& r : rows)
            if (r.import)
                named.insert(std::to_string(*r.import));
        if (!named.empty()) {
            const pq::Result unknown = pq::exec(db_.get(), "SELECT n FROM unnest($1::bigint[]) n WHERE NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = n)"
                                                           " ORDER BY n LIMIT 1",
                                                pq::Params().add(pq::array_literal(std::vector<std::string>(named.begin(), named.end()))));
            if (unknown.rows() > 0)
                throw Error(location_.display() + ": the history names import " + unknown.text(0, 0) + ", which its imports log does not hold");
        }
        // An entry made where there are no logins (a SpatiaLite file) is the copying login's.
        const pq::Result session = pq::exec(db_.get(), "SELECT session_user::text");
        const std::string copying = session.text(0, 0);
        // COPY writes the identity column's numbers as given (as INSERT ... OVERRIDING SYSTEM VALUE).
        pq::Copy copy(db_.get(), "COPY history_log(id, at, \"user\", note, login, action, tbl, key, row_id, project, old, new,"
                                 " geometry_changed, old_geom, import) FROM STDIN");
        std::vector<unsigned char> ewkb;
        for (const auto& r : rows) {
            copy.field(r.id);
            copy.field(r.at);
            copy.field(r.user);
            copy.field(r.note);
            copy.field(r.login.empty() ? copying : r.login);
            copy.field(r.action);
            copy.field(r.table);
            copy.field(r.key);
            copy.field(r.row_id);
            for (const auto* text : {&r.project, &r.old_values, &r.new_values}) {
                if (*text)
                    copy.field(**text);
                else
                    copy.null();
            }
            copy.field(std::string(r.geometry_changed ? "t" : "f"));
            if (r.old_wkb) {
                to_ewkb(*r.old_wkb, ewkb);
                copy.hex(ewkb);
            } else {
                copy.null();
            }
            if (r.import)
                copy.field(*r.import);
            else
                copy.null();
            copy.end_row();
        }
        copy.finish();
    }
    // The numbering of the history, the results and the layers after what is written or named.
    follow_numbers(db_.get(), schema_, "history_log");
    follow_numbers(db_.get(), schema_, "assay_results", "id", true);
    for (const auto& kind : kinds_)
        follow_numbers(db_.get(), schema_, kind.name, "fid", true);
}

std::vector<std::int64_t> PostgisStore::row_numbers(const std::string& layer)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    const pq::Result r = pq::exec(db_.get(), "SELECT fid FROM " + identifier(layer) + " ORDER BY fid");
    std::vector<std::int64_t> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        out.push_back(r.integer(i, 0));
    return out;
}

void PostgisStore::write_import_log(const std::vector<ImportRecord>& records)
{
    for (const auto& r : records)
        pq::exec(db_.get(), "INSERT INTO imports(id, imported_at, layer, project, source, sha256, source_crs, features_read, written,"
                            " updated, skipped, repaired, undone_at, undone_by) OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5,"
                            " $6, $7, $8, $9, $10, $11, $12, nullif($13, ''), nullif($14, ''))",
                 pq::Params().add(r.id).add(r.imported_at).add(r.layer).add(r.project).add(r.source).add(r.sha256).add(r.source_crs)
                     .add(r.read).add(r.written).add(r.updated).add(r.skipped).add(r.repaired).add(r.undone_at).add(r.undone_by));
    follow_numbers(db_.get(), schema_, "imports");
}

bool PostgisStore::holds_assays(const std::string& layer)
{
    return pq::query_integer(db_.get(), "SELECT EXISTS (SELECT 1 FROM assay_results WHERE layer = $1)::int", pq::Params().add(layer)) != 0;
}

} // namespace lode
