// Reads from a SpatiaLite store: features, scans (a big one in two fid ranges on two connections), projects, imports.
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/threads.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/as_of.hpp"
#include "lode/store/spatialite/detail/rows.hpp"

#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <cstring>

namespace lode {

LayerSummary SpatialiteStore::summarise(const std::string& layer)
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

std::optional<Project> SpatialiteStore::find_project(const std::string& code)
{
    auto rows = select_projects("WHERE code = ?", code);
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

std::vector<Partnership> SpatialiteStore::partnerships(const std::optional<std::string>& project)
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

std::map<std::string, std::int64_t> SpatialiteStore::feature_counts(const std::string& project)
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

std::vector<std::string> SpatialiteStore::existing_ids(const std::string& layer, const std::vector<std::string>& ids)
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

std::optional<Feature> SpatialiteStore::find_feature(const std::string& layer, const std::string& id)
{
    const LayerKind& kind = layer_kind(layer);
    sqlite::Statement s(db_.get(), select_features(kind) + " WHERE id = ?");
    s.bind(1, id);
    if (!s.step())
        return std::nullopt;
    return read_feature(s, kind);
}

std::optional<Feature> SpatialiteStore::find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of)
{
    const LayerKind& kind = layer_kind(layer);
    return lode::find_feature_as_of(db_.get(), kind, id, as_of);
}

namespace {

// Longitude and latitude of a point stored as SpatiaLite's geometry BLOB (column `column` of s).
void read_point(const sqlite::Statement& s, int column, const std::string& layer, ScanRow& row)
{
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.handle(), column));
    const int size = sqlite3_column_bytes(s.handle(), column);
    if (size == 60 && blob[0] == 0x00 && blob[1] == 0x01 && blob[38] == 0x7C && blob[39] == 1 && blob[40] == 0 &&
        blob[41] == 0 && blob[42] == 0 && blob[59] == 0xFE) {
        double xy[2];
        std::memcpy(xy, blob + 43, 16);   // a little-endian 2D point, read in place
        row.x = xy[0];
        row.y = xy[1];
        return;
    }
    gaiaGeomCollPtr geometry = blob ? gaiaFromSpatiaLiteBlobWkb(blob, static_cast<unsigned int>(size)) : nullptr;
    const bool one_point = geometry && geometry->FirstPoint && !geometry->FirstLinestring && !geometry->FirstPolygon;
    if (one_point) {
        row.x = geometry->FirstPoint->X;
        row.y = geometry->FirstPoint->Y;
    }
    if (geometry)
        gaiaFreeGeomColl(geometry);
    if (!one_point)
        throw Error("layer '" + layer + "': feature fid " + std::to_string(s.integer(0)) + " has no readable point geometry");
}

} // namespace

std::size_t SpatialiteStore::scan(const std::string& layer, const Selection& selection, const Reading& reading,
                                  const std::function<bool(ScanRow&)>& visit)
{
    const LayerKind& kind = layer_kind(layer);
    ScanRow row;
    if (reading.whole) {
        auto take = [&](const Feature& f) {
            row.feature = f;
            return visit(row);
        };
        if (selection.as_of) {
            Selection now = selection;
            now.as_of.reset();
            sqlite::Statement current = selected(select_features(kind, true), layer, now);
            scan_as_of(db_.get(), kind, selection, current, take);
            return 1;
        }
        sqlite::Statement s = selected(select_features(kind), layer, selection);
        while (s.step()) {
            row.feature = read_feature(s, kind);
            if (!visit(row))
                break;
        }
        return 1;
    }
    const ReadColumns columns = lean_sql(kind, reading);
    if (selection.as_of) {   // rebuilt from the history, whole, then the reading's members taken
        Selection now = selection;
        now.as_of.reset();
        sqlite::Statement current = selected(select_features(kind, true), layer, now);
        scan_as_of(db_.get(), kind, selection, current, [&](const Feature& f) {
            fill_from_feature(f, kind, reading, row);
            return visit(row);
        });
        return 1;
    }
    const auto fids = fid_range(layer);
    const std::size_t parts = reading.parts >= 2 && fids.second - fids.first >= 4096 && can_read_beside() ? 2 : 1;
    if (parts == 1) {
        std::atomic<bool> stopped{false};
        read_rows(db_.get(), columns, layer, selection, reading, std::nullopt, row, stopped, visit);
        return 1;
    }
    in_parts(fids, [&](sqlite3* db, std::int64_t from, std::int64_t to, std::size_t part, std::atomic<bool>& stopped) {
        ScanRow own;
        own.part = part;
        read_rows(db, columns, layer, selection, reading, std::make_pair(from, to), own, stopped, visit);
    });
    return parts;
}

void SpatialiteStore::scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                               const Reading& reading, const std::function<bool(ScanRow&)>& visit)
{
    // Whole features, or rebuilt from the history: as the scan reads them. So too when the ids are
    // many beside the layer's rows: a row looked up by its id (the index of ids, then the table,
    // then a sort by fid) costs about as much as three rows read in a pass (sqlite3 on the
    // benchmark's samples: 9.5 k instructions a row against 3.7 k).
    const LayerKind& kind = layer_kind(layer);
    const auto fids = fid_range(layer);
    if (reading.whole || selection.as_of || static_cast<std::int64_t>(ids.size()) * 3 > fids.second - fids.first + 1) {
        Store::scan_ids(layer, ids, selection, reading, visit);
        return;
    }
    const ReadColumns columns = lean_sql(kind, reading);
    // Each id looked up in the layer's index of ids (a unique index), then put in storage order.
    sqlite::Statement s = selected(db_.get(), columns.sql, layer, selection, " AND id IN (SELECT value FROM json_each(?))");
    s.bind(sqlite3_bind_parameter_count(s.handle()), nlohmann::json(ids).dump());
    ScanRow row;
    std::atomic<bool> stopped{false};
    visit_rows(s, columns, layer, reading, row, stopped, visit);
}

std::vector<ImportRecord> SpatialiteStore::imports()
{
    sqlite::Statement s(db_.get(), "SELECT layer, project, source, sha256, source_crs, features_read, written,"
                                   " updated, skipped, repaired, id, imported_at, coalesce(undone_at, ''),"
                                   " coalesce(undone_by, '') FROM imports ORDER BY id");
    std::vector<ImportRecord> out;
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5), s.integer(6),
                       s.integer(7), s.integer(8), s.integer(9), s.integer(10), s.text(11), s.text(12), s.text(13)});
    return out;
}

std::string SpatialiteStore::history_began()
{
    sqlite::Statement s(db_.get(), "SELECT value FROM lode_meta WHERE key = 'history_began'");
    return s.step() ? s.text(0) : "";
}

std::vector<Project> SpatialiteStore::select_projects(const std::string& tail, const std::string& code)
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

// The SELECT of a lean reading over the layer (fid first, then the reading's columns); the
// reading's fields checked.
SpatialiteStore::ReadColumns SpatialiteStore::lean_sql(const LayerKind& kind, const Reading& reading)
{
    check_reading(kind, reading);
    ReadColumns c;
    c.sql = "SELECT fid";
    int next = 1;
    if (reading.ids) {
        c.id_only = reading.id_only;
        c.sql += c.id_only ? ", id" : ", id, project, " + std::string(kind.field("name") ? "name" : "''");
        c.ids = next;
        next += c.id_only ? 1 : 3;
    }
    if (!reading.text.empty()) {
        c.sql += ", " + quoted_identifier(reading.text);
        c.text = next++;
    }
    if (reading.geometry != Reading::Geometry::none) {
        c.sql += ", geom";
        c.geometry = next++;
    }
    if (reading.fields) {
        c.fields = next;
        c.field_count = static_cast<int>(kind.fields.size());
        for (std::size_t i = 0; i < kind.fields.size(); ++i)   // (a field not needed: NULL, its cell not read)
            c.sql += ", " + (i < reading.unread.size() && reading.unread[i] ? std::string("NULL") : quoted_identifier(kind.fields[i].name));
        c.sql += ", extra";
        next += c.field_count + 1;
    }
    c.numbers = next;
    for (const auto& number : reading.numbers)
        c.sql += ", " + quoted_identifier(number);
    c.sql += " FROM " + quoted_identifier(kind.name);
    return c;
}

// Visits the rows of the lean SELECT (of the fids from .. to, when given) in row, until visit
// returns false or another part has stopped.
void SpatialiteStore::read_rows(sqlite3* db, const ReadColumns& columns, const std::string& layer, const Selection& selection,
                                const Reading& reading, std::optional<std::pair<std::int64_t, std::int64_t>> fids,
                                ScanRow& row, std::atomic<bool>& stopped, const std::function<bool(ScanRow&)>& visit)
{
    sqlite::Statement s = selected(db, columns.sql, layer, selection, fids ? " AND fid >= ? AND fid <= ?" : "");
    if (fids) {
        const int first = sqlite3_bind_parameter_count(s.handle()) - 1;
        s.bind(first, fids->first).bind(first + 1, fids->second);
    }
    visit_rows(s, columns, layer, reading, row, stopped, visit);
}

void SpatialiteStore::visit_rows(sqlite::Statement& s, const ReadColumns& columns, const std::string& layer, const Reading& reading,
                                 ScanRow& row, std::atomic<bool>& stopped, const std::function<bool(ScanRow&)>& visit)
{
    const int numbers = static_cast<int>(reading.numbers.size());
    while (s.step()) {
        if (columns.ids > 0) {
            row.id.assign(s.text_view(columns.ids));   // into the row's strings, without one made each time
            if (!columns.id_only) {
                row.project.assign(s.text_view(columns.ids + 1));
                row.name.assign(s.text_view(columns.ids + 2));
            }
        }
        if (columns.text > 0)
            row.text = s.is_null(columns.text) ? std::string() : s.text(columns.text);
        if (reading.geometry == Reading::Geometry::wkb)
            spatialite_blob_to_wkb(s, columns.geometry, row.wkb);
        else if (reading.geometry == Reading::Geometry::point)
            read_point(s, columns.geometry, layer, row);
        row.numbers.clear();
        for (int i = 0; i < numbers; ++i)
            row.numbers.push_back(s.is_null(columns.numbers + i) ? std::nan("") : s.real(columns.numbers + i));
        if (columns.fields > 0) {
            row.values.resize(static_cast<std::size_t>(columns.field_count));
            for (int i = 0; i < columns.field_count; ++i) {
                const auto at = static_cast<std::size_t>(i);
                if (at < reading.unread.size() && reading.unread[at])
                    row.values[at] = Value{};   // (its column a NULL constant: not asked for)
                else
                    row.values[at] = s.value(columns.fields + i);
            }
            row.extra = s.text(columns.fields + columns.field_count);
        }
        if (stopped.load(std::memory_order_relaxed) || !visit(row)) {
            stopped = true;
            return;
        }
    }
}

// The layer's first and last fid; (0, -1) when it is empty.
std::pair<std::int64_t, std::int64_t> SpatialiteStore::fid_range(const std::string& layer)
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

// Runs read(db, first fid, last fid, part, stopped) over the fids in two halves, at once on two
// connections (the caller has checked can_read_beside()); stopped is shared by both.
void SpatialiteStore::in_parts(std::pair<std::int64_t, std::int64_t> fids,
                               const std::function<void(sqlite3*, std::int64_t, std::int64_t, std::size_t, std::atomic<bool>&)>& read)
{
    const std::int64_t low = fids.first, high = fids.second;   // not a structured binding: clang 14 cannot capture one
    const std::int64_t middle = low + (high - low) / 2;
    std::atomic<bool> stopped{false};
    run_beside(
        [&] {
            sqlite::LockWait wait{lock_wait_.limit, path_, {}};   // declared before the connection: outlives it
            sqlite::Connection other = sqlite::open(path_, false);
            sqlite::wait_for_locks(other.get(), wait);
            read(other.get(), middle + 1, high, 1, stopped);
        },
        [&] { read(db_.get(), low, middle, 0, stopped); });
}

sqlite::Statement SpatialiteStore::selected(const std::string& select, const std::string& layer, const Selection& selection)
{
    return selected(db_.get(), select, layer, selection, "");
}

// The statement on db, with a further condition (its parameters bound last, by the caller).
sqlite::Statement SpatialiteStore::selected(sqlite3* db, const std::string& select, const std::string& layer, const Selection& selection,
                           const std::string& condition)
{
    std::string sql = select + " WHERE 1";
    if (selection.bbox && db == db_.get())
        load_pending_index(layer);   // rows written in this transaction, their index not yet loaded
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

} // namespace lode
