#pragma once
// A layer's spatial index (SpatiaLite's idx_LAYER_geom, an SQLite R*Tree) loaded at once from the
// layer's rows, where inserting its entries one by one would cost more than the import's rows.
#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace lode {

// Whether the layer's spatial index holds no entry.
bool spatial_index_empty(sqlite3* db, const std::string& layer);

// Fills the layer's spatial index from every row with a geometry, replacing what it held: the rows
// in the order of their boxes' centres along a Hilbert curve, packed into full nodes, the nodes
// written straight into the R*Tree's own tables in SQLite's format (node size from its root node,
// coordinates as 32-bit floats rounded outwards as the R*Tree module rounds them). Memory does not
// grow with the layer: the ordering is SQLite's sorter's, the rows' node numbers go through a
// temporary table. Inside the caller's transaction.
void load_spatial_index(sqlite3* db, const std::string& layer);

// The rows a write transaction's bulk inserts wrote into a layer without their index entries, and
// how the index is brought up to date before the commit (or a read by box, a rename). Where the
// index was empty when the first of them was written, it is loaded whole (load_spatial_index).
// Where it held entries, it is loaded whole again, the old entries with the new, when the new rows
// are at least a fifth of the entries it holds then: measured (bench/README.md, "The spatial index
// loaded at once"), the loading costs about as much as the module's inserts of the new entries one
// by one at a tenth, less from a fifth. Below that, the new entries go in one by one through the
// R*Tree module, each run of fids in the Hilbert order of its boxes. Memory: two fids per run of
// consecutive fids written.
class DeferredIndex {
public:
    explicit DeferredIndex(bool whole) : whole_(whole) {}
    // A row written without its entry.
    void add(std::int64_t fid);
    // Brings the layer's index up to date with the rows added (and any other change since).
    void complete(sqlite3* db, const std::string& layer) const;

private:
    bool whole_;
    std::vector<std::pair<std::int64_t, std::int64_t>> runs_;   // first and last fid of each run
    std::int64_t rows_ = 0;
};

} // namespace lode
