#pragma once
// Layers renamed or dropped since the last sync, for sync.cpp (lode/sync.hpp). Each side's history
// of layer_kinds says what became of the layers both had at the last sync (a rename: an update
// that changed the name; a drop: a delete) and which layers it made since. Renamed on one side, a
// layer is renamed on the other before any feature is compared (its history follows it there too);
// renamed on both to two names, it is a conflict. Dropped on one side and left alone on the other,
// it is dropped there: in the copy, the layer; on the server, the programme's features of it, and
// the layer itself when no other programme's features remain (else it stays, and the sync says
// so). Dropped on one side and edited on the other (its features of the programme changed, a field
// added, renamed) is a conflict (SyncConflict::row, table layer_kinds, named by its name at the
// last sync): the dropping side preferred, the drop is carried; the other preferred, the layer is
// made again on the dropping side with the other's kind and every feature of the programme in it.
// Nothing is lost either way: the features deleted are in that side's history, one entry each.
#include "lode/sync.hpp"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lode::sync_layers {

// What one side did to its layers since the last sync, from its history of layer_kinds.
struct Fates {
    std::map<std::string, std::string> renamed;   // a layer of the last sync → its name now
    std::map<std::string, SyncChange> dropped;    // a layer of the last sync → its drop
    std::map<std::string, SyncChange> changed;    // a layer of the last sync → its last change (rename, field added, drop)
    std::map<std::string, SyncChange> made;       // a layer made since, by its name now → its making
};

Fates field_fates(Store& field, const CheckoutOrigin& origin);
Fates server_fates(Store& server, const HistoryPosition& from);

// A layer made again on the side that dropped it: its kind, and the features of the programme
// in it on the other side.
struct Restore {
    LayerKind kind;
    SyncChange change;   // the edit that won over the drop
};

struct Rename {
    std::string from, to;
    SyncChange change;   // the rename on the other side
};

struct Plan {
    std::vector<Rename> rename_server, rename_field;
    std::vector<std::pair<std::string, SyncChange>> drop_server, drop_field;         // layer, its drop on the other side
    std::vector<Restore> restore_server, restore_field;
    // Layers not compared feature by feature (dropped, made again, or in an open conflict), by name
    // on each side; the field's layers the server lacks for them.
    std::set<std::string> skip;
};

// Plans the layers' part of the sync from both sides' fates; each conflict is appended to
// report.conflicts, resolved by choose(table, unit).
Plan plan(Store& field, Store& server, const Fates& in_field, const Fates& on_server, const CheckoutOrigin& origin,
          const HistoryPosition& server_from, const std::function<Prefer(const std::string& table, const std::string& unit)>& choose,
          SyncReport& report);

using NoteFn = std::function<void(const std::string& user, const std::string& note)>;

// The renames, before anything else is read (each in the side's open write transaction).
void rename_server(Store& server, const Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note);
void rename_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note);

// The drops and the layers made again: on the server from the copy, in the copy from the server.
void write_server(Store& server, Store& field, const Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note);
void write_field(Store& field, Store& server, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note);

// A layer of the copy's the server refused the login to make, held back (sync_shared::hold) with
// what the store's owner does.
void hold_layer(SyncReport& report, Store& server, const std::string& name, const SyncChange& made, const std::string& what,
                const std::string& refusal);

// Every feature of the programme in a layer of a store.
std::vector<Feature> programme_features(Store& store, const std::string& layer, const std::string& project);

} // namespace lode::sync_layers
