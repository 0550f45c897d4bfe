// lode sync's layers, partnerships, interests and certified values (lode/sync_shared.hpp).
#include "lode/sync_shared.hpp"

#include "lode/assay/units.hpp"
#include "lode/base/value.hpp"
#include "lode/store/access.hpp"
#include "lode/sync_rows.hpp"

#include <algorithm>
#include <map>

namespace lode::sync_shared {

namespace {

using Changes = std::map<std::string, std::vector<FeatureChange>>;   // by unit (the history's key), oldest first

template <typename Read>
Changes by_key(const Read& read)
{
    Changes out;
    for (auto& c : read())
        out[c.key].push_back(std::move(c));
    return out;
}

bool has_layer(Store& store, const std::string& name)
{
    return std::any_of(store.layer_kinds().begin(), store.layer_kinds().end(), [&](const LayerKind& k) { return k.name == name; });
}

// The tables, in the order written: the partnerships before the licences' interests, which name
// their organisations.
constexpr const char* tables[] = {"project_partners", "licence_partners", "reference_materials"};

std::string number_text(double v) { return to_text(Value(v)); }

// A row's state as compared and listed: its fields by name, as text (empty: none).
std::map<std::string, std::string> view(const Row& row)
{
    if (row.interest) {
        const Interest& i = *row.interest;
        return {{"organisation", i.organisation}, {"country", i.country}, {"role", i.role},
                {"interest_pct", i.pct ? number_text(*i.pct) : ""}, {"source", i.source}};
    }
    if (row.reference) {
        const ReferenceValue& r = *row.reference;
        return {{"unit", to_string(r.unit)}, {"value", number_text(r.value)}, {"sd", number_text(r.sd)}, {"source", r.source}};
    }
    return {};
}

// The rows of a table on one side, by unit: the programme's partnerships, its licences' interests
// (the copy holds only its programme's licences; on the server, those of a licence of the
// programme), every certified value.
std::map<std::string, Row> rows_of(Store& store, const std::string& table, const std::string& project, bool server)
{
    std::map<std::string, Row> out;
    if (table == "project_partners") {
        for (auto& i : store.the_register().project_interests(project))
            out[i.scope + "/" + i.organisation + "/" + i.role] = Row{table, i.scope + "/" + i.organisation + "/" + i.role, i, {}, {}};
    } else if (table == "licence_partners") {
        for (auto& i : store.the_register().licence_interests(std::nullopt)) {
            if (server) {
                const auto licence = store.find_feature(licences_layer, i.scope);
                if (!licence || licence->project != project)
                    continue;
            }
            out[i.scope + "/" + i.organisation] = Row{table, i.scope + "/" + i.organisation, i, {}, {}};
        }
    } else {
        for (auto& r : store.reference_values())
            out[r.name + "/" + r.analyte] = Row{table, r.name + "/" + r.analyte, {}, r, {}};
    }
    return out;
}

// A row as it is on a side: none when deleted there (a Row of neither interest nor certified value).
std::optional<Row> present(const Row& row)
{
    if (!row.interest && !row.reference)
        return std::nullopt;
    return row;
}

Row absent(const std::string& table, const std::string& unit) { return Row{table, unit, {}, {}, {}}; }

// Writes a row's state into a store: a partnership added (the organisation too when new) and its
// interest set; a licence's interest set (added or replaced); a certified value added, or removed
// and written again when changed in place; a row deleted (the state of neither) removed. A state
// the store has already writes nothing; false then.
bool put(Store& store, const Row& row, const std::optional<Row>& now)
{
    if (now ? view(*now) == view(row) : !present(row))
        return false;
    Register& reg = store.the_register();
    if (!present(row)) {
        if (row.table == "reference_materials")
            store.delete_reference_value(now->reference->name, now->reference->analyte);
        else
            reg.remove_interest(*now->interest, row.table == "licence_partners");
    } else if (row.table == "project_partners") {
        const Interest& i = *row.interest;
        if (!now)
            store.add_partnership(Partnership{i.scope, i.organisation, i.country, i.role, i.source});
        if (i.pct)
            reg.set_project_interest(i);
    } else if (row.table == "licence_partners") {
        reg.set_licence_interest(*row.interest);
    } else {
        if (now)
            store.delete_reference_value(now->reference->name, now->reference->analyte);   // changed in place
        store.write_reference_values({*row.reference});
    }
    return true;
}

// A row held back, named for a line of its own, and what the store's owner does to carry it.
std::string what_row(const Row& row)
{
    if (row.table == "reference_materials")
        return "certified value " + row.unit;
    return (row.table == "project_partners" ? "partnership " : "licence interest ") + row.unit;
}

std::string remedy_row(const Row& row)
{
    if (row.table == "reference_materials") {
        if (!row.reference)
            return "the store's owner removes it on the server";
        const ReferenceValue& r = *row.reference;
        return "the store's owner adds it (lode crm add " + r.name + " --analyte " + r.analyte + "_" + to_string(r.unit) + " --value " +
               number_text(r.value) + " --sd " + number_text(r.sd) + ")";
    }
    if (row.table == "project_partners" && row.interest)
        return "the store's owner adds the organisation (lode partner add '" + row.interest->organisation + "' --project " +
               row.interest->scope + " --role " + row.interest->role + ")";
    return "the store's owner makes the change on the server";
}

std::optional<Row> find(const std::map<std::string, Row>& rows, const std::string& unit)
{
    const auto it = rows.find(unit);
    if (it == rows.end())
        return std::nullopt;
    return it->second;
}

// A licence's interest whose organisation the server does not know (its partnership held back just
// before, or one the login may not see): set_licence_interest would refuse it. The owner's step
// then adds the organisation as a partner of the programme in the interest's role.
bool unknown_organisation(Store& server, const Row& row)
{
    if (row.table != "licence_partners" || !row.interest)
        return false;
    const auto known = server.partnerships(std::nullopt);
    return std::none_of(known.begin(), known.end(), [&](const Partnership& p) { return p.organisation == row.interest->organisation; });
}

// Holds back a licence's interest of an organisation the server does not know.
void hold_unknown(SyncReport& report, const Row& row, const SyncChange& change)
{
    const Interest& i = *row.interest;
    const Row partnership{"project_partners", "", Interest{report.origin.project, i.organisation, i.country, i.role, {}, {}}, {}, {}};
    note_held(report, HeldBack{row.table, row.unit, {}, change}, what_row(row), "the server does not know the organisation " + i.organisation,
              remedy_row(partnership));
}

void count(SyncCounts& counts, const Row& row, const std::optional<Row>& now)
{
    ++(!present(row) ? counts.deleted : now ? counts.updated : counts.inserted);
}

} // namespace

void note_held(SyncReport& report, const HeldBack& held, const std::string& what, const std::string& why, const std::string& remedy)
{
    report.held.push_back(held);
    report.notes.push_back("held back: " + what + " (" + held.change.action + " in the field copy by " + held.change.user + " at " +
                           held.change.at + "): " + why + "; " + remedy + ", and the next sync carries it");
}

bool try_on_server(Store& server, const std::function<void()>& write, std::string& refusal)
{
    auto savepoint = server.begin_write();
    try {
        write();
    } catch (const AccessRefused& e) {
        refusal = e.reason();
        return false;   // the savepoint rolled back
    }
    savepoint->commit();
    return true;
}

void hold(SyncReport& report, Store& server, const HeldBack& held, const std::string& what, const std::string& refusal,
          const std::string& remedy)
{
    const std::string login = server.login().empty() ? std::string("the sync's login") : "login " + server.login();
    note_held(report, held, what, "the server refused " + login + " (" + refusal + ")", remedy);
}

NewLayers new_layers(Store& field, Store& server, const std::map<std::string, SyncChange>& made_in_field,
                     const std::map<std::string, SyncChange>& made_on_server)
{
    NewLayers out;
    for (const auto& kind : field.layer_kinds())
        if (made_in_field.count(kind.name) && !has_layer(server, kind.name)) {
            out.for_server.push_back(kind);
            out.made_in_field.push_back(made_in_field.at(kind.name));
        }
    for (const auto& kind : server.layer_kinds())
        if (made_on_server.count(kind.name) && !has_layer(field, kind.name)) {
            out.for_field.push_back(kind);
            out.field_lacks.insert(kind.name);
        }
    return out;
}

Plan plan(Store& field, Store& server, const CheckoutOrigin& origin, const HistoryPosition& server_from,
          const std::function<Prefer(const std::string& table, const std::string& unit)>& choose, SyncReport& report)
{
    Plan out;
    for (const char* table : tables) {
        Changes in_field = by_key([&] { return field.changes_after(table, origin.field_position); });
        for (const auto& h : origin.held)
            if (h.table == table) {
                FeatureChange held;
                held.layer = table;
                held.key = h.unit;
                held.action = h.change.action;
                held.user = h.change.user;
                held.at = h.change.at;
                auto& changes = in_field[h.unit];
                changes.insert(changes.begin(), held);
            }
        const Changes on_server = by_key([&] { return server.changes_after_position(table, server_from); });
        if (in_field.empty() && on_server.empty())
            continue;
        const auto field_rows = rows_of(field, table, origin.project, false);
        const auto server_rows = rows_of(server, table, origin.project, true);
        std::set<std::string> units;
        for (const auto& [unit, changes] : in_field)
            units.insert(unit);
        for (const auto& [unit, changes] : on_server)
            units.insert(unit);
        for (const auto& unit : units) {
            const auto f = find(field_rows, unit), s = find(server_rows, unit);
            if (!f && !s)
                continue;   // not of the programme, or deleted on both sides
            const auto f_view = f ? view(*f) : std::map<std::string, std::string>{};
            const auto s_view = s ? view(*s) : std::map<std::string, std::string>{};
            if (f_view == s_view)
                continue;
            const auto f_at = in_field.find(unit);
            const auto s_at = on_server.find(unit);
            const SyncChange f_change = f_at == in_field.end() ? SyncChange{} : sync_rows::last_change(f_at->second);
            const SyncChange s_change = s_at == on_server.end() ? SyncChange{} : sync_rows::last_change(s_at->second);
            // One side changed it (a deletion too): carried to the other.
            if (s_at == on_server.end() || f_at == in_field.end()) {
                const bool from_field = s_at == on_server.end();
                auto& moves = from_field ? out.pushes : out.pulls;
                moves.push_back((from_field ? f : s).value_or(absent(table, unit)));
                moves.back().change = from_field ? f_change : s_change;
                continue;
            }
            // Changed on both sides (deleted on one, maybe): a conflict.
            SyncConflict c;
            c.layer = table;
            c.id = unit;
            c.project = origin.project;
            c.field = f_change;
            c.server = s_change;
            c.row = true;
            c.differences = sync_rows::differences(f_view, s_view, f_at->second, true);
            c.resolved = choose(table, unit);
            out.conflicts.push_back({report.conflicts.size(), f.value_or(absent(table, unit)), s.value_or(absent(table, unit))});
            report.conflicts.push_back(std::move(c));
        }
    }
    // The tables' order kept (the partnerships first), whatever a conflict's.
    auto order = [](const Row& r) { return std::find_if(std::begin(tables), std::end(tables), [&](const char* t) { return r.table == t; }) - std::begin(tables); };
    auto by_table = [&](const Row& a, const Row& b) { return order(a) < order(b); };
    std::stable_sort(out.pushes.begin(), out.pushes.end(), by_table);
    std::stable_sort(out.pulls.begin(), out.pulls.end(), by_table);
    return out;
}

void write_server(Store& server, Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note)
{
    std::map<std::string, std::map<std::string, Row>> now;   // the server's rows, by table, read once
    auto server_row = [&](const Row& row) {
        auto at = now.find(row.table);
        if (at == now.end())
            at = now.emplace(row.table, rows_of(server, row.table, report.origin.project, true)).first;
        return find(at->second, row.unit);
    };
    for (const auto& push : plan.pushes) {
        note(push.change.user, "lode sync from the field copy " + copy_name + ": " + push.change.action + " there at " + push.change.at);
        const auto there = server_row(push);
        if (unknown_organisation(server, push)) {
            hold_unknown(report, push, push.change);
            continue;
        }
        bool written = false;
        std::string refusal;
        if (try_on_server(server, [&] { written = put(server, push, there); }, refusal)) {
            if (written)
                count(report.rows_pushed[push.table], push, there);
        } else {
            hold(report, server, HeldBack{push.table, push.unit, {}, push.change}, what_row(push), refusal, remedy_row(push));
        }
    }
    for (const auto& c : plan.conflicts) {
        const SyncConflict& conflict = report.conflicts[c.index];
        const std::string field_side = conflict.field.action + " in the field copy " + copy_name + " by " + conflict.field.user + " at " +
                                       conflict.field.at;
        const std::string server_side = conflict.server.action + " on the server by " + conflict.server.user + " at " + conflict.server.at;
        if (conflict.resolved == Prefer::server) {
            // Both versions in the server's history: the copy's written, then the server's back.
            note(conflict.field.user, "lode sync conflict: the field copy's version (" + field_side + "), lost to the server's (--prefer server)");
            if (put(server, c.in_field, present(c.in_server))) {
                note({}, "lode sync conflict: the server's version (" + server_side + ") kept over the field copy's");
                put(server, c.in_server, present(c.in_field));
            }
            plan.pulls.push_back(c.in_server);
            plan.pulls.back().change = conflict.server;
        } else {
            note(conflict.field.user,
                 "lode sync conflict: the field copy's version (" + field_side + ") kept over the server's (" + server_side + ")");
            bool written = false;
            std::string refusal;
            if (unknown_organisation(server, c.in_field))
                hold_unknown(report, c.in_field, conflict.field);
            else if (!try_on_server(server, [&] { written = put(server, c.in_field, present(c.in_server)); }, refusal))
                hold(report, server, HeldBack{c.in_field.table, c.in_field.unit, {}, conflict.field}, what_row(c.in_field), refusal,
                     remedy_row(c.in_field));
            else if (written)
                count(report.rows_pushed[c.in_field.table], c.in_field, present(c.in_server));
        }
    }
}

void write_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note)
{
    std::map<std::string, std::map<std::string, Row>> now;
    for (const auto& pull : plan.pulls) {
        auto at = now.find(pull.table);
        if (at == now.end())
            at = now.emplace(pull.table, rows_of(field, pull.table, report.origin.project, false)).first;
        const auto there = find(at->second, pull.unit);
        note(pull.change.user, "lode sync from " + server_name + ": " + pull.change.action + " there at " + pull.change.at);
        if (put(field, pull, there))
            count(report.rows_pulled[pull.table], pull, there);
    }
}

} // namespace lode::sync_shared
