// The PostGIS backend's libpq layer (store/postgis/detail/pq.hpp) against the test cluster: the CTest
// test pg.unit runs it with the pg_cluster fixture's PGHOST, PGPORT and PGUSER (libpq reads them).
#include "lode/store/postgis/detail/pq.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using namespace lode;

namespace {

pq::Connection server() { return pq::connect("dbname=postgres", "the test cluster"); }

// A COPY of three rows into a temporary table, ended without waiting for the server's answer.
void copy_later(PGconn* db)
{
    pq::exec_script(db, "CREATE TEMPORARY TABLE rows_in (n bigint)");
    pq::Copy copy(db, "COPY rows_in FROM STDIN");
    for (std::int64_t n = 1; n <= 3; ++n) {
        copy.field(n);
        copy.end_row();
    }
    copy.finish_later();
}

} // namespace

TEST_CASE("pq: a COPY ended by finish_later is awaited until the next statement settles it")
{
    pq::Connection db = server();
    copy_later(db.get());
    CHECK(pq::awaited(db.get()));
    // The server's own count of the rows: the COPY's answer read first (settle), then the query's.
    CHECK(pq::query_integer(db.get(), "SELECT count(*) FROM rows_in") == 3);
    CHECK_FALSE(pq::awaited(db.get()));
}

TEST_CASE("pq: a closed connection is no longer awaited (a new one at its address is not taken for it)")
{
    pq::Connection db = server();
    copy_later(db.get());
    PGconn* const address = db.get();
    REQUIRE(pq::awaited(address));
    db.reset();   // closed before any statement settled the COPY
    CHECK_FALSE(pq::awaited(address));
    // A connection made now (perhaps at the same address) runs its statements as any other.
    pq::Connection next = server();
    CHECK_FALSE(pq::awaited(next.get()));
    CHECK(pq::query_integer(next.get(), "SELECT 40 + 2") == 42);
}
