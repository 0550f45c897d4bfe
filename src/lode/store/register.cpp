#include "lode/store/register.hpp"

#include "lode/base/error.hpp"
#include "lode/store/detail/one_of.hpp"
#include "lode/store/store.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace lode {

const std::vector<std::string>& obligation_kinds()
{
    static const std::vector<std::string> kinds = {"rent", "expenditure", "report", "renewal", "other"};
    return kinds;
}

const std::vector<std::string>& milestone_statuses()
{
    static const std::vector<std::string> statuses = {"done", "under way", "in preparation", "planned"};
    return statuses;
}

bool InterestSum::complete() const { return std::abs(total - 100.0) < 1e-9; }

namespace {

void check_date(std::string& date, const std::string& what, bool required)
{
    date = std::string(trim(date));
    if (date.empty()) {
        if (required)
            throw InputError(what + " is required (YYYY-MM-DD)");
        return;
    }
    if (!parse_date(date))
        throw InputError(what + " '" + date + "' is not a valid date (YYYY-MM-DD)");
}

void check_partial_date(std::string& date, const std::string& what, bool required)
{
    date = std::string(trim(date));
    if (date.empty() && !required)
        return;
    if (!is_partial_date(date))
        throw InputError(what + " '" + date + "' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
}

std::string project_code(Store& store, const std::string& code)
{
    Project p;
    return store.require_project(std::string(trim(code)), p).code;
}

} // namespace

std::string require_licence(Store& store, const std::string& id)
{
    if (auto licence = store.find_feature(licences_layer, id))
        return licence->project;
    std::vector<std::string> ids;
    store.scan(licences_layer, {}, Reading::features(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        ids.push_back(f.id);
        return true;
    });
    const std::string message = "no licence '" + id + "' in the licences layer";
    if (ids.empty())
        throw NotFound(message, Hint::add_licence);
    throw NotFound(message + did_you_mean(id, ids));
}

std::string resolve_organisation(Store& store, const std::string& given, const std::optional<std::string>& project)
{
    const std::string name(trim(given));
    std::set<std::string> organisations;
    for (const auto& p : store.partnerships(project))
        organisations.insert(p.organisation);
    std::vector<std::string> containing;
    for (const auto& o : organisations) {
        if (o == name || lower(o) == lower(name))
            return o;
        if (!name.empty() && lower(o).find(lower(name)) != std::string::npos)
            containing.push_back(o);
    }
    if (containing.size() == 1)
        return containing.front();
    const std::string where = project ? " among the partners of project '" + *project + "'" : "";
    if (containing.size() > 1)
        throw InputError("partner '" + name + "' is ambiguous" + where + ": " + join(containing, "; "));
    const std::string message = "unknown partner '" + name + "'" + where;
    const std::vector<std::string> all(organisations.begin(), organisations.end());
    const std::string near = did_you_mean(name, all, {}, 3, "; ");
    if (near.empty())
        throw NotFound(message, project ? Hint::add_partner : Hint::add_first_partner);
    throw NotFound(message + near);
}

void check_interest_pct(double pct, const std::string& what)
{
    if (!(pct > 0 && pct <= 100))
        throw InputError(what + ": an interest of " + to_text(pct) + "% is outside 0 < interest <= 100");
}

void check_obligation(Store& store, Obligation& o)
{
    o.licence = std::string(trim(o.licence));
    require_licence(store, o.licence);
    const std::string what = "obligation of licence '" + o.licence + "'";
    o.kind = one_of(o.kind, obligation_kinds(), what + ": kind", true);
    check_date(o.due, what + ": due date", true);
    check_date(o.done, what + ": done date", false);
    if (o.amount && !(*o.amount >= 0 && std::isfinite(*o.amount)))
        throw InputError(what + ": amount " + to_text(*o.amount) + " is not a non-negative number");
    o.currency = std::string(trim(o.currency));
    std::transform(o.currency.begin(), o.currency.end(), o.currency.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    if (!o.currency.empty() && (o.currency.size() != 3 || !std::all_of(o.currency.begin(), o.currency.end(), ::isalpha)))
        throw InputError(what + ": currency '" + o.currency + "' is not an ISO 4217 code (e.g. USD, TZS)");
    if (!o.currency.empty() && !o.amount)
        throw InputError(what + ": a currency without an amount");
    if (o.every_months && (*o.every_months < 1 || *o.every_months > 120))
        throw InputError(what + ": every " + std::to_string(*o.every_months) + " months is outside 1..120");
    if (o.anchor_day == 0)
        o.anchor_day = parse_date(o.due)->day;
    if (o.anchor_day < 1 || o.anchor_day > 31)
        throw InputError(what + ": anchor day " + std::to_string(o.anchor_day) + " is outside 1..31");
}

void check_interest(Store& store, Interest& i, bool licence_scope)
{
    i.scope = std::string(trim(i.scope));
    std::string project;
    if (licence_scope)
        project = require_licence(store, i.scope);
    else
        project = i.scope = project_code(store, i.scope);
    const std::string what = (licence_scope ? "licence '" : "project '") + i.scope + "'";
    // A licence's partners are the organisations of the partners table; a project's, its own.
    i.organisation = resolve_organisation(store, i.organisation, licence_scope ? std::nullopt : std::optional(project));
    if (!i.role.empty() || licence_scope)
        i.role = one_of(i.role, store.vocabulary(Vocabulary::roles), what + ": role", true);
    if (i.pct)
        check_interest_pct(*i.pct, what + ": partner '" + i.organisation + "'");
}

void check_term(Store& store, AgreementTerm& t)
{
    t.project = project_code(store, t.project);
    const std::string what = "term of project '" + t.project + "'";
    if (!trim(t.organisation).empty())
        t.organisation = resolve_organisation(store, t.organisation, t.project);
    t.kind = std::string(trim(t.kind));
    t.text = std::string(trim(t.text));
    if (t.kind.empty() || t.text.empty())
        throw InputError(what + ": the kind and the text are required");
    check_partial_date(t.starts, what + ": start date", false);
    check_partial_date(t.ends, what + ": end date", false);
    if (!t.starts.empty() && !t.ends.empty() && t.ends < t.starts)
        throw InputError(what + ": ends " + t.ends + " before it starts " + t.starts);
}

void check_milestone(Store& store, Milestone& m)
{
    m.project = project_code(store, m.project);
    const std::string what = "milestone of project '" + m.project + "'";
    check_partial_date(m.date, what + ": date", true);
    m.title = std::string(trim(m.title));
    if (m.title.empty())
        throw InputError(what + ": the title is empty");
    if (!trim(m.phase).empty())
        m.phase = one_of(m.phase, store.vocabulary(Vocabulary::phases), what + ": phase", true);
    m.status = one_of(m.status.empty() ? "done" : m.status, milestone_statuses(), what + ": status", true);
}

std::int64_t Register::add_obligation(const Obligation& given)
{
    Obligation o = given;
    check_obligation(store_, o);
    return write_obligation(o);
}

std::optional<Obligation> Register::mark_done(std::int64_t id, const std::string& date)
{
    const auto o = find_obligation(id);
    if (!o)
        throw NotFound("no obligation " + std::to_string(id), Hint::list_obligations);
    if (!o->done.empty())
        throw InputError("obligation " + std::to_string(id) + " was already done on " + o->done);
    if (!parse_date(date))
        throw InputError("obligation " + std::to_string(id) + ": done date '" + date + "' is not a valid date (YYYY-MM-DD)");
    write_done(id, date);
    if (!o->every_months)
        return std::nullopt;
    Obligation next = *o;
    next.id = 0;
    next.done.clear();
    next.due = to_string(add_months(*parse_date(o->due), *o->every_months, o->anchor_day));
    next.id = write_obligation(next);
    return next;
}

void Register::remove_obligation(std::int64_t id)
{
    if (!find_obligation(id))
        throw NotFound("no obligation " + std::to_string(id), Hint::list_obligations);
    write_removal("obligations", id);
}

void Register::remove_milestone(std::int64_t id)
{
    const auto all = milestones(std::nullopt);
    if (std::none_of(all.begin(), all.end(), [&](const Milestone& m) { return m.id == id; }))
        throw NotFound("no milestone " + std::to_string(id));
    write_removal("milestones", id);
}

void Register::remove_term(std::int64_t id)
{
    const auto all = terms(std::nullopt);
    if (std::none_of(all.begin(), all.end(), [&](const AgreementTerm& t) { return t.id == id; }))
        throw NotFound("no agreement term " + std::to_string(id));
    write_removal("agreement_terms", id);
}

void Register::remove_interest(const Interest& interest, bool licence_scope)
{
    if (write_interest_removal(interest, licence_scope) == 0)
        throw NotFound(std::string(licence_scope ? "licence " : "project ") + interest.scope + " has no interest of " + interest.organisation +
                       (licence_scope || interest.role.empty() ? "" : " as " + interest.role));
}

void Register::set_licence_interest(const Interest& given)
{
    Interest i = given;
    check_interest(store_, i, true);
    write_licence_interest(i);
}

void Register::set_project_interest(const Interest& given)
{
    Interest i = given;
    check_interest(store_, i, false);
    const auto found = project_roles(i.scope, i.organisation);
    std::string roles;
    for (const auto& r : found)
        roles += (roles.empty() ? "" : ", ") + r;
    if (roles.empty())
        roles = "none";
    if (i.role.empty() && found.size() > 1)
        throw InputError("project '" + i.scope + "': partner '" + i.organisation + "' has several roles (" + roles +
                         "); say which with a role");
    if (!i.role.empty() && std::find(found.begin(), found.end(), i.role) == found.end())
        throw InputError("project '" + i.scope + "': partner '" + i.organisation + "' has no role '" + i.role +
                         "' there (roles: " + roles + ")");
    write_project_interest(i);
}

std::int64_t Register::add_term(const AgreementTerm& given)
{
    AgreementTerm t = given;
    check_term(store_, t);
    return write_term(t);
}

std::int64_t Register::add_milestone(const Milestone& given)
{
    Milestone m = given;
    check_milestone(store_, m);
    return write_milestone(m);
}

std::vector<InterestSum> interest_sums(const std::vector<Interest>& interests)
{
    std::vector<InterestSum> sums;
    for (const auto& i : interests) {
        if (sums.empty() || sums.back().scope != i.scope)
            sums.push_back({i.scope, 0, 0});
        if (i.pct) {
            sums.back().total += *i.pct;
            ++sums.back().with_interest;
        }
    }
    return sums;
}

} // namespace lode
