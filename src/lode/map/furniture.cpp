// The page furniture around the map frame: title, legend, north arrow, scale bar and credits.
#include "lode/map/detail/canvas.hpp"

#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <regex>

namespace lode::map {

namespace {

constexpr double row_height = 11;

} // namespace

std::vector<LegendGroup> legend_of(const std::vector<LoadedLayer>& layers)
{
    std::vector<LegendGroup> groups;
    for (const auto& layer : layers) {
        LegendGroup group{layer.kind->title, {}};
        if (layer.graduated)
            group.title += ": " + layer.graduated->field + " (" + to_string(layer.graduated->classes) + ")";
        for (std::size_t i = 0; i < layer.category_counts.size(); ++i) {
            const std::size_t count = layer.category_counts[i];
            // Every class of graduated symbols is listed, even one no feature falls in.
            const bool other = i + 1 == layer.category_counts.size();
            if (count == 0 && (other || !layer.graduated))
                continue;
            const Symbol s = layer.style.symbol(other ? -1 : static_cast<int>(i));
            const GeometryType geometry = layer.kind->geometry;
            group.entries.push_back({[s, geometry](cairo_t* cr, double x, double cy) {
                                         if (geometry == GeometryType::point) {
                                             draw_marker(cr, x + 8, cy, s);
                                         } else if (geometry == GeometryType::multilinestring) {
                                             cairo_new_path(cr);
                                             cairo_move_to(cr, x + 1, cy);
                                             cairo_line_to(cr, x + 15, cy);
                                             stroke_with(cr, s, false);
                                         } else {
                                             cairo_new_path(cr);
                                             cairo_rectangle(cr, x + 1, cy - 4, 14, 8);
                                             if (s.fill) {
                                                 set_colour(cr, *s.fill);
                                                 cairo_fill_preserve(cr);
                                             }
                                             stroke_with(cr, s, false);
                                         }
                                     },
                                     s.label + " (" + grouped(static_cast<long long>(count)) + ")"});
        }
        if (!group.entries.empty())
            groups.push_back(std::move(group));
    }
    return groups;
}

double legend_height(const std::vector<LegendGroup>& groups)
{
    double h = 20;
    for (const auto& g : groups)
        h += 17 + (row_height + 1) * static_cast<double>(g.entries.size());
    return h;
}

void draw_legend(const Canvas& canvas, const std::vector<LegendGroup>& groups, double x, double y, double width,
                 double bottom, int columns)
{
    const TextRenderer& text = canvas.text;
    y += text.text("Legend", "Noto Sans Bold 9", x, y, ink) + 3;
    const double top = y;
    const double column_width = width / columns - (columns > 1 ? 6 : 0);
    int column = 0;
    auto room = [&](double needed) {
        if (y + needed <= bottom)
            return true;
        if (column + 1 >= columns)
            return false;
        ++column;
        x += width / columns;
        y = top;
        return true;
    };
    for (const auto& group : groups) {
        if (!room(24)) {
            text.text("… (more than fits)", "Noto Sans Italic 7", x, y, grey);
            return;
        }
        if (!group.title.empty())
            y += text.text(group.title, "Noto Sans Bold 7.5", x, y, ink, column_width) + 1.5;
        for (const auto& entry : group.entries) {
            if (!room(row_height)) {
                text.text("… (more than fits)", "Noto Sans Italic 7", x, y, grey);
                return;
            }
            const double cy = y + row_height / 2;
            entry.draw(canvas.cr, x, cy);
            auto l = text.layout(entry.text, "Noto Sans 7", column_width - 20);
            double w = 0, h = 0;
            TextRenderer::size(l.get(), w, h);
            text.draw(l.get(), x + 20, cy - std::min(h, row_height) / 2, ink);
            y += std::max(row_height, h) + 1;
        }
        y += 4;
    }
}

void draw_north_arrow(const Canvas& canvas, double x, double y)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    // The direction of north at the map's centre, on the page.
    double lon = 0, lat = 0, x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    double angle = 0;
    if (layout.projection().inverse(layout.centre_x(), layout.centre_y(), lon, lat) && layout.to_page(lon, lat, x0, y0) &&
        layout.to_page(lon, std::min(89.99, lat + 0.05), x1, y1))
        angle = std::atan2(x1 - x0, -(y1 - y0));
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_rotate(cr, angle);
    const double h = 16;
    cairo_new_path(cr);
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, 6, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    set_colour(cr, ink);
    cairo_fill(cr);
    cairo_move_to(cr, 0, -h);
    cairo_line_to(cr, -6, h * 0.6);
    cairo_line_to(cr, 0, h * 0.25);
    cairo_close_path(cr);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    set_colour(cr, ink);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
    auto l = canvas.text.layout("N", "Noto Sans Bold 9");
    double w = 0, th = 0;
    TextRenderer::size(l.get(), w, th);
    canvas.text.draw(l.get(), -w / 2, -h - th - 1, ink);
    cairo_restore(cr);
}

double draw_scale_bar(const Canvas& canvas, const ScaleBar& bar, double x, double y)
{
    cairo_t* cr = canvas.cr;
    const double length = bar.map_length * canvas.layout.scale();
    const double seg = length / bar.segments;
    for (int i = 0; i < bar.segments; ++i) {
        cairo_new_path(cr);
        cairo_rectangle(cr, x + i * seg, y, seg, 4);
        if (i % 2 == 0)
            set_colour(cr, ink);
        else
            cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_fill_preserve(cr);
        set_colour(cr, ink);
        cairo_set_line_width(cr, 0.5);
        cairo_stroke(cr);
    }
    auto zero = canvas.text.layout("0", "Noto Sans 7");
    auto end = canvas.text.layout(bar.label, "Noto Sans 7");
    double w = 0, h = 0;
    TextRenderer::size(zero.get(), w, h);
    canvas.text.draw(zero.get(), x - w / 2, y + 5, ink);
    TextRenderer::size(end.get(), w, h);
    canvas.text.draw(end.get(), x + length - w / 2, y + 5, ink);
    return 5 + h;
}

std::string concise_source(const std::string& source)
{
    const std::string s(trim(source));
    if (s.size() <= 60)
        return s;
    // "<what> (<publisher ...>, <date>)...": the publisher is the first all-capitals word in the
    // parentheses, the date the last day-month-year (or ISO date, or year) there.
    const auto open = s.find('(');
    const auto close = open == std::string::npos ? open : s.find(')', open);
    if (open != std::string::npos && close != std::string::npos && open > 0) {
        const std::string what(trim(s.substr(0, open)));
        const std::string inside = s.substr(open + 1, close - open - 1);
        std::smatch m;
        std::string publisher, date;
        if (std::regex_search(inside, m, std::regex(R"(\b[A-Z]{3,}\b)")))
            publisher = m.str();
        static const std::regex dates(R"(\b(\d{1,2} [A-Z][a-z]{2,8} \d{4}|\d{4}-\d{2}-\d{2})\b)");
        for (auto it = std::sregex_iterator(inside.begin(), inside.end(), dates); it != std::sregex_iterator(); ++it)
            date = it->str();
        if (date.empty() && std::regex_search(inside, m, std::regex(R"(\b(19|20)\d{2}\b)")))
            date = m.str();
        std::string out = (publisher.empty() || what.find(publisher) != std::string::npos ? "" : publisher + " ") + what;
        if (!date.empty())
            out += " (" + date + ")";
        if (out.size() <= 70)
            return out;
    }
    // Otherwise the first clause, cut at a word.
    std::string head = s.substr(0, std::min(s.find_first_of(";,"), s.size()));
    if (head.size() > 60) {
        head = head.substr(0, head.rfind(' ', 57));
        head += "…";
    }
    return head;
}

std::string credits_text(const std::vector<Project>& projects, const std::vector<std::string>& more)
{
    std::vector<std::string> sources;
    for (const auto& p : projects) {
        if (p.source.empty())
            continue;
        const std::string c = concise_source(p.source);
        if (std::find(sources.begin(), sources.end(), c) == sources.end())
            sources.push_back(c);
    }
    for (const auto& m : more)
        if (std::find(sources.begin(), sources.end(), m) == sources.end())
            sources.push_back(m);
    std::string credits = "Basemap: Natural Earth (public domain).";
    if (!sources.empty())
        credits += " Data: " + join(sources, "; ") + ".";
    return credits + " Map: lode " LODE_VERSION ".";
}

void draw_title(const Canvas& canvas, const std::string& title, const std::string& subtitle, double x, double y,
                double width)
{
    y += canvas.text.text(title, "Noto Sans Bold 15", x, y, ink, width);
    canvas.text.text(subtitle, "Noto Sans 9", x, y, grey, width);
}

} // namespace lode::map
