// Reading the history back: the listing of `lode history` and the state at a past time (--as-of).
#include "lode/store/spatialite/detail/history.hpp"
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/checksum.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/as_of.hpp"
#include "lode/store/spatialite/detail/rows.hpp"


namespace lode {

namespace {

std::optional<Feature> current_row(sqlite::Statement& by_fid, const LayerKind& kind, std::int64_t fid)
{
    by_fid.bind(1, fid);
    std::optional<Feature> row;
    if (by_fid.step())
        row = read_feature(by_fid, kind);
    by_fid.reset();
    return row;
}

bool is_layer(const std::vector<LayerKind>& kinds, const std::string& table)
{
    for (const auto& kind : kinds)
        if (kind.name == table)
            return true;
    return false;
}

nlohmann::json parse_or_null(const sqlite::Statement& s, int column)
{
    return s.is_null(column) ? nlohmann::json() : nlohmann::json::parse(s.text(column), nullptr, false);
}

} // namespace

std::map<std::int64_t, std::optional<Feature>> rows_as_of(sqlite3* db, const LayerKind& kind, const std::string& as_of,
                                                          std::optional<std::int64_t> only_fid)
{
    std::map<std::int64_t, std::optional<Feature>> rows;
    sqlite::Statement changes(db, "SELECT row_id, action, old, old_geom FROM history WHERE tbl = ? AND at > ?" +
                                      std::string(only_fid ? " AND row_id = ?" : "") + " ORDER BY id DESC");
    changes.bind(1, kind.name).bind(2, as_of);
    if (only_fid)
        changes.bind(3, *only_fid);
    sqlite::Statement by_fid(db, select_features(kind) + " WHERE fid = ?");
    Wkb old_wkb;
    while (changes.step()) {
        const std::int64_t fid = changes.integer(0);
        auto it = rows.find(fid);
        if (it == rows.end())
            it = rows.emplace(fid, current_row(by_fid, kind, fid)).first;
        const bool moved = !changes.is_null(3);
        if (moved)
            spatialite_blob_to_wkb(changes, 3, old_wkb);
        undo_change(it->second, kind, changes.text(1), parse_or_null(changes, 2), moved ? &old_wkb : nullptr);
    }
    return rows;
}

std::vector<HistoryEntry> list_history(sqlite3* db, const HistoryQuery& query, const std::vector<LayerKind>& kinds)
{
    std::string sql = "SELECT h.id, h.at, h.user, h.action, h.tbl, h.key, coalesce(h.project, ''), h.old, h.new,"
                      " h.geometry_changed, h.note, h.import, coalesce(i.source, ''), coalesce(i.sha256, ''), h.row_id"
                      " FROM history h LEFT JOIN imports i ON i.id = h.import WHERE 1";
    std::vector<std::string> binds;
    for (const auto& [value, condition] : {std::pair{&query.table, " AND h.tbl = ?"}, {&query.key, " AND h.key = ?"},
                                           {&query.project, " AND h.project = ?"}, {&query.since, " AND h.at >= ?"},
                                           {&query.user, " AND h.user = ?"}})
        if (*value) {
            sql += condition;
            binds.push_back(**value);
        }
    if (query.import)
        sql += " AND h.import = ?";
    sqlite::Statement s(db, sql + " ORDER BY h.id");
    for (std::size_t i = 0; i < binds.size(); ++i)
        s.bind(static_cast<int>(i + 1), binds[i]);
    if (query.import)
        s.bind(static_cast<int>(binds.size() + 1), *query.import);
    // The geometry a change left is the old geometry of the row's next geometry change, or its current one.
    sqlite::Statement next(db, "SELECT old_geom FROM history_log WHERE tbl = ? AND row_id = ? AND id > ? AND old_geom IS NOT NULL"
                               " ORDER BY id LIMIT 1");
    std::map<std::string, sqlite::Statement> current;   // a layer's geometry by fid
    std::vector<HistoryEntry> out;
    Wkb wkb;
    while (s.step()) {
        HistoryEntry e;
        e.id = s.integer(0);
        e.at = s.text(1);
        e.user = s.text(2);
        e.action = s.text(3);
        e.table = s.text(4);
        e.key = s.text(5);
        e.project = s.text(6);
        e.old_values = parse_or_null(s, 7);
        e.new_values = parse_or_null(s, 8);
        e.geometry_changed = s.integer(9) != 0;
        e.note = s.text(10);
        if (!s.is_null(11)) {
            e.import_id = s.integer(11);
            e.import_source = s.text(12);
            e.import_sha256 = s.text(13);
        }
        if (e.geometry_changed && e.action != "delete" && is_layer(kinds, e.table)) {
            next.bind(1, e.table).bind(2, s.integer(14)).bind(3, e.id);
            bool found = next.step();
            if (found) {
                spatialite_blob_to_wkb(next, 0, wkb);
            } else {
                auto it = current.find(e.table);
                if (it == current.end())
                    it = current.try_emplace(e.table, db, "SELECT geom FROM " + quoted_identifier(e.table) +
                                                              " WHERE fid = ? AND geom IS NOT NULL").first;
                sqlite::Statement& now = it->second;
                now.bind(1, s.integer(14));
                if ((found = now.step()))
                    spatialite_blob_to_wkb(now, 0, wkb);
                now.reset();
            }
            next.reset();
            if (found)
                e.geometry_sha256 = sha256_bytes(wkb.data(), wkb.size());
        }
        out.push_back(std::move(e));
    }
    return out;
}

void scan_as_of(sqlite3* db, const LayerKind& kind, const Selection& selection, sqlite::Statement& current,
                const std::function<bool(const Feature&)>& visit)
{
    const auto changed = rows_as_of(db, kind, *selection.as_of);
    const int fid_column = 5 + static_cast<int>(kind.fields.size());
    merge_as_of(
        changed, selection,
        [&]() -> std::optional<std::int64_t> {
            if (!current.step())
                return std::nullopt;
            return current.integer(fid_column);
        },
        [&] { return read_feature(current, kind); }, visit);
}

std::optional<Feature> find_feature_as_of(sqlite3* db, const LayerKind& kind, const std::string& id, const std::string& as_of)
{
    // The rows that carry the id now, or carried it in a change: a rename keeps the fid.
    sqlite::Statement candidates(db, "SELECT fid FROM " + quoted_identifier(kind.name) +
                                         " WHERE id = ? UNION SELECT row_id FROM history WHERE tbl = ? AND key = ?");
    candidates.bind(1, id).bind(2, kind.name).bind(3, id);
    sqlite::Statement by_fid(db, select_features(kind) + " WHERE fid = ?");
    while (candidates.step()) {
        const std::int64_t fid = candidates.integer(0);
        auto rows = rows_as_of(db, kind, as_of, fid);
        std::optional<Feature> then = rows.empty() ? current_row(by_fid, kind, fid) : rows.begin()->second;
        if (then && then->id == id)
            return then;
    }
    return std::nullopt;
}

namespace {

// FeatureChange rows from SELECT id, tbl, key, action, at, user, old, row_id[, old_geom].
std::vector<FeatureChange> read_changes(sqlite::Statement& s, bool geometries)
{
    std::vector<FeatureChange> out;
    while (s.step()) {
        FeatureChange c;
        c.entry = s.integer(0);
        c.layer = s.text(1);
        c.key = s.text(2);
        c.action = s.text(3);
        c.at = s.text(4);
        c.user = s.text(5);
        c.old_values = parse_or_null(s, 6);
        c.row = s.integer(7);
        if (geometries && !s.is_null(8)) {
            Wkb wkb;
            spatialite_blob_to_wkb(s, 8, wkb);
            c.old_wkb = std::move(wkb);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

std::vector<FeatureChange> SpatialiteStore::import_changes(std::int64_t import)
{
    sqlite::Statement s(db_.get(), "SELECT id, tbl, key, action, at, user, old, row_id, old_geom FROM history WHERE import = ? ORDER BY id");
    s.bind(1, import);
    return read_changes(s, true);
}

std::vector<FeatureChange> SpatialiteStore::changes_after(const std::string& layer, std::int64_t after)
{
    sqlite::Statement s(db_.get(), "SELECT id, tbl, key, action, at, user, old, row_id FROM history WHERE tbl = ? AND id > ? ORDER BY id");
    s.bind(1, layer).bind(2, after);
    return read_changes(s, false);
}

std::vector<FeatureChange> SpatialiteStore::changes_since(const std::string& table, const std::string& at)
{
    sqlite::Statement s(db_.get(), "SELECT id, tbl, key, action, at, user, old, row_id FROM history WHERE tbl = ? AND at > ? ORDER BY id");
    s.bind(1, table).bind(2, at);
    return read_changes(s, false);
}

std::vector<std::string> SpatialiteStore::inserted_by_import(const std::string& layer, std::int64_t import)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    // The rows it inserted (by fid; a rename keeps it) that were not deleted since (SQLite may give
    // a deleted row's fid to a later one).
    sqlite::Statement s(db_.get(), "SELECT l.id FROM history h JOIN " + quoted_identifier(layer) +
                                       " l ON l.fid = h.row_id WHERE h.import = ? AND h.tbl = ?"
                                       " AND h.action = 'insert' AND NOT EXISTS (SELECT 1 FROM history_log d WHERE d.tbl = h.tbl"
                                       " AND d.row_id = h.row_id AND d.id > h.id AND d.action = 'delete') ORDER BY h.id");
    s.bind(1, import).bind(2, layer);
    std::vector<std::string> ids;
    while (s.step())
        ids.push_back(s.text(0));
    return ids;
}

} // namespace lode
