#pragma once
// The drawing primitives of `lode map`: owners of the Cairo and Pango handles, the layers' styles
// of layers/*.json (colours "#rrggbb" or "#rrggbbaa", markers, dashes), text through Pango, and the
// paths, areas, lines and markers drawn in page points.
#include "lode/geo/gdal.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/map/render.hpp"
#include "lode/store/store.hpp"

#include <cairo.h>
#include <pango/pangocairo.h>

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lode::map {

constexpr double mm = 72.0 / 25.4;   // page points per millimetre

// ---- owners of the C handles -------------------------------------------------------------------

struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
using CairoPtr = std::unique_ptr<cairo_t, CairoDeleter>;
using SurfacePtr = std::unique_ptr<cairo_surface_t, CairoDeleter>;

struct GObjectDeleter {
    void operator()(gpointer p) const { g_object_unref(p); }
};
using PangoContextPtr = std::unique_ptr<PangoContext, GObjectDeleter>;
using PangoLayoutPtr = std::unique_ptr<PangoLayout, GObjectDeleter>;

struct FontDeleter {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
using FontPtr = std::unique_ptr<PangoFontDescription, FontDeleter>;

// ---- styles --------------------------------------------------------------------------------------

struct Colour {
    double r = 0, g = 0, b = 0, a = 1;
};

Colour parse_colour(const std::string& text, const std::string& context);

void set_colour(cairo_t* cr, const Colour& c);

struct Symbol {
    std::string label;
    std::string marker = "circle";
    double size_mm = 2.0;
    std::optional<Colour> fill, stroke;
    double stroke_width_mm = 0.3;
    bool dash = false;
};

Symbol parse_symbol(const nlohmann::json& j, const std::string& context);

struct LayerStyle {
    std::string category_field, label_field;
    int label_priority = 5;   // labels of a lower number are placed first (licences 1, prospects 2)
    Symbol fallback;
    std::vector<std::pair<std::string, Symbol>> categories;   // value → symbol, in legend order

    // Index into categories, or -1 for the default symbol.
    int category_of(const Feature& f) const
    {
        const auto it = f.attributes.find(category_field);
        if (it == f.attributes.end() || is_null(it->second))
            return -1;
        const std::string value = to_text(it->second);
        for (std::size_t i = 0; i < categories.size(); ++i)
            if (categories[i].first == value)
                return static_cast<int>(i);
        return -1;
    }
    const Symbol& symbol(int category) const { return category < 0 ? fallback : categories[category].second; }
};

LayerStyle parse_style(const LayerKind& kind);

// ---- text -------------------------------------------------------------------------------------------

class TextRenderer {
public:
    explicit TextRenderer(cairo_t* cr) : cr_(cr), context_(pango_cairo_create_context(cr))
    {
        pango_cairo_context_set_resolution(context_.get(), 72);   // font sizes in page points
        cairo_font_options_t* options = cairo_font_options_create();
        cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
        pango_cairo_context_set_font_options(context_.get(), options);
        cairo_font_options_destroy(options);
    }

    // A layout of text in font ("Noto Sans Bold 14"); width > 0 wraps it.
    PangoLayoutPtr layout(const std::string& text, const std::string& font, double width = -1) const
    {
        pango_cairo_update_context(cr_, context_.get());
        PangoLayoutPtr l(pango_layout_new(context_.get()));
        FontPtr desc(pango_font_description_from_string(font.c_str()));
        pango_layout_set_font_description(l.get(), desc.get());
        if (width > 0) {
            pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
            pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        }
        pango_layout_set_text(l.get(), text.c_str(), -1);
        return l;
    }

    static void size(PangoLayout* l, double& w, double& h)
    {
        PangoRectangle logical;
        pango_layout_get_extents(l, nullptr, &logical);
        w = logical.width / static_cast<double>(PANGO_SCALE);
        h = logical.height / static_cast<double>(PANGO_SCALE);
    }

    // Draws l with its top left at (x, y); halo > 0 outlines it in white first.
    void draw(PangoLayout* l, double x, double y, const Colour& colour, double halo = 0) const
    {
        cairo_save(cr_);
        cairo_move_to(cr_, x, y);
        if (halo > 0) {
            pango_cairo_layout_path(cr_, l);
            cairo_set_source_rgba(cr_, 1, 1, 1, 0.85);
            cairo_set_line_width(cr_, halo);
            cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
            cairo_stroke(cr_);
            cairo_move_to(cr_, x, y);
        }
        set_colour(cr_, colour);
        pango_cairo_show_layout(cr_, l);
        cairo_restore(cr_);
    }

    // Draws text and returns its height.
    double text(const std::string& s, const std::string& font, double x, double y, const Colour& c, double width = -1) const
    {
        auto l = layout(s, font, width);
        double w = 0, h = 0;
        size(l.get(), w, h);
        draw(l.get(), x, y, c);
        return h;
    }

private:
    cairo_t* cr_;
    PangoContextPtr context_;
};

inline const Colour ink{0.13, 0.13, 0.13, 1};
inline const Colour grey{0.42, 0.42, 0.42, 1};
inline const Colour sea{0.86, 0.915, 0.95, 1};
inline const Colour land{0.965, 0.953, 0.93, 1};
inline const Colour border{0.62, 0.6, 0.56, 1};
inline const Colour graticule_colour{0.35, 0.45, 0.58, 0.45};
inline const Colour projected_grid_colour{0.55, 0.35, 0.3, 0.5};
inline const Colour contour_colour{0.6, 0.4, 0.2, 1};

// ---- drawing -----------------------------------------------------------------------------------------

void path_of(cairo_t* cr, const OGRGeometry& g);

void stroke_with(cairo_t* cr, const Symbol& s, bool preserve);

void draw_area(cairo_t* cr, const OGRGeometry& page, const Symbol& s);

void draw_line(cairo_t* cr, const OGRGeometry& page, const Symbol& s);

// A marker of the symbol centred on (x, y); its size is the symbol's diameter in millimetres.
void draw_marker(cairo_t* cr, double x, double y, const Symbol& s);

Rect marker_box(double x, double y, const Symbol& s);

} // namespace lode::map
