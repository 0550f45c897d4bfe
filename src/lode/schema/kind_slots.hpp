#pragma once
// A feature's values in its layer kind's field order, for a backend writing rows field by field.
#include "lode/schema/feature.hpp"
#include "lode/schema/layer_kind.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <vector>

namespace lode {

// Found in one pass over the feature's attributes (ordered by name) beside the kind's fields
// ordered by name, not each field looked up among them. Made for one kind, which it outlives not.
class KindSlots {
public:
    explicit KindSlots(const LayerKind& kind) : values_(kind.fields.size())
    {
        for (std::size_t i = 0; i < kind.fields.size(); ++i)
            by_name_.emplace_back(kind.fields[i].name, i);
        std::sort(by_name_.begin(), by_name_.end());
    }
    // Each field's value in feature, in the kind's order (null: none).
    const std::vector<const Value*>& of(const Feature& feature)
    {
        std::fill(values_.begin(), values_.end(), nullptr);
        auto at = feature.attributes.begin();
        const auto end = feature.attributes.end();
        for (const auto& [name, i] : by_name_) {
            while (at != end && at->first < name)
                ++at;
            if (at == end)
                break;
            if (at->first == name)
                values_[i] = &at->second;
        }
        return values_;
    }

private:
    std::vector<std::pair<std::string_view, std::size_t>> by_name_;   // the kind's fields' names and places
    std::vector<const Value*> values_;
};

} // namespace lode
