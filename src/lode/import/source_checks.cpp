#include "lode/import/detail/source_checks.hpp"

#include "lode/base/text.hpp"
#include "lode/import/detail/field_plan.hpp"

#include <filesystem>
#include <fstream>

namespace lode::import_detail {

namespace {

namespace fs = std::filesystem;

std::string extension(const std::string& file) { return lower(fs::path(file).extension().string()); }

[[noreturn]] void refuse_file(const ImportOptions& options, const std::string& reason, Hint hint = Hint::none)
{
    throw InputError(Where{options.file, -1, "", ""}, reason, hint);
}

// The 1-based line where a quote opens that is never closed, or 0. GDAL's CSV reader toggles on
// every quote (a doubled quote toggles twice), so this is what it would do.
std::int64_t unclosed_quote_line(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    std::vector<char> buffer(1 << 16);
    bool quoted = false;
    std::int64_t line = 1, opened = 0;
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        const auto n = in.gcount();
        for (std::streamsize i = 0; i < n; ++i) {
            if (buffer[i] == '\n')
                ++line;
            else if (buffer[i] == '"') {
                quoted = !quoted;
                if (quoted)
                    opened = line;
            }
        }
    }
    return quoted ? opened : 0;
}

// The text of a GeoJSON's top-level crs name, if it has one before its features.
std::optional<std::string> geojson_crs_name(const std::string& file)
{
    std::ifstream in(file, std::ios::binary);
    std::string head(1 << 16, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    const auto features = head.find("\"features\"");
    const auto crs = head.find("\"crs\"");
    if (crs == std::string::npos || (features != std::string::npos && features < crs))
        return std::nullopt;
    const auto properties = head.find("\"properties\"", crs);
    const auto name = properties == std::string::npos ? properties : head.find("\"name\"", properties);
    if (name == std::string::npos)
        return std::nullopt;
    const auto open = head.find('"', head.find(':', name + 6) + 1);
    const auto close = open == std::string::npos ? open : head.find('"', open + 1);
    if (close == std::string::npos)
        return std::nullopt;
    return head.substr(open + 1, close - open - 1);
}

} // namespace

void check_source_file(const ImportOptions& options)
{
    std::error_code ec;
    const auto status = fs::status(options.file, ec);
    if (ec || !fs::exists(status))
        return;   // said by the caller
    if (!fs::is_regular_file(status) && !fs::is_directory(status))
        refuse_file(options, "is not a regular file (a FIFO, socket or device); give a file");
    if (fs::is_directory(status))
        return;
    const std::string ext = extension(options.file);
    if (ext == ".shp") {
        fs::path dbf = fs::path(options.file).replace_extension(".dbf");
        fs::path upper = fs::path(options.file).replace_extension(".DBF");
        if (!fs::exists(dbf) && !fs::exists(upper))
            refuse_file(options, "the Shapefile's attribute file " + dbf.filename().string() + " is missing");
    } else if (ext == ".csv" || ext == ".tsv") {
        if (const auto line = unclosed_quote_line(options.file))
            refuse_file(options, "line " + std::to_string(line) + ": a quote (\") opens a value that is never closed");
    } else if ((ext == ".geojson" || ext == ".json") && options.source_crs.empty()) {
        if (const auto name = geojson_crs_name(options.file)) {
            QuietGdal quiet;
            OGRSpatialReference crs;
            if (crs.SetFromUserInput(name->c_str()) != OGRERR_NONE) {
                const std::string why = quiet.last();
                refuse_file(options, "its crs '" + printable(*name) + "' is not a CRS that lode knows" +
                                         (why.empty() ? "" : " (" + why + ")"),
                            Hint::give_source_crs);
            }
        }
    }
}

void check_field_names(const std::vector<std::string>& names, const ImportOptions& options)
{
    for (const auto& name : names)
        if (invalid_utf8_at(name) != std::string::npos)
            refuse_file(options, "the field name '" + printable(name.size() > 60 ? name.substr(0, 60) + "…" : name) +
                                     "' is not valid UTF-8 text (save the file as UTF-8)");
}

void check_text(const OGRFeature& feature, const Where& where, std::vector<Problem>& problems)
{
    for (int i = 0; i < feature.GetFieldCount(); ++i) {
        const OGRFieldType type = feature.GetFieldDefnRef(i)->GetType();
        if ((type != OFTString && type != OFTStringList) || !feature.IsFieldSetAndNotNull(i))
            continue;
        const std::string text = feature.GetFieldAsString(i);
        if (invalid_utf8_at(text) == std::string::npos)
            continue;
        Where at = where;
        at.field = printable(feature.GetFieldDefnRef(i)->GetNameRef());
        const std::string shown = text.size() > 60 ? text.substr(0, 60) + "…" : text;
        problems.push_back(Problem::from(
            InputError(at, "'" + printable(shown) + "' is not valid UTF-8 text (save the file as UTF-8)")));
    }
}

void explain_missing_point(Dataset& source, const ImportOptions& options, const Where& where)
{
    if (!source) {
        QuietGdal quiet;
        source.reset(static_cast<GDALDataset*>(
            GDALOpenEx(options.file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    }
    if (!source || source->GetLayerCount() != 1)
        return;
    OGRLayer& layer = *source->GetLayer(0);
    FeaturePtr row(layer.GetFeature(where.feature));
    if (!row)
        return;
    const std::vector<std::string> x_candidates = options.x_field.empty() ? x_names : std::vector<std::string>{options.x_field};
    const std::vector<std::string> y_candidates = options.y_field.empty() ? y_names : std::vector<std::string>{options.y_field};
    const std::vector<std::pair<const char*, const std::vector<std::string>*>> axes{{"x", &x_candidates}, {"y", &y_candidates}};
    for (const auto& [axis, candidates] : axes)
        for (int i = 0; i < row->GetFieldCount(); ++i) {
            const std::string name = row->GetFieldDefnRef(i)->GetNameRef();
            bool match = false;
            for (const auto& candidate : *candidates)
                match = match || lower(candidate) == lower(name);
            if (!match)
                continue;
            const std::string value(trim(row->IsFieldSetAndNotNull(i) ? row->GetFieldAsString(i) : ""));
            Where at = where;
            at.field = name;
            if (value.empty())
                return;   // no point: the importer's "has no geometry", which --skip-empty answers
            if (!parse_number(value))
                throw InputError(at, std::string("coordinate ") + axis + " '" + value + "' is not a finite number");
            break;
        }
}

void check_read_count(std::int64_t read, std::int64_t declared, const std::string& gdal_reason, const ImportOptions& options)
{
    const bool geopackage = extension(options.file) == ".gpkg";
    if (read == 0 && !gdal_reason.empty())
        refuse_file(options, std::string(geopackage ? "is not a valid GeoPackage" : "is damaged") + ": no feature could be read (" +
                                 gdal_reason + ")");
    if (declared < 0 || read >= declared)
        return;
    refuse_file(options, "only " + std::to_string(read) + " of its " + std::to_string(declared) +
                             " features could be read; the file is truncated or damaged" +
                             (gdal_reason.empty() ? "" : " (" + gdal_reason + ")"));
}

} // namespace lode::import_detail
