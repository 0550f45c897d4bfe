// The drilling section of a programme report: holes and metres drilled by year and type from the
// collars, and the best significant intercepts (drill/intercepts.hpp) of a grade field of the
// holes' intervals at its default cut-off.
#include "lode/report/report.hpp"

#include "lode/drill/intercepts.hpp"
#include "lode/map/render.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace lode {

const std::vector<InterceptDefault>& intercept_defaults()
{
    static const std::vector<InterceptDefault> defaults{
        {"li2o_pct", 0.5, "%"}, {"au_ppm", 0.5, "ppm"}, {"au_gpt", 0.5, "g/t"}, {"cu_pct", 0.2, "%"}, {"treo_ppm", 1000, "ppm"}};
    return defaults;
}

DrillingSummary gather_drilling(Store& store, const std::string& code, std::size_t top)
{
    DrillingSummary out;
    const auto kinds = store.layer_kinds();
    const auto kind = std::find_if(kinds.begin(), kinds.end(), [](const LayerKind& k) { return k.name == "drillholes"; });
    if (kind == kinds.end())
        return out;
    auto has = [&](const char* field) {
        return std::any_of(kind->fields.begin(), kind->fields.end(), [&](const FieldDef& f) { return f.name == field; });
    };
    const bool dated = has("drilled_on"), typed = has("drill_type");

    Selection selection;
    selection.project = code;
    std::vector<std::string> holes;
    std::map<std::pair<std::string, std::string>, DrillingYearType> groups;
    store.scan("drillholes", selection, Reading::features().taken_in(), [&](ScanRow& row) {
        const Feature& f = row.feature;
        holes.push_back(f.id);
        auto text = [&](const char* field) {
            const auto it = f.attributes.find(field);
            return it == f.attributes.end() ? std::string() : to_text(it->second);
        };
        std::string year = dated ? text("drilled_on").substr(0, 4) : "";
        std::string type = typed ? text("drill_type") : "";
        if (year.empty())
            year = "undated";
        if (type.empty())
            type = "unknown";
        auto& group = groups[{year, type}];
        group.year = year;
        group.type = type;
        ++group.holes;
        const auto depth = f.attributes.find("depth_m");
        const double metres = depth == f.attributes.end() ? std::nan("") : as_number(depth->second);
        if (std::isnan(metres)) {
            ++out.without_depth;
        } else {
            group.metres += metres;
            out.metres += metres;
        }
        ++out.holes;
        return true;
    });
    for (auto& [key, group] : groups)
        out.by_year_type.push_back(group);
    if (holes.empty())
        return out;

    std::set<std::string> surveyed;
    for (const auto& s : store.surveys(holes))
        surveyed.insert(s.hole);
    out.surveyed = static_cast<std::int64_t>(surveyed.size());
    const auto intervals = store.intervals(holes);
    out.intervals = static_cast<std::int64_t>(intervals.size());

    // The grade field: the first default that is a number somewhere (a number, or text that reads as one,
    // as the intercepts read it), in the table with most of them.
    for (const auto& d : intercept_defaults()) {
        std::map<std::string, std::int64_t> numbers;   // table -> intervals with a number
        const auto value = drill::interval_field(d.field);
        for (const auto& i : intervals)
            if (value(i))
                ++numbers[i.table];
        if (numbers.empty())
            continue;
        out.field = d.field;
        out.unit = d.unit;
        out.cutoff = d.cutoff;
        out.table = std::max_element(numbers.begin(), numbers.end(), [](const auto& a, const auto& b) { return a.second < b.second; })->first;
        break;
    }
    if (out.field.empty())
        return out;
    drill::InterceptQuery query;
    query.value = drill::interval_field(out.field);
    query.table = out.table;
    query.project = code;
    query.rules = {out.cutoff, report_intercept_min_length, report_intercept_max_dilution};
    auto found = drill::significant_intercepts(store, query);
    out.intercepts = static_cast<std::int64_t>(found.size());
    // Best first by grade × length; ties by hole and depth.
    std::stable_sort(found.begin(), found.end(), [](const drill::HoleIntercept& a, const drill::HoleIntercept& b) {
        const double x = a.intercept.grade * a.intercept.length(), y = b.intercept.grade * b.intercept.length();
        if (x != y)
            return x > y;
        return std::tie(a.intercept.hole, a.intercept.from) < std::tie(b.intercept.hole, b.intercept.from);
    });
    for (std::size_t i = 0; i < found.size() && i < top; ++i) {
        const auto& x = found[i].intercept;
        out.best.push_back({x.hole, x.from, x.to, x.grade, drill::describe(x)});
    }
    return out;
}

ReportDrillPlan draw_drill_plan(Store& store, const std::string& code, const DrillingSummary& drilling, const ReportOptions& options,
                                const std::string& date)
{
    ReportDrillPlan plan;
    if (drilling.holes == 0 || !options.map)
        return plan;
    // lode map's plan of the drillholes layer alone (drill_plan.cpp draws the traces and intercepts),
    // each hole's azimuths as its collar says; the intercepts those of the drilling section.
    MapOptions m;
    m.projects = {code};
    m.layers = {"drillholes"};
    m.basemap = options.basemap;
    m.date = date;
    m.title = "Drillhole plan";
    if (!drilling.field.empty()) {
        MapIntercepts x;
        x.field = drilling.field;
        x.cutoff = drilling.cutoff;
        x.table = drilling.table;
        x.min_length = report_intercept_min_length;
        x.max_dilution = report_intercept_max_dilution;
        m.drill.intercepts = x;
    }
    try {
        MapReport drawn;
        const auto svg = draw_report_figure(store, m, "plan.svg", drawn);
        plan.svg.assign(svg.begin(), svg.end());
        plan.crs_name = drawn.crs_name;
        plan.scale_bar = drawn.scale_bar.label;
        plan.traced = drawn.drill.traced;
        plan.intercepts = drawn.drill.intercepts;
    } catch (const Error& e) {
        plan.unavailable = e.what();   // as the location map: a fact about the programme, not a failed report
    }
    return plan;
}

} // namespace lode
