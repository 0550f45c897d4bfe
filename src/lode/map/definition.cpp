// Saved map definitions (definition.hpp): MapOptions to JSON and back, every key checked on reading.
#include "lode/map/definition.hpp"

#include "lode/assay/result.hpp"
#include "lode/drill/desurvey.hpp"
#include "lode/export/drill_traces.hpp"
#include "lode/base/atomic_output.hpp"
#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

namespace lode {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;
using nlohmann::ordered_json;

namespace {

constexpr const char* format_key = "lode_map_definition";

// Every key of a definition, in the order they are written (the README's table).
const std::vector<std::string>& top_keys()
{
    static const std::vector<std::string> keys{
        format_key, "output", "projects", "layers", "where", "below_limit", "labels", "per_layer", "extent", "crs", "grid",
        "title", "subtitle", "page", "orientation", "dpi", "inset", "with_furniture", "backgrounds", "hillshade",
        "contours", "drill", "credits", "date", "basemap", "all", "home", "institutes"};
    return keys;
}

// The folder as an absolute path without a trailing separator.
fs::path absolute_folder(const fs::path& folder)
{
    fs::path base = fs::absolute(folder.empty() ? fs::path(".") : folder).lexically_normal();
    if (!base.has_filename() && base.has_parent_path() && base != base.root_path())
        base = base.parent_path();
    return base;
}

// file as folder reaches it: relative when it lies on the same root, else absolute.
std::string relative_to(const std::string& file, const fs::path& folder)
{
    if (file.empty())
        return file;
    const fs::path target = fs::absolute(file).lexically_normal();
    const fs::path rel = target.lexically_relative(absolute_folder(folder));
    return rel.empty() ? target.generic_string() : rel.generic_string();
}

// A file the definition names, as the current folder reaches it.
std::string resolved(const std::string& file, const fs::path& folder)
{
    if (file.empty() || fs::path(file).is_absolute() || folder.empty())
        return file;
    return (folder / file).lexically_normal().string();
}

const char* grid_name(MapGrid grid)
{
    return grid == MapGrid::projected ? "projected" : grid == MapGrid::both ? "both" : "geographic";
}

// The per-layer settings, one object per layer in the order first named; the first setting given
// for a layer is the one that applies (as render_map reads them).
// The drillholes' settings as the options spell them (drill/desurvey.hpp). An azimuth reference not
// stated is null: each hole's own then applies (export/drill_traces.hpp).
ordered_json drill_json(const MapDrill& d)
{
    ordered_json j;
    j["traces"] = d.traces;
    j["method"] = drill::method_option(d.desurvey.method);
    const AzimuthSetting& a = d.desurvey.azimuths;
    j["azimuth_ref"] = d.desurvey.stated ? ordered_json(drill::azimuth_reference_option(a.reference)) : ordered_json();
    j["declination"] = a.declination_deg;
    j["grid_crs"] = a.grid_crs;
    if (!d.intercepts) {
        j["intercepts"] = ordered_json();
        return j;
    }
    const MapIntercepts& i = *d.intercepts;
    j["intercepts"] = {{"field", i.field},          {"cutoff", i.cutoff},           {"breaks", i.breaks},
                       {"min_length", i.min_length}, {"max_dilution", i.max_dilution}, {"table", i.table}};
    return j;
}

ordered_json per_layer_json(const MapOptions& m)
{
    ordered_json out = ordered_json::object();
    auto slot = [&](const std::string& layer, const char* key, const std::string& value) {
        ordered_json& entry = out[layer];
        if (!entry.contains(key))
            entry[key] = value;
    };
    for (const auto& [layer, where] : m.layer_where)
        slot(layer, "where", where);
    for (const auto& [layer, field] : m.layer_labels)
        slot(layer, "labels", field);
    for (const auto& s : m.symbolise) {
        slot(s.layer, "symbolise", s.field);
        slot(s.layer, "classes", to_string(s.classes));
    }
    return out;
}

// Reads a JSON document's keys, each checked; errors name the file and the key.
class Reader {
public:
    explicit Reader(std::string file) : file_(std::move(file)) {}

    [[noreturn]] void bad(const std::string& key, const std::string& reason) const
    {
        throw InputError(Where{file_, -1, {}, {}}, "key '" + key + "': " + reason);
    }

    static std::string shown(const json& v)
    {
        std::string text = v.dump();
        if (text.size() > 40)
            text = text.substr(0, 37) + "...";
        return text;
    }

    void expect(const std::string& key, const json& v, bool ok, const char* wanted) const
    {
        if (!ok)
            bad(key, std::string("expected ") + wanted + ", found " + shown(v));
    }

    std::string text(const std::string& key, const json& v) const
    {
        expect(key, v, v.is_string(), "text");
        return v.get<std::string>();
    }
    bool flag(const std::string& key, const json& v) const
    {
        expect(key, v, v.is_boolean(), "true or false");
        return v.get<bool>();
    }
    double number(const std::string& key, const json& v) const
    {
        expect(key, v, v.is_number(), "a number");
        return v.get<double>();
    }
    std::vector<std::string> texts(const std::string& key, const json& v) const
    {
        expect(key, v, v.is_array(), "a list of text");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < v.size(); ++i)
            out.push_back(text(key + "[" + std::to_string(i) + "]", v[i]));
        return out;
    }
    // The object's keys all among known.
    void only(const std::string& key, const json& v, const std::vector<std::string>& known) const
    {
        expect(key, v, v.is_object(), "an object");
        for (const auto& item : v.items())
            if (std::find(known.begin(), known.end(), item.key()) == known.end())
                bad((key.empty() ? "" : key + ".") + item.key(),
                    "unknown key" + did_you_mean(item.key(), known, "known keys", 1));
    }
    double opacity(const std::string& key, const json& v) const
    {
        const double o = number(key, v);
        if (!(o >= 0 && o <= 1))
            bad(key, "the opacity must lie within 0 to 1, not " + shown(v));
        return o;
    }

private:
    std::string file_;
};

} // namespace

ordered_json to_json(const MapDefinition& definition, const fs::path& folder)
{
    const MapOptions& m = definition.map;
    ordered_json j;
    j[format_key] = definition.format;
    j["output"] = relative_to(m.output, folder);
    j["projects"] = m.projects;
    j["layers"] = m.layers;
    j["where"] = m.where;
    j["below_limit"] = to_string(m.below_limit);
    j["labels"] = m.labels;
    j["per_layer"] = per_layer_json(m);
    j["extent"] = m.bbox ? ordered_json::array({m.bbox->west, m.bbox->south, m.bbox->east, m.bbox->north}) : ordered_json();
    j["crs"] = m.crs;
    j["grid"] = grid_name(m.grid);
    j["title"] = m.title;
    j["subtitle"] = m.subtitle;
    j["page"] = m.page;
    j["orientation"] = m.landscape ? "landscape" : "portrait";
    j["dpi"] = m.dpi;
    j["inset"] = m.inset;
    j["with_furniture"] = m.with_furniture;
    j["backgrounds"] = ordered_json::array();
    for (const auto& b : m.backgrounds)
        j["backgrounds"].push_back({{"file", relative_to(b.file, folder)}, {"opacity", b.opacity}});
    j["hillshade"] = m.hillshade.file.empty()
                         ? ordered_json()
                         : ordered_json{{"file", relative_to(m.hillshade.file, folder)},
                                        {"opacity", m.hillshade.opacity},
                                        {"tint", m.tint}};
    j["contours"] = m.contours.file.empty()
                        ? ordered_json()
                        : ordered_json{{"file", relative_to(m.contours.file, folder)}, {"interval", m.contours.interval}};
    j["drill"] = drill_json(m.drill);
    j["credits"] = m.credits;
    j["date"] = m.date;
    j["basemap"] = relative_to(m.basemap, folder);
    j["all"] = m.all;
    j["home"] = m.home;
    j["institutes"] = relative_to(m.institutes, folder);
    return j;
}

MapDefinition map_definition_from_json(const json& document, const std::string& file, const fs::path& folder)
{
    const Reader r(file);
    if (!document.is_object())
        throw InputError(Where{file, -1, {}, {}}, "not a lode map definition (a JSON object with the key '" +
                                                      std::string(format_key) + "')");
    if (!document.contains(format_key))
        r.bad(format_key, "missing: not a lode map definition");
    const json& format = document[format_key];
    r.expect(format_key, format, format.is_number_integer() || format.is_number_unsigned(), "a whole number");
    MapDefinition d;
    d.format = format.get<int>();
    if (d.format < 1 || d.format > map_definition_format)
        r.bad(format_key, "format " + format.dump() + " is not one this lode reads (1 to " +
                              std::to_string(map_definition_format) + ")");
    r.only("", document, top_keys());
    MapOptions& m = d.map;
    for (const auto& [key, v] : document.items()) {
        if (key == "output") {
            m.output = resolved(r.text(key, v), folder);
            if (!m.output.empty())
                try {
                    map_format_of(m.output);
                } catch (const InputError&) {
                    if (lower(fs::path(m.output).extension().string()) != ".html")
                        r.bad(key, "'" + v.get<std::string>() + "' ends in none of .pdf, .svg, .png, .tif, .html");
                }
        } else if (key == "projects") {
            m.projects = r.texts(key, v);
        } else if (key == "layers") {
            m.layers = r.texts(key, v);
        } else if (key == "where") {
            m.where = r.text(key, v);
        } else if (key == "labels") {
            m.labels = r.text(key, v);
        } else if (key == "per_layer") {
            r.expect(key, v, v.is_object(), "an object of layers");
            for (const auto& [layer, settings] : v.items()) {
                const std::string at = key + "." + layer;
                r.only(at, settings, {"where", "labels", "symbolise", "classes"});
                for (const char* k : {"where", "labels"})
                    if (settings.contains(k)) {
                        const std::string value = r.text(at + "." + k, settings[k]);
                        if (value.empty())
                            r.bad(at + "." + k, "empty: leave the key out for the map's own");
                        (std::string(k) == "where" ? m.layer_where : m.layer_labels).emplace_back(layer, value);
                    }
                if (settings.contains("classes") && !settings.contains("symbolise"))
                    r.bad(at + ".classes", "applies to 'symbolise', which this layer does not have");
                if (settings.contains("symbolise")) {
                    MapSymbolise s{layer, r.text(at + ".symbolise", settings["symbolise"]), {}};
                    if (s.field.empty())
                        r.bad(at + ".symbolise", "empty: give a numeric field or an analyte (Li_ppm)");
                    if (settings.contains("classes")) {
                        const std::string text = r.text(at + ".classes", settings["classes"]);
                        try {
                            s.classes = parse_classes(text);
                        } catch (const InputError& e) {
                            std::string reason = e.reason();
                            const std::string marker = mention(Setting::classes) + ": ";
                            if (reason.rfind(marker, 0) == 0)
                                reason = reason.substr(marker.size());
                            r.bad(at + ".classes", reason);
                        }
                    }
                    m.symbolise.push_back(s);
                }
            }
        } else if (key == "extent") {
            if (v.is_null())
                continue;
            r.expect(key, v, v.is_array() && v.size() == 4, "null or four numbers [west, south, east, north]");
            BBox b{r.number(key + "[0]", v[0]), r.number(key + "[1]", v[1]), r.number(key + "[2]", v[2]),
                   r.number(key + "[3]", v[3])};
            if (!(b.west >= -180 && b.west <= 180 && b.east >= -180 && b.east <= 180))
                r.bad(key, "longitudes must lie within -180 to 180: " + Reader::shown(v));
            if (!(b.south >= -90 && b.north <= 90 && b.south < b.north))
                r.bad(key, "latitudes must lie within -90 to 90, south below north: " + Reader::shown(v));
            if (b.west == b.east)
                r.bad(key, "west and east are the same longitude: " + Reader::shown(v));
            m.bbox = b;
        } else if (key == "below_limit") {
            const auto rule = parse_below_limit(r.text(key, v));
            if (!rule)
                r.bad(key, Reader::shown(v) + " is not one of half, zero, limit, null");
            m.below_limit = *rule;
        } else if (key == "crs") {
            m.crs = r.text(key, v);
        } else if (key == "grid") {
            const std::string g = r.text(key, v);
            if (g != "geographic" && g != "projected" && g != "both")
                r.bad(key, "'" + g + "' is not one of geographic, projected, both");
            m.grid = g == "projected" ? MapGrid::projected : g == "both" ? MapGrid::both : MapGrid::geographic;
        } else if (key == "title") {
            m.title = r.text(key, v);
        } else if (key == "subtitle") {
            m.subtitle = r.text(key, v);
        } else if (key == "page") {
            m.page = r.text(key, v);
            const std::string p = lower(m.page);
            if (p != "a4" && p != "a3" && p != "letter")
                r.bad(key, "'" + m.page + "' is not one of A4, A3, letter");
        } else if (key == "orientation") {
            const std::string o = r.text(key, v);
            if (o != "landscape" && o != "portrait")
                r.bad(key, "'" + o + "' is not landscape or portrait");
            m.landscape = o == "landscape";
        } else if (key == "dpi") {
            r.expect(key, v, v.is_number_integer() || v.is_number_unsigned(), "a whole number");
            const auto dpi = v.get<long long>();
            if (dpi < 36 || dpi > 1200)
                r.bad(key, std::to_string(dpi) + " is not within 36 to 1200");
            m.dpi = static_cast<int>(dpi);
        } else if (key == "inset") {
            m.inset = r.flag(key, v);
        } else if (key == "with_furniture") {
            m.with_furniture = r.flag(key, v);
        } else if (key == "backgrounds") {
            r.expect(key, v, v.is_array(), "a list of {\"file\": ..., \"opacity\": ...}");
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::string at = key + "[" + std::to_string(i) + "]";
                r.only(at, v[i], {"file", "opacity"});
                if (!v[i].contains("file"))
                    r.bad(at + ".file", "missing");
                MapRaster b{resolved(r.text(at + ".file", v[i]["file"]), folder), 1};
                if (v[i].contains("opacity"))
                    b.opacity = r.opacity(at + ".opacity", v[i]["opacity"]);
                m.backgrounds.push_back(b);
            }
        } else if (key == "hillshade") {
            if (v.is_null())
                continue;
            r.only(key, v, {"file", "opacity", "tint"});
            if (!v.contains("file"))
                r.bad(key + ".file", "missing");
            m.hillshade.file = resolved(r.text(key + ".file", v["file"]), folder);
            if (v.contains("opacity"))
                m.hillshade.opacity = r.opacity(key + ".opacity", v["opacity"]);
            if (v.contains("tint"))
                m.tint = r.flag(key + ".tint", v["tint"]);
        } else if (key == "contours") {
            if (v.is_null())
                continue;
            r.only(key, v, {"file", "interval"});
            for (const char* k : {"file", "interval"})
                if (!v.contains(k))
                    r.bad(key + "." + k, "missing");
            m.contours.file = resolved(r.text(key + ".file", v["file"]), folder);
            m.contours.interval = r.number(key + ".interval", v["interval"]);
            if (!(m.contours.interval > 0))
                r.bad(key + ".interval", "must be a number above 0, not " + Reader::shown(v["interval"]));
        } else if (key == "drill") {
            r.only(key, v, {"traces", "method", "azimuth_ref", "declination", "grid_crs", "intercepts"});
            if (v.contains("traces"))
                m.drill.traces = r.flag(key + ".traces", v["traces"]);
            if (v.contains("method")) {
                const auto method = drill::method_named(r.text(key + ".method", v["method"]));
                if (!method)
                    r.bad(key + ".method", Reader::shown(v["method"]) + " is not one of " + join(drill::method_options(), ", "));
                m.drill.desurvey.method = *method;
            }
            AzimuthSetting& a = m.drill.desurvey.azimuths;
            if (v.contains("azimuth_ref") && !v["azimuth_ref"].is_null()) {
                const auto reference = drill::azimuth_reference_named(r.text(key + ".azimuth_ref", v["azimuth_ref"]));
                if (!reference)
                    r.bad(key + ".azimuth_ref", Reader::shown(v["azimuth_ref"]) + " is not one of " + join(drill::azimuth_reference_options(), ", "));
                a.reference = *reference;
                m.drill.desurvey.stated = true;
            }
            if (v.contains("declination"))
                a.declination_deg = r.number(key + ".declination", v["declination"]);
            if (v.contains("grid_crs"))
                a.grid_crs = r.text(key + ".grid_crs", v["grid_crs"]);
            const json& in = v.contains("intercepts") ? v["intercepts"] : json();
            if (in.is_null())
                continue;
            const std::string at = key + ".intercepts";
            r.only(at, in, {"field", "cutoff", "breaks", "min_length", "max_dilution", "table"});
            for (const char* k : {"field", "cutoff"})
                if (!in.contains(k))
                    r.bad(at + "." + k, "missing");
            MapIntercepts i;
            i.field = r.text(at + ".field", in["field"]);
            i.cutoff = r.number(at + ".cutoff", in["cutoff"]);
            if (in.contains("breaks")) {
                r.expect(at + ".breaks", in["breaks"], in["breaks"].is_array(), "a list of numbers");
                for (std::size_t b = 0; b < in["breaks"].size(); ++b)
                    i.breaks.push_back(r.number(at + ".breaks[" + std::to_string(b) + "]", in["breaks"][b]));
            }
            if (in.contains("min_length"))
                i.min_length = r.number(at + ".min_length", in["min_length"]);
            if (in.contains("max_dilution"))
                i.max_dilution = r.number(at + ".max_dilution", in["max_dilution"]);
            if (in.contains("table"))
                i.table = r.text(at + ".table", in["table"]);
            m.drill.intercepts = i;
        } else if (key == "credits") {
            m.credits = r.texts(key, v);
        } else if (key == "date") {
            m.date = r.text(key, v);
            if (!m.date.empty() && !parse_date(m.date))
                r.bad(key, "'" + m.date + "' is not a date written YYYY-MM-DD");
        } else if (key == "basemap") {
            m.basemap = resolved(r.text(key, v), folder);
        } else if (key == "all") {
            m.all = r.flag(key, v);
        } else if (key == "home") {
            m.home = r.text(key, v);
        } else if (key == "institutes") {
            m.institutes = resolved(r.text(key, v), folder);
        }
    }
    return d;
}

MapDefinition read_map_definition(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw InputError(Where{path, -1, {}, {}}, "cannot read the map definition: " +
                                                      std::string(std::strerror(errno)));
    json document;
    try {
        document = json::parse(in);
    } catch (const json::parse_error& e) {
        // nlohmann's "[json.exception.parse_error.101] parse error at line 3, column 5: ..." without its tag.
        std::string what = e.what();
        if (const auto at = what.find("] "); at != std::string::npos)
            what = what.substr(at + 2);
        throw InputError(Where{path, -1, {}, {}}, "not JSON: " + what);
    }
    return map_definition_from_json(document, path, fs::path(path).parent_path());
}

void write_map_definition(const MapDefinition& definition, const std::string& path)
{
    const fs::path p(path);
    const fs::path folder = p.parent_path();
    const std::string name = p.filename().string();
    try {
        const AtomicOutput out(folder, name);
        {
            std::ofstream file(out / name, std::ios::binary);
            file << to_json(definition, folder).dump(2) << "\n";
            if (!file.flush())
                throw InputError(Where{path, -1, {}, {}}, "cannot write the map definition");
        }
        out.commit(name, p);
    } catch (const fs::filesystem_error& e) {
        throw InputError(Where{path, -1, {}, {}}, "cannot write the map definition: " + e.code().message());
    }
}

} // namespace lode
