#include "lode/store/spatialite/spatialite_store.hpp"

#include "lode/base/beside.hpp"
#include "lode/base/dates.hpp"
#include "lode/geo/geos.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/spatialite/detail/register.hpp"
#include "lode/base/error.hpp"
#include "lode/store/spatialite/detail/history.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/base/text.hpp"

#include <sqlite3.h>
#include <spatialite.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <exception>
#include <unistd.h>

namespace lode {

namespace {


const char* spatialite_type(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return "POINT";
    case GeometryType::multilinestring: return "MULTILINESTRING";
    case GeometryType::multipolygon: return "MULTIPOLYGON";
    }
    return "GEOMETRY";
}

// One SpatiaLite connection cache per connection; freed after the connection closes.
struct SpatialiteCache {
    void* cache = (sqlite::configure(), spatialite_alloc_connection());   // the first to initialise SQLite
    SpatialiteCache() = default;
    SpatialiteCache(const SpatialiteCache&) = delete;
    SpatialiteCache& operator=(const SpatialiteCache&) = delete;
    ~SpatialiteCache() { spatialite_cleanup_ex(cache); }
};

void create_layer_table(sqlite3* db, const LayerKind& kind)
{
    std::string ddl = "CREATE TABLE " + quoted_identifier(kind.name) +
                      " (fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                      " project TEXT NOT NULL REFERENCES projects(code)";
    for (const auto& field : kind.fields)
        ddl += ", " + quoted_identifier(field.name) + " " + sql_type(field.type);
    ddl += ", extra TEXT NOT NULL DEFAULT '{}', imported_from TEXT)";
    sqlite::exec(db, ddl);
    sqlite::Statement add(db, "SELECT AddGeometryColumn(?, 'geom', 4326, ?, 'XY', 1)");
    add.bind(1, kind.name).bind(2, spatialite_type(kind.geometry));
    if (!add.step() || add.integer(0) != 1)
        throw Error("cannot add the geometry column of layer '" + kind.name + "'");
    sqlite::Statement index(db, "SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, kind.name);
    if (!index.step() || index.integer(0) != 1)
        throw Error("cannot create the spatial index of layer '" + kind.name + "'");
    sqlite::exec(db, "CREATE INDEX " + quoted_identifier(kind.name + "_project") + " ON " + quoted_identifier(kind.name) + "(project)");
}

// Schema version 1: metadata, the vocabulary, projects, partners and one table per layer kind.
void migrate_to_1(sqlite3* db, const std::vector<LayerKind>& kinds, const Commodities& commodities)
{
    sqlite::exec(db, "SELECT InitSpatialMetadata(0, 'WGS84')");
    sqlite::exec(db, R"(
        CREATE TABLE lode_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE layer_kinds (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
        CREATE TABLE projects (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, host_countries TEXT NOT NULL DEFAULT '',
            commodities TEXT NOT NULL DEFAULT '', phase TEXT NOT NULL, start_date DATE,
            description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
        CREATE TABLE partners (
            id INTEGER PRIMARY KEY, organisation TEXT NOT NULL UNIQUE, country TEXT NOT NULL DEFAULT '');
        CREATE TABLE project_partners (
            project TEXT NOT NULL REFERENCES projects(code), partner INTEGER NOT NULL REFERENCES partners(id),
            role TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', UNIQUE (project, partner, role));
    )");
    sqlite::Statement meta(db, "INSERT INTO lode_meta(key, value) VALUES (?, ?)");
    meta.bind(1, "commodities").bind(2, commodities.definition().dump()).run();
    meta.bind(1, "created_by").bind(2, "lode " LODE_VERSION).run();
    sqlite::Statement kind_row(db, "INSERT INTO layer_kinds(name, definition) VALUES (?, ?)");
    for (const auto& kind : kinds) {
        kind_row.bind(1, kind.name).bind(2, kind.definition.dump()).run();
        create_layer_table(db, kind);
    }
}

// Schema version 2: the import log (what was imported, from which file, with its checksum).
void migrate_to_2(sqlite3* db)
{
    sqlite::exec(db, R"(
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY, imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            layer TEXT NOT NULL, project TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL,
            source_crs TEXT NOT NULL DEFAULT '', features_read INTEGER NOT NULL, written INTEGER NOT NULL,
            updated INTEGER NOT NULL, skipped INTEGER NOT NULL, repaired INTEGER NOT NULL);
    )");
}

class SqliteTransaction final : public Store::Transaction {
public:
    // With a context (schema version 4 on), the history records who made the changes and why.
    // A big page cache keeps a large import from spilling half-built R*Tree pages to the WAL over
    // and over.
    explicit SqliteTransaction(sqlite3* db, const ChangeContext* context = nullptr) : db_(db), recorded_(context != nullptr)
    {
        sqlite::exec(db_, "BEGIN IMMEDIATE; PRAGMA cache_size = -262144");
        if (!context)
            return;
        try {
            set_history_context(db_, history_now(), context->user, context->note);
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
    ~SqliteTransaction() override
    {
        if (!done_)
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    void commit() override
    {
        if (recorded_)
            clear_history_context(db_);
        sqlite::exec(db_, "COMMIT");
        done_ = true;
    }

private:
    sqlite3* db_;
    bool recorded_ = false;
    bool done_ = false;
};

class SpatialiteStore final : public Store {
public:
    SpatialiteStore(std::string path, bool create) : path_(std::move(path)), location_("sqlite:" + path_), db_(sqlite::open(path_, create))
    {
        spatialite_init_ex(db_.get(), spatialite_.cache, 0);
        sqlite3_busy_timeout(db_.get(), 60'000);
        // WAL with synchronous=NORMAL is safe against corruption; statement journals (every insert
        // fires SpatiaLite's triggers) stay in memory, not in temp files. The page cache stays
        // SQLite's small default for reading, which streams: cached pages would only add memory
        // (and page faults) to a scan. A write transaction raises it (SqliteTransaction).
        sqlite::exec(db_.get(), "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY");
    }

    sqlite3* db() { return db_.get(); }

    void load_definitions()
    {
        if (!has_table("lode_meta"))
            throw InputError(path_ + ": not a lode store (no lode_meta table)");
        kinds_.clear();
        sqlite::Statement rows(db_.get(), "SELECT name, definition FROM layer_kinds ORDER BY name");
        while (rows.step())
            kinds_.push_back(parse_layer_kind(nlohmann::json::parse(rows.text(1)), path_ + ": layer " + rows.text(0)));
        sqlite::Statement meta(db_.get(), "SELECT value FROM lode_meta WHERE key = 'commodities'");
        if (!meta.step())
            throw InputError(path_ + ": the store has no commodity vocabulary");
        commodities_.emplace(nlohmann::json::parse(meta.text(0)));
    }

    bool has_table(const std::string& name)
    {
        sqlite::Statement s(db_.get(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        s.bind(1, name);
        return s.step();
    }

    void migrate(int target)
    {
        const int from = schema_version();
        if (from > current_schema_version)
            throw Error(path_ + ": store schema version " + std::to_string(from) + " is newer than this lode (" +
                        std::to_string(current_schema_version) + "); upgrade lode");
        if (from >= target)
            return;
        SqliteTransaction txn(db_.get());
        for (int version = from + 1; version <= target; ++version) {
            if (version == 2)
                migrate_to_2(db_.get());
            if (version == 3)
                migrate_to_3(db_.get());
            if (version == 4)
                migrate_to_4(db_.get(), history_now());
            sqlite::exec(db_.get(), "PRAGMA user_version = " + std::to_string(version));
        }
        txn.commit();
        load_definitions();   // a migration may have changed the layer kinds
    }

    const StoreLocation& location() const override { return location_; }
    int schema_version() override { return static_cast<int>(sqlite::query_integer(db_.get(), "PRAGMA user_version")); }

    std::string backend_version() override
    {
        sqlite::Statement s(db_.get(), "SELECT spatialite_version()");
        s.step();
        return "SQLite " + std::string(sqlite3_libversion()) + ", SpatiaLite " + s.text(0);
    }

    const std::vector<LayerKind>& layer_kinds() override { return kinds_; }
    const Commodities& commodities() override { return *commodities_; }

    LayerSummary summarise(const std::string& layer) override
    {
        const LayerKind& kind = layer_kind(layer);
        LayerSummary summary;
        summary.name = kind.name;
        summary.geometry = kind.geometry;
        // From the geometries, not the R*Tree, whose float32 boxes are rounded outwards.
        sqlite::Statement extent(db_.get(), "SELECT count(*), min(MbrMinX(geom)), min(MbrMinY(geom)), max(MbrMaxX(geom)),"
                                            " max(MbrMaxY(geom)) FROM " + quoted_identifier(layer));
        extent.step();
        summary.count = extent.integer(0);
        if (summary.count > 0)
            summary.extent = BBox{extent.real(1), extent.real(2), extent.real(3), extent.real(4)};
        sqlite::Statement projects(db_.get(), "SELECT DISTINCT project FROM " + quoted_identifier(layer) + " ORDER BY project");
        while (projects.step())
            summary.projects.push_back(projects.text(0));
        return summary;
    }

    std::unique_ptr<Store::Transaction> begin_write() override
    {
        return std::make_unique<SqliteTransaction>(db_.get(), &context_);
    }

    void set_change_context(const ChangeContext& context) override { context_ = context; }

    void write_project(const Project& p) override
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

    std::optional<Project> find_project(const std::string& code) override
    {
        auto rows = select_projects("WHERE code = ?", code);
        if (rows.empty())
            return std::nullopt;
        return rows.front();
    }

    std::vector<Project> projects() override { return select_projects("ORDER BY code", ""); }

    bool write_partnership(const Partnership& p) override
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

    std::vector<Partnership> partnerships(const std::optional<std::string>& project) override
    {
        std::string sql = "SELECT pp.project, p.organisation, p.country, pp.role, pp.source FROM project_partners pp"
                          " JOIN partners p ON p.id = pp.partner";
        if (project)
            sql += " WHERE pp.project = ?";
        sql += " ORDER BY pp.project, CASE pp.role WHEN 'lead' THEN 0 ELSE 1 END, p.organisation";
        sqlite::Statement s(db_.get(), sql);
        if (project)
            s.bind(1, *project);
        std::vector<Partnership> out;
        while (s.step())
            out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4)});
        return out;
    }

    std::map<std::string, std::int64_t> feature_counts(const std::string& project) override
    {
        std::map<std::string, std::int64_t> counts;
        for (const auto& kind : kinds_) {
            sqlite::Statement s(db_.get(), "SELECT count(*) FROM " + quoted_identifier(kind.name) + " WHERE project = ?");
            s.bind(1, project);
            s.step();
            counts[kind.name] = s.integer(0);
        }
        return counts;
    }

    std::vector<std::string> existing_ids(const std::string& layer, const std::vector<std::string>& ids) override
    {
        layer_kind(layer);
        sqlite::Statement s(db_.get(), "SELECT 1 FROM " + quoted_identifier(layer) + " WHERE id = ?");
        std::vector<std::string> found;
        for (const auto& id : ids) {
            s.bind(1, id);
            if (s.step())
                found.push_back(id);
            s.reset();
        }
        return found;
    }

    void insert_feature(const std::string& layer, const Feature& feature) override { insert_row(layer, feature, false); }

    WriteCounts insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                                OnDuplicate on_duplicate) override
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

    void update_feature(const std::string& layer, const Feature& feature) override { update_row(layer, feature); }

    // Writes the feature over the stored row of its id; false when there is none.
    bool update_row(const std::string& layer, const Feature& feature)
    {
        const LayerKind& kind = layer_kind(layer);
        auto& s = cached(layer + "#update", [&] {
            std::string sets = "project = ?";
            for (const auto& field : kind.fields)
                sets += ", " + quoted_identifier(field.name) + " = ?";
            return "UPDATE " + quoted_identifier(layer) + " SET " + sets +
                   ", extra = ?, imported_from = ?, geom = GeomFromWKB(?, 4326) WHERE id = ?";
        });
        s.bind(1, feature.project);
        const int next = bind_feature(s, kind, feature, 2);
        s.bind(next, feature.id);
        s.run();
        return sqlite3_changes(db_.get()) > 0;
    }

    std::optional<Feature> find_feature(const std::string& layer, const std::string& id) override
    {
        const LayerKind& kind = layer_kind(layer);
        sqlite::Statement s(db_.get(), select_features(kind) + " WHERE id = ?");
        s.bind(1, id);
        if (!s.step())
            return std::nullopt;
        return read_feature(s, kind);
    }

    std::optional<Feature> find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of) override
    {
        const LayerKind& kind = layer_kind(layer);
        return lode::find_feature_as_of(db_.get(), kind, id, as_of);
    }

    void scan(const std::string& layer, const Selection& selection,
              const std::function<bool(const Feature&)>& visit) override
    {
        const LayerKind& kind = layer_kind(layer);
        if (selection.as_of) {
            Selection now = selection;
            now.as_of.reset();
            sqlite::Statement current = selected(select_features(kind, true), layer, now);
            return scan_as_of(db_.get(), kind, selection, current, visit);
        }
        sqlite::Statement s = selected(select_features(kind), layer, selection);
        while (s.step())
            if (!visit(read_feature(s, kind)))
                break;
    }

    void scan_geometries(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                         const std::function<void(GeometryRow&)>& visit) override
    {
        scan_geometries(layer, selection, numbers, std::string(), visit);
    }

    void scan_geometries(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                         const std::string& text_field, const std::function<void(GeometryRow&)>& visit) override
    {
        const std::string sql = geometries_sql(layer, numbers, text_field);
        read_geometries(db_.get(), sql, layer, selection, numbers.size(), std::nullopt, visit);
    }

    std::size_t scan_parts(const std::string& layer, const Selection&) override
    {
        layer_kind(layer);
        const auto [low, high] = fid_range(layer);
        return high - low >= 4096 && can_read_beside() ? 2 : 1;
    }

    void scan_geometries_in_parts(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                                  std::size_t parts, const std::function<void(GeometryRow&, std::size_t part)>& visit) override
    {
        const std::string sql = geometries_sql(layer, numbers, std::string());
        in_parts(layer, parts, [&](sqlite3* db, std::int64_t from, std::int64_t to, std::size_t part) {
            read_geometries(db, sql, layer, selection, numbers.size(), std::make_pair(from, to),
                            [&](GeometryRow& row) { visit(row, part); });
        });
    }

    void scan_points(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                     std::size_t parts, const std::function<void(const PointBatch&, std::size_t part)>& visit) override
    {
        const LayerKind& kind = layer_kind(layer);
        if (kind.geometry != GeometryType::point)
            throw InputError("layer '" + layer + "' holds " + to_string(kind.geometry) + "s, not points");
        std::string sql = "SELECT fid, geom";
        for (const auto& number : numbers) {
            const FieldDef* field = kind.field(number);
            if (!field || (field->type != FieldType::real && field->type != FieldType::integer))
                throw InputError("layer '" + layer + "' has no numeric field '" + number + "'");
            sql += ", " + quoted_identifier(number);
        }
        sql += " FROM " + quoted_identifier(layer);
        auto read = [&](sqlite3* db, std::int64_t from, std::int64_t to, std::size_t part) {
            sqlite::Statement s = selected(db, sql, layer, selection, " AND fid >= ? AND fid <= ?");
            const int first = sqlite3_bind_parameter_count(s.handle()) - 1;
            s.bind(first, from).bind(first + 1, to);
            PointBatch batch;
            constexpr std::size_t batch_size = 16384;
            batch.xy.reserve(2 * batch_size);
            batch.numbers.reserve(batch_size * numbers.size());
            while (s.step()) {
                const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.handle(), 1));
                const int size = sqlite3_column_bytes(s.handle(), 1);
                double xy[2];
                if (size == 60 && blob[0] == 0x00 && blob[1] == 0x01 && blob[38] == 0x7C && blob[39] == 1 && blob[40] == 0 &&
                    blob[41] == 0 && blob[42] == 0 && blob[59] == 0xFE) {
                    std::memcpy(xy, blob + 43, 16);   // a little-endian 2D point, read in place
                } else {
                    gaiaGeomCollPtr geometry = blob ? gaiaFromSpatiaLiteBlobWkb(blob, static_cast<unsigned int>(size)) : nullptr;
                    const bool one_point = geometry && geometry->FirstPoint && !geometry->FirstLinestring && !geometry->FirstPolygon;
                    if (one_point) {
                        xy[0] = geometry->FirstPoint->X;
                        xy[1] = geometry->FirstPoint->Y;
                    }
                    if (geometry)
                        gaiaFreeGeomColl(geometry);
                    if (!one_point)
                        throw Error("layer '" + layer + "': feature fid " + std::to_string(s.integer(0)) +
                                    " has no readable point geometry");
                }
                batch.xy.insert(batch.xy.end(), xy, xy + 2);
                for (int i = 0; i < static_cast<int>(numbers.size()); ++i)
                    batch.numbers.push_back(s.is_null(2 + i) ? std::nan("") : s.real(2 + i));
                if (batch.size() == batch_size) {
                    visit(batch, part);
                    batch.xy.clear();
                    batch.numbers.clear();
                }
            }
            if (batch.size() > 0)
                visit(batch, part);
        };
        in_parts(layer, parts, read);
    }

    void record_import(const ImportRecord& r) override
    {
        sqlite::Statement s(db_.get(), "INSERT INTO imports(layer, project, source, sha256, source_crs, features_read,"
                                       " written, updated, skipped, repaired) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, r.layer).bind(2, r.project).bind(3, r.source).bind(4, r.sha256).bind(5, r.source_crs);
        s.bind(6, r.read).bind(7, r.written).bind(8, r.updated).bind(9, r.skipped).bind(10, r.repaired).run();
        // The history entries this transaction made in the layer came from this import.
        sqlite::Statement link(db_.get(), "UPDATE history SET import = ? WHERE id > coalesce((SELECT since FROM history_context), 0)"
                                          " AND import IS NULL AND tbl = ?");
        link.bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get()))).bind(2, r.layer).run();
    }

    Tracker& tracker() override
    {
        if (!tracker_)
            tracker_ = make_spatialite_tracker(db_.get(), *this);
        return *tracker_;
    }

    std::vector<ImportRecord> imports() override
    {
        sqlite::Statement s(db_.get(), "SELECT layer, project, source, sha256, source_crs, features_read, written,"
                                       " updated, skipped, repaired FROM imports ORDER BY id");
        std::vector<ImportRecord> out;
        while (s.step())
            out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5), s.integer(6),
                           s.integer(7), s.integer(8), s.integer(9)});
        return out;
    }

    std::vector<HistoryEntry> history(const HistoryQuery& query) override { return list_history(db_.get(), query, kinds_); }

    std::string history_began() override
    {
        sqlite::Statement s(db_.get(), "SELECT value FROM lode_meta WHERE key = 'history_began'");
        return s.step() ? s.text(0) : "";
    }

private:
    // Inserts one row; with unless_present, not where the layer holds its id already. Whether it did.
    bool insert_row(const std::string& layer, const Feature& feature, bool unless_present)
    {
        const LayerKind& kind = layer_kind(layer);
        auto& s = cached(layer + (unless_present ? "#insert-new" : "#insert"), [&] {
            std::string columns = "id, project", values = "?, ?";
            for (const auto& field : kind.fields) {
                columns += ", " + quoted_identifier(field.name);
                values += ", ?";
            }
            return "INSERT INTO " + quoted_identifier(layer) + " (" + columns + ", extra, imported_from, geom) VALUES (" + values +
                   ", ?, ?, GeomFromWKB(?, 4326))" + (unless_present ? " ON CONFLICT(id) DO NOTHING" : "");
        });
        s.bind(1, feature.id).bind(2, feature.project);
        bind_feature(s, kind, feature, 3);
        s.run();
        return sqlite3_changes(db_.get()) > 0;
    }

    // Inserts the rows (with unless_present, those whose id the layer does not hold); how many.
    std::int64_t insert_rows(const std::string& layer, const std::vector<const Feature*>& features, bool unless_present)
    {
        std::int64_t inserted = 0;
        if (features.size() < 1000) {
            for (const auto* f : features)
                inserted += insert_row(layer, *f, unless_present);
            return inserted;
        }
        // SpatiaLite's triggers cost more than the inserts: RTreeAlign() prepares SQL for every
        // row, the geometry check queries geometry_columns, the time stamp updates it. For a
        // bulk insert (inside the caller's transaction) they are set aside and their work done
        // here once: lode's geometries already have the column's type and SRID, and SQLite's
        // rtree rounds boxes outwards just as RTreeAlign does.
        std::vector<std::pair<std::string, std::string>> triggers;   // name, CREATE statement
        for (const char* prefix : {"gii_", "ggi_", "tmi_"}) {
            sqlite::Statement definition(db_.get(), "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
            definition.bind(1, prefix + layer + "_geom");
            if (definition.step())
                triggers.emplace_back(prefix + layer + "_geom", definition.text(0));
        }
        if (triggers.empty() || triggers.front().first != "gii_" + layer + "_geom") {
            for (const auto* f : features)
                inserted += insert_row(layer, *f, unless_present);
            return inserted;
        }
        // The history's per-row insert trigger too: one set-based INSERT records the new rows after.
        std::optional<std::int64_t> history_after;
        {
            sqlite::Statement definition(db_.get(), "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?");
            definition.bind(1, history_insert_trigger(layer));
            if (definition.step()) {
                triggers.emplace_back(history_insert_trigger(layer), definition.text(0));
                history_after = sqlite::query_integer(db_.get(), "SELECT coalesce(max(fid), 0) FROM " + quoted_identifier(layer));
            }
        }
        for (const auto& [name, sql] : triggers)
            sqlite::exec(db_.get(), "DROP TRIGGER " + quoted_identifier(name));
        sqlite::Statement index(db_.get(), "INSERT INTO " + quoted_identifier("idx_" + layer + "_geom") +
                                               " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
        for (const auto* f : features) {
            if (!insert_row(layer, *f, unless_present))
                continue;
            ++inserted;
            const BBox box = shape_from_wkb(f->wkb).box;
            index.bind(1, static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get())))
                .bind(2, box.west)
                .bind(3, box.east)
                .bind(4, box.south)
                .bind(5, box.north)
                .run();
        }
        sqlite::Statement stamp(db_.get(), "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
                                           " WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'");
        stamp.bind(1, layer).run();
        if (history_after)
            record_bulk_inserts(db_.get(), layer, *history_after);
        for (const auto& [name, sql] : triggers)
            sqlite::exec(db_.get(), sql);
        return inserted;
    }

    std::vector<Project> select_projects(const std::string& tail, const std::string& code)
    {
        sqlite::Statement s(db_.get(), "SELECT code, name, host_countries, commodities, phase, coalesce(start_date, ''),"
                                       " description, source FROM projects " + tail);
        if (!code.empty())
            s.bind(1, code);
        std::vector<Project> out;
        while (s.step())
            out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
        return out;
    }

    template <class MakeSql>
    sqlite::Statement& cached(const std::string& key, MakeSql make_sql)
    {
        auto it = statements_.find(key);
        if (it == statements_.end())
            it = statements_.emplace(key, std::make_unique<sqlite::Statement>(db_.get(), make_sql())).first;
        return *it->second;
    }

    // Binds the kind's fields, extra, imported_from and geometry from index `first`; returns the next index.
    static int bind_feature(sqlite::Statement& s, const LayerKind& kind, const Feature& feature, int first)
    {
        int i = first;
        for (const auto& field : kind.fields) {
            auto it = feature.attributes.find(field.name);
            s.bind(i++, it == feature.attributes.end() ? Value{} : it->second);
        }
        s.bind(i++, feature.extra.dump());
        if (feature.imported_from.empty())
            s.bind_null(i++);
        else
            s.bind(i++, feature.imported_from);
        s.bind_blob(i++, feature.wkb);
        return i;
    }

    // A SELECT over the layer narrowed to the selection (the bbox through the R*Tree), bound.
    std::string geometries_sql(const std::string& layer, const std::vector<std::string>& numbers, const std::string& text_field)
    {
        const LayerKind& kind = layer_kind(layer);
        if (!text_field.empty() && !kind.field(text_field))
            throw InputError("layer '" + layer + "' has no field '" + text_field + "'");
        std::string sql = "SELECT id, project, " + std::string(kind.field("name") ? "name" : "''") + ", " +
                          (text_field.empty() ? std::string("NULL") : quoted_identifier(text_field)) + ", geom";
        for (const auto& number : numbers) {
            const FieldDef* field = kind.field(number);
            if (!field || (field->type != FieldType::real && field->type != FieldType::integer))
                throw InputError("layer '" + layer + "' has no numeric field '" + number + "'");
            sql += ", " + quoted_identifier(number);
        }
        return sql + " FROM " + quoted_identifier(layer);
    }

    void read_geometries(sqlite3* db, const std::string& sql, const std::string& layer, const Selection& selection,
                         std::size_t numbers, std::optional<std::pair<std::int64_t, std::int64_t>> fids,
                         const std::function<void(GeometryRow&)>& visit)
    {
        sqlite::Statement s = selected(db, sql, layer, selection, fids ? " AND fid >= ? AND fid <= ?" : "");
        if (fids) {
            const int first = sqlite3_bind_parameter_count(s.handle()) - 1;
            s.bind(first, fids->first).bind(first + 1, fids->second);
        }
        GeometryRow row;
        while (s.step()) {
            row.id = s.text(0);
            row.project = s.text(1);
            row.name = s.text(2);
            row.text = s.is_null(3) ? std::string() : s.text(3);
            spatialite_blob_to_wkb(s, 4, row.wkb);
            row.numbers.clear();
            for (int i = 0; i < static_cast<int>(numbers); ++i)
                row.numbers.push_back(s.is_null(5 + i) ? std::nan("") : s.real(5 + i));
            visit(row);
        }
    }

    // The layer's first and last fid; (0, -1) when it is empty.
    std::pair<std::int64_t, std::int64_t> fid_range(const std::string& layer)
    {
        // Two subqueries: SQLite answers a lone min() or max() of the key from the B-tree's ends,
        // but both in one SELECT by scanning the whole table.
        const std::string table = quoted_identifier(layer);
        sqlite::Statement range(db_.get(), "SELECT coalesce((SELECT min(fid) FROM " + table + "), 0), coalesce((SELECT max(fid) FROM " +
                                               table + "), -1)");
        if (!range.step())
            return {0, -1};
        return {range.integer(0), range.integer(1)};
    }

    // Whether a second connection may read beside this one: it sees only committed rows, so only
    // outside a transaction, and only on a file.
    bool can_read_beside() { return sqlite3_get_autocommit(db_.get()) && path_ != ":memory:" && !path_.empty(); }

    // Runs read(db, first fid, last fid, part) over a layer's fids in one or two ranges (scan_parts);
    // two at once where a second connection may read beside this one, else one after the other.
    void in_parts(const std::string& layer, std::size_t parts,
                  const std::function<void(sqlite3*, std::int64_t, std::int64_t, std::size_t)>& read)
    {
        if (parts != 1 && parts != 2)
            throw Error("layer '" + layer + "': a SpatiaLite store reads a layer in one or two parts, not " + std::to_string(parts));
        const auto [low, high] = fid_range(layer);
        if (parts == 1) {
            read(db_.get(), low, high, 0);
            return;
        }
        const std::int64_t middle = low + (high - low) / 2;
        if (!can_read_beside()) {
            read(db_.get(), low, middle, 0);
            read(db_.get(), middle + 1, high, 1);
            return;
        }
        run_beside(
            [&] {
                sqlite::Connection other = sqlite::open(path_, false);
                sqlite3_busy_timeout(other.get(), 60'000);
                read(other.get(), middle + 1, high, 1);
            },
            [&] { read(db_.get(), low, middle, 0); });
    }

    sqlite::Statement selected(const std::string& select, const std::string& layer, const Selection& selection)
    {
        return selected(db_.get(), select, layer, selection, "");
    }

    // The statement on db, with a further condition (its parameters bound last, by the caller).
    sqlite::Statement selected(sqlite3* db, const std::string& select, const std::string& layer, const Selection& selection,
                               const std::string& condition)
    {
        std::string sql = select + " WHERE 1";
        if (selection.bbox)
            sql += " AND fid IN (SELECT pkid FROM " + quoted_identifier("idx_" + layer + "_geom") +
                   " WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?)";
        if (selection.project)
            sql += " AND project = ?";
        sqlite::Statement s(db, sql + condition + " ORDER BY fid");
        int next = 1;
        if (const auto& b = selection.bbox) {
            s.bind(1, b->west).bind(2, b->east).bind(3, b->south).bind(4, b->north);
            next = 5;
        }
        if (selection.project)
            s.bind(next, *selection.project);
        return s;
    }

    std::string path_;
    StoreLocation location_;
    SpatialiteCache spatialite_;   // declared before db_: the connection closes first
    sqlite::Connection db_;
    std::vector<LayerKind> kinds_;
    std::optional<Commodities> commodities_;
    std::map<std::string, std::unique_ptr<sqlite::Statement>> statements_;
    std::unique_ptr<Tracker> tracker_;
    ChangeContext context_{default_user(), ""};
};

} // namespace

void create_spatialite_store(const std::string& path, const std::string& layers_dir, int version)
{
    namespace fs = std::filesystem;
    if (fs::exists(path))
        throw InputError(path + ": already exists; lode init never overwrites a store (remove it first)");
    const auto kinds = load_layer_kinds(layers_dir);
    const auto vocabulary = Commodities::load((fs::path(layers_dir) / "commodities.json").string());
    // Built beside the target and renamed into place, so a failed init leaves nothing behind.
    const std::string temporary = path + ".init-" + std::to_string(::getpid());
    try {
        {
            SpatialiteStore store(temporary, true);
            SqliteTransaction txn(store.db());
            migrate_to_1(store.db(), kinds, vocabulary);
            sqlite::exec(store.db(), "PRAGMA user_version = 1");
            txn.commit();
            store.migrate(version);
            sqlite::exec(store.db(), "PRAGMA journal_mode = WAL");
        }
        fs::rename(temporary, path);
    } catch (...) {
        std::error_code ignored;
        for (const char* suffix : {"", "-wal", "-shm", "-journal"})
            fs::remove(temporary + suffix, ignored);
        throw;
    }
}

std::unique_ptr<Store> open_spatialite_store(const std::string& path)
{
    auto store = std::make_unique<SpatialiteStore>(path, false);
    try {
        store->load_definitions();
    } catch (const NotFound&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path + ": not a lode store (" + e.what() + ")");
    }
    store->migrate(current_schema_version);
    return store;
}

} // namespace lode
