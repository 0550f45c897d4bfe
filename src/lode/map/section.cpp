// `lode section`: a vertical cross-section through the drillholes (section.hpp). The page is the
// map's (render.cpp: page layout, surface, atomic output, SVG description; furniture.cpp: title,
// legend, scale bar, credits); the frame's "map" coordinates are the distance along the section and
// the elevation times the vertical exaggeration, so that MapLayout's one scale is the horizontal
// scale and the scale bar is true along the section.
#include "lode/map/section.hpp"
#include "lode/map/detail/canvas.hpp"
#include "lode/map/detail/grades.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/drill/intercepts.hpp"
#include "lode/export/drill_traces.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

namespace lode {

namespace {

using namespace map;

constexpr double pi = 3.14159265358979323846;

// A position of a hole in the section: metres along A → B, off the line (left positive), elevation.
struct Placed {
    double depth = 0, along = 0, offset = 0, z = 0;
    double x = 0, y = 0;   // in the section's CRS
};

struct Hole {
    std::string id;
    std::vector<Placed> positions;   // every metre and every survey station, collar to end of hole
    bool drawn = false;
    std::size_t intervals = 0;
};

// Distinct colours for values of a text field (lithology), in order of first sight, cycling.
const std::vector<Colour>& value_palette()
{
    static const std::vector<Colour> p{{0.894, 0.102, 0.110, 1}, {0.216, 0.494, 0.722, 1}, {0.302, 0.686, 0.290, 1},
                                       {0.596, 0.306, 0.639, 1}, {1.000, 0.498, 0.000, 1}, {0.651, 0.337, 0.157, 1},
                                       {0.969, 0.506, 0.749, 1}, {0.600, 0.600, 0.600, 1}, {0.894, 0.827, 0.200, 1},
                                       {0.102, 0.596, 0.600, 1}, {0.400, 0.200, 0.100, 1}, {0.500, 0.700, 0.900, 1}};
    return p;
}

// The interval's field as text (a number as lode prints it); empty when absent.
std::string field_text(const IntervalRecord& interval, const std::string& field)
{
    const auto it = interval.fields.find(field);
    if (it == interval.fields.end() || it->is_null())
        return {};
    if (it->is_string())
        return it->get<std::string>();
    if (it->is_number())
        return number_text(it->get<double>());
    return it->dump();
}

void polyline(cairo_t* cr, const std::vector<std::pair<double, double>>& pts)
{
    cairo_new_path(cr);
    for (std::size_t i = 0; i < pts.size(); ++i)
        (i == 0 ? cairo_move_to : cairo_line_to)(cr, pts[i].first, pts[i].second);
}

} // namespace

void validate(const SectionOptions& options)
{
    const MapFormat format = map_format_of(options.output);
    if (format == MapFormat::tif)
        throw InputError(options.output + ": a section is drawn as .pdf, .svg or .png, not as a GeoTIFF");
    page_size(options.page, options.landscape);
    if (options.dpi < 36 || options.dpi > 1200)
        throw InputError(mention(Setting::dpi) + ": " + std::to_string(options.dpi) + " is not within 36 to 1200");
    if (!(std::hypot(options.x2 - options.x1, options.y2 - options.y1) > 0))
        throw InputError(mention(Setting::through) + ": the section's two ends are the same point");
    if (!(options.width > 0))
        throw InputError(mention(Setting::width) + ": the corridor's width must be above 0 m");
    if (!(options.vertical_exaggeration > 0))
        throw InputError(mention(Setting::vertical_exaggeration) + ": must be above 0 (1 is true scale)");
    for (std::size_t i = 1; i < options.classes.size(); ++i)
        if (!(options.classes[i] > options.classes[i - 1]))
            throw InputError(mention(Setting::classes) + ": the class breaks must ascend (" + number_text(options.classes[i - 1]) +
                             " then " + number_text(options.classes[i]) + ")");
    if (!options.classes.empty() && options.colour_by.empty())
        throw InputError(mention(Setting::classes) + ": classes of which field? name it with " + mention(Setting::colour_by));
}

SectionReport render_section(Store& store, const SectionOptions& options)
{
    validate(options);
    check_desurvey(options.desurvey);
    SectionReport report;
    report.output = options.output;
    report.format = map_format_of(options.output);
    report.page = page_size(options.page, options.landscape);

    auto projection = std::make_shared<const MapProjection>(options.crs);
    report.crs_name = projection->name();
    if (!projection->metric())
        throw InputError(mention(Setting::crs) + ": a section is measured in a projected CRS in metres, not in " + report.crs_name);

    // A → B: the unit vector along it and the one to its left.
    const double dx = options.x2 - options.x1, dy = options.y2 - options.y1;
    report.length = std::hypot(dx, dy);
    report.azimuth = std::fmod(std::atan2(dx, dy) * 180 / pi + 360, 360);
    const double ux = dx / report.length, uy = dy / report.length;
    const double half = options.width / 2;

    // The holes: collars of the selected projects, desurveyed, every position placed in the section.
    const std::vector<Project> projects = store.projects_or_all(options.projects);
    const std::vector<Feature> collars = read_collars(store, options.projects);
    std::vector<std::string> ids;
    for (const auto& c : collars)
        ids.push_back(c.id);
    const std::vector<SurveyRecord> surveys = ids.empty() ? std::vector<SurveyRecord>() : store.surveys(ids);
    std::vector<Hole> holes;
    std::size_t undrawable = 0;
    double min_z = HUGE_VAL, max_z = -HUGE_VAL;
    for (const auto& collar : collars) {
        std::vector<SurveyRecord> own;
        for (const auto& s : surveys)
            if (s.hole == collar.id)
                own.push_back(s);
        std::optional<HoleTrace> trace;
        try {
            trace.emplace(collar, own, options.desurvey);
        } catch (const InputError&) {
            ++undrawable;   // no point or no depth: nothing to place
            continue;
        }
        report.desurveyed.add(*trace);
        Hole hole{collar.id, {}, false, 0};
        for (const auto& p : trace->between(0, trace->depth(), 1)) {
            Placed placed;
            placed.depth = p.depth;
            placed.z = p.z;
            if (!projection->forward(p.lon, p.lat, placed.x, placed.y))
                throw InputError(Where{"", -1, collar.id, ""}, "the hole cannot be placed in " + report.crs_name);
            placed.along = (placed.x - options.x1) * ux + (placed.y - options.y1) * uy;
            placed.offset = -(placed.x - options.x1) * uy + (placed.y - options.y1) * ux;
            if (std::fabs(placed.offset) <= half + 1e-9 && placed.along >= -1e-9 && placed.along <= report.length + 1e-9) {
                hole.drawn = true;
                min_z = std::min(min_z, placed.z);
                max_z = std::max(max_z, placed.z);
            }
            hole.positions.push_back(placed);
        }
        if (hole.drawn)
            report.holes.push_back({hole.id, hole.positions.front().along, hole.positions.front().offset, 0});
        else
            ++report.holes_outside;
        holes.push_back(std::move(hole));
    }
    if (undrawable > 0)
        report.notes.push_back(std::to_string(undrawable) + " hole" + (undrawable == 1 ? "" : "s") +
                               " without a collar point or a depth left out");
    if (report.holes.empty())
        throw InputError("no drillhole lies within " + number_text(half) + " m of the section from (" + number_text(options.x1) + ", " +
                         number_text(options.y1) + ") to (" + number_text(options.x2) + ", " + number_text(options.y2) + ") in " +
                         report.crs_name + " (" + std::to_string(holes.size()) + " holes looked at)");
    auto inside = [&](const Placed& p) {
        return std::fabs(p.offset) <= half + 1e-9 && p.along >= -1e-9 && p.along <= report.length + 1e-9;
    };

    // The intervals of the drawn holes and the field colouring them.
    std::vector<std::string> drawn_ids;
    for (const auto& h : report.holes)
        drawn_ids.push_back(h.hole);
    std::vector<IntervalRecord> intervals;
    for (auto& i : store.intervals(drawn_ids))
        if (options.table.empty() || i.table == options.table)
            intervals.push_back(std::move(i));
    std::string field = options.colour_by;
    if (field.empty())
        for (const char* name : {"lithology", "lith"})
            if (std::any_of(intervals.begin(), intervals.end(), [&](const IntervalRecord& i) { return i.fields.contains(name); })) {
                field = name;
                break;
            }
    if (!options.colour_by.empty() &&
        std::none_of(intervals.begin(), intervals.end(), [&](const IntervalRecord& i) { return i.fields.contains(field); }))
        throw InputError(Where{"", -1, "", field},
                         "no interval of the holes in the section has this field" +
                             (options.table.empty() ? std::string() : " in table " + options.table));
    report.colour_by = field;
    // Each interval's class: a value (in order of first sight) or a class of the breaks; -1 for none.
    std::vector<std::string> values;   // legend order
    std::vector<std::size_t> counts;
    std::vector<int> class_index(intervals.size(), -1);
    const auto number = drill::interval_field(field);
    if (!options.classes.empty())
        counts.assign(options.classes.size() + 1, 0);
    for (std::size_t i = 0; i < intervals.size() && !field.empty(); ++i) {
        if (!options.classes.empty()) {
            if (const auto v = number(intervals[i])) {
                class_index[i] = static_cast<int>(grade_class_of(*v, options.classes));
                ++counts[class_index[i]];
            }
            continue;
        }
        const std::string v = field_text(intervals[i], field);
        if (v.empty())
            continue;
        auto it = std::find(values.begin(), values.end(), v);
        if (it == values.end()) {
            values.push_back(v);
            counts.push_back(0);
            it = values.end() - 1;
        }
        class_index[i] = static_cast<int>(it - values.begin());
        ++counts[class_index[i]];
    }
    auto colour_of = [&](int k) {
        return options.classes.empty() ? value_palette()[static_cast<std::size_t>(k) % value_palette().size()]
                                       : class_colour(static_cast<std::size_t>(k), options.classes.size() + 1);
    };

    // The page: the frame shows distance along A → B across and elevation × exaggeration up.
    const double ve = options.vertical_exaggeration;
    const double px_per_pt = options.dpi / 72.0;
    const bool raster = report.format == MapFormat::png;
    const double margin = 28;
    auto [frame, panel] = page_layout(report.page, options.landscape);
    frame.x += 22;   // room for the elevation labels
    frame.width -= 22;
    frame.height -= 14;   // and for the distance axis's title
    const double z_span = std::max(max_z - min_z, 10.0);
    const MapLayout layout(projection, frame, -report.length * 0.02, (min_z - z_span * 0.06) * ve, report.length * 1.02,
                           (max_z + z_span * 0.1) * ve);
    const double scale = layout.scale();   // page points per metre along the section
    auto page_of = [&](double along, double z, double& px, double& py) { layout.map_to_page(along, z * ve, px, py); };
    report.scale_bar = metric_scale_bar(std::min(panel.width - 30, frame.width * 0.3) / scale);

    const AtomicOutput folder = output_folder(options.output);
    const std::string file = std::filesystem::path(options.output).filename().string();
    const std::string temp = (folder / file).string();
    SurfacePtr surface = create_surface(report.format, temp, report.page, px_per_pt);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(options.output + ": cannot create the section: " + cairo_status_to_string(cairo_surface_status(surface.get())));
    char ends[200];
    std::snprintf(ends, sizeof ends, "A (%s, %s) → B (%s, %s)", number_text(options.x1).c_str(), number_text(options.y1).c_str(),
                  number_text(options.x2).c_str(), number_text(options.y2).c_str());
    const std::string title = options.title.empty() ? "Drillhole section " + std::string(ends) : options.title;
    if (report.format == MapFormat::pdf) {
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "lode " LODE_VERSION);
    }

    std::vector<std::string> drawn;
    {
        CairoPtr cr_owner(cairo_create(surface.get()));
        cairo_t* cr = cr_owner.get();
        if (raster)
            cairo_scale(cr, px_per_pt, px_per_pt);
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_paint(cr);
        Canvas canvas(cr, layout, raster ? 72.0 / options.dpi : 72.0 / 300);
        const TextRenderer& text = canvas.text;
        {
            char window[256];
            std::snprintf(window, sizeof window, "frame %.3f %.3f %.3f %.3f shows x %.3f to %.3f, y %.3f to %.3f", frame.x, frame.y,
                          frame.width, frame.height, layout.min_x(), layout.max_x(), layout.min_y() / ve, layout.max_y() / ve);
            drawn.push_back(window);
            drawn.push_back("x: metres along the section from A; y: elevation in metres; vertical exaggeration " + number_text(ve));
        }

        // The grid and the axes: distance from A along the bottom, elevation up the left.
        const double x_step = projected_grid_step(layout.max_x() - layout.min_x());
        const double z_step = projected_grid_step((layout.max_y() - layout.min_y()) / ve);
        cairo_save(cr);
        canvas.clip_to_frame();
        set_colour(cr, Colour{0.8, 0.8, 0.8, 1});
        cairo_set_line_width(cr, 0.3);
        for (double x = std::ceil(layout.min_x() / x_step) * x_step; x <= layout.max_x(); x += x_step) {
            double px = 0, py = 0;
            page_of(x, 0, px, py);
            cairo_move_to(cr, px, frame.y);
            cairo_line_to(cr, px, frame.bottom());
        }
        for (double z = std::ceil(layout.min_y() / ve / z_step) * z_step; z * ve <= layout.max_y(); z += z_step) {
            double px = 0, py = 0;
            page_of(0, z, px, py);
            cairo_move_to(cr, frame.x, py);
            cairo_line_to(cr, frame.right(), py);
        }
        cairo_stroke(cr);
        // The section's ends: A and B, dashed verticals.
        set_colour(cr, grey);
        const double dash[] = {3, 2};
        cairo_set_dash(cr, dash, 2, 0);
        for (double x : {0.0, report.length}) {
            double px = 0, py = 0;
            page_of(x, 0, px, py);
            cairo_move_to(cr, px, frame.y);
            cairo_line_to(cr, px, frame.bottom());
        }
        cairo_stroke(cr);
        cairo_set_dash(cr, nullptr, 0, 0);
        cairo_restore(cr);
        for (const auto& [x, name] : {std::pair{0.0, "A"}, std::pair{report.length, "B"}}) {
            double px = 0, py = 0;
            page_of(x, 0, px, py);
            auto l = text.layout(name, "Noto Sans Bold 10");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text.draw(l.get(), px - w / 2, frame.y + 2, ink, 2);
        }
        for (double x = std::ceil(layout.min_x() / x_step) * x_step; x <= layout.max_x(); x += x_step) {
            double px = 0, py = 0;
            page_of(x, 0, px, py);
            auto l = text.layout(number_text(x) + " m", "Noto Sans 7");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text.draw(l.get(), px - w / 2, frame.bottom() + 2, ink);
        }
        text.text("Distance along the section from A (m, grid)", "Noto Sans Italic 7", frame.x, frame.bottom() + 12, grey);
        for (double z = std::ceil(layout.min_y() / ve / z_step) * z_step; z * ve <= layout.max_y(); z += z_step) {
            double px = 0, py = 0;
            page_of(0, z, px, py);
            auto l = text.layout(number_text(z), "Noto Sans 7");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text.draw(l.get(), frame.x - w - 3, py - h / 2, ink);
        }
        {
            auto l = text.layout("Elevation (m)", "Noto Sans Italic 7");
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            cairo_save(cr);
            cairo_translate(cr, frame.x - 36, frame.y + frame.height / 2 + w / 2);
            cairo_rotate(cr, -pi / 2);
            text.draw(l.get(), 0, 0, grey);
            cairo_restore(cr);
        }
        drawn.push_back("grid every " + number_text(x_step) + " m along, " + number_text(z_step) + " m in elevation");

        // Each hole: the intervals as bars along the trace, the trace, the collar and the hole's id.
        cairo_save(cr);
        canvas.clip_to_frame();
        auto runs_of = [&](const Hole& h, double from, double to) {
            std::vector<std::vector<std::pair<double, double>>> runs(1);
            for (const auto& p : h.positions) {
                if (p.depth < from - 1e-9 || p.depth > to + 1e-9)
                    continue;
                if (!inside(p)) {
                    if (!runs.back().empty())
                        runs.emplace_back();
                    continue;
                }
                double px = 0, py = 0;
                page_of(p.along, p.z, px, py);
                runs.back().emplace_back(px, py);
            }
            return runs;
        };
        std::map<std::string, Hole*> by_id;
        for (auto& h : holes)
            if (h.drawn)
                by_id[h.id] = &h;
        cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
        cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
        for (std::size_t i = 0; i < intervals.size(); ++i) {
            if (class_index[i] < 0)
                continue;
            Hole* h = by_id.at(intervals[i].hole);
            // The interval's own ends, between the trace's metre vertices.
            bool any = false;
            for (const auto& run : runs_of(*h, intervals[i].from, intervals[i].to)) {
                if (run.size() < 2)
                    continue;
                polyline(cr, run);
                set_colour(cr, colour_of(class_index[i]));
                cairo_set_line_width(cr, 6);
                cairo_stroke(cr);
                any = true;
            }
            if (any) {
                ++h->intervals;
                ++report.intervals;
            }
        }
        for (auto& h : holes) {
            if (!h.drawn)
                continue;
            for (const auto& run : runs_of(h, 0, h.positions.back().depth)) {
                if (run.size() < 2)
                    continue;
                polyline(cr, run);
                cairo_set_source_rgb(cr, 0, 0, 0);
                cairo_set_line_width(cr, 0.8);
                cairo_stroke(cr);
            }
        }
        cairo_restore(cr);
        for (auto& h : holes) {
            if (!h.drawn)
                continue;
            const auto first = std::find_if(h.positions.begin(), h.positions.end(), inside);
            double px = 0, py = 0;
            page_of(first->along, first->z, px, py);
            if (first == h.positions.begin()) {   // the collar itself: a triangle on it
                cairo_new_path(cr);
                cairo_move_to(cr, px, py);
                cairo_line_to(cr, px - 3.5, py - 6);
                cairo_line_to(cr, px + 3.5, py - 6);
                cairo_close_path(cr);
                set_colour(cr, ink);
                cairo_fill(cr);
            }
            auto l = text.layout(h.id, "Noto Sans Bold 7");
            double w = 0, th = 0;
            TextRenderer::size(l.get(), w, th);
            text.draw(l.get(), px - w / 2, py - 7 - th, ink, 2);
            drawn.push_back("hole " + h.id + " (" + std::to_string(h.intervals) + " intervals)");
        }
        for (auto& r : report.holes)
            r.intervals = by_id.at(r.hole)->intervals;
        {
            cairo_new_path(cr);
            cairo_rectangle(cr, frame.x, frame.y, frame.width, frame.height);
            set_colour(cr, ink);
            cairo_set_line_width(cr, 0.8);
            cairo_stroke(cr);
        }
        const std::string subtitle =
            !options.subtitle.empty()
                ? options.subtitle
                : "Looking " + std::to_string(static_cast<int>(std::lround(std::fmod(report.azimuth + 270, 360)))) + "° (section azimuth " +
                      std::to_string(static_cast<int>(std::lround(report.azimuth))) + "°), " + number_text(report.length) + " m long, ±" +
                      number_text(half) + " m either side; " + std::to_string(report.holes.size()) + " hole" +
                      (report.holes.size() == 1 ? "" : "s");
        draw_title(canvas, title, subtitle, margin, margin - 6, report.page.width_pt - 2 * margin);
        drawn.push_back("title " + title);

        // The panel: legend, locator plan, scale bar, then the words.
        std::vector<LegendGroup> legend;
        legend.push_back({"Drillholes", {{[](cairo_t* c, double x, double cy) {
                                              cairo_new_path(c);
                                              cairo_move_to(c, x + 8, cy + 4);
                                              cairo_line_to(c, x + 4.5, cy - 2);
                                              cairo_line_to(c, x + 11.5, cy - 2);
                                              cairo_close_path(c);
                                              set_colour(c, ink);
                                              cairo_fill(c);
                                          },
                                          "Collar"},
                                         {[](cairo_t* c, double x, double cy) {
                                              cairo_new_path(c);
                                              cairo_move_to(c, x + 1, cy);
                                              cairo_line_to(c, x + 15, cy);
                                              cairo_set_source_rgb(c, 0, 0, 0);
                                              cairo_set_line_width(c, 0.8);
                                              cairo_stroke(c);
                                          },
                                          "Trace (" + std::to_string(report.holes.size()) + ")"}}});
        if (!field.empty()) {
            LegendGroup group{field + (options.table.empty() ? std::string() : " (" + options.table + ")"), {}};
            for (std::size_t k = 0; k < counts.size(); ++k) {
                if (counts[k] == 0)
                    continue;
                const Colour colour = colour_of(static_cast<int>(k));
                group.entries.push_back({[colour](cairo_t* c, double x, double cy) {
                                             cairo_new_path(c);
                                             cairo_rectangle(c, x + 1, cy - 3, 14, 6);
                                             set_colour(c, colour);
                                             cairo_fill(c);
                                         },
                                         (options.classes.empty() ? values[k] : class_label(k, options.classes)) + " (" +
                                             std::to_string(counts[k]) + ")"});
            }
            legend.push_back(std::move(group));
        }
        const double inset_h = 110;
        const double legend_bottom = panel.bottom() - inset_h - 150;
        draw_legend(canvas, legend, panel.x, panel.y, panel.width, legend_bottom, 1);
        drawn.push_back("legend");

        // The locator: a plan of the corridor and the holes near it, in the section's CRS, north up.
        const Rect box{panel.x, std::min(legend_bottom, panel.y + legend_height(legend)) + 6, panel.width, inset_h};
        {
            double min_x = std::min(options.x1, options.x2), max_x = std::max(options.x1, options.x2);
            double min_y = std::min(options.y1, options.y2), max_y = std::max(options.y1, options.y2);
            const double pad = std::max(half * 2, report.length * 0.1);
            min_x -= pad, max_x += pad, min_y -= pad, max_y += pad;
            const MapLayout plan(projection, box, min_x, min_y, max_x, max_y);
            cairo_save(cr);
            cairo_new_path(cr);
            cairo_rectangle(cr, box.x, box.y, box.width, box.height);
            cairo_set_source_rgb(cr, 0.97, 0.97, 0.97);
            cairo_fill_preserve(cr);
            cairo_clip(cr);
            // The corridor, then the traces (those in the section in ink), then the line A → B.
            cairo_new_path(cr);
            const double cx[4] = {options.x1 - uy * half, options.x2 - uy * half, options.x2 + uy * half, options.x1 + uy * half};
            const double cy[4] = {options.y1 + ux * half, options.y2 + ux * half, options.y2 - ux * half, options.y1 - ux * half};
            for (int k = 0; k < 4; ++k) {
                double px = 0, py = 0;
                plan.map_to_page(cx[k], cy[k], px, py);
                (k == 0 ? cairo_move_to : cairo_line_to)(cr, px, py);
            }
            cairo_close_path(cr);
            cairo_set_source_rgba(cr, 0.85, 0.2, 0.15, 0.12);
            cairo_fill(cr);
            for (const auto& h : holes) {
                std::vector<std::pair<double, double>> pts;
                for (const auto& p : h.positions) {
                    double px = 0, py = 0;
                    plan.map_to_page(p.x, p.y, px, py);
                    pts.emplace_back(px, py);
                }
                set_colour(cr, h.drawn ? ink : grey);
                polyline(cr, pts);
                cairo_set_line_width(cr, 0.6);
                cairo_stroke(cr);
                cairo_new_path(cr);
                cairo_arc(cr, pts.front().first, pts.front().second, 1.6, 0, 2 * pi);
                cairo_fill(cr);
            }
            double ax = 0, ay = 0, bx = 0, by = 0;
            plan.map_to_page(options.x1, options.y1, ax, ay);
            plan.map_to_page(options.x2, options.y2, bx, by);
            cairo_new_path(cr);
            cairo_move_to(cr, ax, ay);
            cairo_line_to(cr, bx, by);
            cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
            cairo_set_line_width(cr, 1);
            cairo_stroke(cr);
            text.text("A", "Noto Sans Bold 7", ax + 2, ay + 1, Colour{0.8, 0.1, 0.1, 1});
            text.text("B", "Noto Sans Bold 7", bx + 2, by + 1, Colour{0.8, 0.1, 0.1, 1});
            text.text("Plan (grid north up)", "Noto Sans Italic 6.5", box.x + 3, box.y + 2, grey);
            cairo_restore(cr);
            cairo_new_path(cr);
            cairo_rectangle(cr, box.x, box.y, box.width, box.height);
            set_colour(cr, ink);
            cairo_set_line_width(cr, 0.5);
            cairo_stroke(cr);
            drawn.push_back("locator");
        }
        double iy = box.bottom() + 14;
        iy += draw_scale_bar(canvas, report.scale_bar, panel.x + 6, iy) + 8;
        drawn.push_back("scale bar " + report.scale_bar.label);
        const double ratio = 72 / (scale * 0.0254);
        const std::string date = "Date: " + (options.date.empty() ? utc_now("%Y-%m-%d") : options.date);
        std::vector<std::pair<std::string, std::string>> lines{
            {"Horizontal scale 1:" + number_text(std::round(ratio)) + " on " + options.page + "; vertical exaggeration " +
                 (ve == 1 ? std::string("none (1:1)") : number_text(ve) + "×"),
             "Noto Sans 7"},
            {"CRS: " + report.crs_name + "; " + std::string(ends), "Noto Sans 7"},
            {"Elevation: collar elevation − vertical depth (minimum curvature)", "Noto Sans 7"},
            {date, "Noto Sans 7"}};
        for (const auto& n : report.notes)
            lines.emplace_back("Note: " + n + ".", "Noto Sans Italic 6.5");
        std::string credits = credits_text(projects, {});
        const std::string basemap = "Basemap: Natural Earth (public domain). ";   // the maps' credit: no basemap here
        if (credits.rfind(basemap, 0) == 0)
            credits = credits.substr(basemap.size());
        lines.emplace_back(credits, "Noto Sans 6.5");
        for (const auto& [s, font] : lines)
            iy += text.text(s, font, panel.x, iy, s == credits ? grey : ink, panel.width) + 3;
        drawn.push_back("credits");
        cairo_surface_flush(surface.get());
        if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
            throw Error(options.output + ": drawing failed: " + cairo_status_to_string(cairo_status(cr)));
    }
    finish_page(std::move(surface), report.format, folder, options.output, title, drawn);
    return report;
}

} // namespace lode
