#include "lode/drill/intercepts.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace lode::drill {

namespace {

bool follows(const Assayed& above, const Assayed& below) { return std::abs(below.from - above.to) < 1e-6; }

bool ore(const Assayed& a, double cutoff) { return a.value && *a.value >= cutoff; }

} // namespace

std::vector<Intercept> intercepts(const std::string& hole, std::vector<Assayed> iv, const InterceptRules& rules)
{
    std::stable_sort(iv.begin(), iv.end(), [](const Assayed& a, const Assayed& b) { return a.from < b.from; });
    std::vector<Intercept> out;
    std::size_t i = 0;
    while (i < iv.size()) {
        if (!ore(iv[i], rules.cutoff)) {
            ++i;
            continue;
        }
        std::size_t end = i;
        double metal = *iv[i].value * (iv[i].to - iv[i].from), length = iv[i].to - iv[i].from, dilution = 0;
        for (;;) {
            std::size_t k = end + 1;
            double run = 0, run_metal = 0;
            while (k < iv.size() && follows(iv[k - 1], iv[k]) && iv[k].value && *iv[k].value < rules.cutoff) {
                run += iv[k].to - iv[k].from;
                run_metal += *iv[k].value * (iv[k].to - iv[k].from);
                ++k;
            }
            if (k >= iv.size() || !follows(iv[k - 1], iv[k]) || !ore(iv[k], rules.cutoff) || run > rules.max_dilution + 1e-9)
                break;
            const double next = iv[k].to - iv[k].from;
            const double grade = (metal + run_metal + *iv[k].value * next) / (length + run + next);
            if (grade < rules.cutoff)
                break;
            metal += run_metal + *iv[k].value * next;
            length += run + next;
            dilution += run;
            end = k;
        }
        if (length >= rules.min_length - 1e-9)
            out.push_back({hole, iv[i].from, iv[end].to, metal / length, dilution});
        i = end + 1;
    }
    return out;
}

ValueLookup interval_field(const std::string& field)
{
    return [field](const IntervalRecord& interval) -> std::optional<double> {
        const auto it = interval.fields.find(field);
        if (it == interval.fields.end())
            return std::nullopt;
        if (it->is_number())
            return it->get<double>();
        if (it->is_string())
            return parse_number(trim(it->get<std::string>()));
        return std::nullopt;
    };
}

std::vector<HoleIntercept> significant_intercepts(Store& store, const InterceptQuery& query)
{
    std::map<std::string, std::string> project_of;   // hole -> project
    Selection selection;
    selection.project = query.project;
    Reading reading;
    reading.geometry = Reading::Geometry::none;
    store.scan("drillholes", selection, reading, [&](ScanRow& row) {
        if (query.holes.empty() || std::find(query.holes.begin(), query.holes.end(), row.id) != query.holes.end())
            project_of[row.id] = row.project;
        return true;
    });
    for (const auto& hole : query.holes)
        if (!project_of.count(hole))
            throw NotFound("layer 'drillholes' has no hole '" + hole + "'" + (query.project ? " in project " + *query.project : ""));
    std::vector<std::string> holes;
    for (const auto& [hole, project] : project_of)
        holes.push_back(hole);
    std::map<std::string, std::vector<Assayed>> by_hole;
    if (!holes.empty())
        for (const auto& interval : store.intervals(holes))
            if (query.table.empty() || interval.table == query.table)
                by_hole[interval.hole].push_back({interval.from, interval.to, query.value(interval)});
    std::vector<HoleIntercept> out;
    for (const auto& [hole, assayed] : by_hole)
        for (const auto& x : intercepts(hole, assayed, query.rules))
            out.push_back({x, project_of[hole]});
    return out;
}

std::string describe(const Intercept& x, int grade_decimals)
{
    char text[160];
    std::snprintf(text, sizeof text, "%s: %.1f m @ %.*f from %.1f m", x.hole.c_str(), x.length(), grade_decimals, x.grade, x.from);
    return text;
}

} // namespace lode::drill
