#include "lode/export/detail/kml_file.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/gdal.hpp"

#include <ogr_api.h>

#include <utility>

namespace lode {

namespace {

constexpr std::size_t kml_flush_at = 1 << 20;

// An XML id (NCName) from a layer's name: the name where it is one (lode's layer names are) and not
// the root's, else "layerN".
std::string kml_layer_id(const std::string& name, std::size_t number)
{
    auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    bool ok = !name.empty() && letter(name[0]) && name != "root_doc";
    for (char c : name)
        ok = ok && (letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '.');
    return ok ? name : "layer" + std::to_string(number);
}

} // namespace

KmlFile::KmlFile(const std::filesystem::path& path, std::string shown)
    : shown_(std::move(shown)), out_(path, std::ios::binary | std::ios::trunc)
{
    if (!out_)
        throw Error(shown_ + ": cannot create the KML file");
    buffer_ = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document id=\"root_doc\">\n";
}

std::size_t KmlFile::add_layer(const LayerSpec& spec)
{
    end_layer();
    const std::string id = kml_layer_id(spec.name, ++layers_);
    buffer_ += "<Document id=\"" + id + "\">\n<name>";
    append_xml_escaped(buffer_, spec.title.empty() ? spec.name : spec.title);
    buffer_ += "</name>\n";
    if (!spec.description.empty()) {
        buffer_ += "<description>";
        append_xml_escaped(buffer_, spec.description);
        buffer_ += "</description>\n";
    }
    styles_.clear();
    for (const auto& [name, style] : spec.styles) {
        std::string style_id;
        append_xml_escaped(style_id, id + "." + name);
        buffer_ += "<Style id=\"" + style_id + "\">" + style + "</Style>\n";
        styles_[name] = "<styleUrl>#" + style_id + "</styleUrl>\n";
    }

    names_.clear();
    types_.clear();
    name_field_ = description_field_ = -1;
    schema_url_ = "#" + id + ".schema";
    bool schema = false;
    for (std::size_t i = 0; i < spec.fields.size(); ++i) {
        const FieldSpec& f = spec.fields[i];
        std::string name;
        append_xml_escaped(name, f.name);
        names_.push_back(name);
        types_.push_back(f.type);
        const std::string lowered = lower(f.name);
        if (lowered == "name" && name_field_ < 0) {
            name_field_ = static_cast<int>(i);
            continue;
        }
        if (lowered == "description" && description_field_ < 0) {
            description_field_ = static_cast<int>(i);
            continue;
        }
        if (!schema)
            buffer_ += "<Schema name=\"" + id + "\" id=\"" + id + ".schema\">\n";
        schema = true;
        const char* type = f.type == OFTInteger ? "int" : f.type == OFTReal ? "float" : "string";
        buffer_ += "<SimpleField name=\"" + name + "\" type=\"" + type + "\"/>\n";
    }
    if (schema)
        buffer_ += "</Schema>\n";
    in_layer_ = true;
    return layers_;
}

void KmlFile::write(std::size_t layer, const std::vector<Value>& values, const OGRGeometry* geometry, const std::string& style)
{
    if (layer != layers_ || !in_layer_)
        throw Error("a KML file's layers are written one after another: layer " + std::to_string(layers_) + " follows this one");
    const std::string* style_url = nullptr;   // found before anything is written: a refusal leaves the file whole
    if (!style.empty()) {
        const auto at = styles_.find(style);
        if (at == styles_.end())
            throw Error("no KML style named '" + style + "'");
        style_url = &at->second;
    }
    const std::size_t start = buffer_.size();
    buffer_ += "<Placemark>\n";
    auto text = [&](int field, const char* element) {
        if (field < 0 || is_null(values[static_cast<std::size_t>(field)]))
            return;
        buffer_ += '<';
        buffer_ += element;
        buffer_ += '>';
        append_xml_escaped(buffer_, to_text(values[static_cast<std::size_t>(field)]));
        buffer_ += "</";
        buffer_ += element;
        buffer_ += ">\n";
    };
    text(name_field_, "name");
    text(description_field_, "description");
    if (style_url)
        buffer_ += *style_url;
    bool data = false;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (is_null(values[i]) || static_cast<int>(i) == name_field_ || static_cast<int>(i) == description_field_)
            continue;
        if (!data)
            buffer_ += "<ExtendedData><SchemaData schemaUrl=\"" + schema_url_ + "\">\n";
        data = true;
        buffer_ += "<SimpleData name=\"" + names_[i] + "\">";
        if (const auto* s = std::get_if<std::string>(&values[i]))
            append_xml_escaped(buffer_, *s);
        else
            buffer_ += to_text(values[i]);
        buffer_ += "</SimpleData>\n";
    }
    if (data)
        buffer_ += "</SchemaData></ExtendedData>\n";
    if (geometry) {
        // A multi-geometry of one part is written as that part, as LIBKML did.
        const auto* collection = OGR_GT_IsSubClassOf(geometry->getGeometryType(), wkbGeometryCollection)
                                     ? geometry->toGeometryCollection()
                                     : nullptr;
        const OGRGeometry* part = collection && collection->getNumGeometries() == 1 ? collection->getGeometryRef(0) : geometry;
        const CplString kml(OGR_G_ExportToKML(OGRGeometry::ToHandle(const_cast<OGRGeometry*>(part)), nullptr));
        if (!kml) {
            buffer_.resize(start);   // the placemark begun taken back
            throw Error("GDAL could not write the geometry as KML");
        }
        buffer_ += kml.get();
        buffer_ += '\n';
    }
    buffer_ += "</Placemark>\n";
    if (buffer_.size() >= kml_flush_at)
        flush();
}

void KmlFile::end_layer()
{
    if (in_layer_)
        buffer_ += "</Document>\n";
    in_layer_ = false;
}

void KmlFile::flush()
{
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_)
        throw Error(shown_ + ": cannot write the KML file (is the disk full?)");
}

void KmlFile::close()
{
    end_layer();
    buffer_ += "</Document>\n</kml>\n";
    flush();
    out_.close();
    if (!out_)
        throw Error(shown_ + ": cannot write the KML file (is the disk full?)");
}

} // namespace lode
