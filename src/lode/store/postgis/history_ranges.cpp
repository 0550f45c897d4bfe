// The history of a bulk insert kept as a range (PostGIS layout 13), as SpatiaLite's store model 14
// keeps it: the table of entries made one at a time is history_log; a bulk insert whose rows are
// numbered without a gap and of one project is one row of history_ranges (history.cpp's insert
// triggers), and the view history lists both, a range's entries expanded from the rows themselves (an
// insert entry holds only the row's key and project, which are the row's own until it changes them
// or goes: the update and delete triggers write a range's entry out first). Whatever reads history
// (lode, QGIS, psql) reads every entry as before. The view runs as the login that reads it
// (security_invoker): a partner reads the entries of the rows and ranges its policies let it read.
#include "lode/store/postgis/detail/store.hpp"

namespace lode {

using pq::identifier;

const char* const history_entry_columns =
    "id, at, \"user\", note, login, action, tbl, key, row_id, project, old, new, geometry_changed, old_geom, import, xact";

std::string range_entry_values(bool layer, const std::string& row, const std::string& range)
{
    const std::string r = range + ".";
    const std::string number = row + (layer ? ".fid" : ".id");
    const std::string key = layer ? row + ".id" : row + ".sample || '/' || " + row + ".analyte";
    const std::string project = layer ? row + ".project" : "NULL::text";
    return r + "first_id + (" + number + " - " + r + "first_row), " + r + "at, " + r + "\"user\", " + r + "note, " + r +
           "login, 'insert'::text, " + r + "tbl, " + key + ", " + number + ", " + project + ", NULL::jsonb, NULL::jsonb, " +
           (layer ? "true" : "false") + ", NULL::geometry(Geometry, 4326), " + r + "import, " + r + "xact";
}

namespace {

bool holds_table(PGconn* db, const std::string& schema, const std::string& table)
{
    return pq::query_integer(db, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = $2",
                             pq::Params().add(schema).add(table)) > 0;
}

} // namespace

bool keeps_history_ranges(PGconn* db, const std::string& schema) { return holds_table(db, schema, "history_ranges"); }

void create_history_ranges(PGconn* db)
{
    pq::exec_script(db, R"(
        CREATE TABLE history_ranges (
            first_id bigint PRIMARY KEY,      -- the entry number of the row first_row
            tbl text NOT NULL,                -- a layer, or assay_results
            first_row bigint NOT NULL,        -- the rows' numbers (fid, or a result's id), no gap between;
            last_row bigint NOT NULL,         -- the next row's entry is in history_log
            project text NOT NULL,            -- the rows' project (a result's: its sample's), for the policies
            at text NOT NULL, "user" text NOT NULL, note text NOT NULL, login text NOT NULL,
            import bigint,                    -- in imports (history_import_check)
            xact bigint NOT NULL);            -- the transaction that made it
        CREATE INDEX history_ranges_rows ON history_ranges(tbl, first_row);
        CREATE INDEX history_ranges_import ON history_ranges(import) WHERE import IS NOT NULL;
    )");
}

void rebuild_history_view(PGconn* db, const std::string& schema)
{
    if (!keeps_history_ranges(db, schema))
        return;
    std::vector<std::pair<std::string, bool>> ranged;   // table, is a layer
    const pq::Result layers = pq::exec(db, "SELECT name FROM layer_kinds ORDER BY name");
    for (int i = 0; i < layers.rows(); ++i)
        ranged.emplace_back(layers.text(i, 0), true);
    if (holds_table(db, schema, "assay_results"))
        ranged.emplace_back("assay_results", false);
    std::string sql = "CREATE OR REPLACE VIEW history WITH (security_invoker = true) AS SELECT " + std::string(history_entry_columns) +
                      " FROM history_log";
    for (const auto& [table, layer] : ranged) {
        const std::string number = layer ? "l.fid" : "l.id";
        sql += " UNION ALL SELECT " + range_entry_values(layer, "l", "r") + " FROM history_ranges r JOIN " + identifier(table) +
               " l ON " + number + " BETWEEN r.first_row AND r.last_row WHERE r.tbl = " + pq::literal(table) +
               " AND NOT EXISTS (SELECT 1 FROM history_log k WHERE k.id = r.first_id + (" + number + " - r.first_row))";
    }
    pq::exec_script(db, sql);
}

void write_out_ranges(PGconn* db, const std::string& schema, const std::string& layer)
{
    if (!keeps_history_ranges(db, schema))
        return;
    pq::exec(db, "INSERT INTO history_log(" + std::string(history_entry_columns) + ") OVERRIDING SYSTEM VALUE SELECT " +
                     range_entry_values(true, "l", "r") + " FROM history_ranges r JOIN " + identifier(layer) +
                     " l ON l.fid BETWEEN r.first_row AND r.last_row WHERE r.tbl = $1 ON CONFLICT (id) DO NOTHING",
             pq::Params().add(layer));
    pq::exec(db, "DELETE FROM history_ranges WHERE tbl = $1", pq::Params().add(layer));
}

void migrate_history_to_ranges(PGconn* db, const std::string& schema)
{
    if (!keeps_history_ranges(db, schema)) {   // a store made by this lode and marked older by hand: already there
        pq::exec_script(db, "ALTER TABLE " + identifier(schema) + ".history RENAME TO history_log");
        create_history_ranges(db);
    }
    renew_history_functions(db, schema);
    renew_history_imports(db, schema);
    rebuild_history_view(db, schema);
    // A store with grants: the entries' policies on history_log, the ranges', and the logins'
    // privileges on both and on the view.
    renew_access(db, schema);
    renew_privileges(db, schema);
}

} // namespace lode
