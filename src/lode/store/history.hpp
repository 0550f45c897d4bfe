#pragma once
// The change history: the backend records every insert, update and delete of a feature, project,
// partner (and the register's tables) in the store itself, edits made outside lode included (with
// QGIS, a database shell; attributed to "external"). The SpatiaLite backend does it with triggers.
// Times are UTC text, YYYY-MM-DDTHH:MM:SS.sssZ, which sorts as it reads.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lode {

// Who makes the changes of the next write transactions, why, and when.
struct ChangeContext {
    std::string user;   // empty: the login name, else "unknown"
    std::string note;
    std::string now;    // a fixed time for every change (see history_now); empty: the system clock
    // How long a write waits while another program holds the store's write lock, then fails
    // (an Error mentioning Setting::wait and the program holding the lock where the system says);
    // waiting, when set, is called once when the wait has lasted a second, with that program
    // ("sqlite3, process 4321, running since 2026-12-05 21:04 UTC") or empty when unknown.
    int wait_seconds = 60;
    std::function<void(const std::string& holder)> waiting = {};
};

// lode's clock for the history: fixed when given (a UTC date or date-time, so that a scripted
// sequence of changes can be dated; an InputError mentioning Setting::now when it is neither),
// else the system clock.
std::string history_now(const std::string& fixed = {});

// A UTC date or date-time (YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MM:SS, optionally with a
// trailing Z, a space allowed for the T) in the history's form. It means the first millisecond
// of the day, minute or second written (--since), or with `end` its last (--as-of 2025-03-01 is
// the state at the end of that day, --as-of 2025-03-01T14:05 after every change of 14:05).
// nullopt when text is none of these or not a calendar date and time.
std::optional<std::string> parse_history_time(std::string_view text, bool end);

// The login name of whoever runs lode (without a terminal, the account's name); empty when unknown.
std::string login_name();

struct HistoryEntry {
    std::int64_t id = 0;
    std::string at, user, action;   // action: insert, update or delete
    std::string table, key;         // the layer and the feature id, or e.g. projects and the project code
    std::string project;            // the project the row belongs to, when it belongs to one
    nlohmann::json old_values;      // update: the changed columns before; delete: the whole row; else null
    nlohmann::json new_values;      // update: the changed columns after; insert into a non-layer table: the row
    bool geometry_changed = false;  // insert, delete, or an update that moved the geometry
    std::string geometry_sha256;    // SHA-256 of the WKB the change left (insert, geometry update); else empty
    std::string note;
    std::optional<std::int64_t> import_id;   // the imports-log row of the import that made the change
    std::string import_source, import_sha256;
};

// A change of a feature as undoing it needs it (store/undo.hpp): a lean HistoryEntry.
struct FeatureChange {
    std::int64_t entry = 0;         // HistoryEntry::id: the order of the changes
    std::string layer, key, action, at, user;   // layer: the layer or table changed
    std::int64_t row = 0;           // the row's fid or number (an assay result's id)
    nlohmann::json old_values;      // as HistoryEntry::old_values
    std::optional<std::vector<unsigned char>> old_wkb;   // the geometry before (EPSG:4326 WKB), when the change moved it
};

// Which entries `lode history` lists; empty members select everything.
struct HistoryQuery {
    std::optional<std::string> table, key, project, since, user;
    std::optional<std::int64_t> import;   // the changes of this import (ImportRecord::id)
};

} // namespace lode
