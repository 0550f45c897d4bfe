#include "lode/drill/intercepts.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/drill/desurvey.hpp"
#include "lode/store/assay_values.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

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
        if (length >= rules.min_length - 1e-9 && metal >= rules.min_grade_length - 1e-9)
            out.push_back({hole, iv[i].from, iv[end].to, metal / length, dilution, {}});
        i = end + 1;
    }
    return out;
}

std::vector<Intercept> intercepts(const std::string& hole, std::vector<Assayed> iv, const InterceptRules& rules, double include_cutoff)
{
    std::vector<Intercept> out = intercepts(hole, iv, rules);
    InterceptRules inner = rules;
    inner.cutoff = include_cutoff;
    inner.min_grade_length = 0;
    for (auto& x : out) {
        std::vector<Assayed> within;
        for (const auto& a : iv)
            if (a.from >= x.from - 1e-9 && a.to <= x.to + 1e-9)
                within.push_back(a);
        for (auto& y : intercepts(hole, within, inner))
            if (y.length() < x.length() - 1e-9)
                x.included.push_back(std::move(y));
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

ValueLookup sample_assay(Store& store, const std::string& layer, const std::string& analyte, const std::string& sample_field,
                         BelowLimit rule)
{
    const auto values = std::make_shared<AssayValues>(store, layer, std::vector<std::string>{analyte}, rule);
    const ValueLookup own = interval_field(analyte), own_lower = interval_field(lower(analyte));
    return [values, analyte, sample_field, own, own_lower](const IntervalRecord& interval) -> std::optional<double> {
        const auto it = interval.fields.find(sample_field);
        if (it != interval.fields.end() && !it->is_null())
            if (const auto v = values->value(it->is_string() ? it->get<std::string>() : it->dump(), analyte))
                return v;
        if (const auto v = own(interval))
            return v;
        return own_lower(interval);
    };
}

std::vector<HoleIntercept> significant_intercepts(Store& store, const InterceptQuery& query)
{
    std::map<std::string, std::string> project_of;   // hole -> project
    Selection selection;
    selection.project = query.project;
    Reading reading;
    reading.geometry = Reading::Geometry::none;
    reading.numbers = {"dip_deg"};
    std::map<std::string, double> collar_dip;
    store.scan("drillholes", selection, reading, [&](ScanRow& row) {
        if (query.holes.empty() || std::find(query.holes.begin(), query.holes.end(), row.id) != query.holes.end()) {
            project_of[row.id] = row.project;
            collar_dip[row.id] = row.numbers.empty() || std::isnan(row.numbers[0]) ? -90.0 : row.numbers[0];
        }
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
    // The dip along each hole (the azimuths do not change it): its stations, else its collar's dip.
    std::map<std::string, std::vector<Station>> stations;
    if (!by_hole.empty()) {
        std::vector<std::string> assayed_holes;
        for (const auto& [hole, assayed] : by_hole)
            assayed_holes.push_back(hole);
        for (const auto& s : store.surveys(assayed_holes))
            stations[s.hole].push_back({s.depth, s.azimuth, s.dip});
    }
    std::vector<HoleIntercept> out;
    for (const auto& [hole, assayed] : by_hole) {
        auto& own = stations[hole];
        if (own.empty())
            own.push_back({0, 0, collar_dip[hole]});
        const Trace trace(Collar{}, own);
        for (const auto& x : query.include_cutoff ? intercepts(hole, assayed, query.rules, *query.include_cutoff)
                                                  : intercepts(hole, assayed, query.rules)) {
            const double mid = (x.from + x.to) / 2;
            const Point3 a = trace.at(std::max(0.0, mid - 0.5)), b = trace.at(mid + 0.5);
            const double dip = std::atan2(b.z - a.z, std::hypot(b.x - a.x, b.y - a.y)) * 180.0 / 3.14159265358979323846;
            out.push_back({x, project_of[hole], dip});
        }
    }
    return out;
}

std::string describe(const Intercept& x, int grade_decimals)
{
    char text[160];
    std::snprintf(text, sizeof text, "%s: %.1f m @ %.*f from %.1f m", x.hole.c_str(), x.length(), grade_decimals, x.grade, x.from);
    std::string out = text;
    for (const auto& y : x.included) {
        std::snprintf(text, sizeof text, ", incl. %.1f m @ %.*f from %.1f m", y.length(), grade_decimals, y.grade, y.from);
        out += text;
    }
    return out;
}

std::string width_note(double dip)
{
    if (dip <= -89.0)
        return "down-hole width";
    char text[200];
    std::snprintf(text, sizeof text,
                  "down-hole width; hole dips %.0f°: true width unknown without the body's attitude (equal for a body normal to the hole)", dip);
    return text;
}

} // namespace lode::drill
