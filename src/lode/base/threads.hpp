#pragma once
// Work on several cores: two pieces at once (run_beside), or one loop cut in chunks (parallel_for);
// items handed from one of two pieces to the other as they are made (Handoff).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
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

// Items handed from one thread to another through a queue of at most `capacity`, so that the one
// making them works ahead of the one taking them by that many and no more (memory stays bounded).
// put waits while the queue is full, take while it is empty. close(), by either side, ends the
// handoff: put then refuses (returns false: the maker stops), take returns what was put before and
// then nothing. The side that fails closes it, so that the other does not wait for ever.
template <class T>
class Handoff {
public:
    explicit Handoff(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

    bool put(T item)
    {
        std::unique_lock lock(guard_);
        changed_.wait(lock, [&] { return closed_ || items_.size() < capacity_; });
        if (closed_)
            return false;
        items_.push_back(std::move(item));
        changed_.notify_all();
        return true;
    }
    std::optional<T> take()
    {
        std::unique_lock lock(guard_);
        changed_.wait(lock, [&] { return closed_ || !items_.empty(); });
        return pop();
    }
    // Whether a put would wait now (the taker is behind).
    bool full()
    {
        std::lock_guard lock(guard_);
        return !closed_ && items_.size() >= capacity_;
    }
    // An item if one is waiting, else nothing at once.
    std::optional<T> try_take()
    {
        std::lock_guard lock(guard_);
        return pop();
    }
    void close()
    {
        std::lock_guard lock(guard_);
        closed_ = true;
        changed_.notify_all();
    }

    // Closes the handoff when it goes out of scope, also on an exception: the side that ends or
    // fails holds one, so that the other does not wait for it.
    class Closer {
    public:
        explicit Closer(Handoff& handoff) : handoff_(handoff) {}
        Closer(const Closer&) = delete;
        Closer& operator=(const Closer&) = delete;
        ~Closer() { handoff_.close(); }

    private:
        Handoff& handoff_;
    };
    [[nodiscard]] Closer closing() { return Closer(*this); }

private:
    // The first item, if any, taken out (guard_ held), and a maker waiting for room woken.
    std::optional<T> pop()
    {
        if (items_.empty())
            return std::nullopt;
        std::optional<T> item(std::move(items_.front()));
        items_.pop_front();
        changed_.notify_all();
        return item;
    }

    std::size_t capacity_;
    std::deque<T> items_;
    bool closed_ = false;
    std::mutex guard_;
    std::condition_variable changed_;
};

} // namespace lode
