#include "below_limit.hpp"

#include "lode/base/error.hpp"
#include "lode/schema/filter.hpp"

namespace lode::cli {

void add_bdl_option(CLI::App& app, std::string& bdl)
{
    bdl = "half";
    app.add_option("--bdl", bdl,
                   "What an analyte's result below its detection limit counts as (in --where, --stat ...): half the limit, zero, "
                   "the limit, or null (no number)")
        ->check(CLI::IsMember({"half", "zero", "limit", "null"}))
        ->option_text("half|zero|limit|null")
        ->capture_default_str();
}

BelowLimit bdl_rule(const std::string& bdl)
{
    const auto rule = parse_below_limit(bdl);
    if (!rule)
        throw CLI::ValidationError("--bdl", "'" + bdl + "' is not half, zero, limit or null");
    return *rule;
}

bool names_analytes(Store& store, const std::string& expression, const std::vector<std::string>& layers)
{
    if (expression.empty())
        return false;
    std::vector<const LayerKind*> kinds;
    if (layers.empty()) {
        for (const auto& kind : store.layer_kinds())
            kinds.push_back(&kind);
    } else {
        for (const auto& layer : layers)
            for (const auto& kind : store.layer_kinds())
                if (kind.name == layer)
                    kinds.push_back(&kind);
    }
    for (const LayerKind* kind : kinds) {
        try {
            if (!Filter::parse(expression, *kind, &store.commodities()).assay_fields().empty())
                return true;
        } catch (const Error&) {
        }
    }
    return false;
}

void print_bdl_note(std::ostream& out, BelowLimit rule)
{
    out << "note: below-limit results count as " << describe(rule) << " (--bdl half|zero|limit|null); above an upper limit as the limit\n";
}

} // namespace lode::cli
