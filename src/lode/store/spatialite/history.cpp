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

} // namespace

std::string history_insert_trigger(const std::string& layer) { return "history_" + layer + "_insert"; }

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

    const std::string head = "INSERT INTO history(at, user, note, action, tbl, key, row_id, project, old, new,"
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
}

void drop_history_triggers(sqlite3* db, const std::string& table)
{
    for (const char* action : {"insert", "update", "delete"})
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

void record_bulk_inserts(sqlite3* db, const std::string& layer, std::int64_t after, std::optional<std::int64_t> import)
{
    sqlite::Statement s(db, "INSERT INTO history(at, user, note, action, tbl, key, row_id, project, geometry_changed, import)"
                            " SELECT " + std::string(context_columns) + ", 'insert', ?, id, fid, project, 1, ? FROM " +
                                quoted_identifier(layer) + " WHERE fid > ?");
    s.bind(1, layer);
    bind_import(s, 2, import);
    s.bind(3, after).run();
}

void record_bulk_result_inserts(sqlite3* db, std::int64_t after, std::optional<std::int64_t> import)
{
    // The trigger's key and project expressions, of the rows instead of NEW.
    const std::string table = "assay_results";
    const auto columns = columns_of(db, table);
    sqlite::Statement s(db, "INSERT INTO history(at, user, note, action, tbl, key, row_id, project, old, new, geometry_changed,"
                            " old_geom, import) SELECT " + std::string(context_columns) + ", 'insert', " + literal(table) + ", " +
                                key_expression(db, table, columns, false, table) + ", rowid, " +
                                project_expression(db, table, columns, table) + ", NULL, NULL, 0, NULL, ? FROM " + table +
                                " WHERE rowid > ? ORDER BY rowid");
    bind_import(s, 1, import);
    s.bind(2, after).run();
}

void set_history_context(sqlite3* db, const std::string& at, const std::string& user, const std::string& note)
{
    sqlite::Statement s(db, "INSERT OR REPLACE INTO history_context(one, at, user, note, since)"
                            " VALUES (1, ?, ?, ?, (SELECT coalesce(max(id), 0) FROM history))");
    s.bind(1, at).bind(2, user).bind(3, note).run();
}

void clear_history_context(sqlite3* db) { sqlite::exec(db, "DELETE FROM history_context"); }

} // namespace lode
