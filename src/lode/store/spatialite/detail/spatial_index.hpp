#pragma once
// A layer's spatial index (SpatiaLite's idx_LAYER_geom, an SQLite R*Tree) loaded at once from the
// layer's rows, where inserting its entries one by one would cost more than the import's rows.
#include <sqlite3.h>

#include <string>

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

} // namespace lode
