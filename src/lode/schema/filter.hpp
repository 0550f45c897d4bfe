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
// Keywords are case-insensitive; fields are the kind's plus `id` and `project`, and assay results
// named ANALYTE_UNIT, the analyte spelled as the vocabulary spells it (Li_ppm > 300, Au_ppb >= 100,
// Li2O_pct: lode/assay), whose values an
// AssayLookup bound to the filter gives (converted from any unit and any oxide of the element,
// below-limit results by a substitution rule: store/assay_values.hpp). Literals are
// checked against the field's type when parsing (dates on the calendar, commodities through the
// vocabulary). Logic is SQL's three-valued one: a comparison with a NULL attribute is unknown,
// NOT unknown is unknown, and a feature matches only when the whole expression is true.
#include "lode/schema/commodities.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/schema/feature.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// The values of the ANALYTE_UNIT names a filter compares, of a feature by its id.
class AssayLookup {
public:
    virtual ~AssayLookup() = default;
    // The value of name (one of Filter::assay_fields()) for the feature, nullopt when it has none.
    virtual std::optional<double> value(const std::string& feature_id, const std::string& name) const = 0;
};

class Filter {
public:
    // Parses expression against the kind's fields plus `id` and `project`. Throws InputError
    // "<Setting::where>: column N: <what is wrong>" pointing at the mistake (on the command line
    // "--where: column N: ..."); vocabulary normalises the commodity literals of HAS (may be null).
    static Filter parse(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary);
    // One expression applied to every layer of a request (exports, maps): as parse(), with the error
    // naming the layer and, when the layers were not chosen (`layers_chosen` false), hinting to choose them.
    static Filter parse_for_layer(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary,
                                  bool layers_chosen);

    // True when the expression is true for feature (a default-constructed Filter matches all).
    // Assay fields are NULL (unknown) for every feature until a lookup is bound.
    bool matches(const Feature& feature) const;
    const std::string& text() const { return text_; }

    // The ANALYTE_UNIT names the expression compares, as the vocabulary spells them ("Li_ppm"),
    // each once; and the lookup that gives their values.
    const std::vector<std::string>& assay_fields() const { return assay_fields_; }
    void bind(std::shared_ptr<const AssayLookup> lookup) { lookup_ = std::move(lookup); }
    // The layer's fields the expression reads, each once, as the kind names them: matches() looks
    // at these attributes of a feature only (with its id, project and, through the lookup, its
    // assay fields), so a caller may build the feature with these alone.
    const std::vector<std::string>& attribute_fields() const { return attribute_fields_; }

    // A bound on one assay field that every feature the expression matches must meet: its value
    // above (or, inclusive, at least) `value`. Found where the expression is such a comparison
    // (name > 100, name >= 100, name = 100, name BETWEEN 100 AND 200), alone or as one of the terms
    // joined by AND at its top; nullopt otherwise. A caller may read the candidates from an index
    // and still match each (the bound is necessary, not sufficient).
    struct AssayBound {
        std::string name;   // one of assay_fields()
        double value = 0;
        bool inclusive = false;
    };
    std::optional<AssayBound> assay_lower_bound() const;

    // Parentheses and NOTs nested deeper than this are refused.
    static constexpr int max_depth = 64;

    struct Node;

private:
    std::string text_;
    std::shared_ptr<const Node> root_;
    std::vector<std::string> assay_fields_;
    std::vector<std::string> attribute_fields_;
    std::shared_ptr<const AssayLookup> lookup_;
};

} // namespace lode
