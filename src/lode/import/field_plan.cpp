#include "lode/import/detail/field_plan.hpp"
#include "lode/import/detail/source_checks.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace lode::import_detail {

const std::vector<std::string> x_names{"longitude", "lon", "long", "lng", "x", "easting", "east"};
const std::vector<std::string> y_names{"latitude", "lat", "y", "northing", "north"};
const std::vector<std::string> wkt_names{"wkt", "geometry", "geom", "the_geom"};

// A name as column names are compared (detail/field_plan.hpp).
std::string name_key(const std::string& name)
{
    std::string out;
    for (char c : lower(name))
        if (c != ' ' && c != '-' && c != '_' && c != '.')
            out += c;
    return out;
}

namespace {

int find_field(const std::vector<std::string>& names, const std::string& wanted)
{
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
        if (lower(names[i]) == lower(wanted))
            return i;
    return -1;
}

int find_any(const std::vector<std::string>& names, const std::vector<std::string>& wanted)
{
    for (const auto& w : wanted)
        if (int i = find_field(names, w); i >= 0)
            return i;
    return -1;
}

std::vector<std::string> kind_field_names(const LayerKind& kind)
{
    std::vector<std::string> names;
    for (const auto& f : kind.fields)
        names.push_back(f.name);
    return names;
}

// A source date, time or date-time in ISO 8601 (2007-11-25T17:58:00+01:00), not OGR's own text
// (2007/11/25 17:58:00+01): the offset when the source has one (Z for UTC), none for local time.
std::string iso_8601(const OGRFeature& feature, int index, OGRFieldType type)
{
    int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
    float ss = 0;
    feature.GetFieldAsDateTime(index, &y, &m, &d, &hh, &mm, &ss, &tz);
    char date[16], time[24], zone[16] = "";
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, m, d);
    const double whole = std::floor(ss);
    if (ss == whole)
        std::snprintf(time, sizeof time, "%02d:%02d:%02d", hh, mm, static_cast<int>(whole));
    else
        std::snprintf(time, sizeof time, "%02d:%02d:%06.3f", hh, mm, static_cast<double>(ss));
    if (tz == 100) {
        std::snprintf(zone, sizeof zone, "Z");
    } else if (tz > 1) {
        const int minutes = std::abs(tz - 100) * 15;
        std::snprintf(zone, sizeof zone, "%c%02d:%02d", tz > 100 ? '+' : '-', minutes / 60, minutes % 60);
    }
    if (type == OFTDate)
        return date;
    if (type == OFTTime)
        return time;
    return std::string(date) + "T" + time + zone;
}

// The field's value in the feature: typed where the source is typed, else from text.
Value convert(const OGRFeature& feature, const MappedField& mapped, const Commodities& vocabulary, const ValueReading& reading,
              const ResultParsing& parsing, const Where& where)
{
    const FieldDef& field = *mapped.field;
    const int index = mapped.source;
    try {
        if (mapped.constant)
            return mapped.constant_value ? *mapped.constant_value : field_value(field, *mapped.constant, vocabulary, where, std::nullopt, reading);
        if (index < 0 || !feature.IsFieldSetAndNotNull(index))
            return mapped.when_empty ? *mapped.when_empty : field_value(field, "", vocabulary, where, std::nullopt, reading);
        if (mapped.assay) {
            std::optional<AssayResult> result;
            try {
                result = parse_result(feature.GetFieldAsString(index), parsing);
            } catch (const InputError&) {
                return Value{};   // the column's own reading (read_attributes) reports the cell
            }
            if (!result || result->qualifier != Qualifier::none)
                return field_value(field, "", vocabulary, where, std::nullopt, reading);
            const double value = lode::convert(result->value * mapped.factor, mapped.assay->unit, mapped.field_unit);
            return field_value(field, result->text, vocabulary, where, value, reading);
        }
        const OGRFieldType source_type = feature.GetFieldDefnRef(index)->GetType();
        const bool numeric = source_type == OFTInteger || source_type == OFTInteger64 || source_type == OFTReal;
        std::string text(trim(feature.GetFieldAsString(index)));
        std::optional<double> typed;
        if (field.type == FieldType::integer && (source_type == OFTInteger || source_type == OFTInteger64))
            typed = static_cast<double>(feature.GetFieldAsInteger64(index));
        else if ((field.type == FieldType::real || field.type == FieldType::date) && numeric)
            typed = feature.GetFieldAsDouble(index);   // a date as a number: a spreadsheet serial day
        else if (field.type == FieldType::date && (source_type == OFTDate || source_type == OFTDateTime))
            text = iso_8601(feature, index, OFTDate);   // a date-time keeps its date
        return field_value(field, text, vocabulary, where, typed, reading);
    } catch (const InputError& e) {
        if (e.hint() != Hint::none)
            throw;
        const bool absent = index < 0 && !mapped.constant;
        const Hint hint = field.type == FieldType::date && !mapped.constant && !absent ? Hint::date_format
                          : field.required && (absent || e.reason() == "is required but empty") ? Hint::set_value
                                                                                               : Hint::none;
        throw InputError(e.where(), e.reason(), hint);
    }
}


// A source field the kind does not define, for `extra`: numbers as numbers, booleans as true and
// false, dates and times in ISO 8601, lists as JSON arrays.
nlohmann::json extra_value(const OGRFeature& feature, int index)
{
    if (!feature.IsFieldSetAndNotNull(index))
        return nullptr;
    const OGRFieldDefn& defn = *feature.GetFieldDefnRef(index);
    switch (defn.GetType()) {
    case OFTInteger:
        if (defn.GetSubType() == OFSTBoolean)
            return feature.GetFieldAsInteger(index) != 0;
        return feature.GetFieldAsInteger64(index);
    case OFTInteger64: return feature.GetFieldAsInteger64(index);
    case OFTReal: return feature.GetFieldAsDouble(index);
    case OFTDate:
    case OFTTime:
    case OFTDateTime: return iso_8601(feature, index, defn.GetType());
    case OFTIntegerList: {
        int n = 0;
        const int* values = feature.GetFieldAsIntegerList(index, &n);
        nlohmann::json list = nlohmann::json::array();
        for (int i = 0; i < n; ++i)
            list.push_back(defn.GetSubType() == OFSTBoolean ? nlohmann::json(values[i] != 0) : nlohmann::json(values[i]));
        return list;
    }
    case OFTInteger64List: {
        int n = 0;
        const GIntBig* values = feature.GetFieldAsInteger64List(index, &n);
        return nlohmann::json(std::vector<std::int64_t>(values, values + n));
    }
    case OFTRealList: {
        int n = 0;
        const double* values = feature.GetFieldAsDoubleList(index, &n);
        return nlohmann::json(std::vector<double>(values, values + n));
    }
    case OFTStringList: {
        nlohmann::json list = nlohmann::json::array();
        for (char** item = feature.GetFieldAsStringList(index); item && *item; ++item)
            list.push_back(*item);
        return list;
    }
    default: return feature.GetFieldAsString(index);
    }
}

} // namespace

// The assay columns of the source: those named as labs name them, those given (options.assay_columns,
// options.assay_units); and of the fields they fill, the conversion into the field's analyte and unit.
void plan_assays(const std::vector<std::string>& source_names, const ImportOptions& options,
                 FieldPlan& plan, std::vector<bool>& used)
{
    const Analytes& analytes = Analytes::built_in();
    const Where source{options.file, -1, "", ""};
    plan.parsing.negative_is_below = options.negative_is_below;
    std::vector<std::optional<Unit>> given_unit(source_names.size());
    std::vector<bool> listed(source_names.size(), false);
    for (const auto& name : options.assay_columns) {
        const int i = find_field(source_names, name);
        if (i < 0)
            throw InputError(source, mention(Setting::assay_columns) + " " + name + ": the source has no field '" + name + "'" +
                                         did_you_mean(name, source_names, "fields"));
        listed[i] = true;
    }
    for (const auto& [name, unit_text] : options.assay_units) {
        const std::string setting = mention(Setting::assay_units) + " " + name + "=" + unit_text;
        const int i = find_field(source_names, name);
        if (i < 0)
            throw InputError(source, setting + ": the source has no field '" + name + "'" + did_you_mean(name, source_names, "fields"));
        given_unit[i] = parse_unit(unit_text);
        if (!given_unit[i])
            throw InputError(source, setting + ": '" + unit_text + "' is not a unit of assays (ppb, ppm, %, g/t)");
        listed[i] = true;
    }
    for (int i = 0; i < static_cast<int>(source_names.size()); ++i) {
        if (i == plan.id_index || i == plan.x_index || i == plan.y_index || i == plan.wkt_index)
            continue;
        std::optional<AssayColumn> column = recognise_column(source_names[i], analytes);
        if (!column && listed[i]) {
            // The name says the analyte, not the unit ("Li", "Au_FA", "ME-MS61_Li"): one of its
            // words is the analyte, the others the method; the unit is given.
            const std::string& name = source_names[i];
            const Analyte* analyte = nullptr;
            std::vector<std::string> method;
            for (const auto& word : split_any(name, "_ ")) {
                if (trim(word).empty())
                    continue;
                const Analyte* a = analyte ? nullptr : analytes.find(trim(word));
                if (a)
                    analyte = a;
                else
                    method.emplace_back(trim(word));
            }
            if (!analyte)
                throw InputError(source, mention(Setting::assay_columns) + " " + name + ": no word of '" + name +
                                             "' is an analyte (an element or oxide: Li, Au, Li2O ...)");
            if (!given_unit[i])
                throw InputError(source, mention(Setting::assay_columns) + " " + name + ": the name says no unit; give it with " +
                                             mention(Setting::assay_units) + " " + name + "=ppm");
            column = AssayColumn{analyte->symbol, *given_unit[i], join(method, "_")};
        }
        if (!column)
            continue;
        if (given_unit[i])
            column->unit = *given_unit[i];
        plan.assays.push_back({i, *column});
        used[i] = true;
    }
    // A field filled from a column of results takes them in its own analyte and unit.
    for (auto& mapped : plan.mapped) {
        if (mapped.source < 0)
            continue;
        const auto column = std::find_if(plan.assays.begin(), plan.assays.end(),
                                         [&](const AssayPlanColumn& c) { return c.source == mapped.source; });
        if (column == plan.assays.end())
            continue;
        const FieldDef& field = *mapped.field;
        const AssayColumn& from = column->column;
        const std::string holds = "column '" + source_names[mapped.source] + "' holds " + from.analyte + " in " + to_string(from.unit);
        // A field named as the column (a layer made from this source) is the column: as it is.
        const bool same_name = lower(field.name) == lower(source_names[mapped.source]);
        if (field.type != FieldType::real && field.type != FieldType::integer) {
            if (same_name)
                continue;
            throw InputError(source, holds + ", not the " + to_string(field.type) + " of field '" + field.name + "'");
        }
        auto field_unit = parse_unit(field.unit);
        if (!field_unit && same_name && field.unit.empty())
            field_unit = from.unit;
        if (!field_unit)
            throw InputError(source, holds + "; field '" + field.name + "' has " +
                                         (field.unit.empty() ? std::string("no unit") : "the unit '" + field.unit + "'") +
                                         " to convert it to");
        const auto field_analyte = analyte_field(field.name, analytes);
        if (field_analyte) {
            try {
                mapped.factor = analytes.factor(analytes.require(from.analyte), analytes.require(field_analyte->analyte));
            } catch (const InputError&) {
                throw InputError(source, holds + ", which cannot fill field '" + field.name + "' (" + field_analyte->analyte +
                                             " in " + to_string(*field_unit) + ")");
            }
        }
        mapped.assay = from;
        mapped.field_unit = *field_unit;
    }
}

std::vector<std::string> field_names(const OGRFeatureDefn& defn)
{
    std::vector<std::string> names;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        names.push_back(defn.GetFieldDefn(i)->GetNameRef());
    return names;
}

int detect_id_field(const std::vector<std::string>& source_names, const std::string& kind_name)
{
    // Names as labs, drillers and cadastres write them, for the kinds whose features they name.
    static const std::vector<std::pair<std::string, std::vector<std::string>>> by_kind{
        {"samples", {"sampleid", "sample", "sampleno", "samplenumber", "samplenum", "sampno", "sampleref"}},
        {"drillholes", {"holeid", "hole", "holeno", "holenumber", "holename", "bhid", "drillholeid", "collarid"}},
        {"licences",
         {"licenceno", "licno", "licence", "licenceid", "licenseno", "license", "licenseid", "tenementid", "tenement",
          "tenementno", "permitno"}}};
    std::vector<std::string> wanted{"id"};
    for (const auto& [kind, names] : by_kind)
        if (kind == kind_name)
            wanted.insert(wanted.end(), names.begin(), names.end());
    for (const auto& w : wanted)
        for (int i = 0; i < static_cast<int>(source_names.size()); ++i)
            if (name_key(source_names[i]) == w)
                return i;
    return -1;
}

std::string extra_key(const std::string& source_name) { return lower(source_name) == "fid" ? "source_fid" : source_name; }

FieldPlan plan_fields(const OGRFeatureDefn& defn, bool has_geometry, bool columns_read_by_driver, const LayerKind& kind, const Commodities& vocabulary,
                      const ImportOptions& options, const ValueReading& reading)
{
    const std::vector<std::string> source_names = field_names(defn);
    check_field_names(source_names, options);
    const Where source{options.file, -1, "", ""};
    auto unknown_source = [&](const std::string& name, const std::string& setting) {
        throw InputError(source, setting + ": the source has no field '" + name + "'" + did_you_mean(name, source_names, "fields"));
    };
    auto unknown_target = [&](const std::string& setting, const std::string& target) {
        throw InputError(source, setting + ": layer '" + kind.name + "' has no field '" + target + "'" +
                                     did_you_mean(target, kind_field_names(kind), "fields"));
    };

    for (const auto& [target, name] : options.field_map) {
        if (is_qc_target(kind, target))
            continue;   // plan_qc's
        if (!kind.field(target))
            unknown_target(mention(Setting::field_map) + " " + target + "=" + name, target);
        if (find_field(source_names, name) < 0)
            unknown_source(name, mention(Setting::field_map) + " " + target + "=" + name);
    }
    for (const auto& [target, value] : options.set_values) {
        const std::string setting = mention(Setting::set_values) + " " + target + "=" + value;
        if (is_qc_target(kind, target))
            continue;   // plan_qc's
        const FieldDef* field = kind.field(target);
        if (!field)
            unknown_target(setting, target);
        const std::string& set = target;   // a lambda may not capture a structured binding before C++20 (clang 14)
        if (std::any_of(options.field_map.begin(), options.field_map.end(), [&](const auto& m) { return m.first == set; }))
            throw InputError(source, setting + ": field '" + target + "' is mapped with " + mention(Setting::field_map) + " too");
        if (trim(value).empty())
            throw InputError(source, setting + ": the value is empty");
        try {
            field_value(*field, value, vocabulary, Where{}, std::nullopt, reading);
        } catch (const InputError& e) {
            throw InputError(source, setting + ": " + e.reason());
        }
    }

    FieldPlan plan;
    std::vector<bool> used(source_names.size(), false);
    for (const auto& field : kind.fields) {
        MappedField mapped{&field, -1, std::nullopt, std::nullopt, 1, Unit::ppm};
        auto set = std::find_if(options.set_values.begin(), options.set_values.end(), [&](const auto& s) { return s.first == field.name; });
        if (set != options.set_values.end()) {
            mapped.constant = std::string(trim(set->second));
        } else {
            auto explicit_map = std::find_if(options.field_map.begin(), options.field_map.end(),
                                             [&](const auto& m) { return m.first == field.name; });
            mapped.source = find_field(source_names, explicit_map != options.field_map.end() ? explicit_map->second : field.name);
            if (mapped.source >= 0)
                used[mapped.source] = true;
        }
        plan.mapped.push_back(mapped);
    }

    if (!options.id_field.empty()) {
        plan.id_index = find_field(source_names, options.id_field);
        if (plan.id_index < 0)
            unknown_source(options.id_field, mention(Setting::id_field));
    } else {
        plan.id_index = detect_id_field(source_names, kind.name);
    }
    if (plan.id_index >= 0)
        used[plan.id_index] = true;

    // Coordinates from columns: for a source without geometry only (GDAL's CSV driver builds them itself).
    const bool columns_given = !options.x_field.empty() || !options.y_field.empty();
    if (has_geometry && columns_given && !columns_read_by_driver)
        throw InputError(source, "has geometries of its own; " + mention(Setting::x_field) + " and " + mention(Setting::y_field) +
                                     " name the coordinate columns of a table without them");
    if (!has_geometry) {
        if (columns_given) {
            plan.x_index = find_field(source_names, options.x_field);
            if (plan.x_index < 0)
                unknown_source(options.x_field, mention(Setting::x_field));
            plan.y_index = find_field(source_names, options.y_field);
            if (plan.y_index < 0)
                unknown_source(options.y_field, mention(Setting::y_field));
        } else {
            plan.x_index = find_any(source_names, x_names);
            plan.y_index = find_any(source_names, y_names);
            if (plan.x_index < 0 || plan.y_index < 0) {
                plan.x_index = plan.y_index = -1;
                plan.wkt_index = find_any(source_names, wkt_names);
            }
            if (plan.x_index < 0 && plan.wkt_index < 0)
                throw InputError(source, "has no geometry column", Hint::coordinate_columns);
        }
        for (int i : {plan.x_index, plan.y_index, plan.wkt_index})
            if (i >= 0)
                used[i] = true;
    }

    plan_qc(source_names, kind, options, plan, used);
    plan_assays(source_names, options, plan, used);
    for (int i = 0; i < static_cast<int>(used.size()); ++i)
        if (!used[i])
            plan.extra.push_back(i);
    // (Each made apart: a required field refuses an empty cell, not its --set value.)
    const auto made = [&](const FieldDef& field, const std::string& text) -> std::optional<Value> {
        try {
            return field_value(field, text, vocabulary, Where{}, std::nullopt, reading);
        } catch (const InputError&) {
            return std::nullopt;
        }
    };
    for (auto& m : plan.mapped) {
        m.when_empty = made(*m.field, "");
        if (m.constant)
            m.constant_value = made(*m.field, *m.constant);
    }
    std::vector<std::size_t> by_name(plan.mapped.size());
    for (std::size_t k = 0; k < by_name.size(); ++k)
        by_name[k] = k;
    std::sort(by_name.begin(), by_name.end(), [&](std::size_t a, std::size_t b) { return plan.mapped[a].field->name < plan.mapped[b].field->name; });
    plan.name_rank.resize(by_name.size());
    for (std::size_t rank = 0; rank < by_name.size(); ++rank)
        plan.name_rank[by_name[rank]] = rank;
    return plan;
}

void read_attributes(const OGRFeature& f, const FieldPlan& plan, const Commodities& vocabulary, const ValueReading& reading,
                     const Where& where, Feature& out, std::vector<Problem>& problems, const std::string& layer,
                     std::vector<AssayRecord>* results)
{
    // Every field of the plan has its entry in the attributes: a feature read before with this plan
    // has them already; a new one has them made here, in name order, each at the map's end. Each
    // field's value then goes into its entry through the entries listed in name order (no search, no
    // entry made a feature), the fields read in the plan's order (the order of their problems).
    using Entry = std::map<std::string, Value>::iterator;
    thread_local std::vector<Entry> entries;
    auto& attributes = out.attributes;
    if (attributes.size() != plan.mapped.size()) {
        attributes.clear();
        std::vector<const std::string*> names(plan.mapped.size());
        for (std::size_t k = 0; k < names.size(); ++k)
            names[plan.name_rank[k]] = &plan.mapped[k].field->name;
        for (const auto* name : names)
            attributes.emplace_hint(attributes.end(), *name, Value{});
    }
    entries.clear();
    for (auto e = attributes.begin(); e != attributes.end(); ++e)
        entries.push_back(e);
    Where at = where;   // of each field in turn (assigned, not copied: no allocation a field)
    for (std::size_t k = 0; k < plan.mapped.size(); ++k) {
        const auto& mapped = plan.mapped[k];
        Value& value = entries[plan.name_rank[k]]->second;
        at.field = mapped.source >= 0 ? f.GetFieldDefnRef(mapped.source)->GetNameRef() : mapped.field->name;
        try {
            value = convert(f, mapped, vocabulary, reading, plan.parsing, at);
        } catch (const InputError& e) {
            value = Value{};
            problems.push_back(Problem::from(e));
        }
    }
    out.extra.clear();
    for (int i : plan.extra)
        out.extra[extra_key(f.GetFieldDefnRef(i)->GetNameRef())] = extra_value(f, i);
    if (plan.assays.empty())
        return;
    std::string lab;
    if (const auto given = out.attributes.find("lab"); given != out.attributes.end() && std::holds_alternative<std::string>(given->second))
        lab = std::get<std::string>(given->second);
    std::vector<AssayRecord> checked_only;   // without results: the cells checked all the same
    read_results(f, plan, where, layer, out.id, lab, problems, results ? *results : checked_only);
}

void count_result(std::vector<AnalyteCount>& counts, const AssayRecord& r)
{
    for (auto& c : counts)
        if (c.analyte == r.analyte && c.unit == r.unit && c.method == r.method) {
            ++c.results;
            c.below += r.result.qualifier == Qualifier::below;
            c.above += r.result.qualifier == Qualifier::above;
            return;
        }
}

void read_results(const OGRFeature& f, const FieldPlan& plan, const Where& where, const std::string& layer, const std::string& id,
                  const std::string& lab, std::vector<Problem>& problems, std::vector<AssayRecord>& results)
{
    Where at = where;   // of each column in turn
    for (const auto& column : plan.assays) {
        if (!f.IsFieldSetAndNotNull(column.source))
            continue;
        at.field = f.GetFieldDefnRef(column.source)->GetNameRef();
        try {
            auto result = parse_result(f.GetFieldAsString(column.source), plan.parsing);
            if (!result)
                continue;
            AssayRecord r;
            r.layer = layer;
            r.sample = id;
            r.analyte = column.column.analyte;
            r.unit = column.column.unit;
            r.result = std::move(*result);
            r.method = column.column.method;
            r.lab = lab;
            results.push_back(std::move(r));
        } catch (const InputError& e) {
            problems.push_back(Problem::from(InputError(at, e.reason())));
        }
    }
}

GeometryPtr table_geometry(const OGRFeature& f, const FieldPlan& plan, const Where& where)
{
    auto text = [&](int index) { return std::string(trim(f.IsFieldSetAndNotNull(index) ? f.GetFieldAsString(index) : "")); };
    if (plan.wkt_index >= 0) {
        const std::string wkt = text(plan.wkt_index);
        Where at = where;
        at.field = f.GetFieldDefnRef(plan.wkt_index)->GetNameRef();
        if (wkt.empty())
            throw_input(at, "has no geometry");
        OGRGeometry* parsed = nullptr;
        if (OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &parsed) != OGRERR_NONE || !parsed)
            throw_input(at, "not a WKT geometry: '" + (wkt.size() > 60 ? wkt.substr(0, 60) + "…" : wkt) + "'");
        return GeometryPtr(parsed);
    }
    double xy[2] = {0, 0};
    const int columns[2] = {plan.x_index, plan.y_index};
    for (int k = 0; k < 2; ++k) {
        Where at = where;
        at.field = f.GetFieldDefnRef(columns[k])->GetNameRef();
        const OGRFieldType type = f.GetFieldDefnRef(columns[k])->GetType();
        const std::string value = text(columns[k]);
        if (value.empty())
            throw_input(at, "has no coordinate");
        std::optional<double> number = (type == OFTReal || type == OFTInteger || type == OFTInteger64)
                                           ? std::optional<double>(f.GetFieldAsDouble(columns[k]))
                                           : parse_number(value);
        if (!number)
            throw_input(at, "'" + value + "' is not a coordinate (a number)");
        xy[k] = *number;
    }
    return std::make_unique<OGRPoint>(xy[0], xy[1]);
}

} // namespace lode::import_detail
