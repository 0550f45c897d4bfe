#include "lode/register/due.hpp"

#include "lode/register/licences.hpp"
#include "lode/store/store.hpp"

#include <algorithm>
#include <tuple>

namespace lode {

std::vector<DueItem> due_items(Store& store, const DueOptions& options)
{
    const std::string horizon = options.within_days ? to_string(add_days(options.today, *options.within_days)) : "";
    Selection selection;
    selection.project = options.project;
    std::map<std::string, Feature> licences;
    store.scan(licences_layer, selection, Reading::features(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        licences.emplace(f.id, f);
        return true;
    });
    std::vector<DueItem> items;
    auto add = [&](DueItem item) {
        if (!horizon.empty() && item.due > horizon)
            return;
        item.days = days_between(options.today, *parse_date(item.due));
        item.overdue = item.days < 0;
        items.push_back(std::move(item));
    };
    auto text = [](const Feature& f, const char* field) {
        auto it = f.attributes.find(field);
        return it == f.attributes.end() ? std::string() : to_text(it->second);
    };
    for (const auto& [id, licence] : licences) {
        const std::string status = text(licence, "status"), expiry = text(licence, "expiry");
        if (!expiry.empty() && status != "surrendered" && status != "expired")
            add({expiry, 0, false, licence.project, id, text(licence, "licence_no"), "expiry",
                 "licence expires (status " + status + ")", std::nullopt, "", 0});
    }
    for (const auto& o : store.the_register().obligations(std::nullopt, true)) {
        auto it = licences.find(o.licence);
        if (it == licences.end())
            continue;   // another project's
        const std::string surrendered = text(it->second, "surrendered");
        if (!surrendered.empty() && o.due > surrendered)
            continue;
        add({o.due, 0, false, it->second.project, o.licence, text(it->second, "licence_no"), o.kind,
             o.description + (o.every_months ? " (every " + std::to_string(*o.every_months) + " months)" : ""),
             o.amount, o.currency, o.id});
    }
    std::stable_sort(items.begin(), items.end(), [](const DueItem& a, const DueItem& b) {
        return std::tie(a.due, a.licence, a.kind) < std::tie(b.due, b.licence, b.kind);
    });
    return items;
}

} // namespace lode
