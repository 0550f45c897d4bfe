#pragma once
// Shared by the fuzz targets: a lode::Error is the clean refusal of a bad input (the CLI prints it
// as one line, control characters escaped); any other exception escapes to libFuzzer as a crash,
// as it would reach the CLI as an "internal error".
#include "lode/base/error.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace fuzz {

template <class Call>
void refused_cleanly(Call&& call)
{
    try {
        call();
    } catch (const lode::Error&) {
    }
}

// A finding that no sanitizer sees: a wrong answer to an input that was accepted.
inline void require(bool ok, const char* what, const std::string& input)
{
    if (!ok) {
        std::fprintf(stderr, "finding: %s (input '%s')\n", what, input.c_str());
        std::abort();
    }
}

} // namespace fuzz
