#pragma once
// Rows added in bulk to one of a PostGIS store's tables (assay results, downhole surveys and
// intervals; bulk_rows.cpp). COPY straight into the table; for a login bound by row-level security
// (access.cpp), whom PostgreSQL lets COPY into no such table, COPY into a temporary table of the
// transaction, then one INSERT ... SELECT in the rows' order, which the table's policies check row
// by row (the server enforces them, as for every write). Before that INSERT, the first row the
// login may not write is named, so that the refusal is one line about the data, not the policy.
#include "lode/store/postgis/detail/pq.hpp"

#include <memory>
#include <optional>
#include <string>

namespace lode {

class BulkRows {
public:
    // columns: the COPY column list; subject: an SQL expression of those columns naming one row
    // in a message (e.g. format('sample %L of layer %L', sample, layer)); numbered: the columns
    // hold the table's identity column, whose numbers are kept as given; bound: whether the login is
    // bound by row-level security on table, when the caller knows (else asked).
    BulkRows(PGconn* db, const std::string& table, std::string columns, std::string subject, bool numbered = false,
             std::optional<bool> bound = std::nullopt);
    BulkRows(const BulkRows&) = delete;
    BulkRows& operator=(const BulkRows&) = delete;
    // The COPY the rows go to (into the table, or the staging table).
    pq::Copy& copy() { return *copy_; }
    // Ends the COPY: straight into the table, without waiting for the server (pq::Copy::finish_later:
    // its error, if any, comes with the next statement); staged, checks the rows against the table's
    // write policy and inserts them. Throws InputError naming the first row the login may not write
    // (nothing written).
    void finish();

private:
    PGconn* db_;
    std::string name_, table_, columns_, subject_;   // the table's name, quoted
    bool staged_ = false, numbered_ = false;
    std::unique_ptr<pq::Copy> copy_;
};

} // namespace lode
