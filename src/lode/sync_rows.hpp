#pragma once
// The rows a sync carries besides features (lode/sync.hpp), for sync.cpp: the register's numbered
// rows (obligations, milestones, agreement terms), each sample's assay results, QC samples, and each
// hole's downhole surveys and intervals. A row's changes are found in the history as a feature's
// (Store::changes_after, changes_after_position), its state on each side read and compared whole;
// changed on one side it is carried to the other, on both to different states it is a conflict.
//
// A numbered row new on one side since the last sync (its first change there an insert) is not the
// other side's row of that number (each side numbers its own): pushed, it takes the server's next
// number, and the copy's row is renumbered to it; pulled, it keeps the server's number (a row of
// the copy's that had it is renumbered first).
#include "lode/store/register.hpp"
#include "lode/sync.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lode::sync_rows {

enum class Kind { obligations, milestones, terms, qc_samples, assay_results, downhole };

// The records of one row on one side: one obligation, milestone or term; a sample's results; a QC
// sample; a hole's surveys and intervals. Empty: none there.
struct Rows {
    std::vector<Obligation> obligations;
    std::vector<Milestone> milestones;
    std::vector<AgreementTerm> terms;
    std::vector<QcSample> qc;
    std::vector<AssayRecord> results;
    std::vector<SurveyRecord> surveys;
    std::vector<IntervalRecord> intervals;
    bool empty() const;
};

struct Move {
    Kind kind;
    std::string unit;    // the row: its number, a sample's id, LAYER/ID of a QC sample, a hole's id
    SyncChange change;   // the last change on the side it comes from
    Rows state;          // what it is there (empty: deleted)
    bool fresh = false;  // numbered, and new on the side it comes from
    std::int64_t number = 0;   // a fresh push: the number the server gave it
    // A fresh push the server holds already as a fresh row of its own, alike (a sync whose copy's
    // commit failed after the server's, or the same row entered on both sides): not written again,
    // only renumbered in the copy to the server's row's number.
    bool matched = false;
};

struct Conflict {
    std::size_t index = 0;   // in SyncReport::conflicts
    Kind kind;
    std::string unit;
    Rows in_field, in_server;
};

struct Plan {
    std::vector<Move> pushes, pulls;
    std::vector<Conflict> conflicts;
};

// Who a write on the server is recorded as, and why (sync.cpp sets the store's change context).
using NoteFn = std::function<void(const std::string& user, const std::string& note)>;

// The last of a row's changes (action, who, when); empty for none.
SyncChange last_change(const std::vector<FeatureChange>& changes);

// The fields in which two states of a row differ (each a map of field to text; an empty map: the
// row is not there, "(deleted)"), with each one's value at the checkout: "(none)" for a row the
// copy inserted; else, when with_checkout, the old value of the copy's first change that records
// the field (its value now when none does); else unknown (empty).
std::vector<SyncDifference> differences(const std::map<std::string, std::string>& in_field, const std::map<std::string, std::string>& in_server,
                                        const std::vector<FeatureChange>& field_changes, bool with_checkout);

// Reads both sides' changes of rows since the positions and plans the sync's part of them; each
// conflict is appended to report.conflicts (SyncConflict::row), resolved by choose(table, unit).
Plan plan(Store& field, Store& server, const CheckoutOrigin& origin, const HistoryPosition& server_from,
          const std::function<Prefer(const std::string& table, const std::string& unit)>& choose, SyncReport& report);

// In the server's write transaction: the pushes (after the features' pushes), then each resolved
// conflict, the losing version first (a server preferred: the field copy's, then the server's back;
// a field copy preferred: the field copy's over the server's). Adds the conflicts the server won to
// plan.pulls, and notes the numbers the server gave to the copy's new rows.
void write_server(Store& server, Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note);

// In the copy's write transaction, after the features' pulls: the copy's new rows renumbered as the
// server numbered them, and the pulls.
void write_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note);

} // namespace lode::sync_rows
