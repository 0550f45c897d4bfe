#pragma once
// The register beside the spatial data: licence obligations and deadlines, partners' roles and
// interests, agreement terms (priority rights) and programme milestones. Store::the_register() gives
// the backend's Register; everything it writes is checked first by the functions below it.
#include "lode/base/dates.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

inline constexpr const char* licences_layer = "licences";

class Store;

const std::vector<std::string>& obligation_kinds();    // rent, expenditure, report, renewal, other
const std::vector<std::string>& milestone_statuses();  // done, under way, in preparation, planned

// Something a licence holder owes by a date: rent, a minimum expenditure, a report, a renewal application.
struct Obligation {
    std::int64_t id = 0;
    std::string licence;                 // id of a feature of the licences layer
    std::string kind;                    // one of obligation_kinds()
    std::string description;
    std::string due;                     // YYYY-MM-DD
    std::optional<double> amount;
    std::string currency;                // ISO 4217, e.g. USD, TZS
    std::string done;                    // YYYY-MM-DD when paid or lodged; empty while outstanding
    std::optional<int> every_months;     // recurring: the next falls due this many months later
    std::string note;
    int anchor_day = 0;                  // the series' day of month (31: always the month's last day); 0: the due day
};

// A partner's role, and equity interest where there is one, in a licence or a project.
struct Interest {
    std::string scope;                   // licence id, or project code
    std::string organisation;            // as in the partners table (a unique part of it is accepted on input)
    std::string country;
    std::string role;                    // one of partner_roles()
    std::optional<double> pct;           // 0 < pct <= 100, or none
    std::string source;
};

// The interests of one licence or project added up; "complete" when they sum to 100 %.
struct InterestSum {
    std::string scope;
    double total = 0;
    int with_interest = 0;               // partners that hold an interest
    bool complete() const;
};

// A term of an agreement, e.g. the partner's companies' priority to participate in development.
struct AgreementTerm {
    std::int64_t id = 0;
    std::string project;
    std::string organisation;            // the partner it benefits; empty: the agreement as a whole
    std::string kind;                    // e.g. "priority right"
    std::string text;
    std::string starts, ends;            // YYYY, YYYY-MM or YYYY-MM-DD, or empty
    std::string document;
    std::string source;
};

struct Milestone {
    std::int64_t id = 0;
    std::string project;
    std::string date;                    // YYYY, YYYY-MM or YYYY-MM-DD: public sources often give only a year
    std::string phase;                   // one of project_phases(), or empty
    std::string title;
    std::string status = "done";         // one of milestone_statuses()
    std::string document;                // agreement reference
    std::string source;
};

// The register's front: each add/set checks its input (check_* below), then the backend writes
// it, inside the caller's begin_write().
class Register {
public:
    explicit Register(Store& store) : store_(store) {}
    virtual ~Register() = default;

    std::int64_t add_obligation(const Obligation& obligation);
    // By due date; of one licence when given; only those not done when outstanding_only.
    virtual std::vector<Obligation> obligations(const std::optional<std::string>& licence, bool outstanding_only) = 0;
    virtual std::optional<Obligation> find_obligation(std::int64_t id) = 0;
    // Marks it done on `date`; a recurring obligation gets its next occurrence, which is returned.
    std::optional<Obligation> mark_done(std::int64_t id, const std::string& date);
    void remove_obligation(std::int64_t id);

    // Adds or replaces the partner's role and interest in the licence.
    void set_licence_interest(const Interest& interest);
    virtual std::vector<Interest> licence_interests(const std::optional<std::string>& licence) = 0;
    // Sets the interest of one of the project's partners (role needed when it has several there).
    void set_project_interest(const Interest& interest);
    virtual std::vector<Interest> project_interests(const std::optional<std::string>& project) = 0;

    std::int64_t add_term(const AgreementTerm& term);
    virtual std::vector<AgreementTerm> terms(const std::optional<std::string>& project) = 0;

    std::int64_t add_milestone(const Milestone& milestone);
    // In date order; a partial date sorts before the fuller dates it contains (2019 < 2019-04 < 2019-04-19).
    virtual std::vector<Milestone> milestones(const std::optional<std::string>& project) = 0;

    // Removes a milestone or an agreement term by its number (a sync replacing one); NotFound when none.
    void remove_milestone(std::int64_t id);
    void remove_term(std::int64_t id);
    // Removes a partner's interest in a licence (Interest::scope, organisation), or its role in a
    // project (scope, organisation, role: the partnership with its interest), inside a write
    // transaction (a sync carrying a deletion); NotFound when there is none.
    void remove_interest(const Interest& interest, bool licence_scope);

protected:
    // The backend's writes, given checked input; the new row's id where one is made.
    virtual std::int64_t write_obligation(const Obligation& obligation) = 0;
    virtual void write_done(std::int64_t obligation, const std::string& date) = 0;
    // Deletes the row of a numbered table (obligations, milestones, agreement_terms).
    virtual void write_removal(const std::string& table, std::int64_t id) = 0;
    virtual void write_licence_interest(const Interest& interest) = 0;
    // Deletes the licence_partners row (licence_scope) or the project_partners row of the interest;
    // how many went.
    virtual std::int64_t write_interest_removal(const Interest& interest, bool licence_scope) = 0;
    // The roles the organisation has in the project (Interest::scope), for set_project_interest's checks.
    virtual std::vector<std::string> project_roles(const std::string& project, const std::string& organisation) = 0;
    // Sets the interest of the partner's role (all its roles there when the role is empty).
    virtual void write_project_interest(const Interest& interest) = 0;
    virtual std::int64_t write_term(const AgreementTerm& term) = 0;
    virtual std::int64_t write_milestone(const Milestone& milestone) = 0;

    Store& store_;
};

// Checks and normalises (canonical kinds, roles and phases; whole organisation names); throw
// InputError or NotFound (with "did you mean") naming the field.
void check_obligation(Store& store, Obligation& obligation);
void check_interest(Store& store, Interest& interest, bool licence_scope);
void check_term(Store& store, AgreementTerm& term);
void check_milestone(Store& store, Milestone& milestone);
void check_interest_pct(double pct, const std::string& what);

// The organisation of the partners table that `name` names: exactly, ignoring case, or as the
// only one containing it ("KIGAM"); among those of `project` when given.
std::string resolve_organisation(Store& store, const std::string& name, const std::optional<std::string>& project);

// The licence feature's project; NotFound (with close ids) when the licences layer lacks it.
std::string require_licence(Store& store, const std::string& id);

std::vector<InterestSum> interest_sums(const std::vector<Interest>& interests);

} // namespace lode
