#pragma once
// lode qc's reading of a store: a layer's QC samples, results and the reference materials,
// judged by lode/assay/qc.hpp's rules (judge_qc), the same for every backend.
#include "lode/assay/qc.hpp"
#include "lode/store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode {

// The QC of a layer's batches (filter.project: the samples and QC samples of that project; as_of:
// the samples, QC samples, results and certified values as they were then, history form).
QcJudgement judge_layer_qc(Store& store, const std::string& layer, const QcFilter& filter = {},
                           const std::optional<std::string>& as_of = std::nullopt);

// A layer's QC samples, and the certified values of the reference materials, as they were at
// as_of (history form): the current ones with each change recorded after that time undone, newest
// first, as read_assays_as_of rebuilds results; without as_of, the current ones. Error naming the
// row when the history holds a QC type or unit lode does not know.
std::vector<QcSample> qc_samples_as_of(Store& store, const std::string& layer, const std::optional<std::string>& as_of);
std::vector<ReferenceValue> reference_values_as_of(Store& store, const std::optional<std::string>& as_of);

} // namespace lode
