#pragma once
// The numbers a query carries for its statistics (--stat): numeric fields of the layer, which the
// store reads with the features, and ANALYTE_UNIT names (Li_ppm, Au_ppb: store/assay_values.hpp),
// each feature's latest result converted on the fly, looked up by the feature's id.
#include "lode/assay/result.hpp"
#include "lode/store/assay_values.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lode {

class NumberColumns {
public:
    // InputError for a name that is neither a numeric field of the layer nor ANALYTE_UNIT.
    NumberColumns(Store& store, const LayerKind& kind, const std::vector<std::string>& names, BelowLimit rule);
    // What the store reads (Reading::numbers): the fields among the names.
    const std::vector<std::string>& fields() const { return fields_; }
    // Whether complete() needs the features' ids (some name is an analyte).
    bool needs_ids() const { return assays_ != nullptr; }
    // numbers: the fields() of the feature as read; made the values of every name, in their order
    // (NaN where none). Safe to call from several threads at once.
    void complete(const std::string& feature_id, std::vector<double>& numbers) const;

private:
    std::vector<std::string> names_, fields_;
    std::vector<int> slot_;   // per name: its index in fields_, or -1 - (index in the assay names)
    std::vector<std::string> assay_names_;
    std::shared_ptr<const AssayValues> assays_;
};

} // namespace lode
