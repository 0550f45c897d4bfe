#include "lode/store/assay_stats.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"
#include "lode/base/statistics.hpp"
#include "lode/store/assay_values.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <unordered_set>

namespace lode {

namespace {

// The ids of layer's features (of project, when given; as they were at as_of, when given).
std::unordered_set<std::string> feature_ids(Store& store, const std::string& layer, const std::optional<std::string>& project,
                                            const std::optional<std::string>& as_of)
{
    Selection selection;
    selection.project = project;
    selection.as_of = as_of;
    Reading reading;
    reading.geometry = Reading::Geometry::none;
    std::unordered_set<std::string> ids;
    store.scan(layer, selection, reading, [&](ScanRow& row) {
        ids.insert(row.id);
        return true;
    });
    return ids;
}

} // namespace

std::vector<AnalyteFound> analytes_found(Store& store, const std::string& layer, const std::optional<std::string>& as_of)
{
    const auto ids = feature_ids(store, store.layer_kind(layer).name, std::nullopt, as_of);
    std::map<std::string, AnalyteFound> found;
    std::map<std::string, std::string> last_sample;   // by name: the sample counted last (results come by sample)
    AssayQuery query;
    query.layer = layer;
    query.as_of = as_of;
    query.alone = true;   // the results only counted
    store.read_assays(query, [&](const AssayRecord& r) {
        if (!ids.count(r.sample))
            return true;   // a QC sample's
        const std::string name = analyte_field_name(r.analyte, r.unit);
        AnalyteFound& a = found[name];
        if (a.name.empty()) {
            a.name = name;
            a.analyte = r.analyte;
            a.unit = r.unit;
        }
        ++a.results;
        a.below += r.result.qualifier == Qualifier::below;
        a.above += r.result.qualifier == Qualifier::above;
        if (std::string& last = last_sample[name]; last != r.sample) {
            ++a.samples;
            last = r.sample;
        }
        if (a.examples.size() < 3 && std::find(a.examples.begin(), a.examples.end(), r.result.text) == a.examples.end())
            a.examples.push_back(r.result.text);
        return true;
    });
    std::vector<AnalyteFound> out;
    for (auto& [name, a] : found)
        out.push_back(std::move(a));
    return out;
}

std::vector<AnalyteStats> assay_stats(Store& store, const AssayStatsOptions& options)
{
    const std::string& layer = store.layer_kind(options.layer).name;   // NotFound with the close names
    if (options.project) {
        Project project;
        store.require_project(*options.project, project);
    }
    const Analytes& analytes = Analytes::built_in();
    std::vector<std::string> names;
    if (options.analytes.empty()) {
        for (const auto& a : analytes_found(store, layer, options.as_of))
            names.push_back(a.name);
    } else {
        for (const auto& given : options.analytes) {
            const auto field = analyte_field(given, analytes);
            if (!field)
                throw InputError("'" + given + "' does not name an analyte and a unit (as Li_ppm, Au_ppb, Li2O_pct)");
            names.push_back(analyte_field_name(field->analyte, field->unit));
        }
    }
    const auto ids = feature_ids(store, layer, options.project, options.as_of);
    const AssayValues values(store, layer, names, options.below_limit, true, options.as_of);
    std::vector<AnalyteStats> out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        AnalyteStats s;
        s.name = names[i];
        const auto field = analyte_field(names[i], analytes);
        s.analyte = field->analyte;
        s.unit = field->unit;
        std::vector<double> numbers;
        values.visit(i, [&](const std::string& sample, double value, Qualifier qualifier) {
            if (!ids.count(sample))
                return;
            ++s.samples;
            s.below += qualifier == Qualifier::below;
            s.above += qualifier == Qualifier::above;
            if (!std::isnan(value))
                numbers.push_back(value);
        });
        std::sort(numbers.begin(), numbers.end());
        s.counted = static_cast<std::int64_t>(numbers.size());
        if (!numbers.empty()) {
            s.min = numbers.front();
            s.max = numbers.back();
            s.p10 = quantile(numbers, 0.1);
            s.median = quantile(numbers, 0.5);
            s.p90 = quantile(numbers, 0.9);
            s.mean = std::accumulate(numbers.begin(), numbers.end(), 0.0) / static_cast<double>(numbers.size());
        }
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace lode
