#pragma once
// Work on several cores: two pieces at once (run_beside), or one loop cut in chunks (parallel_for).
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace lode {

// How many threads run at once on this machine (at least 1).
inline std::size_t cores() { return std::max(1u, std::thread::hardware_concurrency()); }

// Runs side on a thread of its own while main runs on this one; returns when both are done,
// rethrowing main's failure, else side's.
template <class Side, class Main>
void run_beside(Side side, Main main)
{
    std::exception_ptr failure;
    std::thread other([&] {
        try {
            side();
        } catch (...) {
            failure = std::current_exception();
        }
    });
    try {
        main();
    } catch (...) {
        other.join();
        throw;
    }
    other.join();
    if (failure)
        std::rethrow_exception(failure);
}

// Runs work(begin, end, thread) over [0, n) in chunks on every core; rethrows the first error.
template <class Work>
void parallel_for(std::size_t n, std::size_t chunk, Work work)
{
    const std::size_t threads = std::max<std::size_t>(1, std::min(cores(), (n + chunk - 1) / chunk));
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex guard;
    auto worker = [&](std::size_t thread) {
        try {
            for (std::size_t begin; (begin = next.fetch_add(chunk)) < n;)
                work(begin, std::min(n, begin + chunk), thread);
        } catch (...) {
            std::lock_guard lock(guard);
            if (!failure)
                failure = std::current_exception();
            next = n;
        }
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool)
        t.join();
    if (failure)
        std::rethrow_exception(failure);
}

} // namespace lode
