// lode sync's rows besides features (lode/sync_rows.hpp): the register's numbered rows, assay
// results by sample, QC samples, downhole data by hole.
#include "lode/sync_rows.hpp"

#include "lode/base/value.hpp"

#include <algorithm>
#include <set>
#include <tuple>

namespace lode::sync_rows {

namespace {

struct KindInfo {
    Kind kind;
    const char* name;                     // the table as a conflict names it
    std::vector<const char*> tables;      // the history tables that record its changes
    bool numbered;
};

const std::vector<KindInfo>& kinds()
{
    // In the order written: QC samples before the results they may hold.
    static const std::vector<KindInfo> all = {
        {Kind::obligations, "obligations", {"obligations"}, true},
        {Kind::milestones, "milestones", {"milestones"}, true},
        {Kind::terms, "agreement_terms", {"agreement_terms"}, true},
        {Kind::qc_samples, "qc_samples", {"qc_samples"}, false},
        {Kind::assay_results, "assay_results", {"assay_results"}, false},
        {Kind::downhole, "downhole", {"drill_surveys", "drill_intervals"}, false}};
    return all;
}

const KindInfo& info(Kind kind)
{
    for (const auto& k : kinds())
        if (k.kind == kind)
            return k;
    return kinds().front();
}

// The row a history key names: a result's SAMPLE/ANALYTE its sample, a survey's HOLE/DEPTH and an
// interval's HOLE/TABLE/FROM their hole; else the key (a number, LAYER/ID of a QC sample).
std::string unit_of(const std::string& table, const std::string& key)
{
    int strip = table == "assay_results" || table == "drill_surveys" ? 1 : table == "drill_intervals" ? 2 : 0;
    std::string unit = key;
    while (strip-- > 0) {
        const auto slash = unit.rfind('/');
        if (slash == std::string::npos)
            break;
        unit.erase(slash);
    }
    return unit;
}

std::int64_t number_of(const std::string& unit)
{
    try {
        return std::stoll(unit);
    } catch (const std::exception&) {
        return 0;
    }
}

std::string number_text(double v) { return to_text(Value(v)); }

Rows read(Store& store, Kind kind, const std::string& unit)
{
    Rows rows;
    Register& reg = store.the_register();
    const std::int64_t number = number_of(unit);
    switch (kind) {
    case Kind::obligations:
        if (auto o = reg.find_obligation(number))
            rows.obligations.push_back(*o);
        break;
    case Kind::milestones:
        for (const auto& m : reg.milestones(std::nullopt))
            if (m.id == number)
                rows.milestones.push_back(m);
        break;
    case Kind::terms:
        for (const auto& t : reg.terms(std::nullopt))
            if (t.id == number)
                rows.terms.push_back(t);
        break;
    case Kind::qc_samples: {
        const auto slash = unit.find('/');
        const std::string layer = unit.substr(0, slash), id = slash == std::string::npos ? "" : unit.substr(slash + 1);
        if (std::any_of(store.layer_kinds().begin(), store.layer_kinds().end(), [&](const LayerKind& k) { return k.name == layer; }))
            for (const auto& q : store.qc_samples(layer))
                if (q.id == id)
                    rows.qc.push_back(q);
        break;
    }
    case Kind::assay_results:
        for (const auto& layer : store.layer_kinds()) {
            AssayQuery query;
            query.layer = layer.name;
            query.sample = unit;
            store.read_assays(query, [&](const AssayRecord& r) {
                rows.results.push_back(r);
                return true;
            });
        }
        break;
    case Kind::downhole:
        rows.surveys = store.surveys({unit});
        rows.intervals = store.intervals({unit});
        break;
    }
    return rows;
}

// The programme a row is of in a store (empty: none found).
std::string project_of(Store& store, Kind kind, const Rows& rows)
{
    auto of_feature = [&](const std::string& layer, const std::string& id) -> std::string {
        if (!std::any_of(store.layer_kinds().begin(), store.layer_kinds().end(), [&](const LayerKind& k) { return k.name == layer; }))
            return {};
        if (auto f = store.find_feature(layer, id))
            return f->project;
        for (const auto& q : store.qc_samples(layer))
            if (q.id == id)
                return q.project;
        return {};
    };
    switch (kind) {
    case Kind::obligations: return rows.obligations.empty() ? "" : of_feature(licences_layer, rows.obligations[0].licence);
    case Kind::milestones: return rows.milestones.empty() ? "" : rows.milestones[0].project;
    case Kind::terms: return rows.terms.empty() ? "" : rows.terms[0].project;
    case Kind::qc_samples: return rows.qc.empty() ? "" : rows.qc[0].project;
    case Kind::assay_results: return rows.results.empty() ? "" : of_feature(rows.results[0].layer, rows.results[0].sample);
    case Kind::downhole:
        if (!rows.surveys.empty())
            return of_feature("drillholes", rows.surveys[0].hole);
        return rows.intervals.empty() ? "" : of_feature("drillholes", rows.intervals[0].hole);
    }
    return {};
}

// A result as compared: what it is of, its text, and where it came from.
std::string signature(const AssayRecord& r)
{
    return r.layer + '\x1f' + r.sample + '\x1f' + r.analyte + '\x1f' + to_string(r.unit) + '\x1f' + r.result.text + '\x1f' + r.method +
           '\x1f' + r.lab + '\x1f' + r.batch + '\x1f' + r.assayed_on;
}

// A row's state as compared and listed: its fields by name, as text.
std::map<std::string, std::string> view(const Rows& rows)
{
    std::map<std::string, std::string> v;
    for (const auto& o : rows.obligations)
        v = {{"licence", o.licence}, {"kind", o.kind}, {"description", o.description}, {"due", o.due},
             {"amount", o.amount ? number_text(*o.amount) : ""}, {"currency", o.currency}, {"done", o.done},
             {"every_months", o.every_months ? std::to_string(*o.every_months) : ""}, {"note", o.note},
             {"anchor_day", std::to_string(o.anchor_day)}};
    for (const auto& m : rows.milestones)
        v = {{"project", m.project}, {"date", m.date},       {"phase", m.phase},     {"title", m.title},
             {"status", m.status},   {"document", m.document}, {"source", m.source}};
    for (const auto& t : rows.terms)
        v = {{"project", t.project}, {"organisation", t.organisation}, {"kind", t.kind}, {"text", t.text},
             {"starts", t.starts},   {"ends", t.ends}, {"document", t.document}, {"source", t.source}};
    for (const auto& q : rows.qc)
        v = {{"project", q.project}, {"qc_type", to_string(q.type)}, {"original", q.original}, {"crm", q.crm}};
    // Results: by analyte and unit, a repeat numbered (Cu (pct) #2), each its text and where it came from.
    std::vector<std::pair<std::string, std::string>> results;
    for (const auto& r : rows.results) {
        std::string from;
        for (const auto* part : {&r.method, &r.lab, &r.batch, &r.assayed_on})
            if (!part->empty())
                from += (from.empty() ? "" : ", ") + *part;
        results.emplace_back(r.analyte + " (" + to_string(r.unit) + ")", r.result.text + (from.empty() ? "" : " [" + from + "]"));
    }
    std::sort(results.begin(), results.end());
    std::map<std::string, int> seen;
    for (const auto& [name, text] : results) {
        const int n = ++seen[name];
        v[n == 1 ? name : name + " #" + std::to_string(n)] = text;
    }
    for (const auto& s : rows.surveys)
        v["survey at " + number_text(s.depth) + " m"] = "azimuth " + number_text(s.azimuth) + ", dip " + number_text(s.dip) +
                                                        (s.method.empty() ? "" : ", " + s.method) +
                                                        (s.surveyed_on.empty() ? "" : ", " + s.surveyed_on);
    for (const auto& i : rows.intervals)
        v[i.table + " " + number_text(i.from) + "-" + number_text(i.to) + " m"] = i.fields.dump();
    return v;
}

// A numbered row replaced: the rows now removed, the state's added with `number` (0: the next);
// the number written.
template <typename Row, typename Remove, typename Add>
std::int64_t replace_numbered(const std::vector<Row>& now, const std::vector<Row>& state, std::int64_t number, const Remove& remove,
                              const Add& add)
{
    for (const auto& row : now)
        remove(row.id);
    std::int64_t written = 0;
    for (auto row : state) {
        row.id = number;
        written = add(row);
    }
    return written;
}

// Writes state over what `now` is in store (both one row's records): a numbered row removed and
// added again with number `number` (0: the store's next), the others' records replaced. Returns
// the number written (numbered rows).
std::int64_t write(Store& store, Kind kind, const std::string& unit, const Rows& now, const Rows& state, std::int64_t number,
                   SyncCounts& counts)
{
    if (now.empty() && state.empty())
        return 0;
    ++(now.empty() ? counts.inserted : state.empty() ? counts.deleted : counts.updated);
    Register& reg = store.the_register();
    std::int64_t written = 0;
    switch (kind) {
    case Kind::obligations:
        written = replace_numbered(now.obligations, state.obligations, number, [&](std::int64_t id) { reg.remove_obligation(id); },
                                   [&](const Obligation& o) { return reg.add_obligation(o); });
        break;
    case Kind::milestones:
        written = replace_numbered(now.milestones, state.milestones, number, [&](std::int64_t id) { reg.remove_milestone(id); },
                                   [&](const Milestone& m) { return reg.add_milestone(m); });
        break;
    case Kind::terms:
        written = replace_numbered(now.terms, state.terms, number, [&](std::int64_t id) { reg.remove_term(id); },
                                   [&](const AgreementTerm& t) { return reg.add_term(t); });
        break;
    case Kind::qc_samples: {
        for (const auto& q : now.qc)
            store.delete_qc_samples(q.layer, {q.id});
        std::vector<QcSample> qc = state.qc;
        for (auto& q : qc)
            q.import = 0;   // the other store's imports log numbers its imports its own way
        store.write_qc_samples(qc);
        break;
    }
    case Kind::assay_results: {
        // Only the results that differ: those the store has and the state lacks go, those the state
        // has and the store lacks come (the others keep their numbers and imports).
        std::multiset<std::string> wanted;
        for (const auto& r : state.results)
            wanted.insert(signature(r));
        std::vector<std::int64_t> ids;
        for (const auto& r : now.results) {
            const auto it = wanted.find(signature(r));
            if (it == wanted.end())
                ids.push_back(r.id);
            else
                wanted.erase(it);
        }
        if (!ids.empty())
            store.delete_assays(ids);
        std::vector<AssayRecord> results;
        for (const auto& r : state.results) {
            const auto it = wanted.find(signature(r));
            if (it == wanted.end())
                continue;
            wanted.erase(it);
            results.push_back(r);
            results.back().id = results.back().import = 0;
        }
        if (!results.empty())
            store.write_assays(results);
        break;
    }
    case Kind::downhole:
        store.delete_downhole({unit});
        store.add_surveys(state.surveys);
        store.add_intervals(state.intervals);
        break;
    }
    return written;
}

using Changes = std::map<std::string, std::vector<FeatureChange>>;   // by unit, oldest first

template <typename Read>
Changes changes_of(const KindInfo& k, const Read& read)
{
    Changes out;
    for (const char* table : k.tables)
        for (auto& c : read(table))
            out[unit_of(table, c.key)].push_back(std::move(c));
    for (auto& [unit, list] : out)   // the tables' changes of one hole in the order made
        std::stable_sort(list.begin(), list.end(), [](const FeatureChange& a, const FeatureChange& b) { return a.entry < b.entry; });
    return out;
}

} // namespace

SyncChange last_change(const std::vector<FeatureChange>& changes)
{
    if (changes.empty())
        return {};
    return {changes.back().action, changes.back().user, changes.back().at};
}

std::vector<SyncDifference> differences(const std::map<std::string, std::string>& f_view, const std::map<std::string, std::string>& s_view,
                                        const std::vector<FeatureChange>& f_changes, bool with_checkout)
{
    std::vector<SyncDifference> out;
    std::set<std::string> names;
    for (const auto& [name, value] : f_view)
        names.insert(name);
    for (const auto& [name, value] : s_view)
        names.insert(name);
    for (const auto& name : names) {
        const auto a = f_view.find(name), b = s_view.find(name);
        const std::string va = a == f_view.end() ? "" : a->second, vb = b == s_view.end() ? "" : b->second;
        if (va == vb && !f_view.empty() && !s_view.empty())
            continue;
        // The old value of the copy's first change that records it; else the copy's now, which no change then touched.
        std::string then = !f_changes.empty() && f_changes.front().action == "insert" ? "(none)" : "";
        if (then.empty() && with_checkout) {
            then = va;
            for (const auto& change : f_changes)
                if (change.old_values.is_object() && change.old_values.contains(name)) {
                    const auto& old = change.old_values.at(name);
                    then = old.is_null() ? "" : old.is_string() ? old.get<std::string>() : old.is_number() ? number_text(old.get<double>()) : old.dump();
                    break;
                }
        }
        out.push_back({name, then, f_view.empty() ? "(deleted)" : va, s_view.empty() ? "(deleted)" : vb});
    }
    return out;
}

bool Rows::empty() const
{
    return obligations.empty() && milestones.empty() && terms.empty() && qc.empty() && results.empty() && surveys.empty() &&
           intervals.empty();
}

Plan plan(Store& field, Store& server, const CheckoutOrigin& origin, const HistoryPosition& server_from,
          const std::function<Prefer(const std::string& table, const std::string& unit)>& choose, SyncReport& report)
{
    Plan out;
    static const std::vector<FeatureChange> none;
    for (const auto& k : kinds()) {
        const Changes in_field = changes_of(k, [&](const char* t) { return field.changes_after(t, origin.field_position); });
        const Changes in_server = changes_of(k, [&](const char* t) { return server.changes_after_position(t, server_from); });
        auto fresh = [&](const Changes& changes, const std::string& unit) {
            const auto it = changes.find(unit);
            return k.numbered && it != changes.end() && it->second.front().action == "insert";
        };
        auto server_state = [&](const std::string& unit) {
            Rows rows = read(server, k.kind, unit);
            if (!rows.empty() && project_of(server, k.kind, rows) != origin.project)
                rows = {};   // of another programme (or moved to one): not the copy's
            return rows;
        };
        std::set<std::string> units;
        const std::size_t first_push = out.pushes.size(), first_pull = out.pulls.size();
        for (const auto& [unit, changes] : in_field) {
            if (fresh(in_field, unit)) {
                Rows state = read(field, k.kind, unit);
                if (!state.empty())
                    out.pushes.push_back({k.kind, unit, last_change(changes), std::move(state), true});
            } else {
                units.insert(unit);
            }
        }
        for (const auto& [unit, changes] : in_server) {
            if (fresh(in_server, unit)) {
                Rows state = server_state(unit);
                if (!state.empty())
                    out.pulls.push_back({k.kind, unit, last_change(changes), std::move(state), true});
            } else {
                units.insert(unit);
            }
        }
        // A new row of the copy's that the server has as a new row of its own, alike: the same row.
        for (std::size_t i = first_push; i < out.pushes.size(); ++i)
            for (std::size_t j = first_pull; j < out.pulls.size(); ++j)
                if (out.pulls[j].fresh && view(out.pulls[j].state) == view(out.pushes[i].state)) {
                    out.pushes[i].matched = true;
                    out.pushes[i].number = number_of(out.pulls[j].unit);
                    out.pulls.erase(out.pulls.begin() + static_cast<std::ptrdiff_t>(j));
                    break;
                }
        for (const auto& unit : units) {
            const auto f_at = in_field.find(unit);
            const auto s_at = in_server.find(unit);
            const auto& f_changes = f_at == in_field.end() || fresh(in_field, unit) ? none : f_at->second;
            const auto& s_changes = s_at == in_server.end() || fresh(in_server, unit) ? none : s_at->second;
            Rows f_state = read(field, k.kind, unit), s_state = server_state(unit);
            const auto f_view = view(f_state), s_view = view(s_state);
            if (f_view == s_view)
                continue;   // changed alike, or one side as the other had it
            if (s_changes.empty()) {
                out.pushes.push_back({k.kind, unit, last_change(f_changes), std::move(f_state)});
                continue;
            }
            if (f_changes.empty()) {
                out.pulls.push_back({k.kind, unit, last_change(s_changes), std::move(s_state)});
                continue;
            }
            SyncConflict c;
            c.layer = k.name;
            c.id = unit;
            c.project = origin.project;
            c.field = last_change(f_changes);
            c.server = last_change(s_changes);
            c.row = true;
            // At the checkout: known of a column of the register's and QC tables (their history's old values).
            c.differences = differences(f_view, s_view, f_changes, k.numbered || k.kind == Kind::qc_samples);
            c.resolved = choose(k.name, unit);
            out.conflicts.push_back({report.conflicts.size(), k.kind, unit, std::move(f_state), std::move(s_state)});
            report.conflicts.push_back(std::move(c));
        }
    }
    return out;
}

void write_server(Store& server, Plan& plan, SyncReport& report, const std::string& copy_name, const NoteFn& note)
{
    for (auto& push : plan.pushes) {
        if (push.matched)
            continue;
        const auto& k = info(push.kind);
        note(push.change.user, "lode sync from the field copy " + copy_name + ": " + push.change.action + " there at " + push.change.at);
        const Rows now = push.fresh ? Rows{} : read(server, push.kind, push.unit);
        const std::int64_t number = push.fresh ? 0 : number_of(push.unit);
        push.number = write(server, push.kind, push.unit, now, push.state, number, report.rows_pushed[k.name]);
    }
    for (const auto& c : plan.conflicts) {
        const SyncConflict& conflict = report.conflicts[c.index];
        const auto& k = info(c.kind);
        const std::int64_t number = number_of(c.unit);
        const std::string field_side = conflict.field.action + " in the field copy " + copy_name + " by " + conflict.field.user + " at " +
                                       conflict.field.at;
        const std::string server_side = conflict.server.action + " on the server by " + conflict.server.user + " at " + conflict.server.at;
        SyncCounts unused;
        if (conflict.resolved == Prefer::server) {
            if (!c.in_field.empty()) {
                note(conflict.field.user, "lode sync conflict: the field copy's version (" + field_side + "), lost to the server's (--prefer server)");
                write(server, c.kind, c.unit, read(server, c.kind, c.unit), c.in_field, number, unused);
            }
            note({}, "lode sync conflict: the server's version (" + server_side + ") kept over the field copy's");
            write(server, c.kind, c.unit, read(server, c.kind, c.unit), c.in_server, number, unused);
            plan.pulls.push_back({c.kind, c.unit, conflict.server, c.in_server});
        } else {
            note(conflict.field.user,
                 "lode sync conflict: the field copy's version (" + field_side + ") kept over the server's (" + server_side + ")");
            write(server, c.kind, c.unit, read(server, c.kind, c.unit), c.in_field, number, report.rows_pushed[k.name]);
        }
    }
}

void write_field(Store& field, const Plan& plan, SyncReport& report, const std::string& server_name, const NoteFn& note)
{
    // The copy's new rows leave their numbers first: a row pulled may have one of them.
    SyncCounts unused;
    auto renumbered = [](const Move& push) { return push.fresh && push.number != number_of(push.unit); };
    for (const auto& push : plan.pushes)
        if (renumbered(push)) {
            note({}, "lode sync: numbered " + std::to_string(push.number) + " by the server " + server_name);
            write(field, push.kind, push.unit, read(field, push.kind, push.unit), {}, 0, unused);
        }
    for (const auto& pull : plan.pulls) {
        const auto& k = info(pull.kind);
        note(pull.change.user, "lode sync from " + server_name + ": " + pull.change.action + " there at " + pull.change.at);
        write(field, pull.kind, pull.unit, read(field, pull.kind, pull.unit), pull.state, number_of(pull.unit), report.rows_pulled[k.name]);
    }
    for (const auto& push : plan.pushes)
        if (renumbered(push)) {
            note({}, "lode sync: numbered " + std::to_string(push.number) + " by the server " + server_name);
            write(field, push.kind, std::to_string(push.number), {}, push.state, push.number, unused);
        }
}

} // namespace lode::sync_rows
