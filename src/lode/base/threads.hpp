#pragma once
// Two pieces of work at once, on both cores.
#include <exception>
#include <thread>

namespace lode {

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

} // namespace lode
