#include "lode/export/drill_tables.hpp"

#include "lode/base/atomic_output.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>

namespace fs = std::filesystem;

namespace lode {

namespace {

// The shortest decimal text without an exponent that reads back as the same double.
std::string shortest(double value)
{
    char buffer[400];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed).ptr;
    return std::string(buffer, end);
}

std::string cell(const Value& v)
{
    if (const double* d = std::get_if<double>(&v))
        return shortest(*d);
    return csv_cell(to_text(v));
}

std::string cell(const nlohmann::json& v)
{
    if (v.is_null())
        return "";
    if (v.is_number_float())
        return shortest(v.get<double>());
    if (v.is_number())
        return v.dump();
    return csv_cell(v.is_string() ? v.get<std::string>() : v.dump());
}

Value attribute(const Feature& f, const std::string& name)
{
    const auto it = f.attributes.find(name);
    return it == f.attributes.end() ? Value{} : it->second;
}

class CsvFile {
public:
    CsvFile(const fs::path& path, const std::vector<std::string>& header) : out_(path, std::ios::binary), path_(path)
    {
        if (!out_)
            throw Error(path.string() + ": cannot write");
        line(header);
    }
    void line(const std::vector<std::string>& cells)
    {
        for (std::size_t i = 0; i < cells.size(); ++i)
            out_ << (i ? "," : "") << cells[i];
        out_ << "\r\n";
    }
    void close()
    {
        out_.close();
        if (!out_)
            throw Error(path_.string() + ": cannot write");
    }

private:
    std::ofstream out_;
    fs::path path_;
};

// The CRS an import's log names ("EPSG:7850 (GDA2020 / MGA zone 50)" or a PROJ string / WKT).
SpatialReference logged_crs(const std::string& logged)
{
    std::string text = logged;
    if (text.rfind("EPSG:", 0) == 0)
        text = text.substr(0, text.find(' '));
    try {
        return parse_crs(text, "the imported collars' CRS");
    } catch (const Error&) {
        return SpatialReference(nullptr, &OSRRelease);
    }
}

// Where the collars go: one CRS given, or per collar.
class CollarPlacement {
public:
    CollarPlacement(Store& store, const std::string& target)
    {
        if (!target.empty()) {
            fixed_ = parse_crs(target, mention(Setting::target_crs));
            if (!fixed_->IsProjected())
                throw InputError(mention(Setting::target_crs) + " " + target + " (" + describe_crs(*fixed_) +
                                 ") is not a projected CRS; the collar table holds eastings and northings in metres");
            return;
        }
        for (const auto& record : store.imports())   // oldest first: the latest import of a file wins
            if (record.layer == "drillholes" && record.undone_at.empty() && !record.source_crs.empty())
                imported_[fs::path(record.source).filename().string()] = record.source_crs;
    }

    // The collar's easting and northing and its CRS's code or description.
    struct Placed {
        double easting = 0, northing = 0;
        std::string crs;
    };
    Placed place(const Feature& collar, double lon, double lat)
    {
        std::string key;
        const OGRSpatialReference* crs = fixed_.get();
        if (!crs) {
            const auto logged = imported_.find(collar.imported_from);
            if (logged != imported_.end()) {
                key = "import:" + logged->second;
                if (!crs_.count(key)) {
                    SpatialReference parsed = logged_crs(logged->second);
                    if (parsed && parsed->IsProjected())
                        crs_.emplace(key, std::move(parsed));
                }
            }
            if (!crs_.count(key)) {
                const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
                key = "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
                if (!crs_.count(key))
                    crs_.emplace(key, parse_crs(key, "the collar's UTM zone"));
            }
            crs = crs_.at(key).get();
        }
        auto& transform = to_[crs];
        if (!transform)
            transform = std::make_unique<FromWgs84>(*crs, std::nullopt);
        OGRPoint point(lon, lat);
        if (!transform->apply(point))
            throw InputError(Where{"", -1, collar.id, ""}, "the collar cannot be placed in " + describe_crs(*crs));
        std::string code = crs_code(*crs);
        return {point.getX(), point.getY(), code.empty() ? describe_crs(*crs) : code};
    }

    std::string describe(const std::string& code) const
    {
        for (const auto& [key, crs] : crs_)
            if (crs_code(*crs) == code)
                return describe_crs(*crs);
        if (fixed_ && crs_code(*fixed_) == code)
            return describe_crs(*fixed_);
        return code;
    }

private:
    SpatialReference fixed_{nullptr, &OSRRelease};
    std::map<std::string, std::string> imported_;              // file name -> logged CRS
    std::map<std::string, SpatialReference> crs_;              // key -> CRS
    std::map<const OGRSpatialReference*, std::unique_ptr<FromWgs84>> to_;
};

// An interval table's file name: letters, digits, '-' and '_' kept, the rest '_'; the names of the
// other files avoided.
std::string table_file(const std::string& table)
{
    std::string name;
    for (char c : table)
        name += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') ? c : '_';
    if (name.empty() || lower(name) == "collar" || lower(name) == "survey" || lower(name) == "readme")
        name = "intervals_" + name;
    return name + ".csv";
}

} // namespace

DrillTablesReport export_drillhole_tables(Store& store, const DrillTablesOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    register_gdal();
    if (options.selection.as_of)
        throw InputError("the drillhole tables are written as the store is today, not as it was at a time");
    if (options.selection.project) {
        Project project;
        store.require_project(*options.selection.project, project);
    }
    fs::path folder = options.folder;
    if (folder.filename().empty())
        folder = folder.parent_path();   // DIR/
    fs::path parent = folder.parent_path();
    if (parent.empty())
        parent = ".";
    std::error_code ec;
    if (!fs::is_directory(parent, ec))
        throw InputError(options.folder + ": the folder '" + parent.string() + "' does not exist");
    if (fs::exists(folder, ec) && !fs::is_directory(folder, ec))
        throw InputError(options.folder + " exists and is not a folder; give a folder (DIR/) for the drillhole tables");

    std::vector<Feature> collars;
    store.scan("drillholes", options.selection, Reading::features(), [&](ScanRow& row) {
        collars.push_back(std::move(row.feature));
        return true;
    });
    std::sort(collars.begin(), collars.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
    if (collars.empty())
        throw InputError("nothing to export: no drillhole collar matches" +
                         std::string(options.selection.project ? " (project " + *options.selection.project + ")" : ""));
    std::vector<std::string> holes;
    for (const auto& c : collars)
        holes.push_back(c.id);

    DrillTablesReport report;
    AtomicOutput staged(parent, folder.filename().string());
    std::vector<std::string> names;

    // collar.csv
    CollarPlacement placement(store, options.target_crs);
    {
        names.push_back("collar.csv");
        CsvFile csv(staged / "collar.csv", {"hole_id", "easting", "northing", "collar_elev_m", "elev_datum", "crs", "depth_m", "azimuth_deg",
                                            "dip_deg", "drill_type", "drilled_on", "prospect", "accuracy", "azimuth_ref", "declination_deg",
                                            "grid_crs"});
        for (const auto& collar : collars) {
            GeometryPtr geometry = collar.wkb.empty() ? GeometryPtr() : geometry_from_wkb(collar.wkb);
            const auto* point = dynamic_cast<const OGRPoint*>(geometry.get());
            if (!point || point->IsEmpty())
                throw InputError(Where{"", -1, collar.id, ""}, "the collar has no point");
            const auto placed = placement.place(collar, point->getX(), point->getY());
            char easting[40], northing[40];
            std::snprintf(easting, sizeof easting, "%.3f", placed.easting);
            std::snprintf(northing, sizeof northing, "%.3f", placed.northing);
            csv.line({csv_cell(collar.id), easting, northing, cell(attribute(collar, "collar_elev_m")), cell(attribute(collar, "elev_datum")),
                      csv_cell(placed.crs), cell(attribute(collar, "depth_m")), cell(attribute(collar, "azimuth_deg")),
                      cell(attribute(collar, "dip_deg")), cell(attribute(collar, "drill_type")), cell(attribute(collar, "drilled_on")),
                      cell(attribute(collar, "prospect")), cell(attribute(collar, "accuracy")), cell(attribute(collar, "azimuth_ref")),
                      cell(attribute(collar, "declination_deg")), cell(attribute(collar, "grid_crs"))});
            const std::string described = placement.describe(placed.crs);
            if (std::find(report.crs.begin(), report.crs.end(), described) == report.crs.end())
                report.crs.push_back(described);
            ++report.collars;
        }
        csv.close();
    }

    // survey.csv
    {
        names.push_back("survey.csv");
        CsvFile csv(staged / "survey.csv", {"hole_id", "depth_m", "azimuth_deg", "dip_deg", "method", "surveyed_on"});
        auto surveys = store.surveys(holes);
        std::stable_sort(surveys.begin(), surveys.end(),
                         [](const SurveyRecord& a, const SurveyRecord& b) { return a.hole != b.hole ? a.hole < b.hole : a.depth < b.depth; });
        for (const auto& s : surveys) {
            csv.line({csv_cell(s.hole), shortest(s.depth), shortest(s.azimuth), shortest(s.dip), csv_cell(s.method), csv_cell(s.surveyed_on)});
            ++report.surveys;
        }
        csv.close();
    }

    // One file per interval table.
    auto intervals = store.intervals(holes);
    std::stable_sort(intervals.begin(), intervals.end(), [](const IntervalRecord& a, const IntervalRecord& b) {
        return a.table != b.table ? a.table < b.table : a.hole != b.hole ? a.hole < b.hole : a.from < b.from;
    });
    std::map<std::string, std::vector<std::string>> keys;   // table -> its fields, in first-seen order
    for (const auto& i : intervals)
        for (const auto& [key, value] : i.fields.items()) {
            auto& list = keys[i.table];
            if (std::find(list.begin(), list.end(), key) == list.end())
                list.push_back(key);
        }
    std::map<std::string, std::string> file_of;
    for (std::size_t at = 0; at < intervals.size();) {
        const std::string table = intervals[at].table;
        std::string name = table_file(table);
        while (std::find(names.begin(), names.end(), name) != names.end())
            name = "_" + name;
        names.push_back(name);
        std::vector<std::string> header{"hole_id", "from_m", "to_m"};
        for (const auto& key : keys[table])
            header.push_back(csv_cell(key));
        CsvFile csv(staged / name, header);
        std::int64_t rows = 0;
        for (; at < intervals.size() && intervals[at].table == table; ++at) {
            const auto& i = intervals[at];
            std::vector<std::string> line{csv_cell(i.hole), shortest(i.from), shortest(i.to)};
            for (const auto& key : keys[table]) {
                const auto v = i.fields.find(key);
                line.push_back(v == i.fields.end() ? "" : cell(*v));
            }
            csv.line(line);
            ++rows;
        }
        csv.close();
        report.tables.emplace_back(table, rows);
        file_of[table] = name;
    }

    // README.txt
    {
        names.push_back("README.txt");
        std::ofstream readme(staged / "README.txt", std::ios::binary);
        readme << "Drillhole tables written by lode " << LODE_VERSION << " on " << utc_now("%Y-%m-%dT%H:%M:%SZ") << "\n"
               << "Store: " << store.location().display() << "\n"
               << "Selection: " << (options.selection.project ? "project " + *options.selection.project : std::string("every project")) << "\n\n"
               << "CSV files: UTF-8, comma-separated, a header row, quotes around a cell holding a comma or a quote.\n"
               << "Depths are metres along the hole from the collar. Empty cells have no value.\n\n"
               << "collar.csv (" << report.collars << " holes): one row per hole\n"
               << "  hole_id        the hole's id (the key of every table)\n"
               << "  easting        metres, in the CRS of the crs column\n"
               << "  northing       metres, in the CRS of the crs column\n"
               << "  collar_elev_m  collar elevation, metres, in the vertical datum of elev_datum\n"
               << "  elev_datum     vertical datum of collar_elev_m (AHD, EGM2008, ellipsoidal ...)\n"
               << "  crs            the horizontal CRS of easting and northing:";
        readme << " " << join(report.crs, "; ");
        readme << "\n"
               << "  depth_m        end-of-hole depth, metres along the hole\n"
               << "  azimuth_deg    planned azimuth, degrees clockwise from the north of azimuth_ref\n"
               << "  dip_deg        planned dip, degrees, negative downwards (-90 is vertical)\n"
               << "  drill_type, drilled_on (YYYY-MM-DD), prospect, accuracy\n"
               << "  azimuth_ref    what the hole's azimuths (here and in survey.csv) are from: true, magnetic or grid;\n"
               << "                 empty: magnetic with a declination_deg, grid with a grid_crs, else true north\n"
               << "  declination_deg  magnetic declination, degrees, east positive: true = magnetic + declination\n"
               << "  grid_crs       the projected CRS whose grid north a grid hole's azimuths are from\n\n"
               << "survey.csv (" << report.surveys << " stations): downhole survey stations\n"
               << "  hole_id, depth_m (metres along the hole), azimuth_deg (degrees from the north of the\n"
               << "  collar's azimuth_ref),\n"
               << "  dip_deg (degrees, negative downwards), method, surveyed_on (YYYY-MM-DD)\n";
        for (const auto& [table, rows] : report.tables) {
            readme << "\n" << file_of[table] << " (" << rows << " intervals): interval table '" << table << "'\n"
                   << "  hole_id, from_m, to_m (metres along the hole)";
            for (const auto& key : keys[table])
                readme << ", " << key;
            readme << " (as imported; units as in the source's column names)\n";
        }
        readme << "\nTo read them back into a lode store:\n"
               << "  lode import collar.csv -l drillholes -p PROJECT --s-srs CRS   (one CRS per import)\n"
               << "  lode import survey.csv --surveys\n"
               << "  lode import TABLE.csv --intervals --table TABLE\n";
        readme.close();
        if (!readme)
            throw Error((staged / "README.txt").string() + ": cannot write");
    }

    if (!options.overwrite)
        for (const auto& name : names)
            if (fs::exists(folder / name, ec))
                throw InputError((folder / name).string() + " exists", Hint::overwrite);
    if (!fs::is_directory(folder, ec) && !fs::create_directory(folder, ec))
        throw InputError(options.folder + ": cannot create the folder: " + ec.message());
    for (const auto& name : names) {
        try {
            staged.commit(name, folder / name);
        } catch (const fs::filesystem_error& e) {
            throw InputError((folder / name).string() + ": cannot move the finished file into place: " + e.code().message());
        }
        report.files.push_back((folder / name).string());
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace lode
