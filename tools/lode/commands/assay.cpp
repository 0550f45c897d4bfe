#include "assay.hpp"
#include "below_limit.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/result.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/assay_stats.hpp"

#include <cmath>
#include <iostream>

namespace lode::cli {

const char* AssayCommand::examples() const
{
    return "  lode assay list UZ24-L-01\n"
           "  lode assay list UZ24-L-01 --analyte Li,Li2O --format csv\n"
           "  lode assay list UZ24-L-01 --bdl zero --format json\n"
           "  lode assay list UZ24-L-01 --as-of 2025-03-01\n"
           "  lode assay stats -p UZ-PEG\n"
           "  lode assay stats --analyte Li_ppm,Li2O_pct --bdl zero --format csv\n"
           "  lode assay stats -p UZ-PEG --as-of 2025-03-01";
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
    add_bdl_option(*list_, bdl_);
    list_->add_option("--as-of", as_of_, "The results as they were at this UTC date (its end) or date-time, rebuilt from the history")
        ->option_text("DATE");
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer("Examples:\n  lode assay list UZ24-L-01\n  lode assay list UZ24-L-01 --analyte Au --format json");

    stats_ = app.add_subcommand("stats", "Statistics of each analyte over a layer's samples: results, below and above a limit, "
                                         "min, P10, median, mean, P90, max in the analyte's unit");
    add_db_option(*stats_, false);
    stats_->add_option("-l,--layer", layer_, "The layer of the samples (default samples)")->option_text("LAYER");
    stats_->add_option("-p,--project", project_, "Only the samples of this project")->option_text("CODE");
    stats_->add_option("--analyte", analytes_,
                       "These analytes in these units, ANALYTE_UNIT, comma-separated (Li_ppm, Li2O_pct, Au_gpt; oxides and units "
                       "converted as --where converts them); default: every analyte and unit the results hold")
        ->delimiter(',')
        ->option_text("A_U,...");
    add_bdl_option(*stats_, bdl_);
    stats_->add_option("--as-of", as_of_,
                       "The samples and results as they were at this UTC date (its end) or date-time, rebuilt from the history")
        ->option_text("DATE");
    add_format_option(*stats_, format_, {"table", "csv", "json"});
    stats_->footer("Examples:\n  lode assay stats\n  lode assay stats -p UZ-PEG --analyte Li_ppm,Au_ppb --bdl zero --format json");
}

int AssayCommand::run()
{
    if (stats_->parsed())
        return run_stats();
    auto store = open_store();
    store->layer_kind(layer_);   // NotFound with the close names
    const std::optional<std::string> as_of = as_of_.empty() ? std::nullopt : std::optional<std::string>(parse_as_of(as_of_));
    if (!(as_of ? store->find_feature_as_of(layer_, sample_, *as_of) : store->find_feature(layer_, sample_)))
        throw NotFound("layer '" + layer_ + "' has no feature '" + sample_ + "'" + (as_of ? " as of " + *as_of : ""));
    AssayQuery query;
    query.layer = layer_;
    query.sample = sample_;
    query.as_of = as_of;
    for (const auto& a : analytes_)
        query.analytes.push_back(Analytes::built_in().require(a).symbol);
    const BelowLimit rule = bdl_rule(bdl_);
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
    if (format_ == "table") {
        std::cout << "(" << table.rows.size() << " result" << (table.rows.size() == 1 ? "" : "s") << (as_of ? " as of " + *as_of : "")
                  << "; below a detection limit counts as " << describe(rule) << ", above an upper limit as the limit)\n";
        if (as_of)
            print_history_began(std::cout, *store, *as_of);
    }
    return 0;
}

int AssayCommand::run_stats()
{
    auto store = open_store();
    AssayStatsOptions options;
    options.layer = layer_;
    options.project = project_option(*store, project_);
    options.analytes = analytes_;
    options.below_limit = bdl_rule(bdl_);
    if (!as_of_.empty())
        options.as_of = parse_as_of(as_of_);
    const auto stats = assay_stats(*store, options);
    const auto number = [](double v) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(v); };
    Table table{{"analyte", "unit", "samples", "below limit", "above limit", "n", "min", "p10", "median", "mean", "p90", "max"}, {}};
    for (const auto& s : stats)
        table.rows.push_back({s.name, to_string(s.unit), s.samples, s.below, s.above, s.counted, number(s.min), number(s.p10),
                              number(s.median), number(s.mean), number(s.p90), number(s.max)});
    table.print(std::cout, format_);
    if (format_ == "table")
        std::cout << "(" << stats.size() << " analyte" << (stats.size() == 1 ? "" : "s") << " of layer " << layer_
                  << (project_.empty() ? "" : ", project " + project_) << (options.as_of ? ", as of " + *options.as_of : "")
                  << "; each sample's latest result of the element, oxides converted; below a detection limit counts as "
                  << describe(options.below_limit) << ", above an upper limit as the limit; n: the values with a number)\n";
    if (format_ == "table" && options.as_of)
        print_history_began(std::cout, *store, *options.as_of);
    return 0;
}

} // namespace lode::cli
