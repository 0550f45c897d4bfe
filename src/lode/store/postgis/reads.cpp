// Reads from a PostGIS store: features, scans (through a cursor fetched in blocks of binary rows),
// projects, partners, imports.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/store/as_of.hpp"
#include "lode/store/postgis/detail/copy_out.hpp"
#include "lode/store/postgis/detail/cursor.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <type_traits>

namespace lode {

namespace {

using pq::identifier;

constexpr unsigned int8_oid = 20, int4_oid = 23, float8_oid = 701;

Value read_value(const pq::Result& r, int row, int column)
{
    if (r.is_null(row, column))
        return Value{};
    const unsigned type = r.type(column);
    if (type == int8_oid || type == int4_oid)
        return r.integer(row, column);
    if (type == float8_oid)
        return r.real(row, column);
    return r.text(row, column);
}

// A field as a SELECT reads it: dates as their ISO text.
std::string field_column(const FieldDef& field)
{
    return field.type == FieldType::date ? identifier(field.name) + "::text" : identifier(field.name);
}

// A number as SQL text, exactly (17 significant digits read back to the same double).
std::string number_literal(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", v);
    return text;
}

// The SELECT's condition for a selection: with params, its values as parameters (from $first, added
// to params); without (a COPY, which takes none), as literals.
std::string where(const Selection& selection, pq::Params* params)
{
    std::string sql = " WHERE true";
    auto value = [&](auto v) -> std::string {
        if (!params) {
            if constexpr (std::is_same_v<decltype(v), double>)
                return number_literal(v) + "::double precision";
            else
                return pq::literal(v);
        }
        params->add(v);
        return "$" + std::to_string(params->size());
    };
    if (const auto& b = selection.bbox) {
        sql += " AND geom && ST_MakeEnvelope(" + value(b->west);
        sql += ", " + value(b->south);
        sql += ", " + value(b->east);
        sql += ", " + value(b->north) + ", 4326)";
    }
    if (selection.project)
        sql += " AND project = " + value(*selection.project);
    return sql;
}

void read_wkb(const pq::Result& r, int row, int column, std::vector<unsigned char>& out)
{
    out.clear();
    if (r.is_null(row, column))
        return;
    std::size_t size = 0;
    const unsigned char* bytes = r.bytes(row, column, size);
    out.assign(bytes, bytes + size);
}

// The type a field is streamed as (lean_columns' typed).
std::string streamed_type(FieldType type)
{
    return type == FieldType::integer ? "bigint" : type == FieldType::real ? "double precision" : "text";
}

// The columns of a lean reading (fid first) and where each member of it starts (0: not read).
struct LeanColumns {
    std::string sql;
    int ids = 0, text = 0, geometry = 0, numbers = 0, fields = 0;
    bool id_only = false;   // at ids the id alone (Reading::id_only), not id, project and name
};

// typed: each field cast to the type it is read as from a binary COPY (bigint, double precision,
// else text), whose rows carry no types.
LeanColumns lean_columns(const LayerKind& kind, const Reading& reading, bool typed = false)
{
    check_reading(kind, reading);
    LeanColumns c;
    c.sql = "fid";
    int next = 1;
    if (reading.ids) {
        c.id_only = reading.id_only && !reading.whole;
        c.sql += c.id_only ? ", id" : ", id, project, " + std::string(kind.field("name") ? "name" : "''::text");
        c.ids = next;
        next += c.id_only ? 1 : 3;
    }
    if (!reading.text.empty()) {
        c.sql += ", " + identifier(reading.text) + "::text";
        c.text = next++;
    }
    if (reading.geometry == Reading::Geometry::wkb) {
        c.sql += ", ST_AsBinary(geom, 'NDR')";
        c.geometry = next++;
    } else if (reading.geometry == Reading::Geometry::point) {
        c.sql += ", ST_X(geom), ST_Y(geom)";
        c.geometry = next;
        next += 2;
    }
    if (reading.fields) {
        c.fields = next;
        for (const auto& field : kind.fields)
            c.sql += ", " + (typed ? identifier(field.name) + "::" + streamed_type(field.type) : field_column(field));
        c.sql += ", extra";
        next += static_cast<int>(kind.fields.size()) + 1;
    }
    c.numbers = next;
    for (const auto& number : reading.numbers)
        c.sql += ", " + identifier(number) + "::double precision";
    return c;
}

// One row of a fetched block, read as a CopyOut row is (fill_lean takes either).
struct BlockRow {
    const pq::Result& block;
    int i;
    void text(int column, std::string& out) const { out = block.text(i, column); }
    double real(int column) const { return block.real(i, column); }
    void bytes(int column, std::vector<unsigned char>& out) const { read_wkb(block, i, column, out); }
};

// The members of a lean reading but its fields (ScanRow::values, extra), from a row of its columns.
template <class Row>
void fill_lean(const Row& r, const LeanColumns& c, const Reading& reading, ScanRow& row)
{
    if (c.ids > 0) {
        r.text(c.ids, row.id);
        if (!c.id_only) {
            r.text(c.ids + 1, row.project);
            r.text(c.ids + 2, row.name);
        }
    }
    if (c.text > 0)
        r.text(c.text, row.text);
    if (reading.geometry == Reading::Geometry::wkb) {
        r.bytes(c.geometry, row.wkb);
    } else if (reading.geometry == Reading::Geometry::point) {
        row.x = r.real(c.geometry);
        row.y = r.real(c.geometry + 1);
    }
    row.numbers.resize(reading.numbers.size());
    for (std::size_t n = 0; n < reading.numbers.size(); ++n)
        row.numbers[n] = r.real(c.numbers + static_cast<int>(n));
}

// A field's value from a streamed row of typed columns (lean_columns' typed: bigint, double
// precision or text).
void read_streamed_value(const pq::CopyOut& r, int column, FieldType type, Value& v)
{
    if (r.is_null(column))
        v = Value{};
    else if (type == FieldType::integer)
        v = r.integer(column);
    else if (type == FieldType::real)
        v = r.real(column);
    else
        v = r.text(column);
}

// ScanRow::values and extra from a streamed row of typed columns (lean_columns).
void read_fields(const pq::CopyOut& r, const LeanColumns& c, const LayerKind& kind, ScanRow& row)
{
    const std::size_t count = kind.fields.size();
    row.values.resize(count);
    for (std::size_t n = 0; n < count; ++n)
        read_streamed_value(r, c.fields + static_cast<int>(n), kind.fields[n].type, row.values[n]);
    r.text(c.fields + static_cast<int>(count), row.extra);
}

// The columns of a whole feature streamed: an export's (Reading::rows, typed), then where it was
// imported from (at `imported`).
struct WholeColumns {
    LeanColumns lean;
    int imported = 0;
};

WholeColumns whole_columns(const LayerKind& kind)
{
    WholeColumns c{lean_columns(kind, Reading::rows(), true)};
    c.imported = c.lean.numbers;   // after the fields: Reading::rows reads no numbers
    c.lean.sql += ", coalesce(imported_from, '')";
    return c;
}

// ScanRow::feature from a streamed row of whole_columns, as read_feature reads it from a block (every
// field of the kind, NULL as an empty Value); the row's map and buffers reused.
void read_whole(const pq::CopyOut& r, const WholeColumns& c, const LayerKind& kind, std::string& extra, Feature& f)
{
    r.text(c.lean.ids, f.id);
    r.text(c.lean.ids + 1, f.project);
    for (std::size_t n = 0; n < kind.fields.size(); ++n)
        read_streamed_value(r, c.lean.fields + static_cast<int>(n), kind.fields[n].type, f.attributes[kind.fields[n].name]);
    r.text(c.lean.fields + static_cast<int>(kind.fields.size()), extra);
    f.extra = nlohmann::json::parse(extra);
    r.text(c.imported, f.imported_from);
    r.bytes(c.lean.geometry, f.wkb);
}

} // namespace

PGconn* PostgisStore::stream_db()
{
    if (!stream_db_)
        stream_db_ = connect();
    return stream_db_.get();
}

std::string PostgisStore::feature_columns(const LayerKind& kind)
{
    std::string sql = "id, project";
    for (const auto& field : kind.fields)
        sql += ", " + field_column(field);
    return sql + ", extra, coalesce(imported_from, ''), ST_AsBinary(geom, 'NDR')";
}

Feature PostgisStore::read_feature(const pq::Result& r, int row, const LayerKind& kind)
{
    Feature f;
    f.id = r.text(row, 0);
    f.project = r.text(row, 1);
    int i = 2;
    for (const auto& field : kind.fields)
        f.attributes[field.name] = read_value(r, row, i++);
    f.extra = nlohmann::json::parse(r.text(row, i++));
    f.imported_from = r.text(row, i++);
    read_wkb(r, row, i, f.wkb);
    return f;
}

LayerSummary PostgisStore::summarise(const std::string& layer)
{
    const LayerKind& kind = layer_kind(layer);
    LayerSummary summary;
    summary.name = kind.name;
    summary.geometry = kind.geometry;
    const std::string table = identifier(layer);
    // From the geometries' own coordinates, not the index's float boxes.
    const pq::Result extent = pq::exec(db_.get(), "SELECT count(*), min(ST_XMin(geom)), min(ST_YMin(geom)), max(ST_XMax(geom)),"
                                                  " max(ST_YMax(geom)) FROM " + table);
    summary.count = extent.integer(0, 0);
    if (summary.count > 0)
        summary.extent = BBox{extent.real(0, 1), extent.real(0, 2), extent.real(0, 3), extent.real(0, 4)};
    const pq::Result projects = pq::exec(db_.get(), "SELECT project FROM " + table + " GROUP BY project ORDER BY project COLLATE \"C\"");
    for (int i = 0; i < projects.rows(); ++i)
        summary.projects.push_back(projects.text(i, 0));
    return summary;
}

namespace {

std::vector<Project> read_projects(const pq::Result& r)
{
    std::vector<Project> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.text(i, 5), r.text(i, 6), r.text(i, 7)});
    return out;
}

const char* project_columns = "SELECT code, name, host_countries, commodities, phase, coalesce(start_date::text, ''),"
                              " description, source FROM projects";

} // namespace

std::optional<Project> PostgisStore::find_project(const std::string& code)
{
    auto rows = read_projects(pq::exec(db_.get(), std::string(project_columns) + " WHERE code = $1", pq::Params().add(code)));
    if (rows.empty())
        return std::nullopt;
    return rows.front();
}

// Sorted as SQLite sorts text (by bytes): the C collation.
std::vector<Project> PostgisStore::projects()
{
    return read_projects(pq::exec(db_.get(), std::string(project_columns) + " ORDER BY code COLLATE \"C\""));
}

std::vector<Partnership> PostgisStore::partnerships(const std::optional<std::string>& project)
{
    std::string sql = "SELECT pp.project, p.organisation, p.country, pp.role, pp.source FROM project_partners pp"
                      " JOIN partners p ON p.id = pp.partner";
    pq::Params params;
    if (project) {
        sql += " WHERE pp.project = $1";
        params.add(*project);
    }
    sql += " ORDER BY pp.project COLLATE \"C\", CASE pp.role WHEN 'lead' THEN 0 ELSE 1 END, p.organisation COLLATE \"C\"";
    const pq::Result r = pq::exec(db_.get(), sql, params);
    std::vector<Partnership> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4)});
    return out;
}

std::map<std::string, std::int64_t> PostgisStore::feature_counts(const std::string& project)
{
    std::map<std::string, std::int64_t> counts;
    for (const auto& kind : kinds_)
        counts[kind.name] = pq::query_integer(db_.get(), "SELECT count(*) FROM " + identifier(kind.name) + " WHERE project = $1",
                                              pq::Params().add(project));
    return counts;
}

std::vector<std::string> PostgisStore::existing_ids(const std::string& layer, const std::vector<std::string>& ids)
{
    layer_kind(layer);
    // A layer a big first import found empty and locked: none of ids is there unless the import
    // wrote it (its hash among those kept; a hash alike asks the server).
    if (open_import_ && open_import_->known_layer == layer &&
        std::none_of(ids.begin(), ids.end(), [&](const std::string& id) { return open_import_->known_ids.contains(IdHashes::of(id)); }))
        return {};
    // Each id sought in the layer's unique index (a subquery per id, which the planner does not make a
    // join): as an EXISTS, a layer without statistics yet (being imported into) was read whole into a
    // hash for every batch of 5,000 ids, 0.19 s at 500,000 rows against 0.011 s (bench/README.md, W1-pg).
    const pq::Result r = pq::exec(db_.get(), "SELECT u.id FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) WHERE"
                                             " (SELECT true FROM " + identifier(layer) + " l WHERE l.id = u.id LIMIT 1) ORDER BY u.n",
                                  pq::Params().add(pq::array_literal(ids)));
    std::vector<std::string> found;
    for (int i = 0; i < r.rows(); ++i)
        found.push_back(r.text(i, 0));
    return found;
}

std::optional<Feature> PostgisStore::find_feature(const std::string& layer, const std::string& id)
{
    const LayerKind& kind = layer_kind(layer);
    const pq::Result r = pq::exec(db_.get(), "SELECT " + feature_columns(kind) + " FROM " + identifier(layer) + " WHERE id = $1",
                                  pq::Params().add(id));
    if (r.rows() == 0)
        return std::nullopt;
    return read_feature(r, 0, kind);
}

std::size_t PostgisStore::scan(const std::string& layer, const Selection& selection, const Reading& reading,
                               const std::function<bool(ScanRow&)>& visit)
{
    const LayerKind& kind = layer_kind(layer);
    if (selection.as_of) {   // rebuilt from the history, whole, then the reading's members taken
        if (!reading.whole)
            check_reading(kind, reading);
        ScanRow row;
        scan_as_of(kind, selection, [&](const Feature& f) {
            if (reading.whole)
                row.feature = f;
            else
                fill_from_feature(f, kind, reading, row);
            return visit(row);
        });
        return 1;
    }
    return scan_rows(kind, selection, reading, nullptr, visit);
}

void PostgisStore::scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                            const Reading& reading, const std::function<bool(ScanRow&)>& visit)
{
    const LayerKind& kind = layer_kind(layer);
    // Whole features, a past rebuilt from the history, or ids many beside the layer's rows (each then
    // found in the index of ids): as the scan reads them.
    const pq::Result fids = pq::exec(db_.get(), "SELECT coalesce(max(fid) - min(fid) + 1, 0) FROM " + identifier(layer));
    if (reading.whole || selection.as_of || static_cast<std::int64_t>(ids.size()) * 3 > fids.integer(0, 0)) {
        Store::scan_ids(layer, ids, selection, reading, visit);
        return;
    }
    scan_rows(kind, selection, reading, &ids, visit);
}

// The rows of the selection now (of these ids only, when given), in storage order.
std::size_t PostgisStore::scan_rows(const LayerKind& kind, const Selection& selection, const Reading& reading,
                                    const std::vector<std::string>* ids, const std::function<bool(ScanRow&)>& visit)
{
    // The columns: of a whole feature, feature_columns; of a lean reading, its own (fid first).
    const LeanColumns lean = reading.whole ? LeanColumns{} : lean_columns(kind, reading);
    ScanRow row;
    const std::string from = " FROM " + identifier(kind.name);
    // The ids as one array (a literal in a COPY, which takes no parameters).
    const auto of_ids = [&](pq::Params* params) -> std::string {
        if (!ids)
            return "";
        const std::string array = pq::array_literal(*ids);
        if (!params)
            return " AND id = ANY(" + pq::literal(array) + "::text[])";
        params->add(array);
        return " AND id = ANY($" + std::to_string(params->size()) + "::text[])";
    };
    // Streamed: the server sends the rows as it reads them while lode takes them in; on this
    // connection when the visitor only takes them in (the query engine, a map, a report: whole
    // features too), else (an export, which reads each batch's assay results between rows) on a
    // connection of their own, when no transaction here holds changes the other could not see.
    const bool streamed = reading.alone || (!reading.whole && reading.fields && PQtransactionStatus(db_.get()) == PQTRANS_IDLE);
    if (streamed) {
        const WholeColumns whole = reading.whole ? whole_columns(kind) : WholeColumns{};
        const LeanColumns typed = reading.whole ? whole.lean : reading.fields ? lean_columns(kind, reading, true) : lean;
        pq::CopyOut copy(reading.alone ? db_.get() : stream_db(), "SELECT " + typed.sql + from + where(selection, nullptr) + of_ids(nullptr) +
                                     " ORDER BY fid");
        std::string extra;
        while (copy.next()) {
            if (reading.whole) {
                read_whole(copy, whole, kind, extra, row.feature);
            } else {
                fill_lean(copy, typed, reading, row);
                if (typed.fields > 0)
                    read_fields(copy, typed, kind, row);
            }
            if (!visit(row))
                break;
        }
        return 1;
    }
    pq::Params params;
    std::string sql = "SELECT " + (reading.whole ? feature_columns(kind) : lean.sql) + from + where(selection, &params);
    sql += of_ids(&params);
    Cursor cursor(db_.get(), sql + " ORDER BY fid", params);
    for (;;) {
        const pq::Result block = cursor.fetch();
        if (block.rows() == 0)
            break;
        for (int i = 0; i < block.rows(); ++i) {
            if (reading.whole) {
                row.feature = read_feature(block, i, kind);
            } else {
                fill_lean(BlockRow{block, i}, lean, reading, row);
                if (lean.fields > 0) {
                    const std::size_t count = kind.fields.size();
                    row.values.resize(count);
                    for (std::size_t n = 0; n < count; ++n)
                        row.values[n] = read_value(block, i, lean.fields + static_cast<int>(n));
                    row.extra = block.text(i, lean.fields + static_cast<int>(count));
                }
            }
            if (!visit(row)) {
                cursor.close();
                return 1;
            }
        }
    }
    cursor.close();
    return 1;
}

void PostgisStore::scan_as_of(const LayerKind& kind, const Selection& selection, const std::function<bool(const Feature&)>& visit)
{
    const auto changed = rows_as_of(kind, *selection.as_of);
    Selection now = selection;
    now.as_of.reset();
    pq::Params params;
    Cursor cursor(db_.get(), "SELECT " + feature_columns(kind) + ", fid FROM " + identifier(kind.name) + where(now, &params) + " ORDER BY fid",
                  params);
    const int fid_column = 5 + static_cast<int>(kind.fields.size());
    std::optional<pq::Result> block;
    int row = 0;
    merge_as_of(
        changed, selection,
        [&]() -> std::optional<std::int64_t> {
            if (!block || ++row >= block->rows()) {
                block.emplace(cursor.fetch());
                row = 0;
                if (block->rows() == 0)
                    return std::nullopt;
            }
            return block->integer(row, fid_column);
        },
        [&] { return read_feature(*block, row, kind); }, visit);
    cursor.close();
}

std::vector<ImportRecord> PostgisStore::imports()
{
    const pq::Result r = pq::exec(db_.get(), "SELECT layer, project, source, sha256, source_crs, features_read, written, updated,"
                                             " skipped, repaired, id, imported_at, coalesce(undone_at, ''), coalesce(undone_by, '')"
                                             " FROM imports ORDER BY id");
    std::vector<ImportRecord> out;
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.text(i, 2), r.text(i, 3), r.text(i, 4), r.integer(i, 5), r.integer(i, 6),
                       r.integer(i, 7), r.integer(i, 8), r.integer(i, 9), r.integer(i, 10), r.text(i, 11), r.text(i, 12),
                       r.text(i, 13)});
    return out;
}

} // namespace lode
