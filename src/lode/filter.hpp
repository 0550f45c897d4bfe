#pragma once
// --where: a small, safe filter language on a layer's attributes, evaluated in memory on each
// feature (values are never spliced into SQL, and any backend can use it).
//
//   li2o_pct >= 1.2 AND status IN ('granted', 'renewal pending')
//   name LIKE 'Greenb%' OR NOT (sampled_on < '2024-01-01')
//   commodities HAS 'Li'   expiry IS NULL   depth_m BETWEEN 50 AND 200
#include "lode/commodities.hpp"
#include "lode/layer_kind.hpp"
#include "lode/store.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lode {

class Filter {
public:
    // Parses expression against the kind's fields plus `id` and `project`. Throws InputError
    // "--where: column N: <what is wrong>" pointing at the mistake; vocabulary normalises the
    // commodity literals of HAS (may be null).
    static Filter parse(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary);

    bool matches(const Feature& feature) const;
    const std::string& text() const { return text_; }

    struct Node;

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

} // namespace lode
