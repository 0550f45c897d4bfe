// The register's sections of a programme report: milestones, partners and their interests,
// agreement terms, and what falls due on each licence — read through the Register, so that the
// report and `lode due`, `lode project timeline` and `lode interest list` always say the same.
#include "lode/report/report.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"

#include <map>

namespace lode {

void gather_register_sections(Store& store, ProgrammeReport& report)
{
    Register& reg = store.the_register();
    const std::string& code = report.project.code;
    report.milestones = reg.milestones(code);
    report.partners = reg.project_interests(code);
    report.terms = reg.terms(code);

    std::map<std::string, ReportLicence*> by_id;
    for (auto& licence : report.licences)
        by_id[licence.id] = &licence;
    for (auto& interest : reg.licence_interests(std::nullopt))
        if (auto it = by_id.find(interest.scope); it != by_id.end())
            it->second->partners.push_back(std::move(interest));

    if (report.licences.empty())
        return;   // also a store whose layer kinds have no licences layer
    // Overdue is judged on the report's date, not on the day the report happens to be made.
    const auto date = parse_date(report.date);
    if (!date)
        throw InputError("report date '" + report.date + "' is not a date (YYYY-MM-DD)");
    for (auto& item : due_items(store, DueOptions{*date, std::nullopt, code}))
        if (auto it = by_id.find(item.licence); it != by_id.end())
            it->second->due.push_back(std::move(item));
}

} // namespace lode
