#include "lode/base/threads.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

TEST_CASE("Handoff: items arrive in order, at most `capacity` ahead; a failing side closes it and the other ends")
{
    // 10,000 numbers through a queue of 2: every one arrives, in order, and the maker is never more than
    // two items (plus the one in its hand) ahead of the taker.
    lode::Handoff<int> pipe(2);
    std::atomic<int> made{0};
    std::vector<int> taken;
    int most_ahead = 0;
    bool all_put = true;
    lode::run_beside(
        [&] {
            for (int i = 1; i <= 10000; ++i) {
                made = i;
                all_put = pipe.put(i) && all_put;
            }
            pipe.close();
        },
        [&] {
            while (auto item = pipe.take()) {
                most_ahead = std::max(most_ahead, made.load() - *item);
                taken.push_back(*item);
            }
        });
    CHECK(all_put);
    REQUIRE(taken.size() == 10000);
    long long sum = 0;
    bool ordered = true;
    for (std::size_t i = 0; i < taken.size(); ++i) {
        sum += taken[i];
        ordered = ordered && taken[i] == static_cast<int>(i) + 1;
    }
    CHECK(ordered);
    CHECK(sum == 10000LL * 10001 / 2);
    CHECK(most_ahead <= 3);

    // The taker fails after 5 items: it closes the handoff, the maker's next put is refused, and
    // run_beside rethrows the taker's error once both have ended.
    lode::Handoff<int> failing(2);
    int refused_at = 0;
    CHECK_THROWS_WITH_AS(lode::run_beside(
                             [&] {
                                 for (int i = 1; i <= 1000 && refused_at == 0; ++i)
                                     if (!failing.put(i))
                                         refused_at = i;
                             },
                             [&] {
                                 for (int n = 0; failing.take(); )
                                     if (++n == 5) {
                                         failing.close();
                                         throw std::runtime_error("taker failed");
                                     }
                             }),
                         "taker failed", std::runtime_error);
    CHECK(refused_at >= 6);
    CHECK(refused_at <= 8);   // 6 and 7 may wait in the queue; 8 cannot

    // The maker fails: its Closer closes the handoff as the error leaves it, and the taker gets what
    // was put and then nothing (without the close it would wait for ever).
    lode::Handoff<int> broken(4);
    std::vector<int> got;
    CHECK_THROWS_WITH_AS(lode::run_beside(
                             [&] {
                                 const auto closing = broken.closing();
                                 broken.put(1);
                                 broken.put(2);
                                 throw std::runtime_error("maker failed");
                             },
                             [&] {
                                 while (auto item = broken.take())
                                     got.push_back(*item);
                             }),
                         "maker failed", std::runtime_error);
    CHECK(got == std::vector<int>{1, 2});
}
