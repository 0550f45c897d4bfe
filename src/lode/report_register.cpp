// The register's sections of a programme report: phase and milestones, partners and interests, and
// what falls due on each licence. Until the licence register (milestones, interests, obligations)
// lands, these come from what the store already holds: the project's phase and start date, the
// partners' roles, and each licence's expiry date.
#include "lode/report.hpp"

namespace lode {

namespace {

// Open items due before the report's date are overdue (ISO dates compare as text).
void flag_overdue(std::vector<DueItem>& items, const std::string& date)
{
    for (auto& item : items)
        item.overdue = item.done.empty() && !item.due.empty() && item.due < date;
}

} // namespace

void gather_register_sections(Store& store, ProgrammeReport& report)
{
    const Project& project = report.project;
    if (!project.start_date.empty())
        report.milestones.push_back({project.start_date, "", "Programme started", "done", "", project.source});

    for (const auto& p : store.partnerships(project.code))
        report.partners.push_back({p.organisation, p.country, p.role, std::nullopt, p.source});

    for (auto& licence : report.licences) {
        // Surrendered and expired licences owe nothing more; the others fall due at their expiry.
        if (!licence.expiry.empty() && licence.status != "surrendered" && licence.status != "expired")
            licence.due.push_back({"expiry", "Licence expires; renew before this date", licence.expiry, std::nullopt, "", "", false});
        flag_overdue(licence.due, report.date);
    }
}

} // namespace lode
