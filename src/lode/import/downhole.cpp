#include "lode/import/downhole.hpp"

#include "lode/base/text.hpp"
#include "lode/import/detail/field_plan.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>

namespace lode {

namespace {

LayerKind make_kind(const char* definition, const char* name)
{
    return parse_layer_kind(nlohmann::json::parse(definition), name);
}

using CommonNames = std::vector<std::pair<std::string, std::vector<std::string>>>;

const CommonNames& common_names(DownholeTable table)
{
    static const std::vector<std::string> hole{"hole", "holeid", "bhid", "drillhole", "drillholeid", "collarid", "holeno", "holename"};
    static const CommonNames surveys{{"hole", hole},
                                     {"depth", {"depth", "depthm", "at", "atm", "surveydepth", "distance", "md"}},
                                     {"azimuth", {"azimuth", "azi", "az", "azimuthdeg", "azimuthtrue", "bearing"}},
                                     {"dip", {"dip", "dipdeg", "inclination", "incl"}},
                                     {"method", {"method", "surveymethod", "instrument", "tool", "surveytype"}},
                                     {"surveyed_on", {"surveyedon", "surveydate", "date"}}};
    static const CommonNames intervals{{"hole", hole},
                                       {"from", {"from", "fromm", "depthfrom", "mfrom", "start"}},
                                       {"to", {"to", "tom", "depthto", "mto", "end"}}};
    return table == DownholeTable::surveys ? surveys : intervals;
}

// The options with a --field mapping added for every field that is neither mapped, set nor found
// under its own name, from the first source field with one of its common names.
ImportOptions with_common_names(const ImportOptions& given, const std::vector<std::string>& source_names, DownholeTable table)
{
    ImportOptions options = given;
    for (const auto& [field, names] : common_names(table)) {
        const std::string& f = field;
        auto named = [&](const auto& pair) { return pair.first == f; };
        if (std::any_of(given.field_map.begin(), given.field_map.end(), named) ||
            std::any_of(given.set_values.begin(), given.set_values.end(), named))
            continue;
        if (std::any_of(source_names.begin(), source_names.end(), [&](const std::string& s) { return lower(s) == f; }))
            continue;
        bool found = false;
        for (const auto& wanted : names) {
            for (const auto& s : source_names)
                if (import_detail::name_key(s) == wanted) {
                    options.field_map.emplace_back(field, s);
                    found = true;
                    break;
                }
            if (found)
                break;
        }
    }
    return options;
}

double number(const Feature& f, const std::string& field)
{
    const Value& v = f.attributes.at(field);
    if (const double* d = std::get_if<double>(&v))
        return *d;
    if (const std::int64_t* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    return std::numeric_limits<double>::quiet_NaN();
}

std::string text(const Feature& f, const std::string& field)
{
    const auto it = f.attributes.find(field);
    return it == f.attributes.end() || is_null(it->second) ? std::string() : to_text(it->second);
}

// Text that reads as a number and is written as one (no leading zero of an id such as "007").
bool numeric_text(const std::string& s)
{
    const std::string_view t = trim(s);
    if (t.empty() || !parse_number(t))
        return false;
    const std::size_t digits = t[0] == '-' || t[0] == '+' ? 1 : 0;
    return !(t.size() > digits + 1 && t[digits] == '0' && t[digits + 1] != '.');
}

// The intervals' fields that are numbers in every interval giving them become numbers (a CSV gives
// text); a field with any other value stays text throughout.
void type_fields(std::vector<IntervalRecord>& rows)
{
    std::map<std::string, bool> numeric;
    for (const auto& r : rows)
        for (const auto& [key, value] : r.fields.items()) {
            bool& is = numeric.emplace(key, true).first->second;
            if (value.is_string())
                is = is && (trim(value.get<std::string>()).empty() || numeric_text(value.get<std::string>()));
            else if (!value.is_number() && !value.is_null())
                is = false;
        }
    for (auto& r : rows)
        for (auto& [key, value] : r.fields.items())
            if (numeric[key] && value.is_string()) {
                const std::string t(trim(value.get<std::string>()));
                value = t.empty() ? nlohmann::json(nullptr) : nlohmann::json(*parse_number(t));
            }
}

} // namespace

const LayerKind& downhole_kind(DownholeTable table)
{
    static const LayerKind surveys = make_kind(R"({"name": "surveys", "geometry": "Point", "fields": [
        {"name": "hole", "type": "text", "required": true},
        {"name": "depth", "type": "real", "unit": "m", "required": true, "min": 0},
        {"name": "azimuth", "type": "real", "unit": "degree", "required": true},
        {"name": "dip", "type": "real", "unit": "degree", "required": true},
        {"name": "method", "type": "text"},
        {"name": "surveyed_on", "type": "date"}]})",
                                               "surveys");
    static const LayerKind intervals = make_kind(R"({"name": "intervals", "geometry": "Point", "fields": [
        {"name": "hole", "type": "text", "required": true},
        {"name": "from", "type": "real", "unit": "m", "required": true, "min": 0},
        {"name": "to", "type": "real", "unit": "m", "required": true, "min": 0}]})",
                                                 "intervals");
    return table == DownholeTable::surveys ? surveys : intervals;
}

DownholeReport import_downhole(Store& store, const DownholeOptions& options)
{
    const auto started = std::chrono::steady_clock::now();
    register_gdal();
    const std::string& file = options.source.file;
    const bool surveys = options.table == DownholeTable::surveys;
    const std::string table = surveys ? std::string("surveys") : options.interval_table;
    if (!surveys && (table.empty() || table.find('/') != std::string::npos))
        throw InputError("an interval table's name may be neither empty nor hold '/': '" + table + "'");
    const LayerKind& kind = downhole_kind(options.table);
    store.layer_kind("drillholes");   // NotFound when the store has no collars

    Dataset ds = open_source(options.source);
    OGRLayer& source = pick_layer(*ds, options.source);
    const OGRFeatureDefn& defn = *source.GetLayerDefn();
    const std::vector<std::string> names = import_detail::field_names(defn);
    const ImportOptions mapped = with_common_names(options.source, names, options.table);
    const ValueReading reading{mapped.date_format};
    import_detail::FieldPlan plan = import_detail::plan_fields(defn, true, false, kind, store.commodities(), mapped, reading);
    if (plan.id_index >= 0) {   // a column named id is a field of the interval like any other
        plan.extra.push_back(plan.id_index);
        std::sort(plan.extra.begin(), plan.extra.end());
        plan.id_index = -1;
    }
    // An interval's grades (li2o_pct ...) are its fields, which intercepts read, not assay results of
    // a layer: the columns the plan took as assays are kept among the fields.
    if (!plan.assays.empty()) {
        for (const auto& column : plan.assays)
            if (std::none_of(plan.mapped.begin(), plan.mapped.end(), [&](const auto& m) { return m.source == column.source; }))
                plan.extra.push_back(column.source);
        plan.assays.clear();
        std::sort(plan.extra.begin(), plan.extra.end());
    }

    DownholeReport report;
    for (const auto& m : plan.mapped)
        if (m.source >= 0)
            report.columns.push_back(names[m.source] + " → " + m.field->name);
    for (int i : plan.extra)
        report.columns.push_back(names[i] + (surveys ? " (not kept)" : " → fields"));

    std::vector<Problem> problems;
    std::vector<SurveyRecord> survey_rows;
    std::vector<IntervalRecord> interval_rows;
    std::vector<long long> row_of;   // each row's feature number in the source
    std::map<std::string, long long> first_row;   // hole → its first feature in the source
    const std::string hole_field = [&] {
        for (const auto& m : plan.mapped)
            if (m.field->name == "hole" && m.source >= 0)
                return names[m.source];
        return std::string("hole");
    }();
    source.ResetReading();
    long long index = 0;
    for (OGRFeatureUniquePtr f(source.GetNextFeature()); f; f.reset(source.GetNextFeature()), ++index) {
        Feature out;
        std::vector<Problem> own;
        import_detail::read_attributes(*f, plan, store.commodities(), reading, Where{file, index, "", ""}, out, own);
        ++report.read;
        const std::string hole = text(out, "hole");
        for (auto& p : own) {
            p.feature_id = hole;
            problems.push_back(std::move(p));
        }
        if (!own.empty() || hole.empty())
            continue;
        first_row.emplace(hole, index);
        row_of.push_back(index);
        if (surveys)
            survey_rows.push_back({hole, number(out, "depth"), number(out, "azimuth"), number(out, "dip"), text(out, "method"),
                                   text(out, "surveyed_on")});
        else
            interval_rows.push_back({hole, table, number(out, "from"), number(out, "to"), out.extra});
    }
    if (report.read == 0)
        throw InputError(file + ": has no rows");
    type_fields(interval_rows);

    // Each hole checked as it would be stored: its collar's depth, its rows in the store and these.
    for (const auto& [hole, row] : first_row) {
        const auto collar = store.find_feature("drillholes", hole);
        if (!collar) {
            problems.push_back(Problem{row, hole, hole_field, "hole '" + hole + "' is not in layer 'drillholes' (import its collar first)"});
            continue;
        }
        drill::HoleTables t;
        t.hole = hole;
        t.interval_table = table;
        const auto depth = collar->attributes.find("depth_m");
        t.depth = depth != collar->attributes.end() && !std::isnan(number(*collar, "depth_m")) ? number(*collar, "depth_m")
                                                                                               : std::numeric_limits<double>::infinity();
        if (surveys) {
            for (const auto& s : store.surveys({hole}))
                t.surveys.push_back({s.depth, s.azimuth, s.dip});
            for (const auto& s : survey_rows)
                if (s.hole == hole)
                    t.surveys.push_back({s.depth, s.azimuth, s.dip});
        } else {
            for (const auto& i : store.intervals({hole}))
                if (i.table == table)
                    t.intervals.push_back({i.from, i.to});
            for (const auto& i : interval_rows)
                if (i.hole == hole)
                    t.intervals.push_back({i.from, i.to});
        }
        for (const auto& finding : drill::check_hole(t, surveys ? options.dogleg_limit : std::nullopt)) {
            if (finding.kind == drill::Finding::Kind::error) {
                Problem problem = Problem::from(drill::to_error(finding, file));
                // The source's row at the finding's depth, when the finding is about one of this source's rows.
                for (std::size_t r = 0; r < row_of.size(); ++r) {
                    const bool at = surveys ? survey_rows[r].hole == hole && survey_rows[r].depth == finding.depth
                                            : interval_rows[r].hole == hole && (interval_rows[r].from == finding.depth || interval_rows[r].to == finding.depth);
                    if (at) {
                        problem.feature = row_of[r];
                        break;
                    }
                }
                problems.push_back(std::move(problem));
            }
            else
                (finding.kind == drill::Finding::Kind::warning ? report.warnings : report.gaps).push_back(finding);
        }
    }
    report.holes = static_cast<std::int64_t>(first_row.size());

    if (options.source.dry_run) {
        report.problems = group_problems(problems);
        report.problem_count = static_cast<std::int64_t>(problems.size());
        report.problem_features = features_with_problems(problems);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return report;
    }
    if (!problems.empty())
        refuse_problems(problems, file);
    auto txn = store.begin_write();
    if (surveys)
        store.add_surveys(survey_rows);
    else
        store.add_intervals(interval_rows);
    txn->commit();
    report.written = static_cast<std::int64_t>(surveys ? survey_rows.size() : interval_rows.size());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

} // namespace lode
