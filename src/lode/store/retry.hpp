#pragma once
// Units of work run again when a store's server asks for it. PostgreSQL may refuse a transaction
// that conflicts with other writers (SQLSTATE 40001 serialization_failure, 40P01
// deadlock_detected); the transaction was rolled back and nothing of it is written, and the server's
// advice is to run it again. with_retries does so, a bounded number of times after a short
// randomised pause, and then reports one error. The unit must begin and commit its own write
// transaction, and be re-runnable (an import reads its file again). A SpatiaLite store never throws
// RetryableError: its writers queue on the file's write lock (BEGIN IMMEDIATE with the busy
// timeout), and one that waits too long is refused with its own message.
#include "lode/base/error.hpp"

#include <string>
#include <utility>

namespace lode {

// A refusal the server asks to be retried; sqlstate is the server's code (40001 or 40P01).
class RetryableError : public Error {
public:
    RetryableError(const std::string& reason, std::string sqlstate) : Error(reason), sqlstate_(std::move(sqlstate)) {}
    const std::string& sqlstate() const { return sqlstate_; }

private:
    std::string sqlstate_;
};

// How many times a unit of work runs at most (the first run and the retries).
constexpr int write_attempts = 8;

namespace retry_detail {
// Sleeps before attempt `next` (2, 3 ...): a random pause of up to 25 ms times 2^(next-2), at
// most 1 s, so that writers that collided do not collide again in step.
void pause_before(int next);
// The Error after the last attempt failed with `last`.
[[noreturn]] void give_up(const RetryableError& last, int attempts);
} // namespace retry_detail

// Runs work() and returns its result; when it throws RetryableError, runs it again, up to
// write_attempts runs in all, then throws Error ("... refused 8 times ..."). Other errors pass.
template <class Work>
auto with_retries(Work&& work) -> decltype(work())
{
    for (int attempt = 1;; ++attempt) {
        try {
            return work();
        } catch (const RetryableError& e) {
            if (attempt >= write_attempts)
                retry_detail::give_up(e, attempt);
            retry_detail::pause_before(attempt + 1);
        }
    }
}

} // namespace lode
