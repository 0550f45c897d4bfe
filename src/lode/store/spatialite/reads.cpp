// Reads from a SpatiaLite store: features, scans (in parts on two connections), projects, imports.
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/threads.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/shape.hpp"
#include "lode/store/spatialite/detail/rows.hpp"

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

void SpatialiteStore::scan(const std::string& layer, const Selection& selection,
          const std::function<bool(const Feature&)>& visit)
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

void SpatialiteStore::scan_geometries(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                     const std::function<void(GeometryRow&)>& visit)
{
    scan_geometries(layer, selection, numbers, std::string(), visit);
}

void SpatialiteStore::scan_geometries(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                     const std::string& text_field, const std::function<void(GeometryRow&)>& visit)
{
    const std::string sql = geometries_sql(layer, numbers, text_field);
    read_geometries(db_.get(), sql, layer, selection, numbers.size(), std::nullopt, visit);
}

std::size_t SpatialiteStore::scan_parts(const std::string& layer, const Selection&)
{
    layer_kind(layer);
    const auto [low, high] = fid_range(layer);
    return high - low >= 4096 && can_read_beside() ? 2 : 1;
}

void SpatialiteStore::scan_geometries_in_parts(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                              std::size_t parts, const std::function<void(GeometryRow&, std::size_t part)>& visit)
{
    const std::string sql = geometries_sql(layer, numbers, std::string());
    in_parts(layer, parts, [&](sqlite3* db, std::int64_t from, std::int64_t to, std::size_t part) {
        read_geometries(db, sql, layer, selection, numbers.size(), std::make_pair(from, to),
                        [&](GeometryRow& row) { visit(row, part); });
    });
}

void SpatialiteStore::scan_points(const std::string& layer, const Selection& selection, const std::vector<std::string>& numbers,
                 std::size_t parts, const std::function<void(const PointBatch&, std::size_t part)>& visit)
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

// A SELECT over the layer narrowed to the selection (the bbox through the R*Tree), bound.
std::string SpatialiteStore::geometries_sql(const std::string& layer, const std::vector<std::string>& numbers, const std::string& text_field)
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

void SpatialiteStore::read_geometries(sqlite3* db, const std::string& sql, const std::string& layer, const Selection& selection,
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

// Runs read(db, first fid, last fid, part) over a layer's fids in one or two ranges (scan_parts);
// two at once where a second connection may read beside this one, else one after the other.
void SpatialiteStore::in_parts(const std::string& layer, std::size_t parts,
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
            sqlite::LockWait wait{lock_wait_.limit, {}};   // declared before the connection: outlives it
            sqlite::Connection other = sqlite::open(path_, false);
            sqlite::wait_for_locks(other.get(), wait);
            read(other.get(), middle + 1, high, 1);
        },
        [&] { read(db_.get(), low, middle, 0); });
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
