#include "lode/store/assay_history.hpp"

#include "lode/base/error.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <unordered_set>

namespace lode {

namespace {

std::string text_of(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

double number_of(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : NAN; }

} // namespace

void apply_assay_image(AssayRecord& r, const nlohmann::json& image)
{
    if (!image.is_object())
        return;
    for (const auto& [name, v] : image.items()) {
        if (name == "id")
            r.id = v.is_number() ? v.get<std::int64_t>() : r.id;
        else if (name == "layer")
            r.layer = text_of(v);
        else if (name == "sample")
            r.sample = text_of(v);
        else if (name == "analyte")
            r.analyte = text_of(v);
        else if (name == "value")
            r.result.value = number_of(v);
        else if (name == "detection_limit")
            r.result.limit = number_of(v);
        else if (name == "original")
            r.result.text = text_of(v);
        else if (name == "method")
            r.method = text_of(v);
        else if (name == "lab")
            r.lab = text_of(v);
        else if (name == "batch")
            r.batch = text_of(v);
        else if (name == "assayed_on")
            r.assayed_on = text_of(v);
        else if (name == "import_id")
            r.import = v.is_number() ? v.get<std::int64_t>() : 0;
        else if (name == "unit" || name == "qualifier") {
            const std::string text = text_of(v);
            const auto unit = name == "unit" ? parse_unit(text) : std::optional<Unit>(r.unit);
            const auto qualifier = name == "qualifier" ? parse_qualifier(text) : std::optional<Qualifier>(r.result.qualifier);
            if (!unit || !qualifier)
                throw Error("assay result " + std::to_string(r.id) + " of '" + r.sample + "' (" + r.analyte + ") had the " + name +
                            " '" + text + "' in the history, which lode does not know");
            r.unit = *unit;
            r.result.qualifier = *qualifier;
        }
    }
}

void read_assays_as_of(Store& store, const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit)
{
    AssayQuery now = query;
    now.as_of.reset();
    now.sample.reset();   // a change may have moved a result between samples or analytes: the layer's, whole
    now.samples.clear();
    now.analytes.clear();
    now.any_order = true;   // kept by number, below
    std::map<std::int64_t, std::optional<AssayRecord>> rows;
    store.read_assays(now, [&](const AssayRecord& r) {
        rows.emplace(r.id, r);
        return true;
    });
    undo_changes(rows, store.changes_since("assay_results", *query.as_of), [](const FeatureChange& c) { return c.row; },
                 [](AssayRecord& r, const FeatureChange& c) {
                     r.id = c.row;
                     apply_assay_image(r, c.old_values);
                 });
    const std::unordered_set<std::string> samples(query.samples.begin(), query.samples.end());
    std::vector<const AssayRecord*> then;
    for (const auto& [id, row] : rows)
        if (row && row->layer == query.layer && (!query.sample || row->sample == *query.sample) &&
            (samples.empty() || samples.count(row->sample)) &&
            (query.analytes.empty() || std::find(query.analytes.begin(), query.analytes.end(), row->analyte) != query.analytes.end()))
            then.push_back(&*row);
    std::stable_sort(then.begin(), then.end(), [](const AssayRecord* a, const AssayRecord* b) { return a->sample < b->sample; });
    for (const AssayRecord* r : then)
        if (!visit(*r))
            return;
}

} // namespace lode
