// Rows added in bulk to a table of a PostGIS store, also by a login bound by row-level security
// (detail/bulk_rows.hpp).
#include "lode/store/postgis/detail/bulk_rows.hpp"

#include "lode/base/error.hpp"

namespace lode {

BulkRows::BulkRows(PGconn* db, const std::string& table, std::string columns, std::string subject, bool numbered,
                   std::optional<bool> bound)
    : db_(db), name_(table), table_(pq::identifier(table)), columns_(std::move(columns)), subject_(std::move(subject)), numbered_(numbered)
{
    staged_ = bound ? *bound : pq::query_integer(db_, "SELECT row_security_active($1::regclass)::int", pq::Params().add(table_)) == 1;
    if (!staged_) {
        copy_ = std::make_unique<pq::Copy>(db_, "COPY " + table_ + " (" + columns_ + ") FROM STDIN");
        return;
    }
    // The staging table: the table's columns and types, and the rows' order (lode_seq).
    pq::exec_script(db_, "DROP TABLE IF EXISTS pg_temp.lode_bulk; CREATE TEMP TABLE lode_bulk ON COMMIT DROP AS SELECT " + columns_ +
                             " FROM " + table_ + " WITH NO DATA; ALTER TABLE lode_bulk ADD lode_seq bigint GENERATED ALWAYS AS IDENTITY");
    copy_ = std::make_unique<pq::Copy>(db_, "COPY lode_bulk (" + columns_ + ") FROM STDIN");
}

void BulkRows::finish()
{
    // Straight into the table: the server writes the last rows (and the history's entries of them,
    // its statement trigger) while lode reads on; the next statement waits for it (pq::settle).
    if (!staged_)
        return copy_->finish_later();
    copy_->finish();
    // The table's write policy (access.cpp's lode_write), as the server keeps it, applied to the
    // staged rows: the first one it refuses named.
    const pq::Result policy = pq::exec(db_, "SELECT with_check FROM pg_policies WHERE schemaname = current_schema()"
                                            " AND tablename = $1 AND policyname = 'lode_write'",
                                       pq::Params().add(name_), true);
    const std::string check = policy.rows() == 1 && !policy.is_null(0, 0) ? policy.text(0, 0) : "false";
    const pq::Result refused = pq::exec(db_, "SELECT " + subject_ + ", current_user::text FROM lode_bulk WHERE NOT coalesce(" + check +
                                                 ", false) ORDER BY lode_seq LIMIT 1");
    if (refused.rows() > 0)
        throw InputError(refused.text(0, 0) + " is in a project login '" + refused.text(0, 1) +
                         "' may not change: its access is read only there, or none");
    // (COPY writes an identity column's numbers as given; an INSERT must be told to.)
    pq::exec_script(db_, "INSERT INTO " + table_ + " (" + columns_ + ") " + (numbered_ ? "OVERRIDING SYSTEM VALUE " : "") + "SELECT " +
                             columns_ + " FROM lode_bulk ORDER BY lode_seq; DROP TABLE lode_bulk");
}

} // namespace lode
