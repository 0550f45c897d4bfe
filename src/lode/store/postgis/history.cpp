// The change history of a PostGIS store (layout 5): the history's tables and the PL/pgSQL triggers
// that fill it, on every layer and on the other tables the history covers (history_tables). They
// are the server's, so an edit made from psql or QGIS is recorded as one made by lode: who made it
// (lode's user, set per transaction with set_config('lode.user', ...), else the database login),
// why (lode.note, else empty) and when (lode.at, else the transaction's start). Every entry also
// keeps the database login itself (column login), whoever lode said the user was. The functions run
// as their owner, the store's (SECURITY DEFINER, a fixed search_path): a partner whose login may
// change a programme's rows but not the history (access.cpp) still has its changes recorded.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/text.hpp"
#include "lode/store/history_tables.hpp"

namespace lode {

namespace {

using pq::identifier;

// The context of a change (at, "user", note), as the trigger functions compute it once per call (a
// statement's rows share it), into the variables c_at, c_user and c_note; every entry also keeps the
// database login (session_user).
const char* const context_declarations =
    " c_at text := coalesce(nullif(current_setting('lode.at', true), ''), to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'));"
    " c_user text := coalesce(nullif(current_setting('lode.user', true), ''), session_user::text);"
    " c_note text := coalesce(current_setting('lode.note', true), '');";

// The import an entry names must be in the imports log (layout 11). Checked once per call of a
// trigger function, not by a foreign key on history.import, whose check ran once per entry: a
// sixth of the server's time writing an import's results (bench/README.md, "W1-pg: where an
// import's server time went").
// Its row is locked as the key's check locked it (FOR KEY SHARE), so that it stays while the entries
// naming it are written; history_import_check guards the other ways an entry names an import.
const char* const import_check =
    " IF c_import IS NOT NULL THEN PERFORM 1 FROM imports WHERE id = c_import FOR KEY SHARE;"
    " IF NOT FOUND THEN RAISE foreign_key_violation USING MESSAGE = format('history: import %s is not in the imports log', c_import);"
    " END IF; END IF;";

// A layer's changes, one statement at a time (transition tables: a COPY of a million rows is one
// INSERT into the history, not a million calls). An insert records only the key: its values are the
// row itself, or the old image of its next change. An update records the changed columns before
// and after (the fid and the geometry aside) and the geometry before when it moved; a delete the
// whole row and its geometry.
// The import an entry came from, as the triggers find it (layout 10): while an import lode began
// (PostgisStore::begin_import) is open, lode.import holds its number and lode.import_layer its
// layer; a bulk write's entries then name it as they are written, not by an UPDATE of every entry
// afterwards (which rewrote each entry and its five indexes: half an import's time). The layer's
// own entries, its results' and its QC samples' name it; those of any other table do not.
const char* const import_of_layer =
    "CASE WHEN TG_TABLE_NAME = current_setting('lode.import_layer', true) THEN nullif(current_setting('lode.import', true), '')::bigint END";
const char* const import_of_result = "nullif(current_setting('lode.import', true), '')::bigint";

// What every history trigger function begins with, up to the values of its SELECT: the context
// and the import (c_import, import: its expression) computed once, the import checked, what the
// function does first (before: a bulk insert's range, a range's entries written out), the history's
// columns (those given after row_id) and the change's context; and what each ends with.
std::string function_head(const std::string& path, const std::string& columns, const std::string& import,
                          const std::string& before = "")
{
    return " RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + path + " AS $f$ DECLARE" +
           context_declarations + " c_import bigint := " + import +
           "; c_n bigint; c_lo bigint; c_hi bigint; c_p text; c_q text; c_k bigint; c_first bigint; c_last bigint; c_seq regclass; BEGIN" +
           import_check + before + " INSERT INTO history_log(at, \"user\", note, login, action, tbl, key, row_id, " + columns +
           ") SELECT c_at, c_user, c_note, session_user::text, ";
}
const char* const function_tail = "; RETURN NULL; END $f$;\n";

// A bulk insert's history as one range (layout 13), as SpatiaLite's store model 14 keeps it: the
// statement's c_n rows, numbered c_lo to c_hi without a gap (a layer's fid, a result's id) and of one
// project c_p, take c_n entry numbers from the history's sequence, one after the other, as an entry
// each in row order would have taken them; the last row's entry is written to history_log (so that
// the log's highest number is the history's), the others are one row of history_ranges that the view
// history expands from the rows themselves (history_ranges.cpp). Another session taking numbers
// meanwhile leaves a gap among them: then the rows get an entry each, as before (the numbers taken
// are left unused, as a rolled-back insert leaves them). last_values: the last row's entry's values
// from action on, its row being n.
std::string range_of_insert(const std::string& row_number, const std::string& last_values)
{
    // (The sequence named once: pg_get_serial_sequence called for each number took ten times as long.)
    return " c_seq := pg_get_serial_sequence('history_log', 'id');"
           " SELECT min(v), max(v) INTO c_first, c_last FROM (SELECT nextval(c_seq) AS v FROM generate_series(1, c_n)) s;"
           " IF c_last - c_first + 1 = c_n THEN"
           " INSERT INTO history_ranges(first_id, tbl, first_row, last_row, project, at, \"user\", note, login, import, xact)"
           " VALUES (c_first, TG_TABLE_NAME, c_lo, c_hi - 1, c_p, c_at, c_user, c_note, session_user::text, c_import, txid_current());"
           " INSERT INTO history_log(" + std::string(history_entry_columns) + ") OVERRIDING SYSTEM VALUE"
           " SELECT c_last, c_at, c_user, c_note, session_user::text, " + last_values + ", txid_current() FROM new_rows n WHERE n." +
           row_number + " = c_hi; RETURN NULL; END IF;";
}

// Before a row of a range changes its key or project (changed: a condition on its old row o and new
// row n), or is deleted (changed empty), its entry is written to history_log as the view reads it; the
// view then takes that one. Its range is the last of the table's that begins at or before the row.
std::string range_entries_out(bool layer, const std::string& changed)
{
    const std::string number = layer ? "fid" : "id";
    return " IF EXISTS (SELECT 1 FROM history_ranges h WHERE h.tbl = TG_TABLE_NAME) THEN INSERT INTO history_log(" +
           std::string(history_entry_columns) + ") OVERRIDING SYSTEM VALUE SELECT " + range_entry_values(layer, "o", "r") +
           " FROM old_rows o" + (changed.empty() ? "" : " JOIN new_rows n ON n." + number + " = o." + number) +
           " CROSS JOIN LATERAL (SELECT * FROM history_ranges h WHERE h.tbl = TG_TABLE_NAME AND h.first_row <= o." + number +
           " ORDER BY h.first_row DESC LIMIT 1) r WHERE o." + number + " <= r.last_row" + (changed.empty() ? "" : " AND (" + changed + ")") +
           " ON CONFLICT (id) DO NOTHING; END IF;";
}

std::string layer_functions(const std::string& path)
{
    const std::string columns = "project, old, new, geometry_changed, old_geom, import";
    const std::string tail = function_tail;
    const std::string import = ", c_import";
    const std::string inserted = "'insert', TG_TABLE_NAME, n.id, n.fid, n.project, NULL, NULL, true, NULL" + import;
    const std::string ranged = " SELECT count(*), min(fid), max(fid), min(project), max(project) INTO c_n, c_lo, c_hi, c_p, c_q FROM new_rows;"
                               " IF c_n >= 2 AND c_hi - c_lo + 1 = c_n AND c_p = c_q THEN" +
                               range_of_insert("fid", inserted) + " END IF;";
    return "CREATE OR REPLACE FUNCTION history_layer_insert()" + function_head(path, columns, import_of_layer, ranged) + inserted +
           " FROM new_rows n ORDER BY n.fid" + tail + "CREATE OR REPLACE FUNCTION history_layer_update()" +
           function_head(path, columns, import_of_layer, range_entries_out(true, "o.id <> n.id OR o.project <> n.project")) +
           "'update', TG_TABLE_NAME, o.id, o.fid, n.project, coalesce(d.o, '{}'), coalesce(d.n, '{}'), j.moved,"
           " CASE WHEN j.moved THEN o.geom END" + import + " FROM old_rows o JOIN new_rows n ON n.fid = o.fid"
           " CROSS JOIN LATERAL (SELECT to_jsonb(o) - 'fid' - 'geom' AS oj, to_jsonb(n) - 'fid' - 'geom' AS nj,"
           " o.geom::bytea IS DISTINCT FROM n.geom::bytea AS moved) j"
           " CROSS JOIN LATERAL (SELECT jsonb_object_agg(e.key, e.value) AS o, jsonb_object_agg(e.key, j.nj -> e.key) AS n"
           " FROM jsonb_each(j.oj) e WHERE e.value IS DISTINCT FROM j.nj -> e.key) d"
           " WHERE d.o IS NOT NULL OR j.moved ORDER BY o.fid" + tail +
           "CREATE OR REPLACE FUNCTION history_layer_delete()" + function_head(path, columns, import_of_layer, range_entries_out(true, "")) +
           "'delete', TG_TABLE_NAME, o.id, o.fid, o.project, to_jsonb(o) - 'fid' - 'geom', NULL, true, o.geom" + import +
           " FROM old_rows o ORDER BY o.fid" + tail;
}

// The assay results' changes, one statement at a time as a layer's (a lab file's COPY brings tens of
// thousands): a result is named SAMPLE/ANALYTE and numbered by its id, as in a SpatiaLite store; an
// insert records only the key, an update the changed columns before and after, a delete the row.
// A bulk insert's results of one layer whose samples are of one project are a range (the project
// read from the samples, for the ranges' access policy).
std::string result_functions(const std::string& path)
{
    const std::string columns = "project, old, new, geometry_changed, import";
    const std::string tail = function_tail;
    const std::string import = ", c_import";
    const std::string inserted = "'insert', TG_TABLE_NAME, n.sample || '/' || n.analyte, n.id, NULL, NULL, NULL, false, NULL" + import;
    const std::string ranged =
        " SELECT count(*), min(id), max(id), min(layer), max(layer) INTO c_n, c_lo, c_hi, c_p, c_q FROM new_rows;"
        " IF c_n >= 2 AND c_hi - c_lo + 1 = c_n AND c_p = c_q AND EXISTS (SELECT 1 FROM layer_kinds k WHERE k.name = c_p) THEN"
        // Each sample looked up once (a lab row's results are of one sample); c_k the samples not found.
        " EXECUTE format('SELECT min(s.project), max(s.project), count(*) - count(s.project)"
        " FROM (SELECT DISTINCT sample FROM new_rows) r LEFT JOIN %I s ON s.id = r.sample', c_p) INTO c_p, c_q, c_k;"
        " IF c_k = 0 AND c_p = c_q THEN" + range_of_insert("id", inserted) + " END IF; END IF;";
    return "CREATE OR REPLACE FUNCTION history_results_insert()" + function_head(path, columns, import_of_result, ranged) +
           "'insert', TG_TABLE_NAME, n.sample || '/' || n.analyte, n.id, NULL, NULL, NULL, false" + import + " FROM new_rows n ORDER BY n.id" + tail +
           "CREATE OR REPLACE FUNCTION history_results_update()" +
           function_head(path, columns, import_of_result, range_entries_out(false, "o.sample <> n.sample OR o.analyte <> n.analyte")) +
           "'update', TG_TABLE_NAME, o.sample || '/' || o.analyte, o.id, NULL, d.o, d.n, false" + import + " FROM old_rows o"
           " JOIN new_rows n ON n.id = o.id CROSS JOIN LATERAL (SELECT to_jsonb(o) AS oj, to_jsonb(n) AS nj) j"
           " CROSS JOIN LATERAL (SELECT jsonb_object_agg(e.key, e.value) AS o, jsonb_object_agg(e.key, j.nj -> e.key) AS n"
           " FROM jsonb_each(j.oj) e WHERE e.value IS DISTINCT FROM j.nj -> e.key) d WHERE d.o IS NOT NULL ORDER BY o.id" + tail +
           "CREATE OR REPLACE FUNCTION history_results_delete()" + function_head(path, columns, import_of_result, range_entries_out(false, "")) +
           "'delete', TG_TABLE_NAME, o.sample || '/' || o.analyte, o.id, NULL, to_jsonb(o), NULL, false" + import +
           " FROM old_rows o ORDER BY o.id" +
           tail;
}

// Any other table's changes, row by row (few rows change at a time). A row is named as in a
// SpatiaLite store: a project by its code, a partner by its organisation, a link by its parts,
// anything else by its primary key (the trigger's arguments, in order); the key from the row before
// an update, its project from the row after.
std::string row_function(const std::string& path)
{
    return "CREATE OR REPLACE FUNCTION history_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + path + R"( AS $f$
DECLARE
    r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
    k jsonb := CASE WHEN TG_OP = 'INSERT' THEN to_jsonb(NEW) ELSE to_jsonb(OLD) END;
    o jsonb; n jsonb; v_key text; v_organisation text; v_project text;)" + std::string(context_declarations) + R"(
    c_import bigint := CASE WHEN TG_TABLE_NAME = 'qc_samples' THEN )" + import_of_result + R"( END;
BEGIN
    IF TG_OP = 'UPDATE' THEN
        SELECT jsonb_object_agg(e.key, e.value), jsonb_object_agg(e.key, r -> e.key) INTO o, n
            FROM jsonb_each(k) e WHERE e.value IS DISTINCT FROM r -> e.key;
        IF o IS NULL THEN RETURN NULL; END IF;
    ELSIF TG_OP = 'DELETE' THEN o := r;
    ELSE n := r;
    END IF;
    IF k ? 'partner' THEN
        SELECT p.organisation INTO v_organisation FROM partners p WHERE p.id = (k ->> 'partner')::bigint;
        v_organisation := coalesce(v_organisation, k ->> 'partner');
    END IF;
    IF TG_TABLE_NAME = 'projects' THEN v_key := k ->> 'code';
    ELSIF TG_TABLE_NAME = 'partners' THEN v_key := k ->> 'organisation';
    ELSIF TG_TABLE_NAME = 'project_partners' THEN v_key := (k ->> 'project') || '/' || v_organisation || '/' || (k ->> 'role');
    ELSIF TG_TABLE_NAME = 'licence_partners' THEN v_key := (k ->> 'licence') || '/' || v_organisation;
    ELSE SELECT string_agg(k ->> a.c, '/' ORDER BY a.i) INTO v_key FROM unnest(TG_ARGV) WITH ORDINALITY AS a(c, i);
    END IF;
    IF TG_TABLE_NAME = 'projects' THEN v_project := r ->> 'code';
    ELSIF r ? 'project' THEN v_project := r ->> 'project';
    ELSIF r ? 'licence' THEN SELECT l.project INTO v_project FROM licences l WHERE l.id = r ->> 'licence';
    END IF;
   )" + import_check + R"(
    INSERT INTO history_log(at, "user", note, login, action, tbl, key, row_id, project, old, new, geometry_changed, import)
        SELECT c_at, c_user, c_note, session_user::text, lower(TG_OP), TG_TABLE_NAME, coalesce(v_key, ''),
            CASE WHEN jsonb_typeof(k -> 'id') = 'number' THEN (k ->> 'id')::bigint ELSE 0 END, v_project, o, n, false, c_import;
    RETURN NULL;
END $f$;
)";
}

// The other ways an entry comes to name an import, guarded statement by statement (transition tables):
// an update of entries' import (record_import, for a login bound by row-level security, links them
// at the end) must name one in the log, and an import the history names stays in it.
std::string import_guard_functions(const std::string& path)
{
    const std::string head = " RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = " + path + " AS $f$ DECLARE v bigint; BEGIN ";
    return "CREATE OR REPLACE FUNCTION history_import_check()" + head +
           "SELECT n.import INTO v FROM new_rows n WHERE n.import IS NOT NULL AND NOT EXISTS (SELECT 1 FROM imports i WHERE i.id = n.import) LIMIT 1;"
           " IF FOUND THEN RAISE foreign_key_violation USING MESSAGE = format('history: import %s is not in the imports log', v); END IF;"
           " RETURN NULL; END $f$;\n"
           "CREATE OR REPLACE FUNCTION history_import_kept()" + head +
           "SELECT o.id INTO v FROM old_rows o WHERE EXISTS (SELECT 1 FROM history_log h WHERE h.import = o.id)"
           " OR EXISTS (SELECT 1 FROM history_ranges r WHERE r.import = o.id) LIMIT 1;"
           " IF FOUND THEN RAISE foreign_key_violation USING MESSAGE = format('imports: import %s is named by the history', v); END IF;"
           " RETURN NULL; END $f$;\n";
}

} // namespace

void install_layer_history(PGconn* db, const std::string& layer)
{
    const std::string table = identifier(layer);
    pq::exec_script(db, "CREATE TRIGGER history_insert AFTER INSERT ON " + table +
                            " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_layer_insert();"
                            " CREATE TRIGGER history_update AFTER UPDATE ON " + table +
                            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_layer_update();"
                            " CREATE TRIGGER history_delete AFTER DELETE ON " + table +
                            " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION history_layer_delete()");
}

void install_result_history(PGconn* db, const std::string& schema)
{
    pq::exec_script(db, result_functions(identifier(schema) + ", public") +
                            "DROP TRIGGER IF EXISTS history_insert ON assay_results;"
                            " DROP TRIGGER IF EXISTS history_update ON assay_results;"
                            " DROP TRIGGER IF EXISTS history_delete ON assay_results;"
                            " CREATE TRIGGER history_insert AFTER INSERT ON assay_results"
                            " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_results_insert();"
                            " CREATE TRIGGER history_update AFTER UPDATE ON assay_results"
                            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION history_results_update();"
                            " CREATE TRIGGER history_delete AFTER DELETE ON assay_results"
                            " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION history_results_delete()");
}

void install_row_history(PGconn* db, const std::string& schema, const std::string& table)
{
    if (table == "assay_results")
        return install_result_history(db, schema);
    const pq::Result key = pq::exec(db, "SELECT a.attname FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
                                        " JOIN pg_namespace s ON s.oid = c.relnamespace"
                                        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)"
                                        " WHERE s.nspname = $1 AND c.relname = $2 AND i.indisprimary"
                                        " ORDER BY array_position(i.indkey::int2[], a.attnum)",
                                    pq::Params().add(schema).add(table));
    std::vector<std::string> arguments;
    for (int i = 0; i < key.rows(); ++i)
        arguments.push_back(pq::literal(key.text(i, 0)));
    pq::exec_script(db, "DROP TRIGGER IF EXISTS history_row ON " + identifier(table) + "; CREATE TRIGGER history_row AFTER INSERT OR UPDATE OR DELETE ON " +
                            identifier(table) + " FOR EACH ROW EXECUTE FUNCTION history_row(" + join(arguments, ", ") + ")");
}

void create_history(PGconn* db, const std::string& schema, const std::string& began)
{
    pq::exec_script(db, R"(
        CREATE TABLE history_log (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            at text NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SS.sssZ
            "user" text NOT NULL,             -- lode's user, else the database login
            note text NOT NULL DEFAULT '',
            login text NOT NULL DEFAULT session_user,   -- the database login, always
            action text NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            tbl text NOT NULL,                -- the layer or table
            key text NOT NULL,                -- the feature id, project code, ...
            row_id bigint NOT NULL,           -- a feature's fid, which renames do not change (else its id or 0)
            project text,
            old jsonb,                        -- update: the changed columns before; delete: the row
            new jsonb,                        -- update: the changed columns after; insert (not a layer): the row
            geometry_changed boolean NOT NULL DEFAULT false,
            old_geom geometry(Geometry, 4326),   -- the geometry before a geometry update or a delete
            import bigint,                    -- in imports (import_check, history_import_check)
            xact bigint NOT NULL DEFAULT txid_current());   -- the transaction that made it
        CREATE INDEX history_row ON history_log(tbl, row_id, id);
        CREATE INDEX history_key ON history_log(tbl, key);
        CREATE INDEX history_at ON history_log(at);
        CREATE INDEX history_xact ON history_log(xact);
    )");
    create_history_ranges(db);
    renew_history_imports(db, schema);
    // The functions find the store's tables by the store's schema, whoever's session calls them.
    const std::string path = identifier(schema) + ", public";
    pq::exec_script(db, layer_functions(path) + row_function(path));
    pq::exec(db, "INSERT INTO lode_meta(key, value) VALUES ('history_began', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             pq::Params().add(began));
    const pq::Result layers = pq::exec(db, "SELECT name FROM layer_kinds ORDER BY name");
    for (int i = 0; i < layers.rows(); ++i)
        install_layer_history(db, layers.text(i, 0));
    for (const char* table : history_tables)
        if (pq::query_integer(db, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = $2",
                              pq::Params().add(schema).add(table)) > 0)
            install_row_history(db, schema, table);
    rebuild_history_view(db, schema);
}

void renew_history_functions(PGconn* db, const std::string& schema)
{
    const std::string path = identifier(schema) + ", public";
    pq::exec_script(db, layer_functions(path) + result_functions(path) + row_function(path) + import_guard_functions(path));
}

void renew_history_imports(PGconn* db, const std::string& schema)
{
    // The entries' table: history_log from layout 13 on (history before it, whose migration renames it).
    const bool ranges = keeps_history_ranges(db, schema);
    const std::string entries = ranges ? "history_log" : "history";
    // The foreign key of a store made before layout 11 (checked entry by entry) dropped, whatever its name.
    const pq::Result keys = pq::exec(db, "SELECT conname FROM pg_constraint WHERE conrelid = $1::regclass AND contype = 'f'",
                                     pq::Params().add(identifier(schema) + "." + entries));
    // Every name qualified by the store's schema: "history_project" alone would find another store's
    // index in a schema of the search path when this one has none yet (a store being made).
    const std::string in = identifier(schema) + ".";
    std::string script;
    for (int i = 0; i < keys.rows(); ++i)
        script += "ALTER TABLE " + in + entries + " DROP CONSTRAINT " + identifier(keys.text(i, 0)) + "; ";
    // The project index holds the entries that have a project (an assay result's has none): a
    // query by project finds them all, and a lab file's results are not written into it.
    script += "DROP INDEX IF EXISTS " + in + "history_project; CREATE INDEX history_project ON " + in + entries +
              "(project) WHERE project IS NOT NULL; ";
    // An update of the entries' import, and of the ranges', checked (record_import of a login bound
    // by row-level security).
    std::string checks;
    for (const std::string& table : ranges ? std::vector<std::string>{entries, "history_ranges"} : std::vector<std::string>{entries})
        checks += "DROP TRIGGER IF EXISTS history_import_check ON " + in + table + "; CREATE TRIGGER history_import_check AFTER UPDATE ON " +
                  in + table + " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION " + in + "history_import_check(); ";
    const std::string path = identifier(schema) + ", public";
    pq::exec_script(db, script + import_guard_functions(path) + checks + "DROP TRIGGER IF EXISTS history_import_kept ON " + in +
                            "imports; CREATE TRIGGER history_import_kept AFTER DELETE ON " + in +
                            "imports REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION " + in +
                            "history_import_kept()");
}

void begin_history_import(PGconn* db, std::int64_t import, const std::string& layer)
{
    pq::exec(db, "SELECT set_config('lode.import', $1, true), set_config('lode.import_layer', $2, true)",
             pq::Params().add(std::to_string(import)).add(layer));
}

void end_history_import(PGconn* db)
{
    pq::exec(db, "SELECT set_config('lode.import', '', true), set_config('lode.import_layer', '', true)");
}

void set_history_context(PGconn* db, const ChangeContext& context)
{
    pq::exec(db, "SELECT set_config('lode.user', $1, true), set_config('lode.note', $2, true), set_config('lode.at', $3, true),"
                 " set_config('lode.since', '0', true)",
             pq::Params().add(context.user).add(context.note).add(history_now(context.now)));
}

void mark_history_since(PGconn* db)
{
    // history_log holds the history's highest number: a range's last entry is written there.
    pq::exec(db, "SELECT set_config('lode.since', (SELECT coalesce(max(id), 0) FROM history_log)::text, true)");
}

} // namespace lode
