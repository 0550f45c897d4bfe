#pragma once
// What a sync does with fields added to a layer on one side (lode/sync.hpp), for sync.cpp: each
// is added on the other side before any value is carried, so that the features' values go with
// their other values. A field the server refuses the sync's login (a partner's may not alter the
// owner's tables: AccessRefused) is held back with its values: listed (the layer, the field, how
// many of the copy's features hold a value, and the owner's step), kept in the copy
// (CheckoutOrigin::held, table layer_fields: unit the layer, to the field), left out of the
// features pushed to the server and kept in the copy's features pulled from it; the rest of the
// sync goes on. Once the server has the field (its owner added it), the next sync compares every
// feature of the copy that holds a value of it as changed there, and so carries the values.
#include "lode/sync.hpp"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lode::sync_fields {

// The fields a layer has on one side only, by layer: those the server lacks, those the copy lacks.
struct NewFields {
    std::vector<std::pair<std::string, FieldDef>> for_server, for_field;
};

// The fields of the layers both sides have (skip: dropped, made again or held back) that one side
// lacks. A field of one name and two types, or a layer of the copy's with features that the server
// lacks, cannot be carried: refused (InputError naming the copy, `name`).
NewFields new_fields(Store& field, Store& server, const std::string& name, const std::set<std::string>& skip);

// The copy's fields held back, by layer.
using Held = std::map<std::string, std::set<std::string>>;

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

// The copy's state of a feature without the values of the fields held back (what the server takes).
void strip(std::optional<Feature>& state, const std::string& layer, const Held& held);

// The server's state of a feature, pulled into the copy, with the copy's values of the fields held back.
void keep_held(Store& field, const std::string& layer, const std::string& id, std::optional<Feature>& state, const Held& held);

} // namespace lode::sync_fields
