// The PostGIS backend's libpq layer (store/postgis/detail/pq.hpp) against the test cluster: the CTest
// test pg.unit runs it with the pg_cluster fixture's PGHOST, PGPORT and PGUSER (libpq reads them).
#include "lode/store/postgis/detail/pq.hpp"

#include "lode/base/error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <string>

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

TEST_CASE("pq: a COPY's error after finish_later is what its on_error makes of it, thrown by the next statement")
{
    pq::Connection db = server();
    pq::exec_script(db.get(), "CREATE TEMPORARY TABLE keyed (id text PRIMARY KEY)");
    pq::exec_script(db.get(), "INSERT INTO keyed VALUES ('a')");
    pq::Copy copy(db.get(), "COPY keyed FROM STDIN");
    copy.field(std::string("b"));
    copy.end_row();
    copy.field(std::string("a"));   // refused by the key
    copy.end_row();
    std::string seen;
    copy.finish_later([&](const Error&) {
        seen = pq::last_error().sqlstate;
        throw InputError("named by the caller");
    });
    std::string thrown;
    try {
        pq::query_integer(db.get(), "SELECT 1");
    } catch (const InputError& e) {
        thrown = e.reason();
    }
    CHECK(thrown == "named by the caller");
    CHECK(seen == "23505");
    CHECK_FALSE(pq::awaited(db.get()));
}

TEST_CASE("pq: a COPY's rows are held while the server is at the one before, and all written in order")
{
    pq::Connection db = server();
    // The first COPY's statement trigger keeps the server busy a moment after its end.
    pq::exec_script(db.get(), "CREATE TEMPORARY TABLE slow (n bigint); CREATE TEMPORARY TABLE after_slow (n bigint, x double precision);"
                              " CREATE FUNCTION pg_temp.wait() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_sleep(1); RETURN NULL; END $$;"
                              " CREATE TRIGGER wait AFTER INSERT ON slow FOR EACH STATEMENT EXECUTE FUNCTION pg_temp.wait()");
    {
        pq::Copy copy(db.get(), "COPY slow FROM STDIN");
        copy.field(std::int64_t{1});
        copy.end_row();
        copy.finish_later();
    }
    const std::uint64_t sent = pq::statements_sent();
    pq::Copy copy(db.get(), "COPY after_slow FROM STDIN");
    // Numbers as std::to_chars writes them: the server reads back the same doubles.
    const double numbers[] = {0.1, 1e-300, 5e-324, -0.0, 1.7976931348623157e308, 123456789.123456789, 2.5, 1.0 / 3.0};
    for (std::int64_t n = 0; n < 20000; ++n) {   // more than one piece of 64 kB
        copy.field(n);
        copy.field(numbers[n % 8]);
        copy.end_row();
    }
    CHECK(pq::awaited(db.get()));   // the server still at the first: nothing of this one sent yet
    CHECK(pq::statements_sent() == sent);
    copy.finish();
    CHECK(pq::statements_sent() == sent + 1);
    CHECK(pq::query_integer(db.get(), "SELECT count(*) FROM slow") == 1);
    CHECK(pq::query_integer(db.get(), "SELECT count(*) FROM after_slow") == 20000);
    CHECK(pq::query_integer(db.get(), "SELECT count(*) FROM (SELECT n, row_number() OVER (ORDER BY ctid) - 1 AS r FROM after_slow) w WHERE n <> r") == 0);
    const pq::Result read = pq::exec(db.get(), "SELECT x FROM after_slow WHERE n < 8 ORDER BY n");
    REQUIRE(read.rows() == 8);
    for (int i = 0; i < 8; ++i) {
        CHECK(read.real(i, 0) == numbers[i]);
        CHECK(std::signbit(read.real(i, 0)) == std::signbit(numbers[i]));
    }
}

TEST_CASE("pq: a COPY given no rows and dropped sends nothing (the transaction goes on)")
{
    pq::Connection db = server();
    pq::exec_script(db.get(), "BEGIN; CREATE TEMPORARY TABLE untouched (n bigint)");
    { pq::Copy copy(db.get(), "COPY untouched FROM STDIN"); }
    CHECK(pq::query_integer(db.get(), "SELECT count(*) FROM untouched") == 0);
    pq::exec_script(db.get(), "ROLLBACK");
}
