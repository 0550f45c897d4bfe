// Units of work run again when the server asks for it (retry.hpp).
#include "lode/store/retry.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace lode {

namespace retry_detail {

void pause_before(int next)
{
    thread_local std::mt19937 random(std::random_device{}());
    const int ceiling = std::min(1000, 25 << std::min(next - 2, 6));
    std::uniform_int_distribution<int> ms(1, ceiling);
    std::this_thread::sleep_for(std::chrono::milliseconds(ms(random)));
}

void give_up(const RetryableError& last, int attempts)
{
    throw Error("the server refused the transaction " + std::to_string(attempts) +
                " times as conflicting with other writers (" + last.reason() + ", SQLSTATE " + last.sqlstate() +
                "); nothing of it was written");
}

} // namespace retry_detail

} // namespace lode
