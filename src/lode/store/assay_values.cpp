#include "lode/store/assay_values.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>

namespace lode {

std::string analyte_group(const Analyte& analyte)
{
    return analyte.kind == Analyte::Kind::sum ? "+" + analyte.symbol : analyte.element;
}

AssayValues::AssayValues(Store& store, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule,
                         bool keep_qualifiers, const std::optional<std::string>& as_of)
    : AssayValues([&store](const AssayQuery& q, const std::function<bool(const AssayRecord&)>& visit) { store.read_assays(q, visit); },
                  layer, names, rule, keep_qualifiers, as_of, {})
{
}

AssayValues::AssayValues(const ReadAssays& read, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule,
                         bool keep_qualifiers, const std::optional<std::string>& as_of, const std::vector<std::string>& samples)
    : names_(names), keep_qualifiers_(keep_qualifiers)
{
    const Analytes& analytes = Analytes::built_in();
    struct Wanted {
        const Analyte* analyte;
        Unit unit;
        std::string group;   // analyte_group
    };
    std::vector<Wanted> wanted;
    AssayQuery query;
    query.layer = layer;
    query.as_of = as_of;
    query.samples = samples;
    query.values_only = true;
    query.alone = true;       // the values only taken in, below
    query.any_order = true;   // each value's result number kept, below: the latest counts
    for (const auto& name : names) {
        const auto field = analyte_field(name, analytes);
        if (!field)
            throw InputError("'" + name + "' does not name an analyte and a unit (as Li_ppm, Au_ppb, Li2O_pct)");
        const Analyte& analyte = analytes.require(field->analyte);
        wanted.push_back({&analyte, field->unit, analyte_group(analyte)});
        // Every analyte that converts to it: the element and its oxides (a sum only itself).
        for (const auto& other : analytes.all())
            if (analyte_group(other) == wanted.back().group)
                query.analytes.push_back(other.symbol);
    }
    // The analytes met (a handful), each looked up in the vocabulary once, with the names it counts
    // for and the factor of the element (or oxide) to each name's (convert's, computed once).
    struct Met {
        std::string symbol;
        std::vector<std::pair<std::size_t, double>> counts_for;   // in wanted, and the factor to it
    };
    std::vector<Met> met;
    const std::size_t width = wanted.size();
    bool any_row = false;   // whether a sample has been read; the last one's row, and its place
    std::size_t last_row = 0, row = 0;
    std::vector<std::int64_t> numbers;   // of the result each value is of, at its place in values_
    read(query, [&](const AssayRecord& r) {
        const std::optional<double> number = substituted(r.result, rule);
        auto m = std::find_if(met.begin(), met.end(), [&](const Met& x) { return x.symbol == r.analyte; });
        if (m == met.end()) {
            const Analyte& analyte = analytes.require(r.analyte);
            Met fresh{r.analyte, {}};
            for (std::size_t i = 0; i < wanted.size(); ++i)
                if (wanted[i].group == analyte_group(analyte))
                    fresh.counts_for.emplace_back(i, analytes.factor(analyte, *wanted[i].analyte));
            met.push_back(std::move(fresh));
            m = met.end() - 1;
        }
        if (m->counts_for.empty())
            return true;
        // A sample's results often come together (by sample, or one analyte's): its row looked up once.
        if (!any_row || sample_of(last_row) != r.sample) {
            const auto [at, fresh] = add_row(r.sample);
            any_row = true;
            last_row = at;
            row = at * width;
            if (fresh) {
                values_.resize(values_.size() + width, NAN);
                numbers.resize(values_.size(), -1);
                if (keep_qualifiers_)
                    qualifiers_.resize(qualifiers_.size() + width, -1);
            }
        }
        for (const auto& [i, factor] : m->counts_for) {
            // The latest result counts: the one written last, whose number is the highest, whatever
            // order they come in. (As convert() of the analytes: the factor, then the units.)
            if (r.id < numbers[row + i])
                continue;
            numbers[row + i] = r.id;
            values_[row + i] = number ? convert(factor == 1.0 ? *number : *number * factor, r.unit, wanted[i].unit) : NAN;
            if (keep_qualifiers_)
                qualifiers_[row + i] = static_cast<signed char>(r.result.qualifier);
        }
        return true;
    });
}

std::string_view AssayValues::sample_of(std::size_t row) const
{
    const std::size_t begin = row == 0 ? 0 : id_ends_[row - 1];
    return std::string_view(ids_).substr(begin, id_ends_[row] - begin);
}

std::optional<std::size_t> AssayValues::row_of(std::string_view sample) const
{
    if (slots_.empty())
        return std::nullopt;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t at = std::hash<std::string_view>{}(sample) & mask;; at = (at + 1) & mask) {
        const std::uint32_t slot = slots_[at];
        if (slot == 0)
            return std::nullopt;
        if (sample_of(slot - 1) == sample)
            return slot - 1;
    }
}

std::pair<std::size_t, bool> AssayValues::add_row(std::string_view sample)
{
    if (2 * (id_ends_.size() + 1) > slots_.size()) {   // kept at most half full: twice as long, the rows laid in again
        std::vector<std::uint32_t> longer(std::max<std::size_t>(1024, 2 * slots_.size()), 0);
        const std::size_t mask = longer.size() - 1;
        for (std::size_t r = 0; r < id_ends_.size(); ++r) {
            std::size_t at = std::hash<std::string_view>{}(sample_of(r)) & mask;
            while (longer[at] != 0)
                at = (at + 1) & mask;
            longer[at] = static_cast<std::uint32_t>(r + 1);
        }
        slots_.swap(longer);
    }
    const std::size_t mask = slots_.size() - 1;
    std::size_t at = std::hash<std::string_view>{}(sample) & mask;
    for (; slots_[at] != 0; at = (at + 1) & mask)
        if (sample_of(slots_[at] - 1) == sample)
            return {slots_[at] - 1, false};
    if (id_ends_.size() >= UINT32_MAX)
        throw Error("more than 4,294,967,295 samples with assay results in one reading");
    ids_.append(sample);
    id_ends_.push_back(ids_.size());
    slots_[at] = static_cast<std::uint32_t>(id_ends_.size());
    return {id_ends_.size() - 1, true};
}

const double* AssayValues::values(const std::string& feature_id) const
{
    const auto row = row_of(feature_id);
    return row ? &values_[*row * names_.size()] : nullptr;
}

std::optional<double> AssayValues::value(const std::string& feature_id, const std::string& name) const
{
    const double* row = values(feature_id);
    if (!row)
        return std::nullopt;
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name)
            return std::isnan(row[i]) ? std::nullopt : std::optional<double>(row[i]);
    return std::nullopt;
}

std::optional<std::string> assay_name(const LayerKind& kind, const std::string& name)
{
    if (lower(name) == "id" || lower(name) == "project")
        return std::nullopt;
    for (const auto& f : kind.fields)
        if (lower(f.name) == lower(name))
            return std::nullopt;
    const auto assay = analyte_field(name, Analytes::built_in());
    if (!assay || name.substr(0, assay->analyte.size()) != assay->analyte)
        return std::nullopt;
    return analyte_field_name(assay->analyte, assay->unit);
}

std::optional<std::pair<double, Qualifier>> AssayValues::at(const std::string& feature_id, std::size_t name) const
{
    const auto row = row_of(feature_id);
    if (!row)
        return std::nullopt;
    return result_at(*row * names_.size() + name);
}

std::optional<std::pair<double, Qualifier>> AssayValues::result_at(std::size_t at) const
{
    const double value = values_[at];
    if (keep_qualifiers_) {
        if (qualifiers_[at] < 0)
            return std::nullopt;
        return std::make_pair(value, static_cast<Qualifier>(qualifiers_[at]));
    }
    if (std::isnan(value))
        return std::nullopt;
    return std::make_pair(value, Qualifier::none);
}

void AssayValues::visit(std::size_t name, const std::function<void(const std::string&, double, Qualifier)>& visit) const
{
    std::string sample;
    for (std::size_t row = 0; row < id_ends_.size(); ++row)
        if (const auto result = result_at(row * names_.size() + name)) {   // none: no result of this name (the sample has one of another)
            sample.assign(sample_of(row));
            visit(sample, result->first, result->second);
        }
}

void bind_assay_values(Filter& filter, Store& store, const std::string& layer, BelowLimit rule, const std::optional<std::string>& as_of)
{
    if (!filter.assay_fields().empty())
        filter.bind(std::make_shared<AssayValues>(store, layer, filter.assay_fields(), rule, false, as_of));
}

std::optional<std::vector<std::string>> assay_candidates(const Filter& filter, Store& store, const std::string& layer,
                                                         const std::optional<std::string>& as_of)
{
    const auto bound = filter.assay_lower_bound();
    // Above zero: a below-limit result without a limit then never counts enough (zero, or none).
    if (as_of || !bound || !(bound->inclusive ? bound->value > 0 : bound->value >= 0))
        return std::nullopt;
    const Analytes& analytes = Analytes::built_in();
    const auto field = analyte_field(bound->name, analytes);
    if (!field)
        return std::nullopt;
    const Analyte& target = analytes.require(field->analyte);
    const std::string group = analyte_group(target);
    std::vector<AssayFloor> floors;
    for (const auto& other : analytes.all()) {
        if (analyte_group(other) != group)
            continue;
        for (const Unit unit : {Unit::ppb, Unit::ppm, Unit::percent, Unit::g_per_t}) {
            // What 1 of it counts as in the field's analyte and unit: the bound in its terms is bound / that.
            double factor = 0;
            try {
                factor = convert(1.0, other, unit, target, field->unit, analytes);
            } catch (const InputError&) {
                return std::nullopt;   // a result that does not convert: no floor for it, so every feature is tried
            }
            if (!(factor > 0 && std::isfinite(factor)))
                return std::nullopt;
            floors.push_back({other.symbol, unit, bound->value / factor * (1 - 1e-9)});
        }
    }
    if (floors.empty())
        return std::nullopt;
    return store.samples_reaching(layer, floors);
}

std::optional<std::vector<std::string>> bind_assay_candidates(Filter& filter, Store& store, const std::string& layer, BelowLimit rule,
                                                              const std::optional<std::string>& as_of)
{
    if (filter.assay_fields().empty())
        return std::nullopt;
    auto candidates = assay_candidates(filter, store, layer, as_of);
    if (!candidates) {
        bind_assay_values(filter, store, layer, rule, as_of);
        return candidates;
    }
    // Only the candidates' results (none read when there are none: an empty list reads every sample).
    const ReadAssays read = [&store, none = candidates->empty()](const AssayQuery& q, const std::function<bool(const AssayRecord&)>& visit) {
        if (!none)
            store.read_assays(q, visit);
    };
    filter.bind(std::make_shared<AssayValues>(read, layer, filter.assay_fields(), rule, false, as_of, *candidates));
    return candidates;
}

} // namespace lode
