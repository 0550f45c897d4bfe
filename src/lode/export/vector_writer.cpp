#include "lode/export/vector_writer.hpp"

#include "lode/export/detail/kml_file.hpp"
#include "lode/geo/reprojection.hpp"
#include "lode/geo/vertices.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>

namespace lode {

namespace fs = std::filesystem;

namespace {

struct FormatTraits {
    VectorFormat format;
    const char* name;
    const char* title;                     // for people: "Shapefile"
    const char* driver;                    // GDAL's; none: lode writes it (KML)
    const char* extension;                 // of the files written
    std::vector<const char*> extensions;   // recognised in OUT
    bool several_layers;
    bool tables;
    bool wgs84_only;
    bool text_coordinates;                 // coordinates written as decimal text: rounded by default
    bool native_date;                      // the driver has a date type that writes YYYY-MM-DD
    std::size_t max_field_name;            // 0: no limit
    std::size_t max_text_bytes;            // 0: no limit
};

const std::vector<FormatTraits>& formats()
{
    static const std::vector<FormatTraits> all = {
        {VectorFormat::gpkg, "gpkg", "GeoPackage", "GPKG", ".gpkg", {".gpkg"}, true, true, false, false, true, 0, 0},
        {VectorFormat::geojson, "geojson", "GeoJSON", "GeoJSON", ".geojson", {".geojson", ".json"}, false, false, true, true, true, 0, 0},
        {VectorFormat::geojsonseq, "geojsonseq", "GeoJSON sequence", "GeoJSONSeq", ".geojsons", {".geojsons", ".geojsonl"}, false, false, true, true, false, 0, 0},
        {VectorFormat::shp, "shp", "Shapefile", "ESRI Shapefile", ".shp", {".shp"}, false, false, false, false, true, 10, 254},
        {VectorFormat::kml, "kml", "KML", nullptr, ".kml", {".kml"}, true, false, true, true, false, 0, 0},
        {VectorFormat::fgb, "fgb", "FlatGeobuf", "FlatGeobuf", ".fgb", {".fgb"}, false, false, false, false, true, 0, 0},
        {VectorFormat::csv, "csv", "CSV", "CSV", ".csv", {".csv"}, false, false, false, true, false, 0, 0},
    };
    return all;
}

const FormatTraits& traits(VectorFormat format)
{
    for (const auto& t : formats())
        if (t.format == format)
            return t;
    throw Error("unknown vector format");
}

// Shapefile parts that belong to one .shp: removed with it when it is overwritten.
const std::vector<std::string>& shapefile_parts()
{
    static const std::vector<std::string> parts = {".shp", ".shx", ".dbf", ".prj", ".cpg", ".qix", ".sbn", ".sbx", ".qml"};
    return parts;
}

// name cut to at most max bytes without splitting a UTF-8 character.
std::string cut(const std::string& name, std::size_t max)
{
    if (name.size() <= max)
        return name;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(name[end]) & 0xC0) == 0x80)
        --end;
    return name.substr(0, end);
}

// A field name of at most max bytes, unique (ignoring case, as DBF does) among taken.
std::string short_name(const std::string& name, std::size_t max, std::set<std::string>& taken)
{
    std::string candidate = cut(name, max);
    for (int n = 1; taken.count(lower(candidate)) && n < 100; ++n) {
        const std::string suffix = "_" + std::to_string(n);
        candidate = cut(name, max - suffix.size()) + suffix;
    }
    taken.insert(lower(candidate));
    return candidate;
}

void round_coordinates(OGRGeometry& g, double scale)
{
    for_each_vertex(g, [scale](double& x, double& y) {
        x = std::round(x * scale) / scale;
        y = std::round(y * scale) / scale;
    });
}

std::string strip_trailing_slashes(std::string path)
{
    while (path.size() > 1 && path.back() == '/')
        path.pop_back();
    return path;
}

} // namespace

const std::vector<std::string>& vector_format_names()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& t : formats())
            out.push_back(t.name);
        return out;
    }();
    return names;
}

const char* to_string(VectorFormat format) { return traits(format).name; }
const char* format_title(VectorFormat format) { return traits(format).title; }

VectorFormat parse_vector_format(const std::string& name)
{
    for (const auto& t : formats())
        if (lower(name) == t.name)
            return t.format;
    throw InputError("unknown format '" + name + "' (formats: " + join(vector_format_names(), ", ") + ")");
}

std::optional<VectorFormat> format_from_extension(const fs::path& path)
{
    const std::string extension = lower(path.extension().string());
    for (const auto& t : formats())
        for (const char* e : t.extensions)
            if (extension == e)
                return t.format;
    return std::nullopt;
}

bool holds_several_layers(VectorFormat format) { return traits(format).several_layers; }
bool holds_tables(VectorFormat format) { return traits(format).tables; }
bool is_wgs84_only(VectorFormat format) { return traits(format).wgs84_only; }
bool streams(VectorFormat format)
{
    return format == VectorFormat::geojson || format == VectorFormat::geojsonseq || format == VectorFormat::csv;
}
bool is_stdout_path(const std::string& path) { return path == "-" || path == "/dev/stdout"; }

FieldSpec field_spec(const FieldDef& field)
{
    FieldSpec spec;
    spec.name = field.name;
    spec.not_null = field.required;
    switch (field.type) {
    case FieldType::integer: spec.type = OFTInteger64; break;
    case FieldType::real: spec.type = OFTReal; break;
    case FieldType::date: spec.type = OFTDate; break;
    default: spec.type = OFTString;
    }
    return spec;
}

FieldSpec field_spec(const std::string& name, OGRFieldType type, OGRFieldSubType subtype)
{
    FieldSpec spec;
    spec.name = name;
    spec.type = type;
    spec.subtype = subtype;
    return spec;
}

struct VectorWriter::Layer {
    LayerSpec spec;
    OGRLayer* ogr = nullptr;       // none for KML (KmlFile)
    std::vector<int> index;        // OGR field index of each spec field
    int id = -1;                   // spec field holding the feature id
    std::string file;              // data file name in the temporary folder
    VectorFormat format = VectorFormat::gpkg;   // of its file: the writer's, or csv for a table beside
    std::size_t kml = 0;           // its number in the KML file
    FeaturePtr feature;            // reused by write(), row after row
};

VectorWriter::VectorWriter(const WriterOptions& options) : options_(options)
{
    register_gdal();
    if (options_.path.empty())
        throw InputError("no output file given");
    stdout_ = is_stdout_path(options_.path);
    const bool trailing_slash = options_.path.back() == '/';
    const fs::path out = strip_trailing_slashes(options_.path);
    const auto by_extension = format_from_extension(out);
    if (options_.format) {
        format_ = *options_.format;
        if (by_extension && *by_extension != format_)
            throw InputError(options_.path + ": the extension says " + to_string(*by_extension) + " but the format asked for is " +
                             to_string(format_));
    } else if (by_extension && !trailing_slash) {
        format_ = *by_extension;
    } else if (stdout_) {
        throw InputError("standard output: say which format to write", Hint::format);
    } else {
        throw InputError(options_.path + ": cannot tell the format from " +
                         (out.extension().empty() ? std::string("a name without extension") : "the extension '" + out.extension().string() + "'"),
                         Hint::format);
    }
    const FormatTraits& t = traits(format_);
    if (stdout_ && !streams(format_))
        throw InputError(std::string("a ") + t.title + " cannot be written to standard output: it is not a stream;"
                         " write it to a file, or choose geojson, geojsonseq or csv");

    std::error_code ec;
    // Standard output: no folder, nothing to replace, nothing staged.
    folder_ = !stdout_ && !t.several_layers && (trailing_slash || fs::is_directory(out, ec) || !by_extension);
    if (!stdout_ && !folder_ && fs::is_directory(out, ec))
        throw InputError(options_.path + " is a folder; give a file name ending in " + t.extension);
    destination_ = folder_ ? out : out.parent_path();   // empty: the current folder
    fs::path must_exist = folder_ ? out.parent_path() : destination_;
    if (must_exist.empty())
        must_exist = ".";
    if (!stdout_ && !fs::is_directory(must_exist, ec))
        throw InputError(options_.path + ": the folder '" + must_exist.string() + "' does not exist");
    if (!stdout_ && !folder_ && fs::exists(out, ec) && !options_.overwrite)
        throw InputError(options_.path + " exists", Hint::overwrite);

    // The target CRS, and how the store's longitude/latitude reach it.
    SpatialReference target = options_.target_crs.empty() ? wgs84_lonlat() : parse_crs(options_.target_crs, mention(Setting::target_crs));
    if (target->IsGeocentric() || target->IsCompound() || target->IsVertical() || target->GetAxesCount() != 2 ||
        !(target->IsGeographic() || target->IsProjected()))
        throw InputError(mention(Setting::target_crs) + " " + options_.target_crs + " (" + describe_crs(*target) +
                         ") is not a 2D horizontal CRS (longitude/latitude or projected); lode writes 2D coordinates");
    if (t.wgs84_only) {
        const char* same_options[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", "CRITERION=EQUIVALENT", nullptr};
        if (!target->IsSame(wgs84_lonlat().get(), same_options))
            throw InputError(std::string(t.title) + " is always WGS 84 longitude/latitude" +
                             (format_ == VectorFormat::kml ? "" : " (RFC 7946)") + ", so " + mention(Setting::target_crs) + " " + options_.target_crs +
                             " cannot apply; export to gpkg, shp, fgb or csv for another CRS");
    }
    reprojection_ = std::make_unique<FromWgs84>(*target, options_.extent);

    if (options_.precision) {
        if (*options_.precision < 0 || *options_.precision > 15)
            throw InputError(mention(Setting::precision) + " " + std::to_string(*options_.precision) + " is not between 0 and 15 decimals");
        precision_ = options_.precision;
    } else if (t.text_coordinates) {
        precision_ = reprojection_->target().IsGeographic() ? 7 : 3;
    }

    if (stdout_)
        return;
    // Everything is written in a temporary folder beside OUT, and moved into place by commit().
    const fs::path base = folder_ && fs::is_directory(out, ec) ? out : must_exist;
    try {
        temporary_.emplace(base, out.filename().string());
    } catch (const fs::filesystem_error& e) {
        throw InputError(options_.path + ": cannot write in '" + base.string() + "': " + e.code().message());
    }

    if (format_ == VectorFormat::kml) {
        kml_ = std::make_unique<KmlFile>(*temporary_ / out.filename().string(), options_.path);
        data_files_.push_back(out.filename().string());
    } else if (t.several_layers) {
        create_dataset(out.filename().string(), format_);
    }
}

VectorWriter::~VectorWriter()
{
    QuietGdal quiet;
    layers_.clear();
    datasets_.clear();
    kml_.reset();
    temporary_.reset();
}

GDALDataset& VectorWriter::create_dataset(const std::string& file_name, VectorFormat format)
{
    const FormatTraits& t = traits(format);
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(t.driver);
    if (!driver)
        throw Error("this GDAL has no " + std::string(t.driver) + " driver");
    QuietGdal quiet;
    const std::string where = stdout_ ? std::string("/vsistdout/") : (*temporary_ / file_name).string();
    Dataset ds(driver->Create(where.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds)
        throw Error(options_.path + ": GDAL could not create the " + t.driver + " file: " + quiet.last());
    // One transaction for the whole file where the driver has them (GeoPackage): far fewer syncs.
    if (ds->TestCapability(ODsCTransactions) && ds->StartTransaction(FALSE) == OGRERR_NONE)
        in_transaction_.push_back(ds.get());
    datasets_.push_back(std::move(ds));
    data_files_.push_back(file_name);
    return *datasets_.back();
}

std::size_t VectorWriter::add_layer(const LayerSpec& spec)
{
    const FormatTraits& t = traits(format_);
    if (spec.geometry == wkbNone && !t.tables)
        throw InputError(std::string(t.title) + " cannot hold the table '" + spec.name + "' (it has no geometry)");
    if (kml_) {
        auto layer = std::make_unique<Layer>();
        layer->spec = spec;
        layer->format = format_;
        layer->file = data_files_.front();
        for (std::size_t i = 0; i < spec.fields.size(); ++i) {
            if (spec.fields[i].name == spec.id_field)
                layer->id = static_cast<int>(i);
            if (spec.fields[i].type == OFTDate)   // written as YYYY-MM-DD text
                layer->spec.fields[i].type = OFTString;
        }
        layer->kml = kml_->add_layer(layer->spec);
        layers_.push_back(std::move(layer));
        return layers_.size() - 1;
    }
    if (t.several_layers)
        return create_layer(spec, format_, *datasets_.front(), data_files_.front());
    if (!folder_ && !layers_.empty())
        throw InputError(options_.path + ": a " + t.title + " file holds one layer; give a folder (-o DIR/) for one file per layer");
    const std::string file = folder_ ? spec.name + t.extension
                             : stdout_ ? options_.path
                                       : fs::path(strip_trailing_slashes(options_.path)).filename().string();
    return create_layer(spec, format_, create_dataset(file, format_), file);
}

std::size_t VectorWriter::add_table(const LayerSpec& spec)
{
    if (holds_tables(format_))
        return add_layer(spec);
    if (stdout_)
        throw InputError("standard output holds one table, so the table '" + spec.name +
                         "' cannot go with it; write to a file or a folder");
    const std::string file = folder_ ? spec.name + ".csv"
                                     : fs::path(strip_trailing_slashes(options_.path)).stem().string() + "_" + spec.name + ".csv";
    if (std::find(data_files_.begin(), data_files_.end(), file) != data_files_.end())
        throw InputError(options_.path + ": the table '" + spec.name + "' would be written over " + file);
    return create_layer(spec, VectorFormat::csv, create_dataset(file, VectorFormat::csv), file);
}

std::size_t VectorWriter::create_layer(const LayerSpec& spec, VectorFormat format, GDALDataset& dataset, const std::string& file)
{
    const FormatTraits& t = traits(format);
    auto layer = std::make_unique<Layer>();
    layer->spec = spec;
    layer->format = format;
    layer->file = file;
    GDALDataset* ds = &dataset;

    std::vector<std::string> lco;
    const bool has_geometry = spec.geometry != wkbNone;
    const auto id_spec = std::find_if(spec.fields.begin(), spec.fields.end(), [&](const FieldSpec& f) { return f.name == spec.id_field; });
    const bool string_id = id_spec != spec.fields.end() && id_spec->type == OFTString;
    switch (format) {
    case VectorFormat::gpkg:
        lco = {"FID=fid", "IDENTIFIER=" + (spec.title.empty() ? spec.name : spec.title)};
        if (has_geometry)
            lco.insert(lco.end(), {"GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"});
        if (!spec.description.empty())
            lco.push_back("DESCRIPTION=" + spec.description);
        break;
    case VectorFormat::geojson:
    case VectorFormat::geojsonseq:
        if (format == VectorFormat::geojson)
            lco.push_back("RFC7946=YES");
        else
            lco.push_back(std::string("RS=") + (lower(fs::path(layer->file).extension().string()) == ".geojsonl" ? "NO" : "YES"));
        lco.push_back("COORDINATE_PRECISION=" + std::to_string(precision_.value_or(7)));
        if (string_id)
            lco.insert(lco.end(), {"ID_FIELD=" + spec.id_field, "ID_TYPE=String"});
        break;
    case VectorFormat::shp: lco = {"ENCODING=UTF-8", "SPATIAL_INDEX=YES", "RESIZE=YES"}; break;
    case VectorFormat::kml: break;   // written by KmlFile
    case VectorFormat::fgb: lco = {"SPATIAL_INDEX=YES"}; break;
    case VectorFormat::csv:
        if (has_geometry)
            lco = {wkbFlatten(spec.geometry) == wkbPoint ? "GEOMETRY=AS_XY" : "GEOMETRY=AS_WKT"};
        // A .csvt beside the file (one type a column: Integer, Real, String, Date ...), so that QGIS
        // and GDAL read the numbers as numbers, the analytes' columns too (not to standard output).
        if (!stdout_)
            lco.push_back("CREATE_CSVT=YES");
        break;
    }
    CPLStringList options;
    for (const auto& o : lco)
        options.AddString(o.c_str());

    QuietGdal quiet;
    // GDAL 3.6 takes a non-const SRS, which it clones.
    auto* srs = has_geometry ? const_cast<OGRSpatialReference*>(&reprojection_->target()) : nullptr;
    layer->ogr = ds->CreateLayer(spec.name.c_str(), srs, spec.geometry, options.List());
    if (!layer->ogr)
        throw Error(options_.path + ": GDAL could not create the layer '" + spec.name + "': " + quiet.last());

    std::set<std::string> taken;
    for (const auto& f : spec.fields) {
        std::string written = f.name;
        if (t.max_field_name) {
            written = short_name(f.name, t.max_field_name, taken);
            if (written != f.name)
                renamed_.push_back({spec.name, f.name, written});
        }
        const bool date_text = f.type == OFTDate && !t.native_date;   // then written as YYYY-MM-DD text
        OGRFieldDefn defn(written.c_str(), date_text ? OFTString : f.type);
        defn.SetSubType(f.subtype);
        defn.SetWidth(date_text ? 10 : f.type == OFTString && t.max_text_bytes ? static_cast<int>(t.max_text_bytes) : f.width);
        defn.SetNullable(!f.not_null);
        defn.SetUnique(f.unique);
        if (!f.default_value.empty())
            defn.SetDefault(f.default_value.c_str());
        if (layer->ogr->CreateField(&defn, FALSE) != OGRERR_NONE)
            throw InputError(options_.path + ": layer '" + spec.name + "': " + t.title + " cannot hold the field '" + f.name + "' (" +
                             OGRFieldDefn::GetFieldTypeName(f.type) + "): " + quiet.last());
        layer->index.push_back(layer->ogr->GetLayerDefn()->GetFieldIndex(written.c_str()));
        if (f.name == spec.id_field)
            layer->id = static_cast<int>(layer->index.size()) - 1;
    }
    layers_.push_back(std::move(layer));
    return layers_.size() - 1;
}

void VectorWriter::write(std::size_t number, const std::vector<Value>& values, const Wkb& wkb, const std::string& style)
{
    write(number, values, wkb.empty() ? GeometryPtr() : geometry_from_wkb(wkb), style);
}

void VectorWriter::write(std::size_t number, const std::vector<Value>& values, GeometryPtr geometry, const std::string& style)
{
    Layer& layer = *layers_.at(number);
    const FormatTraits& t = traits(layer.format);
    if (values.size() != layer.spec.fields.size())
        throw Error("layer '" + layer.spec.name + "': " + std::to_string(values.size()) + " values for " +
                    std::to_string(layer.spec.fields.size()) + " fields");
    auto where = [&] {
        std::string out = options_.path + ": layer '" + layer.spec.name + "': ";
        if (layer.id >= 0 && !is_null(values[static_cast<std::size_t>(layer.id)]))
            out += "feature '" + to_text(values[static_cast<std::size_t>(layer.id)]) + "': ";
        return out;
    };
    // The geometry in the target CRS, rounded to the precision.
    auto place = [&](OGRGeometry& g, const QuietGdal& quiet) {
        if (!reprojection_->apply(g))
            throw InputError(where() + "cannot transform the geometry to " + describe_crs(reprojection_->target()) +
                             (quiet.last().empty() ? "" : " (" + quiet.last() + ")"));
        if (precision_)
            round_coordinates(g, std::pow(10.0, *precision_));
    };
    if (layer.format == VectorFormat::kml) {
        QuietGdal quiet;
        if (geometry)
            place(*geometry, quiet);
        try {
            kml_->write(layer.kml, values, geometry.get(), style);
        } catch (const Error& e) {
            throw Error(where() + e.what());
        }
        return;
    }

    // One feature a layer, filled again for every row (as ogr2ogr would make and free one each
    // time): every field is set or nulled below, the geometry and style replaced, the FID cleared.
    if (!layer.feature)
        layer.feature.reset(OGRFeature::CreateFeature(layer.ogr->GetLayerDefn()));
    OGRFeature* feature = layer.feature.get();
    feature->SetFID(OGRNullFID);
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int at = layer.index[i];
        const Value& v = values[i];
        if (const auto* integer = std::get_if<std::int64_t>(&v)) {
            feature->SetField(at, static_cast<GIntBig>(*integer));
        } else if (const auto* real = std::get_if<double>(&v)) {
            feature->SetField(at, *real);
        } else if (const auto* text = std::get_if<std::string>(&v)) {
            if (t.max_text_bytes && text->size() > t.max_text_bytes)
                throw InputError(where() + "field '" + layer.spec.fields[i].name + "': " + std::to_string(text->size()) +
                                 " bytes of text; a " + t.title + " field holds at most " + std::to_string(t.max_text_bytes) +
                                 " bytes (export to gpkg, fgb or geojson to keep it whole)");
            feature->SetField(at, text->c_str());
        } else {
            feature->SetFieldNull(at);
        }
    }

    QuietGdal quiet;
    if (geometry) {
        place(*geometry, quiet);
        feature->SetGeometryDirectly(geometry.release());
    } else {
        feature->SetGeometryDirectly(nullptr);
    }
    CPLErrorReset();
    if (layer.ogr->CreateFeature(feature) != OGRERR_NONE)
        throw Error(where() + "GDAL could not write the feature: " + quiet.last());
    // The Shapefile driver only warns when a number does not fit its DBF field, and writes another.
    if (layer.format == VectorFormat::shp && CPLGetLastErrorType() == CE_Warning)
        throw InputError(where() + "a Shapefile cannot hold it: " + quiet.last() + " (export to gpkg, fgb or geojson)");
}

std::string VectorWriter::file_of(std::size_t layer) const
{
    return stdout_ ? options_.path : (destination_ / layers_.at(layer)->file).string();
}

void VectorWriter::set_metadata(const std::string& key, const std::string& value)
{
    QuietGdal quiet;
    for (auto& ds : datasets_)
        ds->SetMetadataItem(key.c_str(), value.c_str());
}

void VectorWriter::set_layer_metadata(std::size_t layer, const std::string& key, const std::string& value)
{
    QuietGdal quiet;
    if (OGRLayer* ogr = layers_.at(layer)->ogr)   // KML holds none
        ogr->SetMetadataItem(key.c_str(), value.c_str());
}

void VectorWriter::add_sidecar(std::size_t layer, const std::string& extension, const std::string& content)
{
    if (stdout_)
        throw Error("standard output has no room for a sidecar file");
    const std::string name = fs::path(layers_.at(layer)->file).stem().string() + extension;
    std::ofstream out(*temporary_ / name, std::ios::binary);
    out << content;
    out.close();
    if (!out)
        throw Error(options_.path + ": cannot write " + name + " in " + temporary_->folder().string());
    sidecars_.push_back(name);
}

std::vector<std::string> VectorWriter::commit()
{
    {
        QuietGdal quiet;
        layers_.clear();
        if (kml_) {
            kml_->close();
            kml_.reset();
        }
        for (auto& ds : datasets_) {
            CPLErrorReset();
            if (std::find(in_transaction_.begin(), in_transaction_.end(), ds.get()) != in_transaction_.end() &&
                ds->CommitTransaction() != OGRERR_NONE)
                throw Error(options_.path + ": GDAL could not commit the writes: " + quiet.last());
            ds.reset();   // GDAL finishes the file here: spatial indexes, metadata, headers
            if (CPLGetLastErrorType() >= CE_Failure)
                throw Error(options_.path + ": GDAL could not finish writing: " + quiet.last());
        }
        datasets_.clear();
    }
    if (stdout_) {
        committed_ = true;
        return {options_.path};
    }

    // The files GDAL wrote (with their sidecars: .shx, .dbf, .prj, .qix …), data files last.
    std::vector<std::string> others, data;
    for (const auto& entry : fs::directory_iterator(temporary_->folder())) {
        const std::string name = entry.path().filename().string();
        if (std::find(data_files_.begin(), data_files_.end(), name) == data_files_.end())
            others.push_back(name);
    }
    std::sort(others.begin(), others.end());
    for (const auto& name : data_files_)   // in the order of the layers
        if (fs::exists(*temporary_ / name))
            data.push_back(name);
    std::vector<std::string> moves = others;
    moves.insert(moves.end(), data.begin(), data.end());

    std::error_code ec;
    if (!options_.overwrite)
        for (const auto& name : moves)
            if (fs::exists(destination_ / name, ec))
                throw InputError((destination_ / name).string() + " exists", Hint::overwrite);
    if (folder_ && !fs::is_directory(destination_, ec) && !fs::create_directory(destination_, ec))
        throw InputError(options_.path + ": cannot create the folder: " + ec.message());
    if (format_ == VectorFormat::shp && options_.overwrite) {
        // A shapefile replaced keeps no part of the old one (a stale .qix would index other shapes).
        for (const auto& name : data)
            for (const auto& part : shapefile_parts()) {
                const fs::path old = destination_ / (fs::path(name).stem().string() + part);
                if (std::find(moves.begin(), moves.end(), old.filename().string()) == moves.end())
                    fs::remove(old, ec);
            }
    }
    std::vector<std::string> written;
    for (const auto& name : moves) {
        try {
            temporary_->commit(name, destination_ / name);
        } catch (const fs::filesystem_error& e) {
            throw InputError((destination_ / name).string() + ": cannot move the finished file into place: " + e.code().message());
        }
    }
    committed_ = true;
    temporary_.reset();
    // Each data file, then its parts (.dbf, .prj, .qml …), then anything else.
    std::vector<bool> listed(others.size(), false);
    for (const auto& name : data) {
        written.push_back((destination_ / name).string());
        for (std::size_t i = 0; i < others.size(); ++i)
            if (!listed[i] && fs::path(others[i]).stem() == fs::path(name).stem()) {
                written.push_back((destination_ / others[i]).string());
                listed[i] = true;
            }
    }
    for (std::size_t i = 0; i < others.size(); ++i)
        if (!listed[i])
            written.push_back((destination_ / others[i]).string());
    return written;
}

} // namespace lode
