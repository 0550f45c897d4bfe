// Reading a PostGIS store's history back (layout 5): the listing of `lode history`, the state at a
// past time (--as-of, rebuilt by store/as_of.hpp as on every backend), and what an undo reads.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/store/as_of.hpp"

#include <set>

namespace lode {

namespace {

using pq::identifier;

nlohmann::json json_or_null(const pq::Result& r, int row, int column)
{
    return r.is_null(row, column) ? nlohmann::json() : nlohmann::json::parse(r.text(row, column), nullptr, false);
}

// Whole numbers of double precision columns as JSON floats (100.0, not 100), as a SpatiaLite store's
// history keeps a REAL: jsonb writes a float8 100 as 100, which would read back as an integer.
void as_floats(nlohmann::json& values, const std::set<std::string>& columns)
{
    if (!values.is_object())
        return;
    for (auto it = values.begin(); it != values.end(); ++it)
        if (it->is_number_integer() && columns.count(it.key()))
            *it = it->get<double>();
}

// A list of numbers as a bigint[] parameter.
std::string bigint_array(const std::set<std::int64_t>& numbers)
{
    std::string out = "{";
    for (const auto n : numbers)
        out += (out.size() > 1 ? "," : "") + std::to_string(n);
    return out + "}";
}

// FeatureChange rows from SELECT id, tbl, key, action, at, "user", old::text[, old geometry as WKB].
std::vector<FeatureChange> read_changes(const pq::Result& r, bool geometries)
{
    std::vector<FeatureChange> out;
    for (int i = 0; i < r.rows(); ++i) {
        FeatureChange c;
        c.entry = r.integer(i, 0);
        c.layer = r.text(i, 1);
        c.key = r.text(i, 2);
        c.action = r.text(i, 3);
        c.at = r.text(i, 4);
        c.user = r.text(i, 5);
        c.old_values = json_or_null(r, i, 6);
        c.row = r.integer(i, 7);
        if (geometries && !r.is_null(i, 8)) {
            std::size_t size = 0;
            const unsigned char* bytes = r.bytes(i, 8, size);
            c.old_wkb.emplace(bytes, bytes + size);
        }
        out.push_back(std::move(c));
    }
    return out;
}

} // namespace

std::vector<HistoryEntry> PostgisStore::history(const HistoryQuery& query)
{
    // The geometry a change left is the old geometry of the row's next geometry change (found here),
    // or its current one (below).
    std::string sql = "SELECT h.id, h.at, h.\"user\", h.action, h.tbl, h.key, coalesce(h.project, ''), h.old::text, h.new::text,"
                      " h.geometry_changed::int, h.note, h.import, coalesce(i.source, ''), coalesce(i.sha256, ''), h.row_id,"
                      " CASE WHEN h.geometry_changed AND h.action <> 'delete' THEN (SELECT encode(sha256(ST_AsBinary(n.old_geom, 'NDR')),"
                      " 'hex') FROM history n WHERE n.tbl = h.tbl AND n.row_id = h.row_id AND n.id > h.id AND n.old_geom IS NOT NULL"
                      " ORDER BY n.id LIMIT 1) END FROM history h LEFT JOIN imports i ON i.id = h.import WHERE true";
    pq::Params params;
    for (const auto& [value, column] : {std::pair{&query.table, "h.tbl ="}, {&query.key, "h.key ="}, {&query.project, "h.project ="},
                                        {&query.since, "h.at >="}, {&query.user, "h.\"user\" ="}})
        if (*value) {
            params.add(**value);
            sql += std::string(" AND ") + column + " $" + std::to_string(params.size());
        }
    if (query.import) {
        params.add(*query.import);
        sql += " AND h.import = $" + std::to_string(params.size());
    }
    const pq::Result r = pq::exec(db_.get(), sql + " ORDER BY h.id", params);
    std::map<std::string, std::set<std::string>> floats;   // by table, its double precision columns
    const pq::Result types = pq::exec(db_.get(), "SELECT c.relname::text, a.attname::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                                                 " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'"
                                                 " AND a.attnum > 0 AND NOT a.attisdropped AND a.atttypid = 'float8'::regtype",
                                      pq::Params().add(schema_));
    for (int i = 0; i < types.rows(); ++i)
        floats[types.text(i, 0)].insert(types.text(i, 1));
    std::vector<HistoryEntry> out;
    std::map<std::string, std::set<std::int64_t>> unhashed;   // by layer, the rows whose current geometry a change left
    std::vector<std::int64_t> row_ids;
    for (int i = 0; i < r.rows(); ++i) {
        HistoryEntry e;
        e.id = r.integer(i, 0);
        e.at = r.text(i, 1);
        e.user = r.text(i, 2);
        e.action = r.text(i, 3);
        e.table = r.text(i, 4);
        e.key = r.text(i, 5);
        e.project = r.text(i, 6);
        e.old_values = json_or_null(r, i, 7);
        e.new_values = json_or_null(r, i, 8);
        as_floats(e.old_values, floats[e.table]);
        as_floats(e.new_values, floats[e.table]);
        e.geometry_changed = r.integer(i, 9) != 0;
        e.note = r.text(i, 10);
        if (!r.is_null(i, 11)) {
            e.import_id = r.integer(i, 11);
            e.import_source = r.text(i, 12);
            e.import_sha256 = r.text(i, 13);
        }
        row_ids.push_back(r.integer(i, 14));
        e.geometry_sha256 = r.text(i, 15);
        if (e.geometry_changed && e.action != "delete" && e.geometry_sha256.empty())
            for (const auto& kind : kinds_)
                if (kind.name == e.table)
                    unhashed[e.table].insert(row_ids.back());
        out.push_back(std::move(e));
    }
    for (const auto& [layer, fids] : unhashed) {
        const pq::Result now = pq::exec(db_.get(), "SELECT fid, encode(sha256(ST_AsBinary(geom, 'NDR')), 'hex') FROM " + identifier(layer) +
                                                       " WHERE fid = ANY($1::bigint[])",
                                        pq::Params().add(bigint_array(fids)));
        std::map<std::int64_t, std::string> hashes;
        for (int i = 0; i < now.rows(); ++i)
            hashes[now.integer(i, 0)] = now.text(i, 1);
        for (std::size_t i = 0; i < out.size(); ++i)
            if (out[i].table == layer && out[i].geometry_changed && out[i].action != "delete" && out[i].geometry_sha256.empty()) {
                const auto it = hashes.find(row_ids[i]);
                if (it != hashes.end())
                    out[i].geometry_sha256 = it->second;
            }
    }
    return out;
}

std::string PostgisStore::history_began()
{
    const pq::Result r = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = 'history_began'");
    return r.rows() == 1 ? r.text(0, 0) : std::string();
}

std::map<std::int64_t, std::optional<Feature>> PostgisStore::rows_as_of(const LayerKind& kind, const std::string& as_of,
                                                                        std::optional<std::int64_t> only_fid)
{
    pq::Params params;
    params.add(kind.name).add(as_of);
    if (only_fid)
        params.add(*only_fid);
    const pq::Result changes = pq::exec(db_.get(), "SELECT row_id, action, old::text, ST_AsBinary(old_geom, 'NDR') FROM history"
                                                   " WHERE tbl = $1 AND at > $2" + std::string(only_fid ? " AND row_id = $3" : "") +
                                                       " ORDER BY id DESC",
                                        params);
    std::set<std::int64_t> fids;
    for (int i = 0; i < changes.rows(); ++i)
        fids.insert(changes.integer(i, 0));
    std::map<std::int64_t, std::optional<Feature>> rows;
    if (fids.empty())
        return rows;
    for (const auto fid : fids)
        rows.emplace(fid, std::nullopt);
    const pq::Result now = pq::exec(db_.get(), "SELECT " + feature_columns(kind) + ", fid FROM " + identifier(kind.name) +
                                                   " WHERE fid = ANY($1::bigint[])",
                                    pq::Params().add(bigint_array(fids)));
    const int fid_column = 5 + static_cast<int>(kind.fields.size());
    for (int i = 0; i < now.rows(); ++i)
        rows[now.integer(i, fid_column)] = read_feature(now, i, kind);
    std::set<std::string> floats;
    for (const auto& field : kind.fields)
        if (field.type == FieldType::real)
            floats.insert(field.name);
    std::vector<unsigned char> old_wkb;
    for (int i = 0; i < changes.rows(); ++i) {
        const bool moved = !changes.is_null(i, 3);
        if (moved) {
            std::size_t size = 0;
            const unsigned char* bytes = changes.bytes(i, 3, size);
            old_wkb.assign(bytes, bytes + size);
        }
        nlohmann::json old_values = json_or_null(changes, i, 2);
        as_floats(old_values, floats);
        undo_change(rows[changes.integer(i, 0)], kind, changes.text(i, 1), old_values, moved ? &old_wkb : nullptr);
    }
    return rows;
}

std::optional<Feature> PostgisStore::find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of)
{
    const LayerKind& kind = layer_kind(layer);
    // The rows that carry the id now, or carried it in a change: a rename keeps the fid.
    const pq::Result candidates = pq::exec(db_.get(), "SELECT fid FROM " + identifier(layer) +
                                                          " WHERE id = $1 UNION SELECT row_id FROM history WHERE tbl = $2 AND key = $1",
                                           pq::Params().add(id).add(layer));
    for (int i = 0; i < candidates.rows(); ++i) {
        const std::int64_t fid = candidates.integer(i, 0);
        auto rows = rows_as_of(kind, as_of, fid);
        std::optional<Feature> then;
        if (!rows.empty()) {
            then = rows.begin()->second;
        } else {
            const pq::Result now = pq::exec(db_.get(), "SELECT " + feature_columns(kind) + " FROM " + identifier(layer) + " WHERE fid = $1",
                                            pq::Params().add(fid));
            if (now.rows() == 1)
                then = read_feature(now, 0, kind);
        }
        if (then && then->id == id)
            return then;
    }
    return std::nullopt;
}

std::vector<FeatureChange> PostgisStore::import_changes(std::int64_t import)
{
    return read_changes(pq::exec(db_.get(), "SELECT id, tbl, key, action, at, \"user\", old::text, row_id, ST_AsBinary(old_geom, 'NDR')"
                                            " FROM history WHERE import = $1 ORDER BY id",
                                 pq::Params().add(import)),
                        true);
}

std::vector<FeatureChange> PostgisStore::changes_after(const std::string& layer, std::int64_t after)
{
    return read_changes(pq::exec(db_.get(), "SELECT id, tbl, key, action, at, \"user\", old::text, row_id FROM history"
                                            " WHERE tbl = $1 AND id > $2 ORDER BY id",
                                 pq::Params().add(layer).add(after)),
                        false);
}

// A position on a server: its entries are numbered as they are written (the identity's nextval), not
// as their transactions commit, so a transaction that took number 100 may commit after another's 101
// was read: a reader going on from "after 101" would miss 100 for ever. Locking the history against
// writers while a sync reads would close that gap, but a partner's login (which writes the history
// only through the triggers) may not take such a lock, and every writer would wait for the sync.
// So the position keeps, beside the newest entry its statement could read, that statement's
// snapshot (which transactions were still running: pg_current_snapshot) and the reading
// transaction's own number: a later reading takes the entries after it and those up to it whose
// transaction the snapshot did not show as committed (the history's xact column), leaving out the
// reader's own. An entry can then be read twice (committed between the position and a read of the
// same transaction), never missed; a sync compares states, so a second reading changes nothing.
HistoryPosition PostgisStore::history_position()
{
    // history_log holds the history's highest number (a range's last entry is written there).
    const pq::Result r = pq::exec(db_.get(), "SELECT coalesce(max(id), 0), pg_current_snapshot()::text || ';' || txid_current()::text FROM history_log");
    return {r.integer(0, 0), r.text(0, 1)};
}

std::vector<FeatureChange> PostgisStore::changes_after_position(const std::string& table, const HistoryPosition& after)
{
    const auto semicolon = after.pending.find(';');
    if (semicolon == std::string::npos)
        return changes_after(table, after.entry);
    const std::string snapshot = after.pending.substr(0, semicolon), own = after.pending.substr(semicolon + 1);
    return read_changes(pq::exec(db_.get(), "SELECT id, tbl, key, action, at, \"user\", old::text, row_id FROM history"
                                            " WHERE tbl = $1 AND xact <> $3::bigint AND (id > $2 OR (xact >= pg_snapshot_xmin($4::pg_snapshot)::text::bigint"
                                            " AND NOT pg_visible_in_snapshot(xact::text::xid8, $4::pg_snapshot))) ORDER BY id",
                                 pq::Params().add(table).add(after.entry).add(own).add(snapshot)),
                        false);
}

std::vector<FeatureChange> PostgisStore::changes_since(const std::string& table, const std::string& at)
{
    return read_changes(pq::exec(db_.get(), "SELECT id, tbl, key, action, at, \"user\", old::text, row_id FROM history"
                                            " WHERE tbl = $1 AND at > $2 ORDER BY id",
                                 pq::Params().add(table).add(at)),
                        false);
}

std::vector<std::string> PostgisStore::inserted_by_import(const std::string& layer, std::int64_t import)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    // The rows it inserted (by fid; a rename keeps it) that were not deleted since.
    const pq::Result r = pq::exec(db_.get(), "SELECT l.id FROM history h JOIN " + identifier(layer) +
                                                 " l ON l.fid = h.row_id WHERE h.import = $1 AND h.tbl = $2 AND h.action = 'insert'"
                                                 " AND NOT EXISTS (SELECT 1 FROM history d WHERE d.tbl = h.tbl AND d.row_id = h.row_id"
                                                 " AND d.id > h.id AND d.action = 'delete') ORDER BY h.id",
                                  pq::Params().add(import).add(layer));
    std::vector<std::string> ids;
    for (int i = 0; i < r.rows(); ++i)
        ids.push_back(r.text(i, 0));
    return ids;
}

} // namespace lode
