// with_retries (store/retry.hpp): a unit of work the server refuses as conflicting runs again, up
// to write_attempts runs, then one Error; other errors are not retried. Counts worked out by hand.
#include "lode/store/retry.hpp"

#include <doctest/doctest.h>

TEST_CASE("with_retries runs a refused unit of work again, 8 runs at most, and only for the server's conflicts")
{
    int runs = 0;
    // Refused twice (a serialization failure), then done: 3 runs, its result returned.
    const int result = lode::with_retries([&] {
        if (++runs <= 2)
            throw lode::RetryableError("PostgreSQL: could not serialize access", "40001");
        return 42;
    });
    CHECK(result == 42);
    CHECK(runs == 3);

    // Refused every time (a deadlock): 8 runs, then one Error naming the count and the SQLSTATE.
    runs = 0;
    try {
        lode::with_retries([&] {
            ++runs;
            throw lode::RetryableError("PostgreSQL: deadlock detected", "40P01");
        });
        FAIL("no error after 8 refusals");
    } catch (const lode::RetryableError&) {
        FAIL("the last refusal passed through as retryable");
    } catch (const lode::Error& e) {
        CHECK(runs == lode::write_attempts);
        CHECK(lode::write_attempts == 8);
        CHECK(std::string(e.what()).find("refused the transaction 8 times") != std::string::npos);
        CHECK(std::string(e.what()).find("SQLSTATE 40P01") != std::string::npos);
    }

    // Any other error: one run, passed through as it was.
    runs = 0;
    CHECK_THROWS_AS(lode::with_retries([&] {
                        ++runs;
                        throw lode::InputError("bad row");
                    }),
                    lode::InputError);
    CHECK(runs == 1);
}
