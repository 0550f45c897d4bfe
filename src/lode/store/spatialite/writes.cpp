// Writes to a SpatiaLite store: features (one by one and in bulk), projects, partners, imports.
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/spatial_index.hpp"

#include <optional>

namespace lode {

void SpatialiteStore::write_project(const Project& p)
{
    sqlite::Statement s(db_.get(), "INSERT INTO projects(code, name, host_countries, commodities, phase, start_date,"
                                   " description, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s.bind(1, p.code).bind(2, p.name).bind(3, p.host_countries).bind(4, p.commodities).bind(5, p.phase);
    if (p.start_date.empty())
        s.bind_null(6);
    else
        s.bind(6, p.start_date);
    s.bind(7, p.description).bind(8, p.source).run();
}

bool SpatialiteStore::write_partnership(const Partnership& p)
{
    sqlite::Statement org(db_.get(), "INSERT INTO partners(organisation, country) VALUES (?, ?)"
                                     " ON CONFLICT(organisation) DO UPDATE SET country ="
                                     " CASE WHEN excluded.country <> '' THEN excluded.country ELSE country END");
    org.bind(1, p.organisation).bind(2, p.country).run();
    sqlite::Statement link(db_.get(), "INSERT OR IGNORE INTO project_partners(project, partner, role, source)"
                                      " SELECT ?, id, ?, ? FROM partners WHERE organisation = ?");
    link.bind(1, p.project).bind(2, p.role).bind(3, p.source).bind(4, p.organisation).run();
    return sqlite3_changes(db_.get()) > 0;
}

WriteCounts SpatialiteStore::insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                            OnDuplicate on_duplicate)
{
    // update: each written over its stored row where there is one (these first), then the
    // others inserted; skip: inserted unless present. The unique id decides as rows are written.
    WriteCounts counts;
    std::vector<const Feature*> fresh;
    if (on_duplicate == OnDuplicate::update)
        for (const auto* f : features) {
            if (update_row(layer, *f))
                ++counts.updated;
            else
                fresh.push_back(f);
        }
    const auto& inserting = on_duplicate == OnDuplicate::update ? fresh : features;
    counts.written = insert_rows(layer, inserting, on_duplicate != OnDuplicate::error);
    counts.skipped = static_cast<std::int64_t>(inserting.size()) - counts.written;
    return counts;
}

WriteCounts SpatialiteStore::insert_numbered(const std::string& layer, const std::vector<const Feature*>& features,
                                             const std::vector<std::int64_t>& fids)
{
    if (fids.size() != features.size())
        throw Error("layer '" + layer + "': " + std::to_string(features.size()) + " features given with " + std::to_string(fids.size()) + " fids");
    WriteCounts counts;
    counts.written = insert_rows(layer, features, false, &fids);
    return counts;
}

namespace {

// The ids on a connection of their own to a private temporary database: SQLite keeps its pages in a
// small cache and the rest in a temporary file it deletes on closing. No journal, no sync, one
// transaction that is never committed.
class SqliteSeenIds final : public Store::SeenIds {
public:
    SqliteSeenIds()
    {
        sqlite3* raw = nullptr;
        const int rc = sqlite3_open_v2("", &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
        db_.reset(raw);
        if (rc != SQLITE_OK)
            throw Error("cannot open a temporary database for the ids read (" +
                        std::string(raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)) + ")");
        sqlite::exec(db_.get(), "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -8192;"
                                " CREATE TABLE seen(id TEXT PRIMARY KEY, feature INTEGER) WITHOUT ROWID; BEGIN");
        insert_.emplace(db_.get(), "INSERT INTO seen(id, feature) VALUES (?, ?) ON CONFLICT(id) DO NOTHING");
        find_.emplace(db_.get(), "SELECT feature FROM seen WHERE id = ?");
    }
    std::optional<std::int64_t> note(const std::string& id, std::int64_t feature) override
    {
        insert_->bind(1, id).bind(2, feature).run();
        if (sqlite3_changes(db_.get()) > 0)
            return std::nullopt;
        find_->bind(1, id);
        const bool found = find_->step();
        const std::int64_t first = found ? find_->integer(0) : feature;
        find_->reset();
        return first;
    }

private:
    sqlite::Connection db_;   // declared first: closed after the statements are finalised
    std::optional<sqlite::Statement> insert_, find_;
};

} // namespace

std::unique_ptr<Store::SeenIds> SpatialiteStore::seen_ids() { return std::make_unique<SqliteSeenIds>(); }

// Writes the feature over the stored row of its id; false when there is none.
bool SpatialiteStore::update_row(const std::string& layer, const Feature& feature)
{
    const LayerKind& kind = layer_kind(layer);
    auto& s = cached(layer + "#update", [&] {
        std::string sets = "project = ?";
        for (const auto& field : kind.fields)
            sets += ", " + quoted_identifier(field.name) + " = ?";
        return "UPDATE " + quoted_identifier(layer) + " SET " + sets +
               ", extra = ?, imported_from = ?, geom = coalesce(?, GeomFromWKB(?, 4326)) WHERE id = ?";
    });
    s.bind(1, feature.project);
    std::optional<BBox> box;
    KindSlots slots(kind);
    const int next = bind_feature(s, slots, feature, 2, box);
    s.bind(next, feature.id);
    s.run();
    return sqlite3_changes(db_.get()) > 0;
}

void SpatialiteStore::begin_import(const ImportRecord& r)
{
    sqlite::Statement s(db_.get(), "INSERT INTO imports(layer, project, source, sha256, source_crs, features_read,"
                                   " written, updated, skipped, repaired) VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0, 0)");
    s.bind(1, r.layer).bind(2, r.project).bind(3, r.source).bind(4, r.sha256).bind(5, r.source_crs).run();
    open_import_ = static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

void SpatialiteStore::record_import(const ImportRecord& r)
{
    if (!open_import_)   // not entered by begin_import (an --assays or downhole import): entered now
        begin_import(r);
    const std::int64_t id = *open_import_;
    open_import_.reset();
    // Completed, stamped now as an entry made now would be.
    sqlite::Statement s(db_.get(), "UPDATE imports SET imported_at = strftime('%Y-%m-%dT%H:%M:%SZ','now'), layer = ?,"
                                   " project = ?, source = ?, sha256 = ?, source_crs = ?, features_read = ?, written = ?,"
                                   " updated = ?, skipped = ?, repaired = ? WHERE id = ?");
    s.bind(1, r.layer).bind(2, r.project).bind(3, r.source).bind(4, r.sha256).bind(5, r.source_crs);
    s.bind(6, r.read).bind(7, r.written).bind(8, r.updated).bind(9, r.skipped).bind(10, r.repaired).bind(11, id).run();
    // The history entries this transaction made in the layer, its results and QC samples came from
    // this import: those written in bulk since begin_import name it already (they are read here,
    // not rewritten); the others (rows updated, or written one by one) are linked now.
    std::vector<std::pair<std::string, std::string>> links = {{entries_table(db_.get()), "id"}};   // table, first entry
    if (keeps_ranges(db_.get()))
        links.emplace_back("history_ranges", "first_id");
    for (const auto& [table, first] : links) {
        sqlite::Statement link(db_.get(), "UPDATE " + table + " SET import = ? WHERE " + first +
                                              " > coalesce((SELECT since FROM history_context), 0)"
                                              " AND import IS NULL AND tbl IN (?, 'assay_results', 'qc_samples')");
        link.bind(1, id).bind(2, r.layer).run();
    }
}

std::int64_t SpatialiteStore::delete_features(const std::string& layer, const std::vector<std::string>& ids)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    auto& s = cached(layer + "#delete", [&] { return "DELETE FROM " + quoted_identifier(layer) + " WHERE id = ?"; });
    std::int64_t deleted = 0;
    for (const auto& id : ids) {
        s.bind(1, id).run();
        deleted += sqlite3_changes(db_.get());
    }
    return deleted;
}

void SpatialiteStore::mark_import_undone(std::int64_t import)
{
    sqlite::Statement s(db_.get(), "UPDATE imports SET undone_at = coalesce((SELECT at FROM history_context),"
                                   " strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), undone_by = coalesce((SELECT user FROM"
                                   " history_context), '') WHERE id = ?");
    s.bind(1, import).run();
}

// Inserts one row; with unless_present, not where the layer holds its id already. Whether it did;
// box: the geometry's MBR (none for a NULL geometry).
bool SpatialiteStore::insert_row(const std::string& layer, const Feature& feature, bool unless_present, std::optional<BBox>& box,
                                 const std::int64_t* fid)
{
    const LayerKind& kind = layer_kind(layer);
    KindSlots slots(kind);
    return insert_row(insert_statement(layer, kind, unless_present, fid != nullptr), slots, feature, box, fid);
}

sqlite::Statement& SpatialiteStore::insert_statement(const std::string& layer, const LayerKind& kind, bool unless_present, bool numbered)
{
    return cached(layer + (numbered ? "#insert-numbered" : unless_present ? "#insert-new" : "#insert"), [&] {
        std::string columns = numbered ? "fid, id, project" : "id, project", values = numbered ? "?, ?, ?" : "?, ?";
        for (const auto& field : kind.fields) {
            columns += ", " + quoted_identifier(field.name);
            values += ", ?";
        }
        return "INSERT INTO " + quoted_identifier(layer) + " (" + columns + ", extra, imported_from, geom) VALUES (" + values +
               ", ?, ?, coalesce(?, GeomFromWKB(?, 4326)))" + (unless_present ? " ON CONFLICT(id) DO NOTHING" : "");
    });
}

bool SpatialiteStore::insert_row(sqlite::Statement& s, KindSlots& slots, const Feature& feature, std::optional<BBox>& box,
                                 const std::int64_t* fid)
{
    const int first = fid ? 2 : 1;
    if (fid)
        s.bind(1, *fid);
    s.bind_text_static(first, feature.id).bind_text_static(first + 1, feature.project);
    bind_feature(s, slots, feature, first + 2, box);
    s.run_rebound();   // every parameter is bound at each row
    return sqlite3_changes(db_.get()) > 0;
}

// Inserts the rows (with unless_present, those whose id the layer does not hold); how many.
std::int64_t SpatialiteStore::insert_rows(const std::string& layer, const std::vector<const Feature*>& features, bool unless_present,
                                          const std::vector<std::int64_t>* fids)
{
    // The kind, its slots and the statement found once for the rows, not for each.
    const LayerKind& kind = layer_kind(layer);
    KindSlots slots(kind);
    sqlite::Statement& statement = insert_statement(layer, kind, unless_present, fids != nullptr);
    auto insert = [&](std::size_t i, std::optional<BBox>& box) {
        return insert_row(statement, slots, *features[i], box, fids ? &(*fids)[i] : nullptr);
    };
    std::int64_t inserted = 0;
    std::optional<BBox> box;
    if (features.size() < 1000) {
        for (std::size_t i = 0; i < features.size(); ++i)
            inserted += insert(i, box);
        return inserted;
    }
    // SpatiaLite's triggers cost more than the inserts: RTreeAlign() prepares SQL for every
    // row, the geometry check queries geometry_columns, the time stamp updates it. For a
    // bulk insert (inside the caller's transaction) they are set aside and their work done
    // here once: lode's geometries already have the column's type and SRID, and SQLite's
    // rtree rounds boxes outwards just as RTreeAlign does.
    std::vector<std::pair<std::string, std::string>> triggers;   // name, CREATE statement
    for (const char* prefix : {"gii_", "ggi_", "tmi_"})
        if (auto sql = trigger_definition(db_.get(), prefix + layer + "_geom"))
            triggers.emplace_back(prefix + layer + "_geom", std::move(*sql));
    if (triggers.empty() || triggers.front().first != "gii_" + layer + "_geom") {
        for (std::size_t i = 0; i < features.size(); ++i)
            inserted += insert(i, box);
        return inserted;
    }
    // The history's per-row insert trigger too: one set-based INSERT records the new rows after.
    std::optional<std::int64_t> history_after;
    if (auto sql = trigger_definition(db_.get(), history_insert_trigger(layer))) {
        triggers.emplace_back(history_insert_trigger(layer), std::move(*sql));
        history_after = sqlite::query_integer(db_.get(), "SELECT coalesce(max(fid), 0) FROM " + quoted_identifier(layer));
    }
    for (const auto& [name, sql] : triggers)
        sqlite::exec(db_.get(), "DROP TRIGGER " + quoted_identifier(name));
    sqlite::Statement index(db_.get(), "INSERT INTO " + quoted_identifier("idx_" + layer + "_geom") +
                                           " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
    // Inside a write transaction, the entries are made at its end (load_pending_indexes), the
    // index loaded at once rather than an entry at a time where that costs less.
    DeferredIndex* later = defers_spatial_index(layer);
    for (std::size_t i = 0; i < features.size(); ++i) {
        if (!insert(i, box))
            continue;
        ++inserted;
        if (!box)
            continue;
        if (later) {
            later->add(static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get())));
            continue;
        }
        index.bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get())))
            .bind(2, box->west)
            .bind(3, box->east)
            .bind(4, box->south)
            .bind(5, box->north)
            .run();
    }
    sqlite::Statement stamp(db_.get(), "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                                       " WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'");
    stamp.bind(1, layer).run();
    if (history_after)
        record_bulk_inserts(db_.get(), layer, *history_after, open_import_);
    for (const auto& [name, sql] : triggers)
        sqlite::exec(db_.get(), sql);
    return inserted;
}

// Binds the kind's fields (found by slots), extra, imported_from and geometry from index `first` (two parameters:
// SpatiaLite's BLOB framed from the WKB, or NULL and the WKB for GeomFromWKB); box: the geometry's
// MBR. Returns the next index.
int SpatialiteStore::bind_feature(sqlite::Statement& s, KindSlots& slots, const Feature& feature, int first, std::optional<BBox>& box)
{
    int i = first;
    for (const Value* value : slots.of(feature)) {   // (the feature outlives the statement's run: not copied)
        if (value)
            s.bind_static(i++, *value);
        else
            s.bind_null(i++);
    }
    s.bind(i++, feature.extra.dump());
    if (feature.imported_from.empty())
        s.bind_null(i++);
    else
        s.bind_text_static(i++, feature.imported_from);
    thread_local Wkb blob;   // (bound again before this thread's next run)
    BBox mbr;
    if (spatialite_blob_from_wkb(feature.wkb, blob, mbr)) {
        box = mbr;
        s.bind_blob_static(i++, blob);
        s.bind_null(i++);
    } else {
        s.bind_null(i++);
        s.bind_blob_static(i++, feature.wkb);
        try {
            box = envelope_from_wkb(feature.wkb);
        } catch (const Error&) {
            box.reset();   // GeomFromWKB makes NULL of it: no R*Tree row
        }
    }
    return i;
}

DeferredIndex* SpatialiteStore::defers_spatial_index(const std::string& layer)
{
    if (auto it = index_pending_.find(layer); it != index_pending_.end())
        return &it->second;
    if (!in_write_)
        return nullptr;
    return &index_pending_.emplace(layer, DeferredIndex(spatial_index_empty(db_.get(), layer))).first->second;
}

void SpatialiteStore::load_pending_index(const std::string& layer)
{
    if (auto it = index_pending_.find(layer); it != index_pending_.end()) {
        const DeferredIndex pending = std::move(it->second);
        index_pending_.erase(it);
        pending.complete(db_.get(), layer);
    }
}

void SpatialiteStore::load_pending_indexes()
{
    // A layer made in a savepoint that was rolled back is gone, and its index with it.
    for (const auto& [layer, pending] : index_pending_)
        if (has_table("idx_" + layer + "_geom"))
            pending.complete(db_.get(), layer);
    index_pending_.clear();
}

} // namespace lode
