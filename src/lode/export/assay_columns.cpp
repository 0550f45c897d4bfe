#include "lode/export/assay_columns.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/qc.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

namespace lode {

namespace {

FieldSpec column(const std::string& name, OGRFieldType type, bool not_null = false)
{
    FieldSpec spec = field_spec(name, type);
    spec.not_null = not_null;
    return spec;
}

Value number_or_null(double v) { return std::isnan(v) ? Value{} : Value{v}; }

} // namespace

std::string pivot_name(const std::string& text, const std::vector<std::string>& names)
{
    const Analytes& analytes = Analytes::built_in();
    if (const auto field = analyte_field(text, analytes))
        return analyte_field_name(field->analyte, field->unit);
    const std::string start = mention(Setting::analytes) + ": '" + text + "' ";
    const auto underscore = text.find('_');
    if (underscore != std::string::npos && analytes.find(text.substr(0, underscore)))
        throw InputError(start + "has no unit lode knows ('" + text.substr(underscore + 1) + "'; ppb, ppm, pct or gpt)" +
                         did_you_mean(text, names, {}, 1));
    throw InputError(start + "is not an analyte and a unit (ANALYTE_UNIT, as Li_ppm, Au_ppb, Li2O_pct)" +
                     did_you_mean(text, names, names.empty() ? std::string_view{} : "the results hold"));
}

BatchResults::BatchResults(Store& store, std::string layer, std::optional<std::string> as_of)
    : store_(store), layer_(std::move(layer)), as_of_(std::move(as_of))
{
}

void BatchResults::read(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit)
{
    if (!as_of_) {
        store_.read_assays(query, visit);
        return;
    }
    if (!kept_) {
        kept_.emplace();
        AssayQuery all;
        all.layer = layer_;
        all.as_of = as_of_;
        store_.read_assays(all, [&](const AssayRecord& r) {
            (*kept_)[r.sample].push_back(r);
            return true;
        });
    }
    std::vector<std::string> samples = query.samples;
    std::sort(samples.begin(), samples.end());
    for (const auto& sample : samples) {
        const auto results = kept_->find(sample);
        if (results == kept_->end())
            continue;
        for (const auto& r : results->second)
            if (query.analytes.empty() || std::find(query.analytes.begin(), query.analytes.end(), r.analyte) != query.analytes.end())
                if (!visit(r))
                    return;
    }
}

ReadAssays BatchResults::reader()
{
    return [this](const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit) { read(query, visit); };
}

std::optional<std::vector<std::string>> named_analytes(const std::vector<std::string>& names)
{
    const Analytes& analytes = Analytes::built_in();
    std::set<std::string> groups;
    for (const auto& name : names) {
        const auto field = analyte_field(name, analytes);
        if (!field)
            return std::nullopt;
        groups.insert(analyte_group(analytes.require(field->analyte)));
    }
    if (groups.empty())
        return std::nullopt;
    std::vector<std::string> symbols;
    for (const auto& analyte : analytes.all())
        if (groups.count(analyte_group(analyte)) > 0)
            symbols.push_back(analyte.symbol);
    return symbols;
}

void AssaySurvey::read(BatchResults& results, const std::vector<std::string>& samples)
{
    if (samples.empty())
        return;
    const Analytes& analytes = Analytes::built_in();
    AssayQuery query;
    query.layer = results.layer();
    query.as_of = results.as_of();
    query.samples = samples;
    query.analytes = analytes_;
    query.values_only = true;
    // The analytes and units met in this batch (a handful): each one's group, looked up once.
    struct Met {
        std::string analyte;
        Unit unit;
        std::size_t group;   // in groups
    };
    std::vector<Met> met;
    std::vector<std::string> groups;
    std::string sample;
    std::vector<int> latest;   // of the sample read, by group: its latest result's qualifier, -1 none
    auto settle = [&] {
        for (std::size_t g = 0; g < latest.size(); ++g)
            if (latest[g] >= 0) {
                Seen& seen = groups_[groups[g]];
                seen.any = true;
                seen.qualified = seen.qualified || static_cast<Qualifier>(latest[g]) != Qualifier::none;
                latest[g] = -1;
            }
    };
    results.read(query, [&](const AssayRecord& r) {
        if (r.sample != sample) {
            settle();
            sample = r.sample;
        }
        auto m = std::find_if(met.begin(), met.end(), [&](const Met& x) { return x.unit == r.unit && x.analyte == r.analyte; });
        if (m == met.end()) {
            names_.insert(analyte_field_name(r.analyte, r.unit));
            const Analyte* a = analytes.find(r.analyte);
            const std::string group = a ? analyte_group(*a) : "+" + r.analyte;
            const auto g = std::find(groups.begin(), groups.end(), group);
            met.push_back({r.analyte, r.unit, static_cast<std::size_t>(g - groups.begin())});
            if (g == groups.end()) {
                groups.push_back(group);
                latest.push_back(-1);
            }
            m = met.end() - 1;
        }
        latest[m->group] = static_cast<int>(r.result.qualifier);   // read as written: the latest stays
        return true;
    });
    settle();
}

bool AssaySurvey::take_unqualified(const std::vector<AssayKindHeld>& held)
{
    auto surveyed = [&](const AssayKindHeld& h) {
        return analytes_.empty() || std::find(analytes_.begin(), analytes_.end(), h.analyte) != analytes_.end();
    };
    if (std::any_of(held.begin(), held.end(), [&](const AssayKindHeld& h) { return h.qualified && surveyed(h); }))
        return false;
    const Analytes& analytes = Analytes::built_in();
    for (const auto& h : held) {
        if (!surveyed(h))
            continue;
        names_.insert(analyte_field_name(h.analyte, h.unit));
        const Analyte* a = analytes.find(h.analyte);
        groups_[a ? analyte_group(*a) : "+" + h.analyte].any = true;
    }
    return true;
}

bool AssaySurvey::any(const std::string& group) const
{
    const auto seen = groups_.find(group);
    return seen != groups_.end() && seen->second.any;
}

bool AssaySurvey::qualified(const std::string& group) const
{
    const auto seen = groups_.find(group);
    return seen != groups_.end() && seen->second.qualified;
}

AssayPivot::AssayPivot(const LayerKind& kind, const std::vector<std::string>& found, const std::vector<std::string>& names,
                       BelowLimit rule, const AssaySurvey& survey, std::shared_ptr<BatchResults> results)
    : rule_(rule), results_(std::move(results))
{
    for (const auto& text : names) {
        const std::string name = pivot_name(text, found);
        if (std::find(wanted_.begin(), wanted_.end(), name) == wanted_.end())
            wanted_.push_back(name);
    }
    const bool chosen = !names.empty();
    if (!chosen)
        wanted_ = found;
    const Analytes& analytes = Analytes::built_in();
    for (std::size_t i = 0; i < wanted_.size(); ++i) {
        const auto field = analyte_field(wanted_[i], analytes);
        const std::string group = analyte_group(analytes.require(field->analyte));
        if (!survey.any(group) && !chosen)
            continue;
        Column c;
        c.name = wanted_[i];
        c.written = c.name;
        for (std::size_t f = 0; f < kind.fields.size(); ++f)
            if (lower(kind.fields[f].name) == lower(c.name)) {
                c.field = f;
                c.written = kind.fields[f].name;
            }
        c.qualifier = survey.qualified(group);
        c.at = i;
        columns_.push_back(std::move(c));
    }
}

std::unique_ptr<AssayValues> AssayPivot::load(const std::vector<std::string>& ids) const
{
    if (columns_.empty() || ids.empty())   // nothing to fill (AssayQuery::samples empty would read every sample)
        return nullptr;
    return std::make_unique<AssayValues>(results_->reader(), results_->layer(), wanted_, rule_, true, results_->as_of(), ids);
}

std::set<std::string> layer_assay_names(Store& store, BatchResults& results)
{
    constexpr std::size_t batch = 2000;
    Selection all;
    all.as_of = results.as_of();
    Reading reading;
    reading.geometry = Reading::Geometry::none;
    AssaySurvey survey;
    std::vector<std::string> ids;
    store.scan(results.layer(), all, reading, [&](ScanRow& row) {
        ids.push_back(std::move(row.id));
        if (ids.size() == batch) {
            survey.read(results, ids);
            ids.clear();
        }
        return true;
    });
    survey.read(results, ids);
    return survey.names();
}

std::vector<std::string> AssayPivot::described() const
{
    std::vector<std::string> out;
    for (const auto& c : columns_) {
        out.push_back(c.name + (c.field ? " (in " + c.written + ")" : ""));
        if (c.qualifier)
            out.push_back(c.written + "_qualifier");
    }
    return out;
}

std::vector<FieldSpec> AssayPivot::fields() const
{
    std::vector<FieldSpec> out;
    for (const auto& c : columns_) {
        if (!c.field)
            out.push_back(column(c.written, OFTReal));
        if (c.qualifier)
            out.push_back(column(c.written + "_qualifier", OFTString));
    }
    return out;
}

std::vector<std::string> AssayPivot::column_names() const
{
    std::vector<std::string> out;
    for (const auto& f : fields())
        out.push_back(f.name);
    return out;
}

std::vector<std::size_t> AssayPivot::filled_fields() const
{
    std::vector<std::size_t> out;
    for (const auto& c : columns_)
        if (c.field)
            out.push_back(*c.field);
    return out;
}

void AssayPivot::fill(const AssayValues* batch, const std::string& id, std::vector<Value>& row, std::size_t fields_at) const
{
    for (const auto& c : columns_) {
        auto result = batch->at(id, c.at);   // load() read the batch this row is of
        if (c.field) {
            // The field's own value wins (what lode show, --where and an edit in QGIS or psql see);
            // the results fill a field left empty (a below-limit result leaves it so at import).
            Value& cell = row[fields_at + *c.field];
            if (!is_null(cell))
                result.reset();
            else if (result)
                cell = number_or_null(result->first);
        } else {
            row.push_back(result ? number_or_null(result->first) : Value{});
        }
        if (c.qualifier)
            row.push_back(result && result->second != Qualifier::none ? Value{std::string(to_string(result->second))} : Value{});
    }
}

std::string describe_pivot(BelowLimit rule)
{
    return std::string("each sample's latest result of the analyte's element, converted from any unit and oxide by the "
                       "IUPAC atomic weights; a result below its detection limit counts as ") +
           describe(rule) + ", one above an upper limit as the limit, insufficient sample (IS) and not analysed (NA) as "
           "none; NAME_qualifier holds <, >, IS or NA where a result carries one";
}

std::pair<std::size_t, std::int64_t> write_assay_table(VectorWriter& writer, Store& store,
                                                       const std::vector<AssayTableLayer>& layers, BelowLimit rule,
                                                       const std::optional<std::string>& as_of)
{
    LayerSpec spec;
    spec.name = "assay_results";
    spec.geometry = wkbNone;
    spec.id_field = "sample_id";
    spec.title = "Assay results";
    spec.description = std::string("Every assay result of the exported samples, one row each, as the lab reported it, "
                                    "and of the QC samples judging them (standards and blanks of their batches, duplicates of "
                                    "them; qc_type says which); counts_as: the number it counts as (below a detection limit: ") +
                       describe(rule) + "; above an upper limit: the limit)";
    spec.fields = {column("sample_id", OFTString, true), column("analyte", OFTString, true), column("value", OFTReal),
                   column("unit", OFTString, true), column("qualifier", OFTString), column("limit", OFTReal),
                   column("as_written", OFTString), column("counts_as", OFTReal), column("method", OFTString),
                   column("lab", OFTString), column("batch", OFTString), column("assayed_on", OFTDate),
                   column("layer", OFTString, true), column("qc_type", OFTString, true), column("qc_of", OFTString)};
    const std::size_t table = writer.add_table(spec);
    auto text_or_null = [](const std::string& s) { return s.empty() ? Value{} : Value{s}; };
    std::int64_t rows = 0;
    auto write = [&](const AssayRecord& r, const QcSample* qc) {
        const auto counts = substituted(r.result, rule);
        writer.write(table,
                     {r.sample, r.analyte, number_or_null(r.result.value), std::string(to_string(r.unit)),
                      text_or_null(to_string(r.result.qualifier)), number_or_null(r.result.limit), text_or_null(r.result.text),
                      counts ? Value{*counts} : Value{}, text_or_null(r.method), text_or_null(r.lab), text_or_null(r.batch),
                      text_or_null(r.assayed_on), r.layer, std::string(to_string(qc ? qc->type : QcType::primary)),
                      qc ? text_or_null(qc->type == QcType::standard ? qc->crm : qc->original) : Value{}},
                     Wkb());
        ++rows;
    };
    for (const auto& layer : layers) {
        std::unordered_map<std::string, QcSample> qc;
        for (auto& q : qc_samples_as_of(store, layer.layer, as_of))
            qc.emplace(q.id, std::move(q));
        std::set<std::string> batches;               // of the exported samples' results
        std::vector<AssayRecord> qc_results;         // written after, when they judge an exported sample
        AssayQuery query;
        query.layer = layer.layer;
        query.as_of = as_of;
        store.read_assays(query, [&](const AssayRecord& r) {
            if (layer.exported->count(r.sample)) {
                if (!r.batch.empty())
                    batches.insert(r.batch);
                write(r, nullptr);
            } else if (qc.count(r.sample)) {
                qc_results.push_back(r);
            }
            return true;
        });
        // A duplicate of an exported sample; a standard or blank of one of their batches.
        for (const auto& r : qc_results) {
            const QcSample& q = qc.at(r.sample);
            const bool duplicate = !q.original.empty();
            if (duplicate ? layer.exported->count(q.original) > 0 : batches.count(r.batch) > 0)
                write(r, &q);
        }
    }
    return {table, rows};
}

} // namespace lode
