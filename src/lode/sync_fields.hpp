#pragma once
// What a sync does with fields added to a layer on one side (lode/sync.hpp), for sync.cpp: each
// is added on the other side before any value is carried, so that the features' values go with
// their other values. A field the server refuses the sync's login (a partner's may not alter the
// owner's tables: AccessRefused) is held back with its values: listed (the layer, the field, how
// many of the copy's features hold a value, and the owner's step), kept in the copy
// (CheckoutOrigin::held, table layer_fields: unit the layer, to the field), left out of the
// features pushed to the server and kept in the copy's features pulled from it; the rest of the
// sync goes on. Once the server has the field (its owner added it), the next sync compares every
// feature of the copy that holds a value of it as changed there, and so carries the values. A held
// field follows its layer: renamed in the copy (or from the server), it is held under the new name;
// dropped, it is held no more. A field added on both sides under one name with two types keeps the
// server's type: the copy's values are carried converted to it where every one converts exactly
// (exactly_as), else held back as a refused field is, the server's values left as they are.
#include "lode/sync.hpp"

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lode::sync_fields {

// A field both sides have, of one type in the copy and another on the server.
struct Clash {
    std::string layer;
    FieldDef in_field;
    FieldType on_server;
};

// The fields a layer has on one side only, by layer: those the server lacks, those the copy lacks;
// and those of one name and two types.
struct NewFields {
    std::vector<std::pair<std::string, FieldDef>> for_server, for_field;
    std::vector<Clash> clashes;
};

// The fields of the layers both sides have (skip: dropped, made again or held back) that one side
// lacks, or has with another type. A layer of the copy's with features that the server lacks
// cannot be carried: refused (InputError naming the copy, `name`).
NewFields new_fields(Store& field, Store& server, const std::string& name, const std::set<std::string>& skip);

// The copy's fields held back, by layer.
using Held = std::map<std::string, std::set<std::string>>;

// A value as a field of the type holds it, when that is the same value: an integer as a real (one
// that a double holds exactly), anything as text (a real in its shortest text that reads back as
// it), a text that is one number in decimal notation, nothing around it, as a real (whose
// shortest text is that number) or an integer (a whole number in range); NULL as NULL. Nothing
// else converts (nullopt): a real as an integer, anything as a date or commodity.
std::optional<Value> exactly_as(const Value& value, FieldType type);

// The fields of one name and two types whose values are converted, by layer and field.
struct Types {
    FieldType in_field, on_server;
};
using Converted = std::map<std::string, std::map<std::string, Types>>;

// The last sync's held fields (those of `held`; the rest returned as they are) under their
// layers' names in the copy now (now_named: a layer's name then → now); one whose layer or field
// the copy no longer has is held no more.
std::vector<HeldBack> follow(const std::vector<HeldBack>& held, Store& field, const std::function<std::string(const std::string&)>& now_named);

// The held fields (origin.held, followed) of the layers held back by this sync (held_layers, by
// their names in the copy): held back again (report, and returned), nothing of them tried.
Held hold_with_layers(Store& field, const CheckoutOrigin& origin, const std::set<std::string>& held_layers, SyncReport& report);

// The fields of one name and two types (fields.clashes): those whose every value in the copy
// converts exactly to the server's type returned; the others held back (held, report) with both
// types and a value that does not convert.
Converted convert_or_hold(Store& field, const NewFields& fields, const CheckoutOrigin& origin, Held& held, SyncReport& report);

// In the server's write transaction: adds fields.for_server on the server, each in a savepoint of
// its own; those the server refuses the login are held back (report.held and report.notes) and
// returned.
Held add_on_server(Store& server, Store& field, const NewFields& fields, const CheckoutOrigin& origin, SyncReport& report);

// A feature of the copy that holds a value of a field the last sync held back and the server has
// now, with the change that made the field (as the last sync held it back): compared as changed in
// the copy.
struct Released {
    std::string layer, id;
    FeatureChange change;
};
std::vector<Released> released(Store& field, Store& server, const CheckoutOrigin& origin, const Held& held);

// The copy's state of a feature as the server takes it (server: the server's state of it): a held
// field's value the server's (none when the server lacks the field); a converted field's value
// converted when the copy set it since the last sync (changes: its changes in the copy since; none:
// the copy's value converted, so that a change of the server's is seen), else the server's, so that
// no value the copy only received is pushed back changed.
void strip(std::optional<Feature>& state, const std::string& layer, const std::optional<Feature>& server,
           const std::vector<FeatureChange>& changes, const Held& held, const Converted& converted);

// The server's state of a feature, pulled into the copy, with the copy's values of the fields held
// back, and a converted field's value as the copy's type holds it where that is exact.
void keep_held(Store& field, const std::string& layer, const std::string& id, std::optional<Feature>& state, const Held& held,
               const Converted& converted);

} // namespace lode::sync_fields
