// Drillholes on a plan map: traces and intercepts (drill_plan.hpp).
#include "lode/map/detail/drill_plan.hpp"
#include "lode/map/detail/grades.hpp"

#include "lode/base/error.hpp"
#include "lode/drill/intercepts.hpp"

#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace lode::map {

namespace {

const Colour trace_colour{0.15, 0.15, 0.15, 1};

// The cut-off and the breaks above it: the lower bounds of the intercepts' classes.
std::vector<double> class_bounds(const MapIntercepts& x)
{
    std::vector<double> bounds{x.cutoff};
    bounds.insert(bounds.end(), x.breaks.begin(), x.breaks.end());
    return bounds;
}

// Positions of a trace on the page; false when PROJ cannot place one.
bool on_page(const MapLayout& layout, const std::vector<TracePosition>& positions, std::vector<std::pair<double, double>>& out)
{
    out.clear();
    for (const auto& p : positions) {
        double x = 0, y = 0;
        if (!layout.to_page(p.lon, p.lat, x, y))
            return false;
        out.emplace_back(x, y);
    }
    return true;
}

void stroke_line(cairo_t* cr, const std::vector<std::pair<double, double>>& pts, const Colour& colour, double width)
{
    cairo_new_path(cr);
    for (std::size_t i = 0; i < pts.size(); ++i)
        (i == 0 ? cairo_move_to : cairo_line_to)(cr, pts[i].first, pts[i].second);
    set_colour(cr, colour);
    cairo_set_line_width(cr, width);
    cairo_stroke(cr);
}

std::string page_point(double x, double y)
{
    char text[64];
    std::snprintf(text, sizeof text, "%.3f %.3f", x, y);
    return text;
}

} // namespace

void validate_drill(const MapDrill& drill)
{
    if (drill.traces)
        check_desurvey(drill.desurvey);
    if (!drill.intercepts)
        return;
    const auto bounds = class_bounds(*drill.intercepts);
    for (std::size_t i = 1; i < bounds.size(); ++i)
        if (!(bounds[i] > bounds[i - 1]))
            throw InputError("the intercepts' grade classes must ascend above the cut-off (" + number_text(bounds[i - 1]) +
                             " then " + number_text(bounds[i]) + ")");
    if (!(drill.intercepts->min_length >= 0) || !(drill.intercepts->max_dilution >= 0))
        throw InputError("the intercepts' minimum length and maximum dilution must be 0 m or more");
}

void draw_drill_plan(Canvas& canvas, Store& store, const MapOptions& options, const LoadedLayer& layer,
                     MapDrillReport& report, std::vector<std::string>& drawn)
{
    const MapDrill& drill = options.drill;
    // The collars the layer draws: its projects and its filter.
    const std::vector<Feature> collars = read_collars(store, options.projects, [&](const Feature& f) {
        return !layer.filter || layer.filter->matches(f);
    });
    if (collars.empty())
        return;
    std::vector<std::string> ids;
    for (const auto& c : collars)
        ids.push_back(c.id);
    const std::vector<SurveyRecord> surveys = store.surveys(ids);
    std::map<std::string, std::vector<SurveyRecord>> surveys_of;
    for (const auto& s : surveys)
        surveys_of[s.hole].push_back(s);

    std::map<std::string, HoleTrace> traces;
    for (const auto& collar : collars) {
        try {
            traces.emplace(collar.id, HoleTrace(collar, surveys_of[collar.id], drill.desurvey));
        } catch (const InputError&) {
            ++report.untraced;   // no point or no depth
        }
    }

    cairo_t* cr = canvas.cr;
    cairo_save(cr);
    canvas.clip_to_frame();
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
    cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
    std::vector<std::pair<double, double>> pts;
    for (const auto& [hole, trace] : traces) {
        report.desurveyed.add(trace);
        if (!on_page(canvas.layout, trace.between(0, trace.depth()), pts))
            continue;
        ++report.traced;
        const auto& [x0, y0] = pts.front();
        const auto& [x1, y1] = pts.back();
        drawn.push_back("drill trace " + hole + " page " + page_point(x0, y0) + " to " + page_point(x1, y1));
        const double length = std::hypot(x1 - x0, y1 - y0);
        if (length < canvas.pixel)
            continue;   // vertical, or under a pixel at this scale: the collar says it all
        stroke_line(cr, pts, trace_colour, 0.8);
        canvas.placer.avoid(pts);   // no label over it; the hole's id leans away from it
        // The end of the hole: a short tick across the last stretch of the trace.
        double dx = 0, dy = 0;
        for (std::size_t i = pts.size() - 1; i > 0 && std::hypot(dx, dy) < 1e-9; --i)
            dx = pts.back().first - pts[i - 1].first, dy = pts.back().second - pts[i - 1].second;
        const double d = std::hypot(dx, dy);
        if (d > 0) {
            const double nx = -dy / d * 2.5, ny = dx / d * 2.5;
            stroke_line(cr, {{x1 - nx, y1 - ny}, {x1 + nx, y1 + ny}}, trace_colour, 0.8);
        }
    }

    if (drill.intercepts && !traces.empty()) {
        const MapIntercepts& spec = *drill.intercepts;
        drill::InterceptQuery query;
        query.value = drill::interval_field(spec.field);
        query.table = spec.table;
        for (const auto& [hole, trace] : traces)
            query.holes.push_back(hole);
        query.rules = {spec.cutoff, spec.min_length, spec.max_dilution};
        const auto bounds = class_bounds(spec);
        for (const auto& found : drill::significant_intercepts(store, query)) {
            const drill::Intercept& x = found.intercept;
            const HoleTrace& trace = traces.at(x.hole);
            const double to = std::min(x.to, trace.depth());
            if (!(to > x.from) || !on_page(canvas.layout, trace.between(x.from, to, 1), pts))
                continue;
            const std::size_t k = grade_class_of(x.grade, bounds);   // 1 and up: at or above the cut-off
            stroke_line(cr, pts, class_colour(k - 1, bounds.size()), 3.5);
            ++report.intercepts;
            char grade[32];
            std::snprintf(grade, sizeof grade, "%.4g", x.grade);
            drawn.push_back("drill intercept " + drill::describe(x) + " " + spec.field + " " + grade + " class " +
                            class_label(k, bounds) + " page " + page_point(pts.front().first, pts.front().second) + " to " +
                            page_point(pts.back().first, pts.back().second));
        }
        // The traces again, thin, over the intercepts: a hole stays one line.
        for (const auto& [hole, trace] : traces)
            if (on_page(canvas.layout, trace.between(0, trace.depth()), pts) &&
                std::hypot(pts.back().first - pts.front().first, pts.back().second - pts.front().second) >= canvas.pixel)
                stroke_line(cr, pts, trace_colour, 0.5);
    }
    cairo_restore(cr);
}

std::vector<LegendGroup> drill_plan_legend(const MapDrill& drill, const MapDrillReport& report, std::vector<std::string>& drawn)
{
    std::vector<LegendGroup> groups;
    if (report.traced == 0)
        return groups;
    LegendGroup traces{"Drillhole traces", {}};
    traces.entries.push_back({[](cairo_t* cr, double x, double cy) {
                                  stroke_line(cr, {{x + 1, cy - 4}, {x + 14, cy + 3}}, trace_colour, 0.8);
                                  stroke_line(cr, {{x + 12.8, cy + 5.2}, {x + 15.2, cy + 0.8}}, trace_colour, 0.8);
                              },
                              "Trace in plan (" + drill::method_name(drill.desurvey.method) + "), tick at end of hole"});
    groups.push_back(std::move(traces));
    if (drill.intercepts) {
        const auto bounds = class_bounds(*drill.intercepts);
        LegendGroup g{"Intercepts: " + drill.intercepts->field + " ≥ " + number_text(drill.intercepts->cutoff), {}};
        for (std::size_t k = 1; k <= bounds.size(); ++k) {
            const Colour c = class_colour(k - 1, bounds.size());
            g.entries.push_back({[c](cairo_t* cr, double x, double cy) { stroke_line(cr, {{x + 1, cy}, {x + 15, cy}}, c, 3.5); },
                                 class_label(k, bounds)});
        }
        groups.push_back(std::move(g));
    }
    for (const auto& g : groups)
        for (const auto& e : g.entries)
            drawn.push_back("legend " + g.title + ": " + e.text);
    return groups;
}

} // namespace lode::map
