#include "lode/import/source_kind.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <map>

namespace lode {

namespace {

// A fixed qualitative palette (ColorBrewer Paired): a light fill and its dark stroke.
const std::pair<const char*, const char*> palette[] = {
    {"#a6cee3", "#1f78b4"}, {"#b2df8a", "#33a02c"}, {"#fb9a99", "#e31a1c"}, {"#fdbf6f", "#ff7f00"},
    {"#cab2d6", "#6a3d9a"}, {"#ffff99", "#b15928"}, {"#8dd3c7", "#1b9e77"}, {"#fccde5", "#e7298a"},
    {"#d9d9d9", "#525252"}, {"#bebada", "#7570b3"}, {"#ccebc5", "#66a61e"}, {"#ffed6f", "#e6ab02"}};

nlohmann::json symbol(GeometryType geometry, const char* fill, const char* stroke)
{
    switch (geometry) {
    case GeometryType::point: return {{"marker", "circle"}, {"size", 2.4}, {"fill", fill}, {"stroke", stroke}};
    case GeometryType::multilinestring: return {{"stroke", stroke}, {"stroke_width", 0.5}};
    case GeometryType::multipolygon: return {{"fill", std::string(fill) + "60"}, {"stroke", stroke}, {"stroke_width", 0.4}};
    }
    return {};
}

const char* field_type(const OGRFieldDefn& field)
{
    switch (field.GetType()) {
    case OFTInteger:
    case OFTInteger64: return "integer";
    case OFTReal: return "real";
    case OFTDate: return "date";
    default: return "text";
    }
}

// A source field's name as a layer field's: lowercased, other than letters, digits and '_' made '_'.
std::string field_name(const std::string& source)
{
    std::string out;
    for (char c : lower(source))
        out += ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_') ? c : '_';
    if (out.empty() || (out[0] >= '0' && out[0] <= '9'))
        out = "f_" + out;
    return out;
}

const char* family_suffix(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return "_points";
    case GeometryType::multilinestring: return "_lines";
    case GeometryType::multipolygon: return "_polygons";
    }
    return "";
}

} // namespace

std::optional<GeometryType> geometry_family(const OGRGeometry* geometry)
{
    if (!geometry || geometry->IsEmpty())
        return std::nullopt;
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbPoint || type == wkbMultiPoint)
        return GeometryType::point;
    if (OGR_GT_IsSubClassOf(type, wkbCurve) || OGR_GT_IsSubClassOf(type, wkbMultiCurve))
        return GeometryType::multilinestring;   // curves go in as the importer takes them: linearised by OGR
    if (OGR_GT_IsSubClassOf(type, wkbCurvePolygon) || OGR_GT_IsSubClassOf(type, wkbMultiSurface) ||
        OGR_GT_IsSubClassOf(type, wkbPolyhedralSurface))
        return GeometryType::multipolygon;      // a triangle is a polygon; a TIN, its triangles
    return std::nullopt;
}

namespace {

bool is_collection(const OGRGeometry& g) { return wkbFlatten(g.getGeometryType()) == wkbGeometryCollection; }

// Calls f on each member of a geometry collection, those of collections in it too, or on g itself.
template <class F>
void for_each_member(const OGRGeometry& g, F&& f)
{
    if (!is_collection(g)) {
        f(g);
        return;
    }
    for (const auto* member : *g.toGeometryCollection())
        for_each_member(*member, f);
}

} // namespace

std::vector<GeometryType> geometry_families(const OGRGeometry* geometry)
{
    std::vector<GeometryType> out;
    if (!geometry)
        return out;
    for_each_member(*geometry, [&](const OGRGeometry& member) {
        if (const auto family = geometry_family(&member); family && std::find(out.begin(), out.end(), *family) == out.end())
            out.push_back(*family);
    });
    std::sort(out.begin(), out.end());
    return out;
}

GeometryPtr family_part(const OGRGeometry& geometry, GeometryType family)
{
    if (!is_collection(geometry))
        return geometry_family(&geometry) == family ? GeometryPtr(geometry.clone()) : nullptr;
    std::unique_ptr<OGRGeometryCollection> parts;
    switch (family) {
    case GeometryType::point: parts = std::make_unique<OGRMultiPoint>(); break;
    case GeometryType::multilinestring: parts = std::make_unique<OGRMultiLineString>(); break;
    case GeometryType::multipolygon: parts = std::make_unique<OGRMultiPolygon>(); break;
    }
    for_each_member(geometry, [&](const OGRGeometry& member) {
        if (geometry_family(&member) != family)
            return;
        GeometryPtr one(member.clone());
        if (family == GeometryType::multilinestring)
            one.reset(OGRGeometryFactory::forceToMultiLineString(one.release()));
        else if (family == GeometryType::multipolygon)
            one.reset(OGRGeometryFactory::forceToMultiPolygon(one.release()));
        if (!one)
            return;
        if (!OGR_GT_IsSubClassOf(wkbFlatten(one->getGeometryType()), wkbGeometryCollection)) {
            parts->addGeometry(one.get());   // a point (or what OGR could not force: refused as the layer's type)
            return;
        }
        for (const auto* piece : *one->toGeometryCollection())
            if (!piece->IsEmpty())
                parts->addGeometry(piece);
    });
    if (parts->IsEmpty())
        return nullptr;
    parts->assignSpatialReference(geometry.getSpatialReference());
    if (family == GeometryType::point && parts->getNumGeometries() == 1)
        return GeometryPtr(parts->getGeometryRef(0)->clone());
    return parts;
}

SourceKinds layer_kinds_from_source(const ImportOptions& source, const std::string& name, const std::string& style_by)
{
    register_gdal();
    Dataset ds = open_source(source);
    OGRLayer& layer = pick_layer(*ds, source);
    const OGRFeatureDefn& defn = *layer.GetLayerDefn();
    const bool kml = std::string(ds->GetDriver()->GetDescription()) == "LIBKML";
    // LIBKML's placemark bookkeeping, not the data: left out of a kind made from a KML.
    static const std::vector<std::string> kml_bookkeeping = {"timestamp", "begin", "end", "altitudemode", "tessellate",
                                                             "extrude", "visibility", "draworder", "icon", "snippet"};
    static const std::vector<std::string> reserved = {"fid", "id", "project", "extra", "geom", "imported_from"};
    SourceKinds out;
    nlohmann::json fields = nlohmann::json::array();
    std::vector<std::string> names, source_names;
    int style_index = -1;
    std::string style_target;
    std::string label_field;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        const OGRFieldDefn& f = *defn.GetFieldDefn(i);
        const std::string given = f.GetNameRef();
        source_names.push_back(given);
        std::string target = field_name(given);
        if ((kml && std::find(kml_bookkeeping.begin(), kml_bookkeeping.end(), target) != kml_bookkeeping.end()) || target == "id" || target == "fid") {
            out.left_out.push_back(given);
            continue;
        }
        if (std::find(reserved.begin(), reserved.end(), target) != reserved.end())
            target = "source_" + target;
        while (std::find(names.begin(), names.end(), target) != names.end())
            target += "_";
        if (lower(target) != lower(given))
            out.renamed.emplace_back(target, given);
        if (!style_by.empty() && (lower(given) == lower(style_by) || target == lower(style_by))) {
            style_index = i;
            style_target = target;
        }
        if (label_field.empty() && (target == "name" || target == "title" || target == "label"))
            label_field = target;
        names.push_back(target);
        fields.push_back({{"name", target}, {"type", field_type(f)}});
    }
    if (!style_by.empty() && style_index < 0)
        throw InputError(Where{source.file, -1, "", style_by}, "the source has no such field" + did_you_mean(style_by, source_names, "fields"));

    // The geometry families, and the style field's values by how often they occur.
    std::vector<GeometryType> families;
    std::map<std::string, std::int64_t> frequency;
    std::int64_t collections = 0;
    const auto declared = wkbFlatten(layer.GetGeomType());
    layer.ResetReading();
    QuietGdal quiet;
    for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        for (const GeometryType family : geometry_families(g))
            if (std::find(families.begin(), families.end(), family) == families.end())
                families.push_back(family);
        const bool collection = g && !g->IsEmpty() && wkbFlatten(g->getGeometryType()) == wkbGeometryCollection;
        const GeometryPtr points = collection ? family_part(*g, GeometryType::point) : nullptr;
        const OGRGeometry* point_part = collection ? points.get() : g;
        if (point_part && wkbFlatten(point_part->getGeometryType()) == wkbMultiPoint && point_part->toMultiPoint()->getNumGeometries() > 1)
            ++out.multipoints;
        if (collection)
            ++collections;
        if (style_index >= 0 && f->IsFieldSetAndNotNull(style_index))
            ++frequency[f->GetFieldAsString(style_index)];
    }
    if (families.empty()) {
        OGRPoint point;
        OGRLineString line;
        OGRPolygon polygon;
        for (const OGRGeometry* g : {static_cast<const OGRGeometry*>(&point), static_cast<const OGRGeometry*>(&line),
                                     static_cast<const OGRGeometry*>(&polygon)})
            if (wkbFlatten(g->getGeometryType()) == declared ||
                (declared == wkbMultiPoint && g == &point) || (declared == wkbMultiLineString && g == &line) ||
                (declared == wkbMultiPolygon && g == &polygon))
                switch (wkbFlatten(g->getGeometryType())) {
                case wkbPoint: families.push_back(GeometryType::point); break;
                case wkbLineString: families.push_back(GeometryType::multilinestring); break;
                default: families.push_back(GeometryType::multipolygon); break;
                }
    }
    if (families.empty() && collections > 0)
        throw InputError(Where{source.file, -1, "", ""}, "holds only geometry collections (" + std::to_string(collections) +
                                                             ") with no point, line or polygon in them");
    out.collections = collections;
    if (families.empty())
        throw InputError(Where{source.file, -1, "", ""}, "has no point, line or polygon geometry to make a layer of", Hint::coordinate_columns);
    std::sort(families.begin(), families.end());
    std::vector<std::pair<std::string, std::int64_t>> values(frequency.begin(), frequency.end());
    std::stable_sort(values.begin(), values.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    const std::size_t shown = std::min(values.size(), std::size(palette));
    out.other_values = values.size() - shown;

    for (const GeometryType family : families) {
        const std::string layer_name = families.size() == 1 ? name : name + family_suffix(family);
        nlohmann::json style = {{"default", symbol(family, "#bdbdbd", "#404040")}};
        if (!label_field.empty())
            style["label_field"] = label_field;
        if (style_index >= 0) {
            style["category_field"] = style_target;
            nlohmann::json categories = nlohmann::json::array();
            for (std::size_t i = 0; i < shown; ++i) {
                nlohmann::json c = symbol(family, palette[i].first, palette[i].second);
                c["value"] = values[i].first;
                c["label"] = values[i].first;
                categories.push_back(c);
            }
            style["categories"] = categories;
        } else {
            style["default"] = symbol(family, palette[4].first, palette[4].second);
        }
        nlohmann::json definition = {{"name", layer_name},
                                     {"title", layer_name},
                                     {"description", "Made by lode from " + source.file + " (layer " + layer.GetName() + ")"},
                                     {"geometry", to_string(family)},
                                     {"fields", fields},
                                     {"style", style}};
        out.kinds.emplace_back(parse_layer_kind(definition, source.file),
                               families.size() == 1 ? std::nullopt : std::optional<GeometryType>(family));
    }
    return out;
}

namespace {

// The layers of a source that hold point, line or polygon geometry, by name, when no layer is chosen
// and the source has several (a GPX's waypoints and tracks, a GeoPackage of three tables).
// The others (no geometry, or none lode keeps: a multipatch) go in left_out.
std::vector<std::string> layers_with_geometry(const ImportOptions& options, std::vector<std::string>& left_out)
{
    if (!options.source_layer.empty())
        return {};
    register_gdal();
    Dataset ds = open_source(options);
    if (ds->GetLayerCount() < 2)
        return {};
    QuietGdal quiet;
    std::vector<std::string> out;
    for (int i = 0; i < ds->GetLayerCount(); ++i) {
        OGRLayer& layer = *ds->GetLayer(i);
        layer.ResetReading();
        for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()))
            if (!geometry_families(f->GetGeometryRef()).empty()) {
                out.push_back(layer.GetName());
                break;
            }
        if (out.empty() || out.back() != layer.GetName())
            left_out.push_back(layer.GetName());
    }
    if (out.size() < 2)
        left_out.clear();   // one layer with geometry: taken as the only one, as pick_layer would
    return out;
}

} // namespace

NewLayersImport import_into_new_layers(Store& store, const ImportOptions& options, const std::string& style_by,
                                       const Progress& progress)
{
    // One source layer (the chosen one, or the only one with geometry) makes the layer(s) named as
    // asked; several make NAME_<source layer> each.
    NewLayersImport out;
    std::vector<std::pair<ImportOptions, std::string>> sources;
    const auto several = layers_with_geometry(options, out.layers_left_out);
    for (const auto& layer : several) {
        ImportOptions from = options;
        from.source_layer = layer;
        sources.emplace_back(from, several.size() == 1 ? options.layer : options.layer + "_" + field_name(layer));
    }
    if (sources.empty())
        sources.emplace_back(options, options.layer);

    auto txn = store.begin_write();
    for (const auto& [from, name] : sources) {
        SourceKinds made = layer_kinds_from_source(from, name, style_by);
        for (const auto& [kind, family] : made.kinds)
            store.create_layer(kind);
        for (const auto& [kind, family] : made.kinds) {
            ImportOptions one = from;
            one.layer = kind.name;
            one.only_family = kind.geometry;   // collections split by family; one layer or several
            one.takes_empty = &kind == &made.kinds.front().first;
            if (kind.geometry == GeometryType::point && made.multipoints > 0)
                one.explode = true;
            for (const auto& pair : made.renamed)
                if (std::none_of(one.field_map.begin(), one.field_map.end(), [&](const auto& m) { return m.first == pair.first; }))
                    one.field_map.push_back(pair);
            out.imports.emplace_back(kind.name, import_features(store, one, progress));
        }
        out.made.kinds.insert(out.made.kinds.end(), made.kinds.begin(), made.kinds.end());
        out.made.renamed.insert(out.made.renamed.end(), made.renamed.begin(), made.renamed.end());
        for (const auto& f : made.left_out)
            if (std::find(out.made.left_out.begin(), out.made.left_out.end(), f) == out.made.left_out.end())
                out.made.left_out.push_back(f);
        out.made.other_values += made.other_values;
        out.made.multipoints += made.multipoints;
        out.made.collections += made.collections;
    }
    txn->commit();
    return out;
}

} // namespace lode
