#include "lode/map/qc_charts.hpp"

#include "lode/base/atomic_output.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/map/detail/canvas.hpp"
#include "lode/map/style.hpp"


#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace lode {

namespace {

using namespace map;

const Colour certified_colour{0.102, 0.596, 0.314, 1};   // #1a9850
const Colour two_sd_colour{0.992, 0.682, 0.380, 1};      // #fdae61
const Colour three_sd_colour{0.843, 0.188, 0.153, 1};    // #d73027
const Colour pass_colour{0.2, 0.2, 0.2, 1};
const Colour warning_colour{0.957, 0.427, 0.263, 1};     // #f46d43
const Colour fail_colour{0.843, 0.188, 0.153, 1};

std::string number(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", v);
    return text;
}

void line(cairo_t* cr, double x0, double y0, double x1, double y1, const Colour& c, double width, bool dashed)
{
    cairo_save(cr);
    set_colour(cr, c);
    cairo_set_line_width(cr, width);
    if (dashed) {
        const double dash[] = {4, 3};
        cairo_set_dash(cr, dash, 2, 0);
    }
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void point(cairo_t* cr, double x, double y, QcVerdict verdict)
{
    const Colour& c = verdict == QcVerdict::fail ? fail_colour : verdict == QcVerdict::warning ? warning_colour : pass_colour;
    cairo_save(cr);
    set_colour(cr, c);
    cairo_arc(cr, x, y, verdict == QcVerdict::fail ? 4 : 3, 0, 2 * M_PI);
    cairo_fill(cr);
    if (verdict == QcVerdict::fail) {   // a failure ringed
        cairo_set_line_width(cr, 1);
        cairo_arc(cr, x, y, 7, 0, 2 * M_PI);
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

void frame(cairo_t* cr, double top)
{
    cairo_save(cr);
    set_colour(cr, grey);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, qc_chart_left, top, qc_chart_right - qc_chart_left, qc_chart_plot_height);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void control_chart(cairo_t* cr, const TextRenderer& text, double top, const std::string& heading, const std::vector<const QcCheck*>& points)
{
    const double certified = points.front()->expected, sd = points.front()->sd;
    double k = 4;
    for (const QcCheck* c : points)
        k = std::max(k, 1.1 * std::fabs(c->z));
    const double bottom = top + qc_chart_plot_height;
    auto y_of = [&](double value) { return bottom - (value - (certified - k * sd)) / (2 * k * sd) * qc_chart_plot_height; };
    text.text(heading, "Noto Sans Bold 10", qc_chart_left, top - 24, ink);
    frame(cr, top);
    line(cr, qc_chart_left, y_of(certified), qc_chart_right, y_of(certified), certified_colour, 1.2, false);
    for (int side : {-1, 1}) {
        line(cr, qc_chart_left, y_of(certified + side * 2 * sd), qc_chart_right, y_of(certified + side * 2 * sd), two_sd_colour, 1, true);
        line(cr, qc_chart_left, y_of(certified + side * 3 * sd), qc_chart_right, y_of(certified + side * 3 * sd), three_sd_colour, 1, true);
    }
    for (int m : {-3, -2, 0, 2, 3}) {
        const std::string label = m == 0 ? number(certified) : (m > 0 ? "+" : "") + std::to_string(m) + " SD";
        text.text(label, "Noto Sans 7", 6, y_of(certified + m * sd) - 5, grey, qc_chart_left - 10);
    }
    const double step = (qc_chart_right - qc_chart_left) / static_cast<double>(points.size());
    std::string batch;
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = qc_chart_left + (static_cast<double>(i) + 0.5) * step;
        if (points[i]->batch != batch) {   // a batch begins: its name under the axis
            batch = points[i]->batch;
            if (i > 0)
                line(cr, x - step / 2, top, x - step / 2, bottom, Colour{0.8, 0.8, 0.8, 1}, 0.5, false);
            text.text(batch.empty() ? "(no batch)" : batch, "Noto Sans 7", x - step / 2 + 2, bottom + 4, grey);
        }
        point(cr, x, std::clamp(y_of(points[i]->value), top, bottom), points[i]->verdict);
    }
    text.text("standards in batch order", "Noto Sans 7", qc_chart_right - 110, bottom + 16, grey);
}

void duplicate_plot(cairo_t* cr, const TextRenderer& text, double top, const std::string& heading, const std::vector<const QcCheck*>& points)
{
    double most = 0;
    for (const QcCheck* c : points)
        most = std::max({most, c->value, c->expected});
    most = most > 0 ? most * 1.05 : 1;
    const double bottom = top + qc_chart_plot_height;
    // Square: the plot's height on both axes.
    const double left = qc_chart_left, right = qc_chart_left + qc_chart_plot_height;
    auto x_of = [&](double v) { return left + v / most * (right - left); };
    auto y_of = [&](double v) { return bottom - v / most * qc_chart_plot_height; };
    text.text(heading, "Noto Sans Bold 10", qc_chart_left, top - 24, ink);
    cairo_save(cr);
    set_colour(cr, grey);
    cairo_set_line_width(cr, 0.6);
    cairo_rectangle(cr, left, top, right - left, qc_chart_plot_height);
    cairo_stroke(cr);
    cairo_restore(cr);
    line(cr, x_of(0), y_of(0), x_of(most), y_of(most), certified_colour, 1.2, false);             // 1:1
    line(cr, x_of(0), y_of(0), x_of(most / 1.5), y_of(most), two_sd_colour, 1, true);             // HARD 20% above
    line(cr, x_of(0), y_of(0), x_of(most), y_of(most / 1.5), two_sd_colour, 1, true);             // and below
    for (const QcCheck* c : points)
        point(cr, x_of(c->expected), y_of(c->value), c->verdict);
    text.text("original", "Noto Sans 7", right - 30, bottom + 4, grey);
    text.text("duplicate", "Noto Sans 7", 20, top, grey);
    text.text(number(most), "Noto Sans 7", right - 10, bottom + 14, grey);
    int within_10 = 0, within_20 = 0;
    for (const QcCheck* c : points) {
        within_10 += c->hard <= 0.1;
        within_20 += c->hard <= 0.2;
    }
    const double n = static_cast<double>(points.size());
    text.text(std::to_string(points.size()) + " pairs\nHARD within 10%: " + number(100 * within_10 / n) + "%\nwithin 20%: " +
                  number(100 * within_20 / n) + "%\n1:1 line solid, HARD 20% dashed",
              "Noto Sans 8", right + 20, top + 10, ink, qc_chart_right - right - 20);
}

} // namespace

QcChartsReport write_qc_charts(const QcJudgement& qc, const std::string& output, const std::string& title)
{
    const std::string extension = lower(std::filesystem::path(output).extension().string());
    if (extension != ".pdf" && extension != ".svg" && extension != ".png")
        throw InputError(output + ": the charts are written as .pdf, .svg or .png");
    // The panels: a control chart per reference material and analyte, a scatter per analyte.
    std::map<std::string, std::vector<const QcCheck*>> controls, duplicates;
    for (const auto& c : qc.checks) {
        if (c.type == QcType::standard && std::isfinite(c.z))
            controls[c.reference + " " + c.analyte + " " + to_string(c.unit)].push_back(&c);
        else if (is_duplicate(c.type) && std::isfinite(c.hard))
            duplicates[c.analyte + " " + to_string(c.unit)].push_back(&c);
    }
    if (controls.empty() && duplicates.empty())
        throw InputError(output + ": no standard or duplicate results to chart");
    QcChartsReport report;
    const int panels = static_cast<int>(controls.size() + duplicates.size());
    const double height = qc_chart_top(panels) - 20;
    const MapFormat format = extension == ".pdf" ? MapFormat::pdf : extension == ".svg" ? MapFormat::svg : MapFormat::png;
    const AtomicOutput folder = map::output_folder(output);
    constexpr double px_per_pt = 2;
    SurfacePtr surface = map::create_surface(format, (folder / std::filesystem::path(output).filename()).string(),
                                             PageSize{qc_chart_width, height}, px_per_pt);
    if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
        throw InputError(output + ": cannot create the charts: " + cairo_status_to_string(cairo_surface_status(surface.get())));
    {
        CairoPtr cr(cairo_create(surface.get()));
        if (extension == ".png")
            cairo_scale(cr.get(), px_per_pt, px_per_pt);
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        TextRenderer text(cr.get());
        text.text(title, "Noto Sans Bold 13", qc_chart_left, 16, ink);
        int panel = 0;
        for (const auto& [key, points] : controls) {
            control_chart(cr.get(), text, qc_chart_top(panel++), "Control chart: " + key, points);
            report.panels.push_back("control chart " + key);
        }
        for (const auto& [key, points] : duplicates) {
            duplicate_plot(cr.get(), text, qc_chart_top(panel++), "Duplicates: " + key, points);
            report.panels.push_back("duplicates " + key);
        }
        cairo_surface_flush(surface.get());
        if (cairo_status(cr.get()) != CAIRO_STATUS_SUCCESS)
            throw Error(output + ": drawing failed: " + cairo_status_to_string(cairo_status(cr.get())));
    }
    map::finish_page(std::move(surface), format, folder, output, title, report.panels);
    return report;
}

} // namespace lode
