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
    std::vector<double> all(names_.size(), NAN);
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (slot_[i] >= 0) {
            all[i] = numbers[static_cast<std::size_t>(slot_[i])];
        } else {
            const auto v = assays_->value(feature_id, assay_names_[static_cast<std::size_t>(-1 - slot_[i])]);
            all[i] = v ? *v : NAN;
        }
    }
    numbers = std::move(all);
}

} // namespace lode
