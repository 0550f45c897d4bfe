#include "lode/export/assay_columns.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/assay_stats.hpp"
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

std::string pivot_name(const std::string& text, const std::vector<AnalyteFound>& found)
{
    const Analytes& analytes = Analytes::built_in();
    if (const auto field = analyte_field(text, analytes))
        return analyte_field_name(field->analyte, field->unit);
    std::vector<std::string> names;
    for (const auto& a : found)
        names.push_back(a.name);
    const std::string start = mention(Setting::analytes) + ": '" + text + "' ";
    const auto underscore = text.find('_');
    if (underscore != std::string::npos && analytes.find(text.substr(0, underscore)))
        throw InputError(start + "has no unit lode knows ('" + text.substr(underscore + 1) + "'; ppb, ppm, pct or gpt)" +
                         did_you_mean(text, names, {}, 1));
    throw InputError(start + "is not an analyte and a unit (ANALYTE_UNIT, as Li_ppm, Au_ppb, Li2O_pct)" +
                     did_you_mean(text, names, names.empty() ? std::string_view{} : "the results hold"));
}

AssayPivot::AssayPivot(Store& store, const LayerKind& kind, const std::vector<AnalyteFound>& found,
                       const std::vector<std::string>& names, BelowLimit rule, const std::unordered_set<std::string>& exported,
                       const std::optional<std::string>& as_of)
{
    std::vector<std::string> wanted;
    for (const auto& text : names) {
        const std::string name = pivot_name(text, found);
        if (std::find(wanted.begin(), wanted.end(), name) == wanted.end())
            wanted.push_back(name);
    }
    const bool chosen = !names.empty();
    if (!chosen)
        for (const auto& a : found)
            wanted.push_back(a.name);
    if (wanted.empty())
        return;
    values_ = std::make_unique<AssayValues>(store, kind.name, wanted, rule, true, as_of);
    for (std::size_t i = 0; i < wanted.size(); ++i) {
        bool any = false, qualified = false;
        values_->visit(i, [&](const std::string& sample, double, Qualifier qualifier) {
            if (!exported.count(sample))
                return;
            any = true;
            qualified = qualified || qualifier != Qualifier::none;
        });
        if (!any && !chosen)
            continue;
        Column c;
        c.name = wanted[i];
        c.written = c.name;
        for (std::size_t f = 0; f < kind.fields.size(); ++f)
            if (lower(kind.fields[f].name) == lower(c.name)) {
                c.field = f;
                c.written = kind.fields[f].name;
            }
        c.qualifier = qualified;
        c.at = i;
        columns_.push_back(std::move(c));
    }
}

std::optional<AssayPivot> pivot_layer(Store& store, const LayerKind& kind, const std::vector<std::string>& names,
                                      BelowLimit rule, const std::unordered_set<std::string>& exported,
                                      const std::optional<std::string>& as_of)
{
    // Analytes named (--analytes), each a known ANALYTE_UNIT: the layer's analytes need not be
    // surveyed, which reads every result of the layer (a 48-element suite: 48 a sample); the
    // names' own results are read by AssayValues. A layer without a single result has no pivot.
    const Analytes& analytes = Analytes::built_in();
    const bool named = !names.empty() && std::all_of(names.begin(), names.end(), [&](const std::string& name) {
        return analyte_field(name, analytes).has_value();
    });
    std::vector<AnalyteFound> found;
    if (named) {
        if (!store.has_assays(kind.name, as_of))
            return std::nullopt;
    } else {
        found = analytes_found(store, kind.name, as_of);
        if (found.empty())
            return std::nullopt;
    }
    return std::optional<AssayPivot>(std::in_place, store, kind, found, names, rule, exported, as_of);
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

void AssayPivot::fill(const std::string& id, std::vector<Value>& row, std::size_t fields_at) const
{
    for (const auto& c : columns_) {
        auto result = values_->at(id, c.at);
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
