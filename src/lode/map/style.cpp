#include "lode/map/style.hpp"

#include "lode/base/error.hpp"

#include <algorithm>
#include <cmath>

namespace lode::map {

Colour parse_colour(const std::string& text, const std::string& context)
{
    if (text.size() != 7 && text.size() != 9)
        throw Error(context + ": colour '" + text + "' is not #rrggbb or #rrggbbaa");
    auto byte = [&](std::size_t at) { return std::stoi(text.substr(at, 2), nullptr, 16) / 255.0; };
    try {
        return {byte(1), byte(3), byte(5), text.size() == 9 ? byte(7) : 1.0};
    } catch (const std::exception&) {
        throw Error(context + ": colour '" + text + "' is not #rrggbb or #rrggbbaa");
    }
}

void set_colour(cairo_t* cr, const Colour& c) { cairo_set_source_rgba(cr, c.r, c.g, c.b, c.a); }

Symbol parse_symbol(const nlohmann::json& j, const std::string& context)
{
    Symbol s;
    s.label = j.value("label", std::string("Other"));
    s.marker = j.value("marker", std::string("circle"));
    s.size_mm = j.value("size", 2.0);
    if (j.contains("fill"))
        s.fill = parse_colour(j["fill"].get<std::string>(), context);
    if (j.contains("stroke"))
        s.stroke = parse_colour(j["stroke"].get<std::string>(), context);
    s.stroke_width_mm = j.value("stroke_width", 0.3);
    s.dash = j.value("stroke_dash", false);
    return s;
}

LayerStyle parse_style(const LayerKind& kind)
{
    const std::string context = "layers/" + kind.name + ".json: style";
    LayerStyle style;
    const auto& j = kind.style;
    style.category_field = j.value("category_field", std::string());
    style.label_field = j.value("label_field", std::string());
    style.label_priority = j.value("label_priority", 5);
    style.fallback = parse_symbol(j.value("default", nlohmann::json::object()), context);
    style.fallback.label = "Other";
    for (const auto& c : j.value("categories", nlohmann::json::array()))
        style.categories.emplace_back(c.value("value", std::string()), parse_symbol(c, context));
    return style;
}

void path_of(cairo_t* cr, const OGRGeometry& g)
{
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbLineString || type == wkbLinearRing) {
        const auto& l = *g.toSimpleCurve();
        for (int i = 0; i < l.getNumPoints(); ++i)
            (i == 0 ? cairo_move_to : cairo_line_to)(cr, l.getX(i), l.getY(i));
        if (type == wkbLinearRing)
            cairo_close_path(cr);
    } else if (type == wkbPolygon) {
        for (const auto* ring : *g.toPolygon()) {
            path_of(cr, *ring);
            cairo_close_path(cr);
        }
    } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
        for (const auto* part : *g.toGeometryCollection())
            path_of(cr, *part);
    }
}

void stroke_with(cairo_t* cr, const Symbol& s, bool preserve)
{
    if (!s.stroke) {
        if (!preserve)
            cairo_new_path(cr);
        return;
    }
    set_colour(cr, *s.stroke);
    const double width = s.stroke_width_mm * mm;
    cairo_set_line_width(cr, width);
    if (s.dash) {
        const double dashes[] = {std::max(3.0, width * 6), std::max(2.0, width * 4)};
        cairo_set_dash(cr, dashes, 2, 0);
    } else {
        cairo_set_dash(cr, nullptr, 0, 0);
    }
    preserve ? cairo_stroke_preserve(cr) : cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
}

void draw_area(cairo_t* cr, const OGRGeometry& page, const Symbol& s)
{
    cairo_new_path(cr);
    path_of(cr, page);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    if (s.fill) {
        set_colour(cr, *s.fill);
        cairo_fill_preserve(cr);
    }
    stroke_with(cr, s, false);
    cairo_new_path(cr);
}

void draw_line(cairo_t* cr, const OGRGeometry& page, const Symbol& s)
{
    cairo_new_path(cr);
    path_of(cr, page);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_ROUND);
    stroke_with(cr, s, false);
    cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
}

void draw_marker(cairo_t* cr, double x, double y, const Symbol& s)
{
    const double r = s.size_mm * mm / 2;
    cairo_new_path(cr);
    if (s.marker == "square") {
        cairo_rectangle(cr, x - r * 0.9, y - r * 0.9, r * 1.8, r * 1.8);
    } else if (s.marker == "triangle") {
        cairo_move_to(cr, x, y - r * 1.15);
        cairo_line_to(cr, x + r, y + r * 0.75);
        cairo_line_to(cr, x - r, y + r * 0.75);
        cairo_close_path(cr);
    } else if (s.marker == "diamond") {
        cairo_move_to(cr, x, y - r * 1.2);
        cairo_line_to(cr, x + r * 0.8, y);
        cairo_line_to(cr, x, y + r * 1.2);
        cairo_line_to(cr, x - r * 0.8, y);
        cairo_close_path(cr);
    } else {   // circle, circle_cross
        cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    }
    if (s.fill) {
        set_colour(cr, *s.fill);
        cairo_fill_preserve(cr);
    }
    Symbol outline = s;
    outline.stroke_width_mm = std::min(s.stroke_width_mm, 0.25);
    outline.dash = false;
    stroke_with(cr, outline, false);
    if (s.marker == "circle_cross" && s.stroke) {
        cairo_move_to(cr, x - r * 1.35, y);
        cairo_line_to(cr, x + r * 1.35, y);
        cairo_move_to(cr, x, y - r * 1.35);
        cairo_line_to(cr, x, y + r * 1.35);
        stroke_with(cr, outline, false);
    }
}

Rect marker_box(double x, double y, const Symbol& s)
{
    const double r = s.size_mm * mm / 2 * 1.3;
    return {x - r, y - r, 2 * r, 2 * r};
}

} // namespace lode::map
