#include "lode/store/store.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/detail/one_of.hpp"
#include "lode/store/register.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <unordered_set>

namespace lode {

std::string one_of(const std::string& value, const std::vector<std::string>& allowed, const std::string& what, bool suggest)
{
    for (const auto& a : allowed)
        if (lower(a) == lower(trim(value)))
            return a;
    throw InputError(what + " '" + value + "' is not one of: " + join(allowed, ", ") +
                     (suggest ? did_you_mean(value, allowed, {}, 1) : std::string()));
}

namespace {

// The project checked, in its stored form.
Project checked(Project p, const Commodities& commodities, const std::vector<std::string>& phases)
{
    p.code = std::string(trim(p.code));
    if (p.code.empty() || p.code.find_first_of(" \t,;:") != std::string::npos)
        throw InputError("project code '" + p.code + "' must be non-empty, without spaces, ',', ';' or ':'");
    if (trim(p.name).empty())
        throw InputError("project '" + p.code + "': the name is empty");
    p.phase = one_of(trim(p.phase).empty() ? default_project_phase() : p.phase, phases,
                     "project '" + p.code + "': phase", false);
    if (!p.start_date.empty() && !parse_iso_date(p.start_date))
        throw InputError("project '" + p.code + "': start date '" + p.start_date + "' is not a date (YYYY-MM-DD)");
    std::vector<std::string> countries;
    for (const auto& c : split_any(p.host_countries, ",;| ")) {
        if (c.empty())
            continue;
        if (c.size() != 2 || !std::all_of(c.begin(), c.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)); }))
            throw InputError("project '" + p.code + "': host country '" + c + "' is not an ISO 3166 alpha-2 code");
        std::string upper = c;
        std::transform(upper.begin(), upper.end(), upper.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
        countries.push_back(upper);
    }
    p.host_countries = join(countries, ";");
    try {
        p.commodities = commodities.normalise_list(p.commodities);
    } catch (const Error& e) {
        throw InputError("project '" + p.code + "': " + e.what());
    }
    return p;
}

} // namespace

const std::vector<std::string>& project_phases()
{
    // Government cooperation programmes (MOU → joint research) and company or joint-venture
    // programmes (exploration → feasibility), in one order from first steps to the end.
    static const std::vector<std::string> phases = {"MOU",         "preliminary investigation", "joint research",
                                                    "exploration", "resource definition",       "feasibility",
                                                    "development", "care and maintenance",      "completed"};
    return phases;
}

const std::string& default_project_phase()
{
    static const std::string phase = "exploration";
    return phase;
}

const std::vector<std::string>& partner_roles()
{
    static const std::vector<std::string> roles = {"lead",           "operator",        "research partner",
                                                   "host-government agency", "university", "funder",
                                                   "JV partner",     "farm-in partner", "royalty holder",
                                                   "contractor",     "laboratory"};
    return roles;
}

const char* to_string(Vocabulary vocabulary)
{
    switch (vocabulary) {
    case Vocabulary::phases: return "phases";
    case Vocabulary::roles: return "roles";
    }
    return "?";
}

const std::vector<Vocabulary>& vocabularies()
{
    static const std::vector<Vocabulary> all = {Vocabulary::phases, Vocabulary::roles};
    return all;
}

Vocabulary vocabulary_named(const std::string& name)
{
    const std::string wanted = lower(trim(name));
    std::vector<std::string> names;
    for (Vocabulary v : vocabularies()) {
        const std::string plural = to_string(v);
        if (wanted == plural || wanted + "s" == plural)
            return v;
        names.push_back(plural);
    }
    throw NotFound("unknown vocabulary '" + name + "'" + did_you_mean(name, names, "vocabularies", 1));
}

const std::vector<std::string>& built_in_values(Vocabulary vocabulary)
{
    return vocabulary == Vocabulary::phases ? project_phases() : partner_roles();
}

std::vector<std::string> Store::vocabulary(Vocabulary vocabulary)
{
    std::vector<std::string> values = built_in_values(vocabulary);
    for (auto& added : added_values(vocabulary))
        values.push_back(std::move(added));
    return values;
}

void Store::extend_vocabulary(Vocabulary vocabulary, const std::vector<std::string>& given)
{
    std::vector<std::string> values = this->vocabulary(vocabulary);
    const std::string what = std::string(to_string(vocabulary));
    std::vector<std::string> adding;
    for (const auto& raw : given) {
        const std::string value = std::string(trim(raw));
        if (value.empty())
            throw InputError(what + ": a value is empty");
        if (value.find_first_of(",;|") != std::string::npos)
            throw InputError(what + ": '" + value + "' holds ',', ';' or '|', which separate values in lists");
        for (const auto& v : values)
            if (lower(v) == lower(value))
                throw InputError(what + " has '" + v + "' already" + (v == value ? "" : " (values are compared without case)"));
        values.push_back(value);
        adding.push_back(value);
    }
    auto txn = begin_write();
    for (const auto& value : adding)
        write_vocabulary_value(vocabulary, value);
    txn->commit();
}

const LayerKind& Store::layer_kind(const std::string& name)
{
    std::vector<std::string> names;
    for (const auto& kind : layer_kinds()) {
        if (kind.name == name)
            return kind;
        names.push_back(kind.name);
    }
    throw NotFound("unknown layer '" + name + "'" + did_you_mean(name, names, "layers"));
}

namespace {

// A layer's name: a lowercase identifier that no layer or table of the store holds.
void check_new_layer_name(Store& store, const std::string& name, bool taken_by_backend)
{
    const bool identifier = !name.empty() && name.size() <= 63 && name[0] >= 'a' && name[0] <= 'z' &&
                            std::all_of(name.begin(), name.end(), [](char c) {
                                return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
                            });
    if (!identifier) {
        std::string suggestion;
        for (char c : lower(name))
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
                suggestion += c;
            else if (!suggestion.empty() && suggestion.back() != '_')
                suggestion += '_';
        while (!suggestion.empty() && (suggestion.back() == '_'))
            suggestion.pop_back();
        const bool can_suggest = !suggestion.empty() && suggestion[0] >= 'a' && suggestion[0] <= 'z';
        throw InputError("layer name '" + name + "' is not a lowercase identifier (a letter a-z, then letters, digits or '_')" +
                         (can_suggest ? " (did you mean '" + suggestion + "'?)" : std::string()));
    }
    for (const auto& kind : store.layer_kinds())
        if (kind.name == name)
            throw InputError("layer '" + name + "' already exists");
    if (taken_by_backend)
        throw InputError("layer name '" + name + "' is taken by a table of the store");
}

} // namespace

std::string Store::relied_on(const std::string& layer)
{
    if (layer == licences_layer)
        return "the licence register (licence, obligation, interest, due) and the programme report read it by name";
    return {};
}

void Store::create_layer(const LayerKind& given)
{
    const LayerKind kind = parse_layer_kind(given.definition, "layer '" + given.name + "'");
    check_new_layer_name(*this, kind.name, name_taken(kind.name));
    auto txn = begin_write();
    write_layer(kind);
    txn->commit();
}

void Store::add_field(const std::string& layer, const FieldDef& field)
{
    const LayerKind& kind = layer_kind(layer);
    const std::string name = std::string(trim(field.name));
    const bool identifier = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }) && !(name[0] >= '0' && name[0] <= '9');
    if (!identifier)
        throw InputError(Where{"", -1, "", name}, "layer '" + layer + "': a field name is letters, digits and '_', from a letter");
    for (const auto& f : kind.fields)
        if (lower(f.name) == lower(name))
            throw InputError(Where{"", -1, "", name}, "layer '" + layer + "' has this field already");
    nlohmann::json definition = kind.definition;
    FieldDef named = field;
    named.name = name;
    named.required = false;   // the features already there have no value for it
    definition["fields"].push_back(field_definition(named));
    const LayerKind changed = parse_layer_kind(definition, "layer '" + layer + "'");   // reserved names, types
    auto txn = begin_write();
    write_field(changed, named);
    txn->commit();
}

void Store::rename_layer(const std::string& from, const std::string& to)
{
    const LayerKind& kind = layer_kind(from);
    if (const auto why = relied_on(from); !why.empty())
        throw InputError("layer '" + from + "' cannot be renamed: " + why);
    check_new_layer_name(*this, to, name_taken(to));
    nlohmann::json definition = kind.definition;
    definition["name"] = to;
    if (definition.value("title", from) == from)
        definition["title"] = to;
    const LayerKind renamed = parse_layer_kind(definition, "layer '" + to + "'");
    auto txn = begin_write();
    write_rename(from, renamed);
    txn->commit();
}

void Store::drop_layer(const std::string& layer, bool with_features)
{
    layer_kind(layer);   // NotFound with close names
    if (const auto why = relied_on(layer); !why.empty())
        throw InputError("layer '" + layer + "' cannot be dropped: " + why);
    auto txn = begin_write();
    const auto count = summarise(layer).count;
    if (count > 0 && !with_features)
        throw InputError("layer '" + layer + "' still holds " + std::to_string(count) + (count == 1 ? " feature" : " features"),
                         Hint::with_features);
    write_drop(layer);
    txn->commit();
}

void Store::add_project(const Project& given)
{
    const Project p = checked(given, commodities(), vocabulary(Vocabulary::phases));
    if (find_project(p.code))
        throw InputError("project '" + p.code + "' already exists");
    write_project(p);
}

void Store::add_partnership(const Partnership& given)
{
    Partnership p = given;
    p.organisation = std::string(trim(p.organisation));
    if (p.organisation.empty())
        throw InputError("partner: the organisation name is empty");
    Project project;
    require_project(p.project, project);
    p.role = one_of(p.role, vocabulary(Vocabulary::roles), "role", false);
    if (!write_partnership(p))
        throw InputError("partner '" + p.organisation + "' already has the role '" + p.role + "' in project '" + p.project + "'");
}

std::vector<Project> Store::projects_or_all(const std::vector<std::string>& codes)
{
    if (codes.empty())
        return projects();
    std::vector<Project> out;
    for (const auto& code : codes) {
        Project p;
        out.push_back(require_project(code, p));
    }
    return out;
}

const Project& Store::require_project(const std::string& code, Project& storage)
{
    if (auto project = find_project(code)) {
        storage = std::move(*project);
        return storage;
    }
    std::vector<std::string> codes;
    for (const auto& p : projects())
        codes.push_back(p.code);
    const std::string message = "unknown project '" + code + "'";
    if (codes.empty())
        throw NotFound(message, Hint::add_first_project);
    throw NotFound(message + did_you_mean(code, codes, "projects"));
}

} // namespace lode

namespace lode {

void Store::write_assays(const std::vector<AssayRecord>&)
{
    throw Error(location().display() + ": this store's backend keeps no assay results yet");
}

void Store::read_assays(const AssayQuery&, const std::function<bool(const AssayRecord&)>&)
{
    throw Error(location().display() + ": this store's backend keeps no assay results yet");
}

namespace {

// Whether read_assays finds a result of the query: it stops at the first.
bool finds_assay(Store& store, const std::string& layer, const std::optional<std::string>& as_of)
{
    bool any = false;
    AssayQuery query;
    query.layer = layer;
    query.as_of = as_of;
    store.read_assays(query, [&](const AssayRecord&) {
        any = true;
        return false;
    });
    return any;
}

} // namespace

bool Store::has_assays(const std::string& layer, const std::optional<std::string>& as_of)
{
    return as_of ? finds_assay(*this, layer, as_of) : holds_assays(layer);
}

bool Store::holds_assays(const std::string& layer) { return finds_assay(*this, layer, std::nullopt); }

std::vector<std::string> Store::samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors)
{
    AssayQuery query;
    query.layer = layer;
    query.values_only = true;
    for (const auto& f : floors)
        if (std::find(query.analytes.begin(), query.analytes.end(), f.analyte) == query.analytes.end())
            query.analytes.push_back(f.analyte);
    std::vector<std::string> samples;
    if (query.analytes.empty())
        return samples;
    read_assays(query, [&](const AssayRecord& r) {
        const double v = std::isnan(r.result.value) ? r.result.limit : r.result.value;
        for (const auto& f : floors)
            if (f.analyte == r.analyte && f.unit == r.unit && v >= f.value && (samples.empty() || samples.back() != r.sample))
                samples.push_back(r.sample);   // read by sample: a sample's results come together
        return true;
    });
    return samples;
}

void Store::scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                     const Reading& reading, const std::function<bool(ScanRow&)>& visit)
{
    std::unordered_set<std::string> wanted(ids.begin(), ids.end());
    Reading one = reading;
    one.parts = 1;
    const bool ids_read = reading.whole || reading.ids;
    one.ids = true;
    scan(layer, selection, one, [&](ScanRow& row) {
        if (!wanted.count(reading.whole ? row.feature.id : row.id))
            return true;
        if (!ids_read) {   // as the reading asked: without them
            row.id.clear();
            row.project.clear();
            row.name.clear();
        }
        return visit(row);
    });
}

std::int64_t Store::delete_assays(const std::vector<std::int64_t>&)
{
    throw Error(location().display() + ": this store's backend keeps no assay results yet");
}

void Store::restore_assays(const std::vector<AssayRecord>&)
{
    throw Error(location().display() + ": this store's backend keeps no assay results yet");
}

std::int64_t Store::delete_qc_samples(const std::string&, const std::vector<std::string>&)
{
    throw Error(location().display() + ": this store's backend keeps no QC samples yet");
}

void Store::write_qc_samples(const std::vector<QcSample>&)
{
    throw Error(location().display() + ": this store's backend keeps no QC samples yet");
}

std::vector<QcSample> Store::qc_samples(const std::string&)
{
    throw Error(location().display() + ": this store's backend keeps no QC samples yet");
}

void Store::write_reference_values(const std::vector<ReferenceValue>&)
{
    throw Error(location().display() + ": this store's backend keeps no reference materials yet");
}

std::vector<ReferenceValue> Store::reference_values()
{
    throw Error(location().display() + ": this store's backend keeps no reference materials yet");
}

bool Store::delete_reference_value(const std::string&, const std::string&)
{
    throw Error(location().display() + ": this store's backend keeps no reference materials yet");
}

} // namespace lode
