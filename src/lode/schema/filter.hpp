#pragma once
// --where: a small, safe filter language on a layer's attributes, evaluated in memory on each
// feature (values are never spliced into SQL, and any backend can use it).
//
//   li2o_pct >= 1.2 AND status IN ('granted', 'renewal pending')
//   name LIKE 'Greenb%' OR NOT (sampled_on < '2024-01-01')
//   commodities HAS 'Li'   expiry IS NULL   depth_m BETWEEN 50 AND 200
//
//   expression = or EOF
//   or         = and { OR and }
//   and        = not { AND not }
//   not        = NOT not | '(' or ')' | predicate
//   predicate  = field ( ('=' | '!=' | '<>' | '<' | '<=' | '>' | '>=') value
//                      | [NOT] BETWEEN value AND value
//                      | [NOT] IN '(' value { ',' value } ')'
//                      | [NOT] LIKE 'pattern'          % any run, _ one code point
//                      | [NOT] HAS 'commodity'         commodity and commodities fields
//                      | IS [NOT] NULL )
//   value      = 'text with '' for a quote' | [+|-] number
//
// Keywords are case-insensitive; fields are the kind's plus `id` and `project`. Literals are
// checked against the field's type when parsing (dates on the calendar, commodities through the
// vocabulary). Logic is SQL's three-valued one: a comparison with a NULL attribute is unknown,
// NOT unknown is unknown, and a feature matches only when the whole expression is true.
#include "lode/schema/commodities.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/schema/feature.hpp"

#include <memory>
#include <string>
#include <vector>

namespace lode {

class Filter {
public:
    // Parses expression against the kind's fields plus `id` and `project`. Throws InputError
    // "<Setting::where>: column N: <what is wrong>" pointing at the mistake (on the command line
    // "--where: column N: ..."); vocabulary normalises the commodity literals of HAS (may be null).
    static Filter parse(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary);

    // True when the expression is true for feature (a default-constructed Filter matches all).
    bool matches(const Feature& feature) const;
    const std::string& text() const { return text_; }

    // Parentheses and NOTs nested deeper than this are refused.
    static constexpr int max_depth = 64;

    struct Node;

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
};

} // namespace lode
