// A layer's spatial index loaded at once (detail/spatial_index.hpp). SQLite's R*Tree module inserts
// an entry in about 15 µs of CPU (its choice of leaf, splits and forced reinserts: 15.5 s for
// 1,000,000 random points, measured with the sqlite3 shell on this machine), a fifth of a bulk
// import's CPU; GDAL loads a GeoPackage's R*Tree after the rows too. Into an index that holds
// entries, the loading writes the old entries again with the new (DeferredIndex::complete).
//
// The R*Tree's own tables, as SQLite's ext/rtree/rtree.c documents them: %_node(nodeno, data) with
// the root always node 1; %_rowid(rowid, nodeno), the leaf of each entry; %_parent(nodeno,
// parentnode) for every node but the root. A node is a BLOB as long as the root's: 2 bytes of tree
// depth (root only, big-endian), 2 bytes of cell count, then cells of an 8-byte big-endian rowid (a
// leaf's) or child node number, and xmin, xmax, ymin, ymax as big-endian 32-bit floats.
#include "lode/store/spatialite/detail/spatial_index.hpp"

#include "lode/base/error.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace lode {

namespace {

using Box = std::array<float, 4>;   // xmin, xmax, ymin, ymax

struct Cell {
    std::int64_t id;   // a row's fid in a leaf, a child's node number above
    Box box;
};

// The R*Tree module's own rounding of a double to the float it stores (rtreeValueDown/Up): a box
// only ever grows, so that every search finds what it should.
constexpr double towards_zero = 1.0 - 1.0 / 8388608.0;
constexpr double away_from_zero = 1.0 + 1.0 / 8388608.0;

float rounded_down(double d)
{
    float f = static_cast<float>(d);
    if (f > d)
        f = static_cast<float>(d * (d < 0 ? away_from_zero : towards_zero));
    return f;
}

float rounded_up(double d)
{
    float f = static_cast<float>(d);
    if (f < d)
        f = static_cast<float>(d * (d < 0 ? towards_zero : away_from_zero));
    return f;
}

// The MBR in the header of SpatiaLite's geometry BLOB (min x, min y, max x, max y), as SpatiaLite's
// RTreeAlign takes it for the index; false for anything else.
bool header_mbr(sqlite3_value* value, double mbr[4])
{
    if (sqlite3_value_type(value) != SQLITE_BLOB)
        return false;
    const auto* blob = static_cast<const unsigned char*>(sqlite3_value_blob(value));
    const int size = sqlite3_value_bytes(value);
    if (size < 45 || blob[0] != 0x00 || (blob[1] != 0x00 && blob[1] != 0x01) || blob[38] != 0x7C || blob[size - 1] != 0xFE)
        return false;
    const bool swap = (blob[1] == 0x01) != (std::endian::native == std::endian::little);
    for (int i = 0; i < 4; ++i) {
        unsigned char bytes[8];
        std::memcpy(bytes, blob + 6 + 8 * i, 8);
        if (swap)
            std::reverse(bytes, bytes + 8);
        std::memcpy(&mbr[i], bytes, 8);
    }
    return true;
}

// The position of (x, y) along a Hilbert curve over a 65,536 × 65,536 grid.
std::uint64_t hilbert(std::uint32_t x, std::uint32_t y)
{
    constexpr std::uint32_t n = 1u << 16;
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0, ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = n - 1 - x;
                y = n - 1 - y;
            }
            std::swap(x, y);
        }
    }
    return d;
}

std::uint32_t grid(double v, double low, double high)
{
    const double t = (v - low) / (high - low);
    return static_cast<std::uint32_t>(std::clamp(t, 0.0, 1.0) * 65535.0);
}

// lode_index_order(geom): the Hilbert position of the centre of the geometry's MBR, over the
// layers' lon/lat (a store's geometries are WGS 84).
void index_order(sqlite3_context* context, int, sqlite3_value** argv)
{
    double mbr[4];
    if (!header_mbr(argv[0], mbr)) {
        sqlite3_result_null(context);
        return;
    }
    const double x = (mbr[0] + mbr[2]) / 2, y = (mbr[1] + mbr[3]) / 2;
    sqlite3_result_int64(context, static_cast<sqlite3_int64>(hilbert(grid(x, -180, 180), grid(y, -90, 90))));
}

// lode_index_box(geom): the box the index keeps, as 4 native floats; NULL without a geometry.
void index_box(sqlite3_context* context, int, sqlite3_value** argv)
{
    double mbr[4];
    if (!header_mbr(argv[0], mbr)) {
        sqlite3_result_null(context);
        return;
    }
    const Box box{rounded_down(mbr[0]), rounded_up(mbr[2]), rounded_down(mbr[1]), rounded_up(mbr[3])};
    sqlite3_result_blob(context, box.data(), sizeof box, SQLITE_TRANSIENT);
}

void put_big_endian(unsigned char* at, std::uint64_t value, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i) {
        at[i] = static_cast<unsigned char>(value & 0xFF);
        value >>= 8;
    }
}

Box united(const std::vector<Cell>& cells, std::size_t from, std::size_t to)
{
    Box b = cells[from].box;
    for (std::size_t i = from + 1; i < to; ++i) {
        b[0] = std::min(b[0], cells[i].box[0]);
        b[1] = std::max(b[1], cells[i].box[1]);
        b[2] = std::min(b[2], cells[i].box[2]);
        b[3] = std::max(b[3], cells[i].box[3]);
    }
    return b;
}

class IndexWriter {
public:
    IndexWriter(sqlite3* db, const std::string& index)
        : node_(db, "INSERT INTO " + quoted_identifier(index + "_node") + " (nodeno, data) VALUES (?, ?)"),
          parent_(db, "INSERT INTO " + quoted_identifier(index + "_parent") + " (nodeno, parentnode) VALUES (?, ?)"),
          leaf_of_(db, "INSERT INTO temp.lode_index_leaves (fid, nodeno) VALUES (?, ?)")
    {
        sqlite::Statement root(db, "SELECT length(data) FROM " + quoted_identifier(index + "_node") + " WHERE nodeno = 1");
        if (!root.step() || root.is_null(0))
            throw Error("spatial index " + index + ": no root node");
        size_ = static_cast<int>(root.integer(0));
        max_cells_ = (size_ - 4) / 24;
        if (max_cells_ < 3)
            throw Error("spatial index " + index + ": a node of " + std::to_string(size_) + " bytes");
    }
    std::size_t max_cells() const { return static_cast<std::size_t>(max_cells_); }

    // Writes cells[from, to) as node `number` (the root carries the depth) and returns its cell for
    // the level above; a leaf's rows, an inner node's children learn their node.
    Cell write(std::int64_t number, const std::vector<Cell>& cells, std::size_t from, std::size_t to, int height, int depth)
    {
        std::vector<unsigned char> data(static_cast<std::size_t>(size_), 0);
        if (number == 1)
            put_big_endian(data.data(), static_cast<std::uint64_t>(depth), 2);
        put_big_endian(data.data() + 2, to - from, 2);
        unsigned char* at = data.data() + 4;
        for (std::size_t i = from; i < to; ++i, at += 24) {
            put_big_endian(at, static_cast<std::uint64_t>(cells[i].id), 8);
            for (int c = 0; c < 4; ++c)
                put_big_endian(at + 8 + 4 * c, std::bit_cast<std::uint32_t>(cells[i].box[c]), 4);
            sqlite::Statement& link = height == 0 ? leaf_of_ : parent_;
            link.bind(1, cells[i].id).bind(2, number).run();
            link.reset();
        }
        node_.bind(1, number).bind_blob(2, data).run();
        node_.reset();
        return Cell{number, united(cells, from, to)};
    }

private:
    sqlite::Statement node_, parent_, leaf_of_;
    int size_ = 0, max_cells_ = 0;
};

// The sizes of the nodes that n cells are packed into: full nodes, the last two evened out so
// that none holds fewer than a third (the R*Tree's own minimum).
std::vector<std::size_t> node_sizes(std::size_t n, std::size_t max)
{
    std::vector<std::size_t> sizes(n / max, max);
    if (const std::size_t rest = n % max; rest > 0) {
        if (!sizes.empty() && rest < max / 3) {
            const std::size_t both = max + rest;
            sizes.back() = both - both / 2;
            sizes.push_back(both / 2);
        } else {
            sizes.push_back(rest);
        }
    }
    return sizes;
}

} // namespace

bool spatial_index_empty(sqlite3* db, const std::string& layer)
{
    return sqlite::query_integer(db, "SELECT NOT EXISTS (SELECT 1 FROM " + quoted_identifier("idx_" + layer + "_geom_rowid") + ")") != 0;
}

namespace {

// lode_index_order() and lode_index_box() on the connection.
void register_index_functions(sqlite3* db)
{
    for (auto [name, function] : {std::pair{"lode_index_order", &index_order}, {"lode_index_box", &index_box}})
        if (sqlite3_create_function_v2(db, name, 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr, function, nullptr, nullptr,
                                       nullptr) != SQLITE_OK)
            throw Error(std::string("cannot register ") + name + ": " + sqlite3_errmsg(db));
}

} // namespace

void load_spatial_index(sqlite3* db, const std::string& layer)
{
    const std::string index = "idx_" + layer + "_geom";
    register_index_functions(db);
    // SQLite's sorter keeps up to the page cache's size in memory before it spills to temporary files,
    // beside the cache itself: both made small for the loading, whose writes all go to the end of
    // their tables (the cache's dirty pages go to the WAL, where the commit would write them).
    const std::int64_t cache = sqlite::query_integer(db, "PRAGMA cache_size");
    sqlite::exec(db, "PRAGMA cache_size = -8192");
    sqlite::exec(db, "DROP TABLE IF EXISTS temp.lode_index_leaves; CREATE TABLE temp.lode_index_leaves (fid INTEGER, nodeno INTEGER)");
    IndexWriter writer(db, index);
    for (const char* table : {"_node", "_rowid", "_parent"})
        sqlite::exec(db, "DELETE FROM " + quoted_identifier(index + table));
    const std::size_t max = writer.max_cells();

    // The leaves, streamed: a batch of nodes' cells is held until the next batch begins, so that the
    // last two nodes can be evened out.
    std::vector<Cell> level;          // the cells of the level above the one being written
    std::vector<Cell> pending;        // rows read and not yet written into a leaf
    std::int64_t next_node = 2;       // node 1 is the root, written last
    sqlite::Statement rows(db, "SELECT fid, lode_index_box(geom) FROM " + quoted_identifier(layer) +
                                   " WHERE lode_index_box(geom) IS NOT NULL ORDER BY lode_index_order(geom), fid");
    bool leaves_written = false;
    while (rows.step()) {
        Cell cell{rows.integer(0), {}};
        const auto* box = sqlite3_column_blob(rows.handle(), 1);
        std::memcpy(cell.box.data(), box, sizeof cell.box);
        pending.push_back(cell);
        if (pending.size() == 2 * max) {   // one full leaf written, one held back
            level.push_back(writer.write(next_node++, pending, 0, max, 0, 0));
            pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(max));
            leaves_written = true;
        }
    }
    int depth = 0;
    if (!leaves_written && pending.size() <= max) {
        writer.write(1, pending, 0, pending.size(), 0, 0);   // a root that is a leaf (or empty)
    } else {
        std::size_t from = 0;
        for (std::size_t size : node_sizes(pending.size(), max)) {
            level.push_back(writer.write(next_node++, pending, from, from + size, 0, 0));
            from += size;
        }
        // The levels above, in memory: a node for every max leaves (1/51 of the rows at 4 KiB pages).
        for (depth = 1; level.size() > max; ++depth) {
            std::vector<Cell> above;
            std::size_t at = 0;
            for (std::size_t size : node_sizes(level.size(), max)) {
                above.push_back(writer.write(next_node++, level, at, at + size, depth, depth));
                at += size;
            }
            level = std::move(above);
        }
        writer.write(1, level, 0, level.size(), depth, depth);
    }
    // Each row's leaf, in the order of the rows: the %_rowid table's B-tree filled from one end.
    sqlite::exec(db, "INSERT INTO " + quoted_identifier(index + "_rowid") +
                         " (rowid, nodeno) SELECT fid, nodeno FROM temp.lode_index_leaves ORDER BY fid;"
                         " DROP TABLE temp.lode_index_leaves");
    sqlite::exec(db, "PRAGMA cache_size = " + std::to_string(cache));
}

void DeferredIndex::add(std::int64_t fid)
{
    ++rows_;
    if (whole_)
        return;
    if (!runs_.empty() && runs_.back().second + 1 == fid)
        runs_.back().second = fid;
    else
        runs_.emplace_back(fid, fid);
}

void DeferredIndex::complete(sqlite3* db, const std::string& layer) const
{
    const std::string index = "idx_" + layer + "_geom";
    if (whole_ || rows_ * 5 >= sqlite::query_integer(db, "SELECT count(*) FROM " + quoted_identifier(index + "_rowid"))) {
        load_spatial_index(db, layer);
        return;
    }
    // An entry at a time, each run's rows in Hilbert order (neighbours go to the same leaves, whose
    // pages the cache then holds). OR REPLACE: a row written again since (an update, a rolled-back
    // savepoint's fid used again) may have its entry already.
    register_index_functions(db);
    sqlite::Statement rows(db, "SELECT fid, lode_index_box(geom) FROM " + quoted_identifier(layer) +
                                   " WHERE fid BETWEEN ? AND ? AND lode_index_box(geom) IS NOT NULL ORDER BY lode_index_order(geom), fid");
    sqlite::Statement insert(db, "INSERT OR REPLACE INTO " + quoted_identifier(index) + " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
    for (const auto& [first, last] : runs_) {
        rows.bind(1, first).bind(2, last);
        while (rows.step()) {
            Box box;
            std::memcpy(box.data(), sqlite3_column_blob(rows.handle(), 1), sizeof box);
            insert.bind(1, rows.integer(0));
            for (int c = 0; c < 4; ++c)
                insert.bind(2 + c, static_cast<double>(box[c]));   // a float: the module keeps it as it is
            insert.run();
        }
        rows.reset();
    }
}

} // namespace lode
