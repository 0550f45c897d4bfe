#include "assay.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/result.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <cmath>
#include <iostream>

namespace lode::cli {

const char* AssayCommand::examples() const
{
    return "  lode assay list UZ24-L-01\n"
           "  lode assay list UZ24-L-01 --analyte Li,Li2O --format csv\n"
           "  lode assay list UZ24-L-01 --bdl zero --format json";
}

void AssayCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    list_ = app.add_subcommand("list", "Every assay result of a sample: value or qualifier and limit, as the lab wrote it, "
                                       "the number it counts as, method, lab, batch");
    add_db_option(*list_, false);
    list_->add_option("SAMPLE", sample_, "The sample's id")->required();
    list_->add_option("-l,--layer", layer_, "The layer the sample is in (default samples)")->option_text("LAYER");
    list_->add_option("--analyte", analytes_, "Only these analytes (Li, Li2O, Au ...), comma-separated")->delimiter(',')->option_text("A,...");
    list_->add_option("--bdl", bdl_, "What a result below its detection limit counts as: half the limit (default), zero, the limit, or null")
        ->check(CLI::IsMember({"half", "zero", "limit", "null"}))
        ->option_text("half|zero|limit|null");
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer("Examples:\n  lode assay list UZ24-L-01\n  lode assay list UZ24-L-01 --analyte Au --format json");
}

int AssayCommand::run()
{
    auto store = open_store();
    store->layer_kind(layer_);   // NotFound with the close names
    if (!store->find_feature(layer_, sample_))
        throw NotFound("layer '" + layer_ + "' has no feature '" + sample_ + "'");
    AssayQuery query;
    query.layer = layer_;
    query.sample = sample_;
    for (const auto& a : analytes_)
        query.analytes.push_back(Analytes::built_in().require(a).symbol);
    const BelowLimit rule = *parse_below_limit(bdl_);
    const auto number = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
    Table table{{"analyte", "value", "unit", "qualifier", "limit", "as written", "counts as", "method", "lab", "batch", "assayed_on"}, {}};
    store->read_assays(query, [&](const AssayRecord& r) {
        const auto counts = substituted(r.result, rule);
        table.rows.push_back({r.analyte, number(r.result.value), to_string(r.unit), to_string(r.result.qualifier),
                              number(r.result.limit), r.result.text, counts ? nlohmann::json(*counts) : nlohmann::json(),
                              r.method, r.lab, r.batch, r.assayed_on});
        return true;
    });
    table.print(std::cout, format_);
    if (format_ == "table")
        std::cout << "(" << table.rows.size() << " result" << (table.rows.size() == 1 ? "" : "s") << "; below a detection limit counts as "
                  << (rule == BelowLimit::half    ? "half the limit"
                      : rule == BelowLimit::zero  ? "zero"
                      : rule == BelowLimit::limit ? "the limit"
                                                  : "no number")
                  << ", above an upper limit as the limit)\n";
    return 0;
}

} // namespace lode::cli
