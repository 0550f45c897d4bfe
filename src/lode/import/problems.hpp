#pragma once
// Every problem of a source at once: what a dry run lists, grouped by field and kind of problem.
#include "lode/base/error.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lode {

// One refused value or geometry of one feature (or of the whole source: feature -1).
struct Problem {
    long long feature = -1;      // FID or index in the source
    std::string feature_id;      // lode id when known
    std::string field;           // source field, or "" for the geometry or the whole source
    std::string reason;          // as thrown (settings as mentions)
    Hint hint = Hint::none;
    Share share{};               // how many features of the source have this problem, when counted

    static Problem from(const Error& error);
};

// Problems of one field with the same reason but for the values: "'…' is not a number".
struct ProblemGroup {
    std::string field;
    std::string reason;                  // the reason with its values as '…'
    Hint hint = Hint::none;              // what the user can do (the first problem's)
    std::int64_t count = 0;
    std::vector<std::string> first_ids;  // up to 5: ids, or "feature N" where the id is unknown
    std::vector<std::string> values;     // up to 3 distinct values the reason quoted
};

// The reason with quoted values and a leading number as '…' (and no "did you mean" tail);
// values, when given, receives what was replaced.
std::string reason_pattern(const std::string& reason, std::vector<std::string>* values = nullptr);

// Groups in the order their first problem came.
std::vector<ProblemGroup> group_problems(const std::vector<Problem>& problems);

// How many features (distinct feature numbers, the source itself counting as one) have problems.
std::int64_t features_with_problems(const std::vector<Problem>& problems);

// The first problem as the error of a refused import (file: the source), noting how many more
// there are and that a dry run lists them. problems must not be empty.
[[noreturn]] void refuse_problems(const std::vector<Problem>& problems, const std::string& file);

} // namespace lode
