#include "lode/store/assay_values.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"

#include <cmath>

namespace lode {

AssayValues::AssayValues(Store& store, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule)
    : names_(names)
{
    const Analytes& analytes = Analytes::built_in();
    struct Wanted {
        const Analyte* analyte;
        Unit unit;
    };
    std::vector<Wanted> wanted;
    AssayQuery query;
    query.layer = layer;
    for (const auto& name : names) {
        const auto field = analyte_field(name, analytes);
        if (!field)
            throw InputError("'" + name + "' does not name an analyte and a unit (as Li_ppm, Au_ppb, Li2O_pct)");
        const Analyte& analyte = analytes.require(field->analyte);
        wanted.push_back({&analyte, field->unit});
        // Every analyte that converts to it: the element and its oxides (a sum only itself).
        for (const auto& other : analytes.all())
            if (other.symbol == analyte.symbol ||
                (analyte.kind != Analyte::Kind::sum && other.kind != Analyte::Kind::sum && other.element == analyte.element))
                query.analytes.push_back(other.symbol);
    }
    store.read_assays(query, [&](const AssayRecord& r) {
        const std::optional<double> number = substituted(r.result, rule);
        const Analyte& from = analytes.require(r.analyte);
        for (std::size_t i = 0; i < wanted.size(); ++i) {
            const bool converts = from.symbol == wanted[i].analyte->symbol ||
                                  (from.kind != Analyte::Kind::sum && wanted[i].analyte->kind != Analyte::Kind::sum &&
                                   from.element == wanted[i].analyte->element);
            if (!converts)
                continue;
            auto& row = values_[r.sample];
            if (row.empty())
                row.assign(wanted.size(), NAN);
            // The latest result counts: read in the order written, each overwrites the one before.
            row[i] = number ? convert(*number, from, r.unit, *wanted[i].analyte, wanted[i].unit, analytes) : NAN;
        }
        return true;
    });
}

std::optional<double> AssayValues::value(const std::string& feature_id, const std::string& name) const
{
    const auto row = values_.find(feature_id);
    if (row == values_.end())
        return std::nullopt;
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == name)
            return std::isnan(row->second[i]) ? std::nullopt : std::optional<double>(row->second[i]);
    return std::nullopt;
}

void bind_assay_values(Filter& filter, Store& store, const std::string& layer, BelowLimit rule)
{
    if (!filter.assay_fields().empty())
        filter.bind(std::make_shared<AssayValues>(store, layer, filter.assay_fields(), rule));
}

} // namespace lode
