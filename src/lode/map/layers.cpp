// The layers of a map: surveyed first (which have features in the selection, and where), then
// streamed from the store through the R*Tree (only the frame's box) and drawn as they come, so that a
// map of a million features never holds them all. Detail finer than the output can show is dropped:
// vertices closer than half a pixel, markers on a cell already holding the same symbol, areas smaller
// than a few points drawn once per cell as a small square.
#include "lode/map/detail/canvas.hpp"
#include "lode/store/assay_values.hpp"
#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace lode::map {

namespace {

std::string label_of(const Feature& f, const std::string& field)
{
    if (field.empty() || field == "none")
        return {};
    if (field == "id")
        return f.id;
    if (field == "project")
        return f.project;
    const auto it = f.attributes.find(field);
    if (it != f.attributes.end())
        return is_null(it->second) ? std::string() : to_text(it->second);
    const auto e = f.extra.find(field);
    if (e != f.extra.end() && !e->is_null())
        return e->is_string() ? e->get<std::string>() : e->dump();
    return {};
}

// A WKB point read in place (most features of a big store): no geometry object made.
bool wkb_point(const std::vector<unsigned char>& wkb, double& x, double& y)
{
    if (wkb.size() != 21 || wkb[0] != 1 || wkb[1] != 1 || wkb[2] != 0 || wkb[3] != 0 || wkb[4] != 0)
        return false;
    std::memcpy(&x, wkb.data() + 5, 8);
    std::memcpy(&y, wkb.data() + 13, 8);
    return true;
}

std::vector<Selection> selections(const MapOptions& options, const std::optional<BBox>& bbox)
{
    std::vector<std::optional<std::string>> projects;
    if (options.projects.empty())
        projects.emplace_back();
    for (const auto& p : options.projects)
        projects.emplace_back(p);
    std::vector<std::optional<BBox>> boxes;
    if (!bbox)
        boxes.emplace_back();
    else if (bbox->west <= bbox->east)
        boxes.emplace_back(bbox);
    else {   // across the antimeridian: two boxes
        boxes.emplace_back(BBox{bbox->west, bbox->south, 180, bbox->north});
        boxes.emplace_back(BBox{-180, bbox->south, bbox->east, bbox->north});
    }
    std::vector<Selection> out;
    for (const auto& p : projects)
        for (const auto& b : boxes)
            out.push_back({b, p, {}});
    return out;
}

// Drops the vertices of a page-point line closer than tolerance to the last one kept (the ends stay).
void thin(OGRSimpleCurve& line, double tolerance)
{
    const int n = line.getNumPoints();
    if (n <= 4)
        return;
    int kept = 1;
    double lx = line.getX(0), ly = line.getY(0);
    for (int i = 1; i < n; ++i) {
        const double x = line.getX(i), y = line.getY(i);
        if (i + 1 < n && std::fabs(x - lx) < tolerance && std::fabs(y - ly) < tolerance)
            continue;
        line.setPoint(kept++, x, y);
        lx = x;
        ly = y;
    }
    line.setNumPoints(std::max(kept, 4));
}

void thin(OGRGeometry& g, double tolerance)
{
    const auto type = wkbFlatten(g.getGeometryType());
    if (type == wkbLineString || type == wkbLinearRing)
        thin(*g.toSimpleCurve(), tolerance);
    else if (type == wkbPolygon)
        for (auto* ring : *g.toPolygon())
            thin(*ring, tolerance);
    else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection))
        for (auto* part : *g.toGeometryCollection())
            thin(*part, tolerance);
}

// Cells of the page already holding a symbol: a second marker there would not show.
class Occupied {
public:
    explicit Occupied(double cell) : cell_(cell) {}
    // True the first time (category, cell of x, y) is seen.
    bool claim(int category, double x, double y)
    {
        const auto cx = static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(x / cell_)) + (1 << 20));
        const auto cy = static_cast<std::uint64_t>(static_cast<std::int64_t>(std::floor(y / cell_)) + (1 << 20));
        return cells_.insert((static_cast<std::uint64_t>(category + 1) << 48) | (cx << 24) | cy).second;
    }

private:
    double cell_;
    std::unordered_set<std::uint64_t> cells_;
};

// Layers with more features than this in view are not labelled: their labels could not be read.
constexpr std::size_t label_limit = 400;

// The text given for layer among pairs (LAYER, TEXT), or null.
const std::string* own(const std::vector<std::pair<std::string, std::string>>& pairs, const std::string& layer)
{
    for (const auto& [name, text] : pairs)
        if (name == layer)
            return &text;
    return nullptr;
}

// Every layer named by a per-layer setting is a known layer, among those chosen when chosen.
void check_named_layers(Store& store, const MapOptions& options)
{
    auto check = [&](const std::string& name, Setting setting) {
        store.layer_kind(name);   // NotFound for an unknown layer
        if (!options.layers.empty() && std::find(options.layers.begin(), options.layers.end(), name) == options.layers.end())
            throw InputError(mention(setting) + ": layer '" + name + "' is not one of the layers drawn (" +
                             join(options.layers, ", ") + ")");
    };
    std::set<std::string> symbolised;
    for (const auto& [name, text] : options.layer_where)
        check(name, Setting::where);
    for (const auto& [name, text] : options.layer_labels)
        check(name, Setting::labels);
    for (const auto& s : options.symbolise) {
        check(s.layer, Setting::symbolise);
        if (!symbolised.insert(s.layer).second)
            throw InputError(mention(Setting::symbolise) + ": layer '" + s.layer + "' is symbolised twice");
    }
}

// The classes of a layer's symbolised field: the field (a numeric one of the kind, or an analyte)
// and, once its values are known, the breaks and a symbol per class on the ramp.
Graduated graduated_for(Store& store, const LayerKind& kind, const MapSymbolise& s, BelowLimit rule)
{
    Graduated g;
    g.classes = s.classes;
    const std::string where = mention(Setting::symbolise) + ": layer '" + kind.name + "': ";
    const FieldDef* field = kind.field(s.field);
    if (!field)
        for (const auto& f : kind.fields)
            if (lower(f.name) == lower(s.field))
                field = &f;
    if (field) {
        if (field->type != FieldType::integer && field->type != FieldType::real)
            throw InputError(where + "field '" + field->name + "' holds text, not numbers");
        g.field = field->name;
        return g;
    }
    const auto analyte = analyte_field(s.field, Analytes::built_in());
    if (!analyte || s.field.substr(0, analyte->analyte.size()) != analyte->analyte)
        throw InputError(where + "no field or analyte '" + s.field + "' (a numeric field, or ANALYTE_UNIT such as Li_ppm)");
    g.field = analyte_field_name(analyte->analyte, analyte->unit);
    g.assays = std::make_shared<AssayValues>(store, kind.name, std::vector<std::string>{g.field}, rule);
    return g;
}

std::string number_text(double v)
{
    char t[32];
    std::snprintf(t, sizeof t, "%.4g", v);
    return t;
}

// The style's categories become the classes: "≤ b1", "b1 – b2", ..., "> bn", in the ramp's colours,
// a point's marker a little larger for each class up; features without a value drawn hollow grey.
void style_classes(LayerStyle& style, const Graduated& g, GeometryType geometry)
{
    const std::size_t n = g.breaks.size() + 1;
    const Symbol base = style.fallback;
    style.categories.clear();
    style.category_field.clear();
    for (std::size_t i = 0; i < n; ++i) {
        Symbol s = base;
        s.fill = parse_colour(ramp_colour(i, n), "ramp");
        s.stroke = Colour{0.25, 0.25, 0.25, 1};
        s.stroke_width_mm = geometry == GeometryType::multilinestring ? std::max(0.6, base.stroke_width_mm) : 0.2;
        if (geometry == GeometryType::multilinestring)
            s.stroke = s.fill;
        if (geometry == GeometryType::point)
            s.size_mm = 1.8 + 1.4 * static_cast<double>(i) / static_cast<double>(std::max<std::size_t>(1, n - 1));
        s.dash = false;
        s.label = n == 1 ? "all values"
                  : i == 0 ? "≤ " + number_text(g.breaks[0])
                  : i + 1 == n ? "> " + number_text(g.breaks[i - 1])
                               : number_text(g.breaks[i - 1]) + " – " + number_text(g.breaks[i]);
        style.categories.emplace_back(std::to_string(i), s);
    }
    Symbol none = base;
    none.fill.reset();
    none.stroke = Colour{0.5, 0.5, 0.5, 1};
    none.label = "No value";
    style.fallback = none;
}

} // namespace

double Graduated::value(const Feature& f) const
{
    if (assays) {
        const auto v = assays->value(f.id, field);
        return v ? *v : std::nan("");
    }
    const auto it = f.attributes.find(field);
    return it == f.attributes.end() ? std::nan("") : as_number(it->second);
}

int Graduated::category_of(const Feature& f) const
{
    const double v = value(f);
    return std::isfinite(v) ? static_cast<int>(class_of(v, breaks)) : -1;
}

std::vector<LoadedLayer> survey_layers(Store& store, const MapOptions& options)
{
    std::vector<const LayerKind*> kinds;
    if (options.layers.empty()) {
        for (const auto& k : store.layer_kinds())
            kinds.push_back(&k);
    } else {
        for (const auto& name : options.layers)
            kinds.push_back(&store.layer_kind(name));
    }
    // Areas under lines under points.
    std::stable_sort(kinds.begin(), kinds.end(), [](const LayerKind* a, const LayerKind* b) {
        auto rank = [](GeometryType t) { return t == GeometryType::multipolygon ? 0 : t == GeometryType::multilinestring ? 1 : 2; };
        return rank(a->geometry) < rank(b->geometry);
    });
    check_named_layers(store, options);
    auto has_field = [](const LayerKind& kind, const std::string& field) {
        return field.empty() || field == "none" || field == "id" || field == "project" || kind.field(field);
    };
    // --labels FIELD for the layers chosen: one of them at least has it.
    if (!options.labels.empty() && !options.layers.empty() &&
        std::none_of(kinds.begin(), kinds.end(), [&](const LayerKind* k) { return has_field(*k, options.labels); }))
        throw InputError(mention(Setting::labels) + ": none of the layers " + join(options.layers, ", ") +
                         " has a field '" + options.labels + "'");
    std::vector<LoadedLayer> out;
    for (const LayerKind* kind : kinds) {
        LoadedLayer layer;
        layer.kind = kind;
        if (const std::string* where = own(options.layer_where, kind->name)) {
            layer.filter = Filter::parse_for_layer(*where, *kind, &store.commodities(), true);
            bind_assay_values(*layer.filter, store, kind->name, options.below_limit);
        } else if (!options.where.empty()) {
            layer.filter = Filter::parse_for_layer(options.where, *kind, &store.commodities(), !options.layers.empty());
            bind_assay_values(*layer.filter, store, kind->name, options.below_limit);
        }
        layer.style = parse_style(*kind);
        if (const std::string* label = own(options.layer_labels, kind->name)) {
            if (!has_field(*kind, *label))
                throw InputError(mention(Setting::labels) + ": layer '" + kind->name + "' has no field '" + *label + "'");
            layer.label_field = *label;
        } else {
            layer.label_field = options.labels.empty() ? layer.style.label_field : options.labels;
        }
        for (const auto& s : options.symbolise)
            if (s.layer == kind->name)
                layer.graduated = graduated_for(store, *kind, s, options.below_limit);
        std::vector<double> values;
        const auto boxes = selections(options, options.bbox);
        std::set<std::string> seen;   // a feature across the antimeridian is in both boxes
        auto add = [&](const std::string& id, const std::vector<unsigned char>& wkb) {
            if (boxes.size() > 1 && !seen.insert(id).second)
                return false;
            double x = 0, y = 0;
            OGREnvelope e;
            if (wkb_point(wkb, x, y)) {
                e.Merge(x, y);
            } else {
                from_wkb(wkb)->getEnvelope(&e);
            }
            layer.envelope.Merge(e);
            if (!options.bbox)   // the default extent looks at every feature (extent.cpp)
                layer.boxes.push_back(feature_box(e));
            ++layer.features;
            return true;
        };
        for (const auto& selection : boxes) {
            if (layer.filter || layer.graduated)   // the filter and the classes need every attribute
                store.scan(kind->name, selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
                    const Feature& f = scanned.feature;
                    if ((!layer.filter || layer.filter->matches(f)) && add(f.id, f.wkb) && layer.graduated)
                        values.push_back(layer.graduated->value(f));
                    return true;
                });
            else
                store.scan(kind->name, selection, Reading::geometries().taken_in(), [&](ScanRow& row) {
                    add(row.id, row.wkb);
                    return true;
                });
        }
        if (layer.graduated) {
            layer.graduated->breaks = class_breaks(std::move(values), layer.graduated->classes);
            style_classes(layer.style, *layer.graduated, kind->geometry);
        }
        layer.category_counts.assign(layer.style.categories.size() + 1, 0);
        if (layer.features > 0)
            out.push_back(std::move(layer));
    }
    // Within a kind of geometry, the denser layer underneath: a few occurrences stay visible over
    // a cloud of samples.
    std::stable_sort(out.begin(), out.end(), [](const LoadedLayer& a, const LoadedLayer& b) {
        auto rank = [](GeometryType t) { return t == GeometryType::multipolygon ? 0 : t == GeometryType::multilinestring ? 1 : 2; };
        if (rank(a.kind->geometry) != rank(b.kind->geometry))
            return rank(a.kind->geometry) < rank(b.kind->geometry);
        return a.features > b.features;
    });
    return out;
}

BBox features_extent(const std::vector<LoadedLayer>& layers)
{
    OGREnvelope all;
    for (const auto& l : layers)
        all.Merge(l.envelope);
    return extent_around(all);
}

BBox extent_around(const OGREnvelope& all)
{
    const double lon_margin = std::max(0.02, (all.MaxX - all.MinX) * 0.12);
    const double lat_margin = std::max(0.02, (all.MaxY - all.MinY) * 0.12);
    return {std::max(-180.0, all.MinX - lon_margin), std::max(-89.0, all.MinY - lat_margin),
            std::min(180.0, all.MaxX + lon_margin), std::min(89.0, all.MaxY + lat_margin)};
}

std::string describe_request(const MapOptions& options)
{
    std::vector<std::string> parts;
    if (!options.projects.empty())
        parts.push_back("project " + join(options.projects, ", "));
    if (!options.layers.empty())
        parts.push_back("layers " + join(options.layers, ", "));
    if (options.bbox) {
        char text[128];
        std::snprintf(text, sizeof text, "bbox %g,%g,%g,%g", options.bbox->west, options.bbox->south, options.bbox->east,
                      options.bbox->north);
        parts.push_back(text);
    }
    if (!options.where.empty())
        parts.push_back("where " + options.where);
    for (const auto& [layer, where] : options.layer_where)
        parts.push_back(layer + " where " + where);
    return parts.empty() ? "everything" : join(parts, "; ");
}

void draw_layer(Canvas& canvas, Store& store, const MapOptions& options, LoadedLayer& layer)
{
    cairo_t* cr = canvas.cr;
    const MapLayout& layout = canvas.layout;
    const Rect& frame = layout.frame();
    const bool points = layer.kind->geometry == GeometryType::point;
    const bool areas = layer.kind->geometry == GeometryType::multipolygon;
    layer.labelled = layer.features <= label_limit && layer.label_field != "none";
    // Markers closer than a third of their size, or a pixel, look like one.
    const double marker = layer.style.fallback.size_mm * mm;
    Occupied occupied(std::max(canvas.pixel, marker / 3));
    const double small = 4;   // areas smaller than this (points) are drawn as a square of this size
    Occupied occupied_small(std::max(canvas.pixel, small / 2));

    // Only what the frame shows, through the R*Tree, within --bbox when given.
    BBox view = layout.geographic_extent();
    if (options.bbox && options.bbox->west <= options.bbox->east && !options.all)
        view = {std::max(view.west, options.bbox->west), std::max(view.south, options.bbox->south),
                std::min(view.east, options.bbox->east), std::min(view.north, options.bbox->north)};
    // A layer wholly in view is read straight through; the R*Tree only pays where it leaves some out.
    const bool whole = view.west <= layer.envelope.MinX && view.east >= layer.envelope.MaxX &&
                       view.south <= layer.envelope.MinY && view.north >= layer.envelope.MaxY;
    const auto boxes = selections(options, view.west < view.east && !whole ? std::optional<BBox>(view) : std::nullopt);
    std::set<std::string> seen;

    cairo_save(cr);
    canvas.clip_to_frame();
    // One feature: its id, category, WKB, and its label (asked for only when the layer is labelled).
    auto draw = [&](const std::string& id, int category, const std::vector<unsigned char>& wkb,
                    const std::function<std::string()>& label) {
        if (boxes.size() > 1 && !seen.insert(id).second)
            return true;
        const Symbol& s = layer.style.symbol(category);
        ++layer.category_counts[category < 0 ? layer.style.categories.size() : static_cast<std::size_t>(category)];
        ++layer.drawn;
        if (points) {
            double lon = 0, lat = 0, x = 0, y = 0;
            if (!wkb_point(wkb, lon, lat)) {
                GeometryPtr g = from_wkb(wkb);
                const auto type = wkbFlatten(g->getGeometryType());
                const OGRPoint* p = type == wkbPoint ? g->toPoint()
                                    : type == wkbMultiPoint && !g->IsEmpty() ? g->toMultiPoint()->getGeometryRef(0)
                                                                            : nullptr;
                if (!p || p->IsEmpty())
                    return true;
                lon = p->getX();
                lat = p->getY();
            }
            if (!layout.to_page(lon, lat, x, y) || x < frame.x - marker || x > frame.right() + marker ||
                y < frame.y - marker || y > frame.bottom() + marker)
                return true;
            const Rect box = marker_box(x, y, s);
            if (occupied.claim(category, x, y)) {
                draw_marker(cr, x, y, s);
                if (layer.labelled)
                    canvas.placer.reserve(box);
            }
            const std::string text = layer.labelled ? label() : std::string();
            if (!text.empty())
                canvas.pending.push_back({text, x, y, true, box.width / 2, layer.features, layer.style.label_priority});
            return true;
        }
        GeometryPtr page = to_page(*from_wkb(wkb), layout);
        if (!page)
            return true;
        OGREnvelope e;
        page->getEnvelope(&e);
        if (e.MaxX < frame.x || e.MinX > frame.right() || e.MaxY < frame.y || e.MinY > frame.bottom())
            return true;
        const double size = std::max(e.MaxX - e.MinX, e.MaxY - e.MinY);
        if (areas && size < small) {
            // Too small to see at this scale: a square of 4 points in the area's style, once per cell.
            const double cx = (e.MinX + e.MaxX) / 2, cy = (e.MinY + e.MaxY) / 2;
            if (occupied_small.claim(category, cx, cy)) {
                Symbol square = s;
                square.marker = "square";
                square.size_mm = small / mm / 0.9;
                square.dash = false;
                if (square.fill)
                    square.fill->a = std::max(square.fill->a, 0.8);
                draw_marker(cr, cx, cy, square);
            }
        } else if (size < canvas.pixel) {
            if (occupied_small.claim(category, e.MinX, e.MinY)) {   // a line under a pixel: one pixel
                set_colour(cr, s.stroke ? *s.stroke : s.fill ? *s.fill : ink);
                cairo_rectangle(cr, e.MinX, e.MinY, canvas.pixel, canvas.pixel);
                cairo_fill(cr);
            }
        } else {
            thin(*page, canvas.pixel / 2);
            if (areas)
                draw_area(cr, *page, s);
            else
                draw_line(cr, *page, s);
        }
        if (layer.labelled) {
            const std::string text = label();
            if (!text.empty())
                if (auto anchor = anchor_of(*page, canvas.frame_polygon))
                    canvas.pending.push_back({text, anchor->first, anchor->second, false, 0, layer.features, layer.style.label_priority});
        }
        return true;
    };
    // A layer too dense to label, without a filter, is read lean: geometry and category only.
    const FieldDef* category_field = layer.kind->field(layer.style.category_field);
    const bool lean = !layer.filter && !layer.labelled && !layer.graduated &&
                      (layer.style.category_field.empty() || (category_field && category_field->type == FieldType::text));
    if (lean) {
        std::unordered_map<std::string, int> categories;
        for (std::size_t i = 0; i < layer.style.categories.size(); ++i)
            categories.emplace(layer.style.categories[i].first, static_cast<int>(i));
        const std::function<std::string()> no_label = [] { return std::string(); };
        for (const auto& selection : boxes)
            store.scan(layer.kind->name, selection, Reading::geometries({}, category_field ? category_field->name : std::string()).taken_in(),
                       [&](ScanRow& row) {
                           const auto it = categories.find(row.text);
                           draw(row.id, it == categories.end() ? -1 : it->second, row.wkb, no_label);
                           return true;
                       });
    } else {
        for (const auto& selection : boxes)
            store.scan(layer.kind->name, selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
                const Feature& f = scanned.feature;
                if (layer.filter && !layer.filter->matches(f))
                    return true;
                return draw(f.id, layer.category_of(f), f.wkb, [&] { return label_of(f, layer.label_field); });
            });
    }
    cairo_restore(cr);
}

} // namespace lode::map
