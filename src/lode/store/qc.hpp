#pragma once
// lode qc's reading of a store: a layer's QC samples, results and the reference materials,
// judged by lode/assay/qc.hpp's rules (judge_qc), the same for every backend.
#include "lode/assay/qc.hpp"
#include "lode/store/store.hpp"

#include <string>

namespace lode {

// The QC of a layer's batches (filter.project: the samples and QC samples of that project).
QcJudgement judge_layer_qc(Store& store, const std::string& layer, const QcFilter& filter = {});

} // namespace lode
