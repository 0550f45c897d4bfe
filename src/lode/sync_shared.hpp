#pragma once
// What a sync carries besides features and the rows of sync_rows.hpp (lode/sync.hpp), for sync.cpp:
// layers made on one side since the last sync (made on the other with their kind, before their
// features are carried as any layer's), the programme's partnerships with their interests, its
// licences' interests, and reference materials' certified values. Their changes are found in the
// history (the layer_kinds, project_partners, licence_partners and reference_materials tables),
// each row's state read on both sides and compared whole, as sync_rows does: changed on one side,
// it is carried to the other; on both to different states, a conflict (SyncConflict::row, the
// table its layer; deleted on one side and changed on the other, too). Carried: a layer made (one
// renamed or dropped: sync_layers.hpp), a partner added to the programme or removed from it, an
// interest set, changed or removed, a certified value added, changed in place (removed and written
// again) or removed.
#include "lode/assay/qc.hpp"
#include "lode/store/register.hpp"
#include "lode/sync.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lode::sync_shared {

// The layers one side made since the last sync that the other lacks.
struct NewLayers {
    std::vector<LayerKind> for_server, for_field;
    std::vector<SyncChange> made_in_field;   // for_server's making in the copy (who, when), one each
    std::set<std::string> field_lacks;   // the names of for_field (the copy's reads skip them)
};

// The layers made on one side since the last sync (sync_layers::Fates::made, by their names now)
// that the other lacks.
NewLayers new_layers(Store& field, Store& server, const std::map<std::string, SyncChange>& made_in_field,
                     const std::map<std::string, SyncChange>& made_on_server);

// One row: a partnership (with its interest), a licence's interest, or a certified value.
struct Row {
    std::string table;   // project_partners, licence_partners, reference_materials
    std::string unit;    // the history's key: PROJECT/ORGANISATION/ROLE, LICENCE/ORGANISATION, NAME/ANALYTE
    std::optional<Interest> interest;          // of project_partners and licence_partners
    std::optional<ReferenceValue> reference;   // of reference_materials
    SyncChange change;                         // the last change on the side it comes from
};

struct Conflict {
    std::size_t index = 0;   // in SyncReport::conflicts
    Row in_field, in_server;
};

struct Plan {
    std::vector<Row> pushes, pulls;
    std::vector<Conflict> conflicts;
};

// Reads both sides' changes of these rows since the positions and plans their part of the sync
// (a row the last sync held back, origin.held, as changed in the copy); each conflict is appended
// to report.conflicts, resolved by choose(table, unit).
Plan plan(Store& field, Store& server, const CheckoutOrigin& origin, const HistoryPosition& server_from,
          const std::function<Prefer(const std::string& table, const std::string& unit)>& choose, SyncReport& report);

using NoteFn = std::function<void(const std::string& user, const std::string& note)>;

// Runs a write of the server's in a savepoint of its own (a nested write transaction): true when
// done; false when the server refused the sync's login (AccessRefused: a partner's login may not
// make a layer, nor add an organisation or a certified value), with the server's transaction as
// it was before and the server's reason in refusal.
bool try_on_server(Store& server, const std::function<void()>& write, std::string& refusal);

// Notes a change held back: in report.held (kept in the copy for the next sync), and one line of
// report.notes naming it (what), why, and what carries it (remedy).
void note_held(SyncReport& report, const HeldBack& held, const std::string& what, const std::string& why, const std::string& remedy);

// Notes a change held back: in report.held (kept in the copy for the next sync), and one line of
// report.notes naming it (what), the login, the server's refusal and what the store's owner does (remedy).
void hold(SyncReport& report, Store& server, const HeldBack& held, const std::string& what, const std::string& refusal,
          const std::string& remedy);

// In the server's write transaction: the pushes, then each resolved conflict's winner (the
// losing version, the server's, is in its history already; the field copy's is written first when
// the server's wins, as sync_rows does). Adds the conflicts the server won to plan.pulls. A push
// or a copy's winner the server refuses the login is held back (hold), the rest written; so is a
// licence's interest whose organisation the server does not know (its partnership held back, say).
void write_server(Store& server, Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note);

// In the copy's write transaction: the pulls.
void write_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note);

} // namespace lode::sync_shared
