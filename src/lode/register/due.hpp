#pragma once
// What falls due in the register: licence expiries and outstanding obligations.
#include "lode/base/dates.hpp"
#include "lode/store/register.hpp"

#include <optional>
#include <string>

namespace lode {

// What falls due: the expiry of every licence still held, and every outstanding obligation
// (an obligation of a licence surrendered before it fell due is no longer owed).
struct DueItem {
    std::string due;                     // YYYY-MM-DD
    long days = 0;                       // from today; negative when overdue
    bool overdue = false;
    std::string project;
    std::string licence;
    std::string licence_no;
    std::string kind;                    // "expiry", or the obligation's kind
    std::string description;
    std::optional<double> amount;
    std::string currency;
    std::int64_t obligation = 0;         // the obligation's id; 0 for an expiry
};

struct DueOptions {
    Date today;
    std::optional<long> within_days;     // only items due by today + this (overdue ones always)
    std::optional<std::string> project;
};

// Most urgent first (by due date, then licence, then kind).
std::vector<DueItem> due_items(Store& store, const DueOptions& options);

} // namespace lode
