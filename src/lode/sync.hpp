#pragma once
// Field copies that sync back: lode checkout makes a SpatiaLite copy of one programme of a store (a
// team's PostGIS server, usually), which is then a store like any other, worked on offline; lode
// sync pushes the copy's changes of features since the checkout and pulls the server's, in one
// transaction on each side. Both work through the Store interface only (with copy.hpp's copy), so
// they live in the umbrella beside it.
//
// What is compared is each feature's state now on both sides, for the features whose history on
// either side has an entry after the checkout's positions (Store::changes_after_position): a feature
// changed on one side only is carried to the other (insert, update or delete); changed on both to
// the same state, nothing is done; changed on both to different states, it is a conflict. So are
// the programme's other rows (sync_rows.hpp): the register's obligations, milestones and agreement
// terms, each sample's assay results, QC samples, and each hole's downhole surveys and intervals;
// and (sync_shared.hpp) layers made on one side, the programme's partnerships and interests, its
// licences' interests, reference materials' certified values (added, changed or deleted); and
// (sync_layers.hpp) layers renamed or dropped on one side. A field added to a layer on one side
// is added on the other before the values (sync_fields.hpp); a field of one name and two types
// keeps the server's type, the copy's values carried converted where each converts exactly. What
// the server refuses the sync's login (a partner's may make no layer, field, organisation or
// certified value) is held back, listed in SyncReport::notes and kept in the copy
// (CheckoutOrigin::held) for the next sync; so is a licence's interest of an organisation the server
// does not know, and a field of two types with a value that does not convert; the rest is carried
// (a field's values left out of the features pushed). A held field follows its layer's rename.
#include "lode/copy.hpp"
#include "lode/store/store.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// One side's last change of a feature since the checkout.
struct SyncChange {
    std::string action, user, at;   // action: insert, update or delete
};

// A change of the copy's that the server refused the sync's login (a partner's: SQLSTATE 42501,
// AccessRefused), the rest of the sync carried without it; kept in the copy and tried again by
// the next sync.
struct HeldBack {
    std::string table;   // layer_kinds (a layer made or renamed), layer_fields (a field added), project_partners, licence_partners, reference_materials
    std::string unit;    // the layer (its name at the last sync), or the row (sync_shared.hpp)
    std::string to;      // a layer renamed: its new name; a field added: its name
    SyncChange change;   // the copy's: insert (made, added), update (renamed, changed), delete
};

// Where a field copy came from, kept in the copy (Store::metadata "checkout").
struct CheckoutOrigin {
    std::string server;      // the store's location without its password (the user kept)
    std::string project;     // the programme copied
    std::string login;       // the database login it was read as (empty for a file)
    std::int64_t server_position = 0;   // the server's last history entry before the copy was read (then before the last sync read it)
    std::string server_pending;         // and what was not yet committed then (HistoryPosition::pending)
    std::int64_t field_position = 0;    // the copy's last history entry after the copy (then after the last sync)
    std::string checked_out_at, synced_at;   // history times; synced_at empty before the first sync
    std::int64_t syncs = 0;
    std::vector<HeldBack> held;         // what the last sync held back

    nlohmann::json to_json() const;
    static CheckoutOrigin from_json(const nlohmann::json& json);
};

// The origin of the field copy store, or InputError naming it when it is not a checkout.
CheckoutOrigin checkout_origin(Store& field, const std::string& name);

struct CheckoutReport {
    CopyReport copy;
    CheckoutOrigin origin;
};

// Copies the project of the store at `from` (what its login may read of it) into a new SpatiaLite
// file `file` (refused when something is there already, or when it is not a file location), and
// records there where it came from. The file appears whole or not at all; a reading the server
// refuses as conflicting (retry.hpp) is made again from the start.
CheckoutReport checkout(const StoreLocation& from, const std::string& project, const std::string& file,
                        const ChangeContext& context = {});

enum class Prefer { none, server, field };

// How conflicts are resolved: all one way, or feature by feature (by id, or LAYER/ID), which wins
// over `all`. A feature left at none is a conflict that refuses the sync.
struct SyncChoices {
    Prefer all = Prefer::none;
    std::map<std::string, Prefer> features;
};

struct SyncDifference {
    std::string field;   // an attribute, "project", "extra", or "geometry"
    // The value at checkout (empty: unknown, e.g. of the geometry; "(none)" for a feature new since),
    // the field copy's and the server's now ("(deleted)" for a feature deleted there).
    std::string checkout, in_field, in_server;
};

struct SyncConflict {
    std::string layer, id, project;   // of a row (row true): its table (obligations, assay_results, downhole ...) and name
    SyncChange field, server;
    std::vector<SyncDifference> differences;
    Prefer resolved = Prefer::none;   // none: not resolved (the sync was refused)
    bool row = false;                 // a row besides the features (sync_rows.hpp)
};

struct SyncCounts {
    std::int64_t inserted = 0, updated = 0, deleted = 0;
    std::int64_t total() const { return inserted + updated + deleted; }
};

struct SyncReport {
    CheckoutOrigin origin;     // as it is after the sync (before it, when refused)
    SyncCounts pushed, pulled; // features onto the server, into the copy (a conflict's winner included)
    std::map<std::string, SyncCounts> rows_pushed, rows_pulled;   // other rows, by table (as SyncConflict::layer)
    std::vector<SyncConflict> conflicts;
    // What the sync carried only in part, or held back, and why: one line each, naming the layer or
    // row and what would carry it (a layer dropped in the copy that other programmes' features keep
    // on the server; what the server refused the sync's login).
    std::vector<std::string> notes;
    std::vector<HeldBack> held;   // what this sync held back (also in notes, one line each)
    bool refused = false;      // conflicts without a choice: nothing was written anywhere
};

// Syncs the field copy at `field` with the store it was checked out from: reads both sides'
// changes since the checkout's positions; when every conflict has a choice, writes the server's
// side in one write transaction and the copy's in another, the server's committed first (a
// failure before it leaves both as they were; a sync repeated after the copy's commit failed finds
// the same states and only finishes it), and advances the copy's positions. The pushed changes are
// recorded on the server as made by their field users, with a note naming the copy; each conflict
// (of a feature or of another row: sync_rows.hpp)
// keeps both versions in the server's history: the losing version written there first (a note
// saying it lost), then the winning one. A choice for a feature not in conflict is refused
// (InputError), as a file that is not a checkout. The server's transaction sees one snapshot
// (Store::begin_snapshot_write): a row another writer changes after the sync read it is not
// written over; the server refuses the sync, which is then run again from its reading of both
// sides (with_retries), and finds that change (a conflict, when the copy changed the row too).
SyncReport sync_copy(const StoreLocation& field, const SyncChoices& choices, const ChangeContext& context = {});

} // namespace lode
