#include "lode/query/number_columns.hpp"

#include "lode/base/error.hpp"

#include <cmath>

namespace lode {

NumberColumns::NumberColumns(Store& store, const LayerKind& kind, const std::vector<std::string>& names, BelowLimit rule)
    : names_(names)
{
    for (const auto& name : names) {
        if (const auto assay = assay_name(kind, name)) {
            slot_.push_back(-1 - static_cast<int>(assay_names_.size()));
            assay_names_.push_back(*assay);
            continue;
        }
        const FieldDef* field = kind.field(name);
        if (!field || (field->type != FieldType::real && field->type != FieldType::integer))
            throw InputError("layer '" + kind.name + "' has no numeric field '" + name + "'");
        slot_.push_back(static_cast<int>(fields_.size()));
        fields_.push_back(name);
    }
    if (!assay_names_.empty())
        assays_ = std::make_shared<AssayValues>(store, kind.name, assay_names_, rule);
}

void NumberColumns::complete(const std::string& feature_id, std::vector<double>& numbers) const
{
    if (!assays_)
        return;
    // The row's values built in a buffer of the thread's own, which then trades places with numbers
    // (so neither is allocated again row after row).
    thread_local std::vector<double> all;
    all.assign(names_.size(), NAN);
    const double* assays = assays_->values(feature_id);   // the sample's values, one per assay name
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (slot_[i] >= 0)
            all[i] = numbers[static_cast<std::size_t>(slot_[i])];
        else if (assays)
            all[i] = assays[static_cast<std::size_t>(-1 - slot_[i])];
    }
    numbers.swap(all);
}

} // namespace lode
