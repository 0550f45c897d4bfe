#include "lode/export/qgis_style.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <sstream>

namespace lode {

namespace {

const std::vector<std::string>& marker_names()
{
    static const std::vector<std::string> names = {"circle", "square", "triangle", "diamond", "cross", "star", "circle_cross"};
    return names;
}

struct Rgba {
    int r = 0, g = 0, b = 0, a = 255;
};

bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::optional<Rgba> parse_colour(const std::string& text)
{
    if ((text.size() != 7 && text.size() != 9) || text[0] != '#' || !std::all_of(text.begin() + 1, text.end(), is_hex))
        return std::nullopt;
    auto byte = [&](std::size_t at) { return std::stoi(text.substr(at, 2), nullptr, 16); };
    return Rgba{byte(1), byte(3), byte(5), text.size() == 9 ? byte(7) : 255};
}

// QGIS writes colours as "r,g,b,a".
std::string qgis_colour(const std::string& hex)
{
    const Rgba c = parse_colour(hex).value_or(Rgba{});
    return std::to_string(c.r) + "," + std::to_string(c.g) + "," + std::to_string(c.b) + "," + std::to_string(c.a);
}

std::string style_number(double v)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}

// A category's (or the default's) properties over base.
Symbol read_symbol(const nlohmann::json& object, Symbol base, const std::string& where)
{
    auto colour = [&](const char* key, std::string& into) {
        if (!object.contains(key))
            return;
        into = object.at(key).get<std::string>();
        if (!parse_colour(into))
            throw Error(where + ": " + key + " '" + into + "' is not a colour (#rrggbb or #rrggbbaa)");
    };
    auto positive = [&](const char* key, double& into) {
        if (!object.contains(key))
            return;
        into = object.at(key).get<double>();
        if (!(into > 0))
            throw Error(where + ": " + key + " must be a positive number of millimetres");
    };
    colour("fill", base.fill);
    colour("stroke", base.stroke);
    positive("stroke_width", base.stroke_width);
    positive("size", base.size);
    if (object.contains("stroke_dash"))
        base.stroke_dash = object.at("stroke_dash").get<bool>();
    if (object.contains("marker")) {
        base.marker = object.at("marker").get<std::string>();
        if (std::find(marker_names().begin(), marker_names().end(), base.marker) == marker_names().end())
            throw Error(where + ": marker '" + base.marker + "' is not one of: " + join(marker_names(), ", "));
    }
    return base;
}

void option(std::ostringstream& out, const char* name, const std::string& value)
{
    out << "            <Option name=\"" << name << "\" type=\"QString\" value=\"" << xml_escape(value) << "\"/>\n";
}

void simple_marker(std::ostringstream& out, const std::string& shape, const std::string& fill, const Symbol& s)
{
    out << "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
        << "          <Option type=\"Map\">\n";
    option(out, "angle", "0");
    option(out, "color", qgis_colour(fill));
    option(out, "joinstyle", "bevel");
    option(out, "name", shape);
    option(out, "outline_color", qgis_colour(s.stroke));
    option(out, "outline_style", "solid");
    option(out, "outline_width", style_number(s.stroke_width));
    option(out, "outline_width_unit", "MM");
    option(out, "scale_method", "diameter");
    option(out, "size", style_number(s.size));
    option(out, "size_unit", "MM");
    out << "          </Option>\n        </layer>\n";
}

void symbol_xml(std::ostringstream& out, GeometryType geometry, const Symbol& s, std::size_t name)
{
    static const char* types[] = {"marker", "line", "fill"};
    out << "      <symbol type=\"" << types[static_cast<int>(geometry)] << "\" name=\"" << name
        << "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n";
    const std::string dash = s.stroke_dash ? "dash" : "solid";
    switch (geometry) {
    case GeometryType::point:
        if (s.marker == "circle_cross") {   // a drillhole collar: a circle with a cross over it
            simple_marker(out, "circle", s.fill, s);
            simple_marker(out, "cross", s.stroke, s);
        } else {
            simple_marker(out, s.marker, s.fill, s);
        }
        break;
    case GeometryType::multilinestring:
        out << "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            << "          <Option type=\"Map\">\n";
        option(out, "capstyle", "round");
        option(out, "joinstyle", "round");
        option(out, "line_color", qgis_colour(s.stroke));
        option(out, "line_style", dash);
        option(out, "line_width", style_number(s.stroke_width));
        option(out, "line_width_unit", "MM");
        out << "          </Option>\n        </layer>\n";
        break;
    case GeometryType::multipolygon:
        out << "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
            << "          <Option type=\"Map\">\n";
        option(out, "color", qgis_colour(s.fill));
        option(out, "joinstyle", "bevel");
        option(out, "outline_color", qgis_colour(s.stroke));
        option(out, "outline_style", dash);
        option(out, "outline_width", style_number(s.stroke_width));
        option(out, "outline_width_unit", "MM");
        option(out, "style", parse_colour(s.fill).value_or(Rgba{}).a == 0 ? "no" : "solid");
        out << "          </Option>\n        </layer>\n";
        break;
    }
    out << "      </symbol>\n";
}

void labeling_xml(std::ostringstream& out, GeometryType geometry, const std::string& field)
{
    // Placement: points around the point, lines along the line, polygons over the centroid.
    const char* placement = geometry == GeometryType::point ? "6" : geometry == GeometryType::multilinestring ? "2" : "1";
    out << "  <labeling type=\"simple\">\n"
        << "    <settings calloutType=\"simple\">\n"
        << "      <text-style fieldName=\"" << xml_escape(field) << "\" isExpression=\"0\" fontFamily=\"Sans Serif\""
        << " fontSize=\"8\" fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" namedStyle=\"Regular\""
        << " textColor=\"40,40,40,255\" textOpacity=\"1\" multilineHeight=\"1\" allowHtml=\"0\">\n"
        << "        <text-buffer bufferDraw=\"1\" bufferSize=\"0.7\" bufferSizeUnits=\"MM\" bufferColor=\"255,255,255,255\""
        << " bufferOpacity=\"0.8\" bufferNoFill=\"1\" bufferJoinStyle=\"128\"/>\n"
        << "      </text-style>\n"
        << "      <text-format wrapChar=\"\" autoWrapLength=\"0\" multilineAlign=\"3\" formatNumbers=\"0\" decimals=\"3\""
        << " plussign=\"0\" addDirectionSymbol=\"0\" reverseDirectionSymbol=\"0\"/>\n"
        << "      <placement placement=\"" << placement << "\" placementFlags=\"10\" dist=\"1\" distUnits=\"MM\""
        << " offsetType=\"0\" quadOffset=\"4\" xOffset=\"0\" yOffset=\"0\" offsetUnits=\"MM\" centroidInside=\"1\""
        << " centroidWhole=\"0\" fitInPolygonOnly=\"0\" priority=\"5\" repeatDistance=\"0\"/>\n"
        << "      <rendering drawLabels=\"1\" scaleVisibility=\"0\" scaleMin=\"0\" scaleMax=\"0\" obstacle=\"1\""
        << " displayAll=\"0\" upsidedownLabels=\"0\" labelPerPart=\"0\" mergeLines=\"0\" minFeatureSize=\"0\""
        << " limitNumLabels=\"0\" maxNumLabels=\"2000\" fontLimitPixelSize=\"0\" zIndex=\"0\"/>\n"
        << "    </settings>\n"
        << "  </labeling>\n";
}

} // namespace

LayerStyle layer_style(const LayerKind& kind)
{
    const std::string where = "layer '" + kind.name + "': style";
    const nlohmann::json& s = kind.style;
    LayerStyle style;
    try {
        if (!s.is_object())
            throw Error(where + " is not an object");
        style.category_field = s.value("category_field", "");
        style.label_field = s.value("label_field", "");
        for (const std::string* field : {&style.category_field, &style.label_field})
            if (!field->empty() && *field != "id" && *field != "project" && !kind.field(*field))
                throw Error(where + ": the layer has no field '" + *field + "'");
        if (s.contains("default"))
            style.fallback = read_symbol(s.at("default"), style.fallback, where + " default");
        if (s.contains("categories")) {
            if (style.category_field.empty())
                throw Error(where + ": categories without a category_field");
            for (const auto& c : s.at("categories")) {
                StyleCategory category;
                category.value = c.at("value").get<std::string>();
                category.label = c.value("label", category.value);
                category.symbol = read_symbol(c, style.fallback, where + " category '" + category.value + "'");
                style.categories.push_back(std::move(category));
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(where + ": " + e.what());
    }
    return style;
}

std::string qgis_qml(const LayerKind& kind, const std::map<std::string, std::string>& renamed)
{
    auto written = [&](const std::string& field) {
        auto it = renamed.find(field);
        return it == renamed.end() ? field : it->second;
    };
    LayerStyle style = layer_style(kind);
    style.category_field = written(style.category_field);
    style.label_field = written(style.label_field);
    std::ostringstream out;
    out << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis version=\"3.22.16-Białowieża\" styleCategories=\"Symbology|Labeling|Fields\" labelsEnabled=\""
        << (style.label_field.empty() ? 0 : 1) << "\">\n";
    if (style.category_field.empty()) {
        out << "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n"
            << "    <symbols>\n";
        symbol_xml(out, kind.geometry, style.fallback, 0);
        out << "    </symbols>\n  </renderer-v2>\n";
    } else {
        out << "  <renderer-v2 type=\"categorizedSymbol\" attr=\"" << xml_escape(style.category_field)
            << "\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\">\n    <categories>\n";
        std::size_t n = 0;
        for (const auto& c : style.categories)
            out << "      <category symbol=\"" << n++ << "\" value=\"" << xml_escape(c.value) << "\" label=\""
                << xml_escape(c.label) << "\" render=\"true\" type=\"string\"/>\n";
        // QGIS draws every value no category names (and NULL) with the empty-valued category.
        out << "      <category symbol=\"" << n << "\" value=\"\" label=\"other\" render=\"true\" type=\"string\"/>\n"
            << "    </categories>\n    <symbols>\n";
        n = 0;
        for (const auto& c : style.categories)
            symbol_xml(out, kind.geometry, c.symbol, n++);
        symbol_xml(out, kind.geometry, style.fallback, n);
        out << "    </symbols>\n  </renderer-v2>\n";
    }
    if (!style.label_field.empty())
        labeling_xml(out, kind.geometry, style.label_field);
    out << "  <aliases>\n";
    for (const auto& field : kind.fields)
        if (!field.unit.empty())
            out << "    <alias field=\"" << xml_escape(written(field.name)) << "\" name=\"" << xml_escape(field.name + " (" + field.unit + ")")
                << "\"/>\n";
    out << "  </aliases>\n</qgis>\n";
    return out.str();
}

std::vector<std::pair<std::string, std::string>> kml_styles(const LayerStyle& style, GeometryType geometry)
{
    // KML writes colours as aabbggrr.
    auto colour = [](const std::string& hex) {
        const Rgba c = parse_colour(hex).value_or(Rgba{});
        char out[9];
        std::snprintf(out, sizeof out, "%02x%02x%02x%02x", c.a, c.b, c.g, c.r);
        return std::string(out);
    };
    auto kml = [&](const Symbol& s) {
        const std::string line = "<LineStyle><color>" + colour(s.stroke) + "</color><width>" +
                                 style_number(s.stroke_width * 72 / 25.4) + "</width></LineStyle>";   // mm to pixels
        switch (geometry) {
        case GeometryType::point:   // Google's shaded dot, tinted; KML scales icons relative to about 2.5 mm
            return "<IconStyle><color>" + colour(s.fill) + "</color><scale>" + style_number(std::max(0.5, s.size / 2.5)) +
                   "</scale><Icon><href>http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png</href></Icon></IconStyle>";
        case GeometryType::multilinestring: return line;
        case GeometryType::multipolygon: return line + "<PolyStyle><color>" + colour(s.fill) + "</color></PolyStyle>";
        }
        return std::string();
    };
    std::vector<std::pair<std::string, std::string>> out;
    for (std::size_t i = 0; i < style.categories.size(); ++i)
        out.emplace_back("c" + std::to_string(i), kml(style.categories[i].symbol));
    out.emplace_back("default", kml(style.fallback));
    return out;
}

std::string kml_style_name(const LayerStyle& style, const std::string& value)
{
    // The last category of that value, where two name it.
    for (std::size_t i = style.categories.size(); i-- > 0;)
        if (style.categories[i].value == value)
            return "c" + std::to_string(i);
    return "default";
}

} // namespace lode
