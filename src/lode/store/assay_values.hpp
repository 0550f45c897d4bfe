#pragma once
// The values of ANALYTE_UNIT names (Li_ppm, Au_ppb, Li2O_pct) for a layer's features, from the
// store's assay results: what --where compares. Each sample's value is its latest result (the last
// written) of the analyte, or of any other analyte carrying its element (Li2O for Li_ppm),
// converted by the factors of the atomic weights and the units; a result below its detection
// limit counts by the substitution rule (half the limit by default), one above its upper limit as
// the limit, and no number (insufficient sample, not analysed) as none.
#include "lode/assay/result.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/store.hpp"

#include <string>
#include <unordered_map>
#include <vector>

namespace lode {

class AssayValues final : public AssayLookup {
public:
    // Reads the results of layer that the names need; InputError for a name that is not ANALYTE_UNIT.
    AssayValues(Store& store, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule);
    std::optional<double> value(const std::string& feature_id, const std::string& name) const override;

private:
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::vector<double>> values_;   // by sample: one per name, NaN for none
};

// Binds the filter's assay fields (if any) to the results of layer in store.
void bind_assay_values(Filter& filter, Store& store, const std::string& layer, BelowLimit rule = BelowLimit::half);

} // namespace lode
