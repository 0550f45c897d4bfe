#include "lode/web/page.hpp"

#include "lode/base/atomic_output.hpp"
#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/export/qgis_style.hpp"
#include "lode/geo/countries.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/register/due.hpp"
#include "lode/register/licences.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/assay_values.hpp"
#include "lode/web/detail/assets.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_api.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace lode {

using Json = nlohmann::ordered_json;

namespace {

// A geometry as a GeoJSON object, its coordinates rounded to `decimals`.
Json geojson_geometry(const OGRGeometry& g, int decimals)
{
    const std::string precision = "COORDINATE_PRECISION=" + std::to_string(decimals);
    char* options[] = {const_cast<char*>(precision.c_str()), nullptr};
    CplString text(OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(&g)), options));
    if (!text)
        return nullptr;
    return Json::parse(text.get());
}

Json value_json(const Value& v)
{
    if (std::holds_alternative<std::int64_t>(v))
        return std::get<std::int64_t>(v);
    if (std::holds_alternative<double>(v))
        return std::get<double>(v);
    if (std::holds_alternative<std::string>(v))
        return std::get<std::string>(v);
    return nullptr;
}

Json symbol_json(const Symbol& s)
{
    return {{"fill", s.fill}, {"stroke", s.stroke}, {"stroke_width", s.stroke_width}, {"dash", s.stroke_dash},
            {"marker", s.marker}, {"size", s.size}};
}

Json style_json(const LayerStyle& style)
{
    Json categories = Json::array();
    for (const auto& c : style.categories)
        categories.push_back({{"value", c.value}, {"label", c.label}, {"symbol", symbol_json(c.symbol)}});
    return {{"category_field", style.category_field}, {"label_field", style.label_field},
            {"default", symbol_json(style.fallback)}, {"categories", categories}};
}

const char* geometry_name(GeometryType t)
{
    return t == GeometryType::point ? "point" : t == GeometryType::multilinestring ? "line" : "polygon";
}

// The boxes a bbox selects: two when it crosses the antimeridian.
std::vector<Selection> selections(const std::optional<std::string>& project, const std::optional<BBox>& bbox)
{
    std::vector<Selection> out;
    if (bbox && bbox->west > bbox->east) {
        out.push_back({BBox{bbox->west, bbox->south, 180, bbox->north}, project, std::nullopt});
        out.push_back({BBox{-180, bbox->south, bbox->east, bbox->north}, project, std::nullopt});
    } else {
        out.push_back({bbox, project, std::nullopt});
    }
    return out;
}

std::string read_script(const std::filesystem::path& folder, const std::string& name)
{
    const std::filesystem::path path = folder / name;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(Where{path.string(), -1, {}, {}}, "missing: the interactive map page inlines it", Hint::install_scripts);
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    // Inlined in a <script> or <style> element, the text must not close it or open a comment.
    std::string lower = s;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* bad : {"</script", "</style", "<!--"})
        if (lower.find(bad) != std::string::npos)
            throw InputError(Where{path.string(), -1, {}, {}}, std::string("holds '") + bad + "', so it cannot be inlined in a page");
    return s;
}

std::string html_text(const std::string& s)
{
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

Json basemap_json(const std::string& path)
{
    register_gdal();
    Dataset ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
    if (!ds)
        throw InputError(Where{path, -1, {}, {}}, "cannot open the basemap (the Natural Earth countries GeoPackage)");
    OGRLayer* layer = ds->GetLayerByName("countries");
    if (!layer)
        throw InputError(Where{path, -1, {}, {}}, "has no layer 'countries'");
    const int name_field = layer->GetLayerDefn()->GetFieldIndex("name");
    Json features = Json::array();
    for (auto& feature : *layer) {
        const OGRGeometry* g = feature->GetGeometryRef();
        if (!g)
            continue;
        GeometryPtr copy(g->clone());
        drop_world_spanning_parts(*copy);
        Json geometry = geojson_geometry(*copy, 3);   // about 100 m: a backdrop, not data
        if (geometry.is_null())
            continue;
        features.push_back({{"type", "Feature"},
                            {"properties", {{"name", name_field >= 0 ? feature->GetFieldAsString(name_field) : ""}}},
                            {"geometry", std::move(geometry)}});
    }
    return {{"type", "FeatureCollection"}, {"features", std::move(features)}};
}

// The register card of a licence, as lode licence show gives it, and what falls due on it.
Json card_json(const LicenceCard& card, const std::vector<const DueItem*>& due)
{
    const Feature& f = card.licence;
    auto field = [&](const char* name) -> Json {
        const auto it = f.attributes.find(name);
        return it == f.attributes.end() || is_null(it->second) ? Json() : Json(to_text(it->second));
    };
    Json partners = Json::array();
    for (const auto& p : card.partners)
        partners.push_back({{"organisation", p.organisation}, {"country", p.country}, {"role", p.role},
                            {"pct", p.pct ? Json(*p.pct) : Json()}});
    Json items = Json::array();
    for (const DueItem* d : due)
        items.push_back({{"due", d->due}, {"days", d->days}, {"overdue", d->overdue}, {"kind", d->kind},
                         {"description", d->description},
                         {"amount", d->amount ? Json(*d->amount) : Json()}, {"currency", d->currency}});
    return {{"id", f.id}, {"licence_no", field("licence_no")}, {"name", field("name")}, {"type", field("licence_type")},
            {"holder", field("holder")}, {"status", field("status")}, {"granted", field("granted")},
            {"expiry", field("expiry")}, {"project", f.project}, {"area_km2", card.area_km2},
            {"partners", partners}, {"interest_total_pct", card.interests.total},
            {"interests_complete", card.interests.complete()}, {"with_interest", card.interests.with_interest},
            {"due", items}};
}

struct PageLayer {
    const LayerKind* kind = nullptr;
    std::optional<Filter> filter;
    std::vector<Feature> features;
};

} // namespace

bool is_map_page(const std::string& output)
{
    std::string ext = std::filesystem::path(output).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext == ".html" || ext == ".htm";
}

std::string default_scripts_dir()
{
    return (std::filesystem::path(default_layers_dir()).parent_path() / "web").string();
}

std::string json_for_script(const Json& value)
{
    const std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '<')
            out += "\\u003c";
        else if (c == '>')
            out += "\\u003e";
        else if (c == '&')
            out += "\\u0026";
        else if (c == '\xE2' && i + 2 < text.size() && text[i + 1] == '\x80' && (text[i + 2] == '\xA8' || text[i + 2] == '\xA9')) {
            out += text[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
            i += 2;
        } else
            out += c;
    }
    return out;
}

MapPageReport write_map_page(Store& store, const MapPageOptions& options)
{
    const std::filesystem::path scripts_dir = options.scripts.empty() ? default_scripts_dir() : options.scripts;
    const std::string ol_js = read_script(scripts_dir, "ol.js");
    const std::string ol_css = read_script(scripts_dir, "ol.css");
    const std::string geodesic_js = read_script(scripts_dir, "geographiclib-geodesic.min.js");

    std::vector<Project> projects;
    for (const auto& code : options.projects) {
        Project p;
        projects.push_back(store.require_project(code, p));
    }
    std::vector<const LayerKind*> kinds;
    if (options.layers.empty())
        for (const auto& k : store.layer_kinds())
            kinds.push_back(&k);
    else
        for (const auto& name : options.layers)
            kinds.push_back(&store.layer_kind(name));
    // Areas under lines under points, as on the printed map.
    std::stable_sort(kinds.begin(), kinds.end(), [](const LayerKind* a, const LayerKind* b) {
        auto rank = [](GeometryType t) { return t == GeometryType::multipolygon ? 0 : t == GeometryType::multilinestring ? 1 : 2; };
        return rank(a->geometry) < rank(b->geometry);
    });

    std::vector<std::optional<std::string>> project_codes;
    for (const auto& code : options.projects)
        project_codes.emplace_back(code);
    if (project_codes.empty())
        project_codes.emplace_back(std::nullopt);

    MapPageReport report;
    report.output = options.output;
    std::vector<PageLayer> layers;
    std::size_t total = 0;
    for (const LayerKind* kind : kinds) {
        PageLayer layer;
        layer.kind = kind;
        if (!options.where.empty()) {
            layer.filter = Filter::parse_for_layer(options.where, *kind, &store.commodities(), !options.layers.empty());
            bind_assay_values(*layer.filter, store, kind->name, options.below_limit);
        }
        std::set<std::string> seen;   // a feature across the antimeridian is in both boxes
        for (const auto& project : project_codes)
            for (const auto& selection : selections(project, options.bbox))
                store.scan(kind->name, selection, Reading::features(), [&](ScanRow& row) {
                    if (layer.filter && !layer.filter->matches(row.feature))
                        return true;
                    if (!seen.insert(row.feature.id).second)
                        return true;
                    if (++total > options.max_features)
                        return false;
                    layer.features.push_back(std::move(row.feature));
                    return true;
                });
        if (total > options.max_features)
            throw InputError(Where{options.output, -1, {}, {}},
                             "more than " + std::to_string(options.max_features) +
                                 " features selected; an interactive page holds at most that many, since the browser keeps "
                                 "and draws every one",
                             Hint::page_too_big);
        if (!layer.features.empty())
            layers.push_back(std::move(layer));
    }
    if (layers.empty())
        throw InputError("nothing to map: no feature matches the selection");
    Json backgrounds = Json::array();
    {
        std::size_t bytes = 0;
        for (const auto& b : options.backgrounds)
            bytes += b.png.size();
        if (bytes > options.max_image_bytes) {
            char said[160];
            std::snprintf(said, sizeof said, "the background images take %.1f MB; a page holds at most %.1f MB of them",
                          static_cast<double>(bytes) / 1e6, static_cast<double>(options.max_image_bytes) / 1e6);
            throw InputError(Where{options.output, -1, {}, {}},
                             std::string(said) + " (clip the raster to the area first, e.g. with gdal_translate -projwin, "
                                                 "or draw it on a printed map or a GeoTIFF)");
        }
        for (const auto& b : options.backgrounds) {
            CplString base64(CPLBase64Encode(static_cast<int>(b.png.size()), reinterpret_cast<const GByte*>(b.png.data())));
            backgrounds.push_back({{"name", b.name}, {"credit", b.credit}, {"opacity", b.opacity},
                                   {"size", {b.width, b.height}},
                                   {"extent", {b.min_x, b.min_y, b.max_x, b.max_y}},
                                   {"url", std::string("data:image/png;base64,") + base64.get()}});
        }
    }

    // The register's cards of the licences on the page, and what falls due on each.
    std::map<std::string, std::vector<DueItem>> due_by_licence;
    std::vector<DueItem> due;
    Json cards = Json::object();
    const auto licences = std::find_if(layers.begin(), layers.end(), [](const PageLayer& l) { return l.kind->name == "licences"; });
    if (licences != layers.end()) {
        try {
            DueOptions due_options;
            due_options.today = today(options.today.empty() ? std::nullopt : std::optional(options.today));
            due = due_items(store, due_options);
            std::map<std::string, std::vector<const DueItem*>> by_licence;
            for (const auto& d : due)
                by_licence[d.licence].push_back(&d);
            for (const auto& f : licences->features)
                cards[f.id] = card_json(licence_card(store, f.id), by_licence[f.id]);
            report.cards = cards.size();
        } catch (const Error& e) {
            report.notes.push_back(std::string("no register cards in the popups: ") + e.what());
        }
    }

    Json page_layers = Json::array();
    for (const auto& layer : layers) {
        const LayerKind& kind = *layer.kind;
        Json features = Json::array();
        for (const auto& f : layer.features) {
            Json properties = Json::object();
            properties["id"] = f.id;
            properties["project"] = f.project;
            for (const auto& field : kind.fields) {
                const auto it = f.attributes.find(field.name);
                if (it != f.attributes.end() && !is_null(it->second))
                    properties[field.name] = value_json(it->second);
            }
            for (const auto& [k, v] : f.extra.items())
                if (!properties.contains(k))
                    properties[k] = Json::parse(v.dump());
            Json geometry;
            if (GeometryPtr g = geometry_from_wkb(f.wkb))
                geometry = geojson_geometry(*g, 7);
            features.push_back({{"type", "Feature"}, {"id", f.id}, {"properties", std::move(properties)}, {"geometry", std::move(geometry)}});
        }
        Json fields = Json::array();
        for (const auto& field : kind.fields)
            fields.push_back({{"name", field.name}, {"unit", field.unit}});
        page_layers.push_back({{"name", kind.name}, {"title", kind.title.empty() ? kind.name : kind.title},
                               {"geometry", geometry_name(kind.geometry)}, {"style", style_json(layer_style(kind))},
                               {"fields", fields},
                               {"features", {{"type", "FeatureCollection"}, {"features", std::move(features)}}}});
        report.layers.push_back({kind.name, layer.features.size()});
    }

    std::vector<std::string> names, codes;
    for (const auto& p : projects.empty() ? store.projects() : projects) {
        names.push_back(p.name);
        codes.push_back(p.code);
    }
    const std::string title = !options.title.empty() ? options.title
                              : options.projects.empty() ? std::string("Exploration programmes")
                                                         : join(names, " · ");
    const std::string subtitle = !options.subtitle.empty() ? options.subtitle
                                 : (options.projects.empty() ? std::string("All programmes") : join(codes, ", "));
    std::vector<std::string> sources;
    for (const auto& p : projects.empty() ? store.projects() : projects)
        if (!p.source.empty())
            sources.push_back(p.code + ": " + p.source);

    const std::string basemap_path = options.basemap.empty()
        ? (std::filesystem::path(default_layers_dir()).parent_path() / "geodata" / "basemap" / "countries_50m.gpkg").string()
        : options.basemap;
    Json data = {
        {"title", title}, {"subtitle", subtitle}, {"lode", LODE_VERSION},
        {"today", options.today.empty() ? to_string(today()) : options.today}, {"max_features", options.max_features},
        {"layers", std::move(page_layers)}, {"cards", std::move(cards)}, {"sources", sources},
        {"backgrounds", std::move(backgrounds)},
        {"basemap", basemap_json(basemap_path)}};

    std::string html;
    html.reserve(ol_js.size() + 4 * 1024 * 1024);
    html += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"lode " LODE_VERSION "\">\n<title>";
    html += html_text(title);
    html += "</title>\n<style>\n";
    html += ol_css;
    html += "\n</style>\n<style>\n";
    html += web::page_css();
    html += "</style>\n</head>\n<body>\n";
    html += web::page_body();
    html += "<script id=\"lode-data\" type=\"application/json\">";
    html += json_for_script(data);
    html += "</script>\n<script>\n";
    html += ol_js;
    html += "\n</script>\n<script>\n";
    html += geodesic_js;
    html += "\n</script>\n<script>\n";
    html += web::page_script();
    html += "</script>\n<!-- OpenLayers (BSD-2-Clause, https://openlayers.org) and geographiclib-geodesic (MIT, "
            "https://geographiclib.sourceforge.io) are inlined above under their licences; the countries are "
            "Natural Earth's (public domain). -->\n</body>\n</html>\n";

    const std::filesystem::path out(options.output);
    std::unique_ptr<AtomicOutput> folder;
    try {
        folder = std::make_unique<AtomicOutput>(out.parent_path(), out.filename().string());
    } catch (const std::filesystem::filesystem_error& e) {
        throw InputError(Where{options.output, -1, {}, {}}, "cannot write here: " + e.code().message());
    }
    const std::string file = out.filename().string();
    {
        std::ofstream o(*folder / file, std::ios::binary);
        o << html;
        if (!o.flush())
            throw InputError(Where{options.output, -1, {}, {}}, "cannot write");
    }
    try {
        folder->commit(file, out);
    } catch (const std::filesystem::filesystem_error& e) {
        throw InputError(Where{options.output, -1, {}, {}}, "cannot write: " + e.code().message());
    }
    report.bytes = html.size();
    return report;
}

} // namespace lode
