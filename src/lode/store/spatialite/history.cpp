#include "lode/store/spatialite/detail/history.hpp"

#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/base/text.hpp"

#include <vector>

namespace lode {

namespace {

std::string literal(const std::string& text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    return out + "'";
}

bool has_table(sqlite3* db, const std::string& name)
{
    sqlite::Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, name);
    return s.step();
}

struct Column {
    std::string name;
    int pk = 0;   // position in the primary key, 0 when not in it
};

std::vector<Column> columns_of(sqlite3* db, const std::string& table)
{
    sqlite::Statement s(db, "SELECT name, pk FROM pragma_table_info(?) ORDER BY cid");
    s.bind(1, table);
    std::vector<Column> out;
    while (s.step())
        out.push_back({s.text(0), static_cast<int>(s.integer(1))});
    return out;
}

bool has_column(const std::vector<Column>& columns, const std::string& name)
{
    for (const auto& c : columns)
        if (c.name == name)
            return true;
    return false;
}

// How a row of `table` is named in the history (row is NEW or OLD): a feature by its id, a project
// by its code, a partner by its organisation, a link by its parts, anything else by its primary key.
std::string key_expression(sqlite3* db, const std::string& table, const std::vector<Column>& columns, bool layer,
                           const std::string& row)
{
    auto organisation = [&](const std::string& id) {
        return "coalesce((SELECT organisation FROM partners WHERE id = " + row + "." + id + "), " + row + "." + id + ")";
    };
    if (layer)
        return row + ".id";
    if (table == "projects")
        return row + ".code";
    if (table == "assay_results")
        return row + ".sample || '/' || " + row + ".analyte";
    if (table == "partners")
        return row + ".organisation";
    if (table == "project_partners")
        return row + ".project || '/' || " + organisation("partner") + " || '/' || " + row + ".role";
    if (table == "licence_partners" && has_table(db, "partners"))
        return row + ".licence || '/' || " + organisation("partner");
    std::vector<std::string> parts;
    for (int position = 1;; ++position) {
        bool found = false;
        for (const auto& c : columns)
            if (c.pk == position) {
                parts.push_back(row + "." + quoted_identifier(c.name));
                found = true;
            }
        if (!found)
            break;
    }
    return parts.empty() ? row + ".rowid" : join(parts, " || '/' || ");
}

std::string project_expression(sqlite3* db, const std::string& table, const std::vector<Column>& columns,
                               const std::string& row)
{
    if (table == "projects")
        return row + ".code";
    if (has_column(columns, "project"))
        return row + ".project";
    if (has_column(columns, "licence") && has_table(db, "licences"))
        return "(SELECT project FROM licences WHERE id = " + row + ".licence)";
    return "NULL";
}

// A column's value as the JSON of a row image holds it: a REAL with 17 significant digits, so that a
// value restored from the history (--as-of, undo) is the double that was stored, bit for bit
// (json_group_object alone writes 15: 0.1 + 0.2 would come back as 0.3). SQLite 3.40's printf is
// exact to the bit for magnitudes below 1e100; infinities are left as they were.
std::string exact(const std::string& column)
{
    return "CASE WHEN typeof(" + column + ") = 'real' AND abs(" + column + ") < 1e999 THEN json(printf('%!.17g', " + column +
           ")) ELSE " + column + " END";
}

// The columns as rows (c, o, n) of a compound SELECT, so that json_group_object can gather the
// changed ones: json_object() would run into SQLite's limit on function arguments for the
// samples layer's dozens of assay fields.
std::string column_rows(const std::vector<std::string>& names, bool with_new)
{
    std::string sql;
    for (std::size_t i = 0; i < names.size(); ++i) {
        sql += i == 0 ? "SELECT " + literal(names[i]) + " AS c, OLD." + quoted_identifier(names[i]) + " AS o"
                      : " UNION ALL SELECT " + literal(names[i]) + ", OLD." + quoted_identifier(names[i]);
        if (with_new)
            sql += (i == 0 ? ", NEW." + quoted_identifier(names[i]) + " AS n" : ", NEW." + quoted_identifier(names[i]));
    }
    return sql;
}

std::string new_row_json(const std::vector<std::string>& names)
{
    std::string sql;
    for (std::size_t i = 0; i < names.size(); ++i)
        sql += (i == 0 ? "SELECT " + literal(names[i]) + " AS c, NEW." + quoted_identifier(names[i]) + " AS n"
                       : " UNION ALL SELECT " + literal(names[i]) + ", NEW." + quoted_identifier(names[i]));
    return "(SELECT json_group_object(c, " + exact("n") + ") FROM (" + sql + "))";
}

const char* const context_columns =
    "coalesce((SELECT at FROM history_context), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),"
    " coalesce((SELECT user FROM history_context), 'external'), coalesce((SELECT note FROM history_context), '')";

// Bulk inserts' history as ranges (store model 14). A bulk insert of n rows whose row numbers (fid,
// or a result's id) run without a gap from first_row to last_row + 1 reserves the entry ids
// first_id ... first_id + n - 1, as one entry per row in row order would have taken them: the last
// row's entry is written to history_log (so that the next entry's id follows the range), the others
// are one row of history_ranges, and the view history expands them from the rows themselves — an
// insert entry holds only the row's key and project, which are the row's own until it changes them
// or goes. Before a row of a range changes its key or project, or is deleted, its entry is written
// to history_log as the view would have read it (the triggers below); the view then takes that one
// (SQLite may give a deleted result's id to a later one, whose own range then holds it).

// The row number column of a ranged table: a layer's fid, a result's id.
std::string row_number_column(bool layer) { return layer ? "fid" : "id"; }

// The columns of an entry, in the order entry_values gives them.
const char* const entry_columns = "(id, at, user, note, action, tbl, key, row_id, project, old, new, geometry_changed, old_geom, import)";

// The values of a bulk-inserted row's entry (a quiet insert: its key, no values), its row being
// `row`: its id, when, who and why (three columns) and import given, the rest from the row.
std::string entry_values(sqlite3* db, const std::string& table, const std::vector<Column>& columns, bool layer,
                         const std::string& row, const std::string& id, const std::string& context, const std::string& import)
{
    const std::string number = row + "." + row_number_column(layer);
    return id + ", " + context + ", 'insert', " + literal(table) + ", " + key_expression(db, table, columns, layer, row) + ", " +
           number + ", " + project_expression(db, table, columns, row) + ", NULL, NULL, " + (layer ? "1" : "0") + ", NULL, " + import;
}

// The values of an expanded entry of `table`, its row being `row` and its range `r`.
std::string range_entry_values(sqlite3* db, const std::string& table, const std::vector<Column>& columns, bool layer,
                                const std::string& row)
{
    return entry_values(db, table, columns, layer, row, "r.first_id + (" + row + "." + row_number_column(layer) + " - r.first_row)",
                        "r.at, r.user, r.note", "r.import");
}

void install_range_triggers(sqlite3* db, const std::string& table, const std::vector<Column>& columns, bool layer)
{
    const std::string covering = " FROM history_ranges r WHERE r.tbl = " + literal(table) + " AND OLD." +
                                 row_number_column(layer) + " BETWEEN r.first_row AND r.last_row";
    const std::string keep = "INSERT OR IGNORE INTO history_log" + std::string(entry_columns) + " SELECT " +
                             range_entry_values(db, table, columns, layer, "OLD") + covering;
    const std::string in_range = "EXISTS (SELECT 1" + covering + ")";
    // What the entry is made of: the key's and the project's columns.
    const std::vector<std::string> named = layer ? std::vector<std::string>{"id", "project"} : std::vector<std::string>{"sample", "analyte"};
    std::string changed;
    for (const auto& n : named)
        changed += (changed.empty() ? "" : " OR ") + std::string("OLD.") + n + " IS NOT NEW." + n;
    sqlite::exec(db, "CREATE TRIGGER " + quoted_identifier("history_" + table + "_keep_update") + " BEFORE UPDATE OF " +
                         join(named, ", ") + " ON " + quoted_identifier(table) + " WHEN (" + changed + ") AND " + in_range +
                         " BEGIN " + keep + "; END");
    sqlite::exec(db, "CREATE TRIGGER " + quoted_identifier("history_" + table + "_keep_delete") + " BEFORE DELETE ON " +
                         quoted_identifier(table) + " WHEN " + in_range + " BEGIN " + keep + "; END");
}

} // namespace

std::string history_insert_trigger(const std::string& layer) { return "history_" + layer + "_insert"; }

bool keeps_ranges(sqlite3* db) { return has_table(db, "history_ranges"); }

std::string entries_table(sqlite3* db) { return keeps_ranges(db) ? "history_log" : "history"; }

std::optional<std::string> trigger_definition(sqlite3* db, const std::string& name)
{
    sqlite::Statement s(db, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
    s.bind(1, name);
    if (!s.step())
        return std::nullopt;
    return s.text(0);
}

void install_history_triggers(sqlite3* db, const std::string& table, bool layer)
{
    const auto columns = columns_of(db, table);
    std::vector<std::string> names;   // what the JSON records: every column but the fid and the geometry
    for (const auto& c : columns)
        if (!(layer && (c.name == "fid" || c.name == "geom")))
            names.push_back(c.name);
    drop_history_triggers(db, table);
    // A result's insert, as a feature's, records only its key: a lab file brings tens of thousands.
    const bool quiet_insert = table == "assay_results";

    // From store model 14 the entries one at a time go to history_log (the view history adds the
    // bulk inserts' ranges); before it, to the table history.
    const bool ranges = keeps_ranges(db);
    const std::string head = "INSERT INTO " + entries_table(db) +
                             "(at, user, note, action, tbl, key, row_id, project, old, new,"
                             " geometry_changed, old_geom) SELECT " + std::string(context_columns) + ", ";
    const std::string name = literal(table);
    // A feature's insert records only its key: its values are the row itself, or the old image of
    // its next change, and an import of 100,000 samples should not double the store.
    sqlite::exec(db, "CREATE TRIGGER " + quoted_identifier(history_insert_trigger(table)) +
                         " AFTER INSERT ON " + quoted_identifier(table) + " BEGIN " + head + "'insert', " + name + ", " +
                         key_expression(db, table, columns, layer, "NEW") + ", NEW.rowid, " +
                         project_expression(db, table, columns, "NEW") + ", NULL, " +
                         (layer ? std::string("NULL, 1") : (quiet_insert ? std::string("NULL") : new_row_json(names)) + ", 0") +
                         ", NULL; END");

    std::string changed;
    for (const auto& n : names)
        changed += (changed.empty() ? "" : " OR ") + std::string("OLD.") + quoted_identifier(n) + " IS NOT NEW." + quoted_identifier(n);
    if (layer)
        changed += " OR OLD.geom IS NOT NEW.geom";
    const std::string rows = "FROM (" + column_rows(names, true) + ") WHERE o IS NOT n";
    sqlite::exec(db, "CREATE TRIGGER " + quoted_identifier("history_" + table + "_update") + " AFTER UPDATE ON " + quoted_identifier(table) +
                         " BEGIN " + head + "'update', " + name + ", " + key_expression(db, table, columns, layer, "OLD") +
                         ", OLD.rowid, " + project_expression(db, table, columns, "NEW") +
                         ", (SELECT json_group_object(c, " + exact("o") + ") " + rows + "), (SELECT json_group_object(c, " +
                         exact("n") + ") " + rows +
                         "), " + (layer ? "OLD.geom IS NOT NEW.geom, CASE WHEN OLD.geom IS NOT NEW.geom THEN OLD.geom END"
                                        : "0, NULL") +
                         " WHERE " + changed + "; END");

    sqlite::exec(db, "CREATE TRIGGER " + quoted_identifier("history_" + table + "_delete") + " AFTER DELETE ON " + quoted_identifier(table) +
                         " BEGIN " + head + "'delete', " + name + ", " + key_expression(db, table, columns, layer, "OLD") +
                         ", OLD.rowid, " + project_expression(db, table, columns, "OLD") +
                         ", (SELECT json_group_object(c, " + exact("o") + ") FROM (" + column_rows(names, false) + ")), NULL, " +
                         (layer ? "1, OLD.geom" : "0, NULL") + "; END");
    if (ranges && (layer || table == "assay_results"))
        install_range_triggers(db, table, columns, layer);
}

void drop_history_triggers(sqlite3* db, const std::string& table)
{
    for (const char* action : {"insert", "update", "delete", "keep_update", "keep_delete"})
        sqlite::exec(db, "DROP TRIGGER IF EXISTS " + quoted_identifier("history_" + table + "_" + action));
}

void migrate_to_4(sqlite3* db, const std::string& began)
{
    sqlite::exec(db, R"(
        CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                 -- UTC, YYYY-MM-DDTHH:MM:SS.sssZ
            user TEXT NOT NULL,               -- 'external' when changed outside lode
            note TEXT NOT NULL DEFAULT '',
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            tbl TEXT NOT NULL,                -- the layer or table
            key TEXT NOT NULL,                -- the feature id, project code, ...
            row_id INTEGER NOT NULL,          -- the row's fid or rowid, which renames do not change
            project TEXT,
            old TEXT,                         -- JSON: update, the changed columns before; delete, the row
            new TEXT,                         -- JSON: update, the changed columns after
            geometry_changed INTEGER NOT NULL DEFAULT 0,
            old_geom BLOB,                    -- the geometry before a geometry update or a delete
            import INTEGER REFERENCES imports(id));
        CREATE INDEX history_row ON history(tbl, row_id, id);
        CREATE INDEX history_key ON history(tbl, key);
        CREATE INDEX history_at ON history(at);
        CREATE INDEX history_project ON history(project);
        -- One row while lode writes: who, why, when, and the last history id before (for the import link).
        CREATE TABLE history_context (
            one INTEGER PRIMARY KEY CHECK (one = 1), at TEXT NOT NULL, user TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '', since INTEGER NOT NULL DEFAULT 0);
    )");
    sqlite::Statement meta(db, "INSERT OR REPLACE INTO lode_meta(key, value) VALUES ('history_began', ?)");
    meta.bind(1, began).run();
    sqlite::Statement layers(db, "SELECT name FROM layer_kinds ORDER BY name");
    while (layers.step())
        install_history_triggers(db, layers.text(0), true);
    for (const char* table : history_tables)
        if (has_table(db, table))
            install_history_triggers(db, table, false);
}

namespace {

void bind_import(sqlite::Statement& s, int index, std::optional<std::int64_t> import)
{
    if (import)
        s.bind(index, *import);
    else
        s.bind_null(index);
}

} // namespace

namespace {

// One entry per row of table with a row number above after, in row order: a range and the last
// row's entry where the rows' numbers run without a gap (store model 14), else an entry each.
void record_bulk(sqlite3* db, const std::string& table, bool layer, std::int64_t after, std::optional<std::int64_t> import)
{
    const auto columns = columns_of(db, table);
    const std::string number = row_number_column(layer);
    const std::string rows = " FROM " + quoted_identifier(table) + " l WHERE l." + number + " > ?";
    std::int64_t count = 0, first_row = 0, last_row = 0;
    {
        sqlite::Statement span(db, "SELECT count(*), min(l." + number + "), max(l." + number + ")" + rows);
        span.bind(1, after);
        span.step();
        count = span.integer(0);
        if (count > 0) {
            first_row = span.integer(1);
            last_row = span.integer(2);
        }
    }
    const std::string insert = "INSERT INTO " + entries_table(db) + entry_columns + " SELECT ";
    if (count < 2 || last_row - first_row + 1 != count || !keeps_ranges(db)) {
        sqlite::Statement each(db, insert + entry_values(db, table, columns, layer, "l", "NULL", context_columns, "?") + rows +
                                       " ORDER BY l." + number);
        bind_import(each, 1, import);
        each.bind(2, after).run();
        return;
    }
    const bool new_table = !sqlite::query_integer(db, "SELECT EXISTS (SELECT 1 FROM history_ranges WHERE tbl = " + literal(table) + ")");
    sqlite::Statement range(db, "INSERT INTO history_ranges(tbl, first_id, first_row, last_row, at, user, note, import)"
                                " SELECT ?, coalesce((SELECT max(id) FROM history_log), 0) + 1, ?, ?, " +
                                std::string(context_columns) + ", ?");
    range.bind(1, table).bind(2, first_row).bind(3, last_row - 1);
    bind_import(range, 4, import);
    range.run();
    sqlite::Statement last(db, insert + range_entry_values(db, table, columns, layer, "l") +
                                   " FROM history_ranges r JOIN " + quoted_identifier(table) + " l ON l." + number +
                                   " = r.last_row + 1 WHERE r.rowid = last_insert_rowid()");
    last.run();
    if (new_table)
        rebuild_history_view(db);
}

} // namespace

void record_bulk_inserts(sqlite3* db, const std::string& layer, std::int64_t after, std::optional<std::int64_t> import)
{
    record_bulk(db, layer, true, after, import);
}

void record_bulk_result_inserts(sqlite3* db, std::int64_t after, std::optional<std::int64_t> import)
{
    record_bulk(db, "assay_results", false, after, import);
}

void rebuild_history_view(sqlite3* db)
{
    if (!keeps_ranges(db))
        return;
    std::string sql = "CREATE VIEW history AS SELECT id, at, user, note, action, tbl, key, row_id, project, old, new,"
                      " geometry_changed, old_geom, import FROM history_log";
    std::vector<std::string> tables;
    {
        sqlite::Statement s(db, "SELECT DISTINCT tbl FROM history_ranges ORDER BY tbl");
        while (s.step())
            tables.push_back(s.text(0));
    }
    for (const auto& table : tables) {
        const bool layer = table != "assay_results";
        const std::string number = "l." + row_number_column(layer);
        sql += " UNION ALL SELECT " + range_entry_values(db, table, columns_of(db, table), layer, "l") +
               " FROM history_ranges r JOIN " + quoted_identifier(table) + " l ON " + number +
               " BETWEEN r.first_row AND r.last_row WHERE r.tbl = " + literal(table) +
               " AND NOT EXISTS (SELECT 1 FROM history_log k WHERE k.id = r.first_id + (" + number + " - r.first_row))";
    }
    sqlite::exec(db, "DROP VIEW IF EXISTS history; " + sql);
}

void drop_history_view(sqlite3* db)
{
    if (keeps_ranges(db))
        sqlite::exec(db, "DROP VIEW IF EXISTS history");
}

// Store model 14: the history of a bulk insert kept as a range (above). The table of entries made
// one at a time is renamed history_log, and history becomes the view of it and the ranges, so that
// what reads history (lode, QGIS, the sqlite3 shell) reads every entry as before.
void migrate_to_14(sqlite3* db)
{
    if (keeps_ranges(db)) {   // made by a later lode and marked older by hand: already there
        rebuild_history_view(db);
        return;
    }
    std::vector<std::pair<std::string, bool>> recorded;   // table, is a layer
    {
        sqlite::Statement layers(db, "SELECT name FROM layer_kinds ORDER BY name");
        while (layers.step())
            recorded.emplace_back(layers.text(0), true);
    }
    for (const char* table : history_tables)
        if (has_table(db, table))
            recorded.emplace_back(table, false);
    for (const auto& [table, layer] : recorded)
        drop_history_triggers(db, table);
    sqlite::exec(db, R"(
        ALTER TABLE history RENAME TO history_log;
        CREATE TABLE history_ranges (
            tbl TEXT NOT NULL,
            first_id INTEGER NOT NULL,        -- the entry id of the row first_row
            first_row INTEGER NOT NULL,       -- the rows' numbers (fid, or a result's id), no gap between
            last_row INTEGER NOT NULL,
            at TEXT NOT NULL, user TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
            import INTEGER);
        CREATE INDEX history_ranges_rows ON history_ranges(tbl, last_row);
    )");
    for (const auto& [table, layer] : recorded)
        install_history_triggers(db, table, layer);
    rebuild_history_view(db);
}

void set_history_context(sqlite3* db, const std::string& at, const std::string& user, const std::string& note)
{
    sqlite::Statement s(db, "INSERT OR REPLACE INTO history_context(one, at, user, note, since)"
                            " VALUES (1, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM " + entries_table(db) + "))");
    s.bind(1, at).bind(2, user).bind(3, note).run();
}

void clear_history_context(sqlite3* db) { sqlite::exec(db, "DELETE FROM history_context"); }

void restart_history_context(sqlite3* db)
{
    sqlite::exec(db, "UPDATE history_context SET since = (SELECT coalesce(max(id), 0) FROM " + entries_table(db) + ")");
}

} // namespace lode
