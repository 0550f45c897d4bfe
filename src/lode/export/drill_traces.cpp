#include "lode/export/drill_traces.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/export/exporter.hpp"
#include "lode/export/qgis_style.hpp"
#include "lode/export/vector_writer.hpp"
#include "lode/drill/desurvey.hpp"
#include "lode/geo/convergence.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/reprojection.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace lode {

namespace {
const std::string survey_grid = "the survey grid's CRS";

Value or_null_number(const std::optional<double>& v) { return v ? Value{*v} : Value{}; }
} // namespace

// The hole's desurvey in its UTM zone, and the way back to WGS 84.
struct HoleTrace::Frame {
    SpatialReference utm{nullptr, &OSRRelease};
    std::unique_ptr<ToWgs84> back;
    std::unique_ptr<drill::Trace> trace;
};

HoleTrace::HoleTrace(HoleTrace&&) noexcept = default;
HoleTrace::~HoleTrace() = default;

HoleTrace::HoleTrace(const Feature& collar, const std::vector<SurveyRecord>& surveys, const DesurveyOptions& options) : frame_(std::make_unique<Frame>()), hole_(collar.id)
{
    const Where where{"", -1, collar.id, ""};
    GeometryPtr geometry = collar.wkb.empty() ? GeometryPtr() : geometry_from_wkb(collar.wkb);
    const auto* point = dynamic_cast<const OGRPoint*>(geometry.get());
    if (!point || point->IsEmpty())
        throw InputError(where, "the collar has no point to desurvey from");
    const auto depth = collar_number(collar, "depth_m");
    if (!depth || !(*depth > 0))
        throw InputError(Where{"", -1, collar.id, "depth_m"}, "the hole has no depth to desurvey");
    depth_ = *depth;
    const double lon = point->getX(), lat = point->getY();
    if (const auto elevation = collar_number(collar, "collar_elev_m")) {
        elevation_ = *elevation;
        has_elevation_ = true;
    }

    const int zone = std::clamp(static_cast<int>(std::floor((lon + 180.0) / 6.0)) + 1, 1, 60);
    crs_ = "EPSG:" + std::to_string((lat >= 0 ? 32600 : 32700) + zone);
    frame_->utm = parse_crs(crs_, "the collar's UTM zone");
    const FromWgs84 to_utm(*frame_->utm, BBox{lon, lat, lon, lat});
    frame_->back = std::make_unique<ToWgs84>(*frame_->utm);
    OGRPoint at(lon, lat);
    if (!to_utm.apply(at))
        throw InputError(where, "the collar cannot be placed in " + crs_);
    // The azimuth setting: the stated one over the hole's own, else the hole's own, else true north.
    stated_ = options.stated;
    if (stated_) {
        try {
            own_ = hole_azimuth_setting(collar);
        } catch (const Error&) {
            own_ = AzimuthSetting{};   // one it says but could not be used: replaced all the same
        }
    } else {
        own_ = hole_azimuth_setting(collar);
    }
    azimuths_ = stated_ ? options.azimuths : own_.value_or(AzimuthSetting{});
    // Grid bearing of true north: a true azimuth A is the grid azimuth A + convergence.
    convergence_ = -meridian_convergence_deg(crs_, lon, lat, "the collar's UTM zone");
    switch (azimuths_.reference) {
    case AzimuthReference::true_north:
        correction_ = convergence_;
        break;
    case AzimuthReference::magnetic:
        correction_ = azimuths_.declination_deg + convergence_;
        break;
    case AzimuthReference::grid:
        // true = grid + gamma of that grid; the UTM grid azimuth = true - gamma of the zone.
        correction_ = azimuths_.grid_crs.empty()
                          ? 0.0
                          : meridian_convergence_deg(azimuths_.grid_crs, lon, lat, survey_grid) + convergence_;
        break;
    }
    auto turned = [&](double azimuth) { return std::fmod(std::fmod(azimuth + correction_, 360.0) + 360.0, 360.0); };

    std::vector<drill::Station> stations;
    for (const auto& s : surveys)
        if (s.hole == hole_)
            stations.push_back({s.depth, turned(s.azimuth), s.dip});
    stations_ = stations.size();
    if (stations.empty())
        stations.push_back({0, turned(collar_number(collar, "azimuth_deg").value_or(0)), collar_number(collar, "dip_deg").value_or(-90)});
    for (const auto& s : stations)
        station_depths_.push_back(s.depth);
    frame_->trace = std::make_unique<drill::Trace>(drill::Collar{at.getX(), at.getY(), 0}, stations, options.method);
}

TracePosition HoleTrace::at(double depth) const
{
    const drill::Point3 p = frame_->trace->at(depth);
    OGRPoint point(p.x, p.y);
    if (!frame_->back->apply(point))
        throw InputError(Where{"", -1, hole_, ""}, "a position of the hole cannot be brought back from " + crs_);
    return {depth, point.getX(), point.getY(), elevation_ + p.z};
}

std::vector<TracePosition> HoleTrace::between(double from, double to, double step) const
{
    std::vector<double> depths{from, to};
    for (double d : station_depths_)
        if (d > from && d < to)
            depths.push_back(d);
    for (double d = std::ceil(from / step) * step; d < to; d += step)
        if (d > from)
            depths.push_back(d);
    std::sort(depths.begin(), depths.end());
    depths.erase(std::unique(depths.begin(), depths.end()), depths.end());
    std::vector<TracePosition> out;
    for (double d : depths)
        out.push_back(at(d));
    return out;
}

std::vector<Feature> read_collars(Store& store, const std::vector<std::string>& projects, const std::function<bool(const Feature&)>& keep)
{
    std::vector<std::optional<std::string>> selected;
    if (projects.empty())
        selected.emplace_back();
    for (const auto& p : projects)
        selected.emplace_back(p);
    std::vector<Feature> collars;
    for (const auto& p : selected) {
        Selection selection;
        selection.project = p;
        store.scan("drillholes", selection, Reading::features(), [&](ScanRow& row) {
            if (!keep || keep(row.feature))
                collars.push_back(std::move(row.feature));
            return true;
        });
    }
    std::sort(collars.begin(), collars.end(), [](const Feature& a, const Feature& b) { return a.id < b.id; });
    return collars;
}

std::optional<AzimuthSetting> hole_azimuth_setting(const Feature& collar)
{
    auto text = [&](const char* field) {
        const auto it = collar.attributes.find(field);
        const std::string* t = it == collar.attributes.end() ? nullptr : std::get_if<std::string>(&it->second);
        return t ? std::string(trim(*t)) : std::string();
    };
    const std::string named = text("azimuth_ref"), grid = text("grid_crs");
    const auto declination = collar_number(collar, "declination_deg");
    if (named.empty() && !declination && grid.empty())
        return std::nullopt;
    AzimuthSetting setting;
    if (!named.empty()) {
        const auto reference = drill::azimuth_reference_named(named);
        if (!reference)
            throw Error(Where{"", -1, collar.id, "azimuth_ref"}, "'" + named + "' is not one of " + join(drill::azimuth_reference_options(), ", "));
        setting.reference = *reference;
    } else {
        setting.reference = declination ? AzimuthReference::magnetic : AzimuthReference::grid;
    }
    if (setting.reference == AzimuthReference::magnetic) {
        if (!declination)
            throw Error(Where{"", -1, collar.id, "declination_deg"},
                        "the hole's azimuths are magnetic (azimuth_ref) but it has no declination to turn them to true north");
        setting.declination_deg = *declination;
    }
    if (setting.reference == AzimuthReference::grid && !grid.empty()) {
        try {
            require_grid_north(grid, "the hole's survey grid");
        } catch (const InputError& e) {
            throw Error(Where{"", -1, collar.id, "grid_crs"}, e.reason());
        }
        setting.grid_crs = grid;
    }
    return setting;
}

void check_desurvey(const DesurveyOptions& options)
{
    if (options.stated && !options.azimuths.grid_crs.empty())
        require_grid_north(options.azimuths.grid_crs, survey_grid);
}

namespace {
std::string degrees(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%+.3f°", v);
    return text;
}

} // namespace

std::string holes_said(const std::vector<std::string>& holes)
{
    if (holes.size() == 1)
        return holes[0];
    if (holes.size() == 2)
        return holes[0] + " and " + holes[1];
    return holes[0] + ", " + holes[1] + " and " + std::to_string(holes.size() - 2) + " more holes";
}

void DesurveyTally::add(const HoleTrace& trace)
{
    convergences.push_back(trace.convergence_deg());
    if (!trace.own_azimuths()) {
        if (!trace.stated())
            ++by_default;
        return;
    }
    if (trace.stated()) {
        own_overridden.push_back(trace.hole());
        return;
    }
    const std::string said = describe_azimuths(trace.azimuths());
    auto at = std::find_if(own.begin(), own.end(), [&](const auto& o) { return o.first == said; });
    if (at == own.end())
        at = own.insert(own.end(), {said, {}});
    at->second.push_back(trace.hole());
}

std::string describe_azimuths(const AzimuthSetting& setting)
{
    switch (setting.reference) {
    case AzimuthReference::magnetic:
        return "azimuths magnetic + declination " + degrees(setting.declination_deg) + " = true";
    case AzimuthReference::grid:
        if (setting.grid_crs.empty())
            return "azimuths from the grid north of each collar's UTM zone, used as they are";
        return "azimuths from the grid north of " + setting.grid_crs + " + its convergence at each collar = true";
    case AzimuthReference::true_north:
        break;
    }
    return "azimuths from true north";
}

std::string describe_desurvey(const DesurveyOptions& options, const DesurveyTally& tally)
{
    std::string range;
    if (!tally.convergences.empty()) {
        const auto [lo, hi] = std::minmax_element(tally.convergences.begin(), tally.convergences.end());
        // Said as the convergence is signed (true north to grid north, clockwise): minus ours.
        const std::string first = degrees(-*hi), last = degrees(-*lo);
        range = " (" + first + (first == last ? "" : " to " + last) + ")";
    }
    std::string out = drill::method_name(options.method) + "; ";
    if (options.stated || tally.own.empty()) {
        const AzimuthSetting every = options.stated ? options.azimuths : AzimuthSetting{};
        out += describe_azimuths(every);
        if (every.reference == AzimuthReference::grid && every.grid_crs.empty())
            return out;   // the zone's own grid azimuths: no convergence applied
    } else {
        // Each hole as its collar says: "azimuths magnetic + ... (DH1: the hole's own), from true north (DH2: none said)".
        std::vector<std::string> parts;
        for (const auto& [said, holes] : tally.own)
            parts.push_back((parts.empty() ? said : said.substr(std::string("azimuths ").size())) + " (" + holes_said(holes) +
                            (holes.size() == 1 ? ": the hole's own)" : ": the holes' own)"));
        if (tally.by_default > 0)
            parts.push_back("from true north (" + std::to_string(tally.by_default) + (tally.by_default == 1 ? " hole" : " holes") +
                            ": none said)");
        for (std::size_t i = 0; i < parts.size(); ++i)
            out += (i == 0 ? "" : ", ") + parts[i];
    }
    return out + "; true to UTM grid north - the convergence at each collar" + range;
}

std::optional<double> collar_number(const Feature& f, const std::string& field)
{
    const auto it = f.attributes.find(field);
    if (it == f.attributes.end())
        return std::nullopt;
    if (const double* d = std::get_if<double>(&it->second))
        return *d;
    if (const std::int64_t* i = std::get_if<std::int64_t>(&it->second))
        return static_cast<double>(*i);
    return std::nullopt;
}

const LayerKind& drill_kind(bool intervals)
{
    static const LayerKind traces = parse_layer_kind(nlohmann::json::parse(R"({"name": "drillhole_traces", "title": "Drillhole traces",
        "geometry": "MultiLineString", "fields": [{"name": "hole", "type": "text"}],
        "style": {"default": {"stroke": "#000000", "stroke_width": 0.5}}})"), "drillhole_traces");
    static const LayerKind segments = parse_layer_kind(nlohmann::json::parse(R"({"name": "drillhole_intervals", "title": "Drillhole intervals",
        "geometry": "MultiLineString", "fields": [{"name": "hole", "type": "text"}],
        "style": {"default": {"stroke": "#b2182b", "stroke_width": 1.2}}})"), "drillhole_intervals");
    return intervals ? segments : traces;
}

// The exported collars' traces and intervals (drill_traces.hpp) as two more layers: 3D lines in a
// GeoPackage (Z the elevation), 2D lines with their depths in the other formats of several layers.
// A collar without a depth has no trace (counted in report.untraced).
void write_drillholes(VectorWriter& writer, Store& store, const std::vector<Feature>& collars, bool qml_sidecar,
                      const DesurveyOptions& desurvey, ExportReport& report)
{
    if (collars.empty())
        return;
    std::vector<std::string> holes;
    for (const auto& c : collars)
        holes.push_back(c.id);
    const auto surveys = store.surveys(holes);
    const bool three_d = writer.format() == VectorFormat::gpkg;
    const OGRwkbGeometryType line_type = three_d ? wkbLineString25D : wkbLineString;
    auto line_of = [&](const std::vector<TracePosition>& positions) {
        auto line = std::make_unique<OGRLineString>();
        for (const auto& p : positions) {
            if (three_d)
                line->addPoint(p.lon, p.lat, p.z);
            else
                line->addPoint(p.lon, p.lat);
        }
        return line;
    };

    LayerSpec traces;
    traces.name = "drillhole_traces";
    traces.geometry = line_type;
    traces.fields = {field_spec("hole"), field_spec("project"), field_spec("depth_m", OFTReal), field_spec("elev_m", OFTReal), field_spec("elev_datum"),
                     field_spec("stations", OFTInteger64), field_spec("method"), field_spec("crs"), field_spec("conv_deg", OFTReal)};
    traces.id_field = "hole";
    traces.title = "Drillhole traces";
    traces.description = "Each hole desurveyed by " + drill::method_name(desurvey.method) + " in its collar's UTM zone" +
                         (three_d ? "; Z is the collar elevation minus the vertical depth" : "");
    std::map<std::string, HoleTrace> traced;
    std::map<std::string, std::string> project_of;
    const std::size_t t = writer.add_layer(traces);
    if (qml_sidecar)
        writer.add_sidecar(t, ".qml", qgis_qml(drill_kind(false)));
    std::int64_t n = 0;
    for (const auto& collar : collars) {
        std::optional<HoleTrace> trace;
        try {
            trace.emplace(collar, surveys, desurvey);
        } catch (const InputError&) {
            ++report.untraced;
            continue;
        }
        const auto datum = collar.attributes.find("elev_datum");
        writer.write(t, {collar.id, collar.project, trace->depth(), or_null_number(collar_number(collar, "collar_elev_m")),
                         datum == collar.attributes.end() ? Value{} : datum->second, static_cast<std::int64_t>(trace->stations()),
                         drill::method_name(desurvey.method), trace->crs(), trace->convergence_deg()},
                     line_of(trace->between(0, trace->depth())));
        ++n;
        report.desurveyed.add(*trace);
        project_of[collar.id] = collar.project;
        traced.emplace(collar.id, std::move(*trace));
    }
    report.layers.push_back({"drillhole_traces", n, writer.file_of(t)});

    const auto intervals = store.intervals(holes);
    if (intervals.empty())
        return;
    // The intervals' fields as columns: numbers where every value is one.
    std::vector<std::string> keys;
    std::map<std::string, bool> numeric;
    for (const auto& i : intervals)
        for (const auto& [key, value] : i.fields.items()) {
            auto [at, fresh] = numeric.emplace(key, true);
            if (fresh)
                keys.push_back(key);
            at->second = at->second && (value.is_number() || value.is_null());
        }
    LayerSpec spec;
    spec.name = "drillhole_intervals";
    spec.geometry = line_type;
    spec.fields = {field_spec("hole"), field_spec("project"), field_spec("tbl"), field_spec("from_m", OFTReal), field_spec("to_m", OFTReal)};
    const std::vector<std::string> taken{"hole", "project", "tbl", "from_m", "to_m", "fid", "geom"};
    for (const auto& key : keys)
        spec.fields.push_back(field_spec(std::find(taken.begin(), taken.end(), lower(key)) != taken.end() ? "field_" + key : key,
                                     numeric[key] ? OFTReal : OFTString));
    spec.title = "Drillhole intervals";
    spec.description = "Each interval along its hole's trace, with its fields";
    const std::size_t at = writer.add_layer(spec);
    if (qml_sidecar)
        writer.add_sidecar(at, ".qml", qgis_qml(drill_kind(true)));
    std::int64_t m = 0;
    for (const auto& i : intervals) {
        const auto trace = traced.find(i.hole);
        if (trace == traced.end())
            continue;
        std::vector<Value> values{i.hole, project_of[i.hole], i.table, i.from, i.to};
        for (const auto& key : keys) {
            const auto v = i.fields.find(key);
            if (v == i.fields.end() || v->is_null())
                values.emplace_back();
            else if (numeric[key])
                values.emplace_back(v->get<double>());
            else
                values.emplace_back(v->is_string() ? v->get<std::string>() : v->dump());
        }
        writer.write(at, values, line_of(trace->second.between(i.from, std::min(i.to, trace->second.depth()))));
        ++m;
    }
    report.layers.push_back({"drillhole_intervals", m, writer.file_of(at)});
}

} // namespace lode
