#include "qc.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/text.hpp"
#include "lode/map/qc_charts.hpp"
#include "lode/store/qc.hpp"

#include <cmath>
#include <iostream>
#include <set>

namespace lode::cli {

const char* QcCommand::examples() const
{
    return "  lode qc\n"
           "  lode qc --batch ALS-24-017 --analyte Li\n"
           "  lode qc --project UZ-PEG --strict --format csv\n"
           "  lode qc -o charts.pdf\n"
           "  lode qc --as-of 2025-03-01";
}

void QcCommand::setup(CLI::App& app)
{
    add_db_option(app, false);
    app.add_option("-l,--layer", layer_, "The layer of the samples (default samples)")->option_text("LAYER");
    app.add_option("-p,--project", project_, "Only the samples and QC samples of this project")->option_text("CODE");
    app.add_option("--batch", batch_, "Only this batch (as the results name it)")->option_text("BATCH");
    app.add_option("--analyte", analytes_, "Only these analytes (Li, Li2O, Au_ppb ...), comma-separated")->delimiter(',')->option_text("A,...");
    app.add_option("-o,--output", output_, "Also draw the control charts of the standards and the duplicates' scatter plots "
                                           "into this file (.pdf, .svg or .png)")
        ->option_text("FILE");
    app.add_option("--as-of", as_of_,
                   "The QC as it stood at this UTC date (its end) or date-time: samples, QC samples, results and certified "
                   "values rebuilt from the history")
        ->option_text("DATE");
    app.add_flag("--strict", strict_, "Exit with status 1 when a batch fails (for scripts); the report is the same");
    add_format_option(app, format_, {"table", "csv", "json"});
    app.footer("Standards: within 2 SD of the certified value pass, 2-3 SD warn, beyond 3 SD fail, and so does the second of two "
               "consecutive warnings on one side (batches in name order, samples in id order). Blanks above 5 x the batch's "
               "detection limit fail. Duplicates: HARD = |a-b|/(a+b), counted within 10% and 20%. csv and json give one row per "
               "judged QC result.");
}

int QcCommand::run()
{
    auto store = open_store();
    QcFilter filter;
    filter.project = project_option(*store, project_);
    if (!batch_.empty())
        filter.batch = batch_;
    for (const auto& a : analytes_) {
        const auto named = analyte_field(a, Analytes::built_in());
        filter.analytes.push_back(named ? named->analyte : Analytes::built_in().require(a).symbol);
    }
    const std::optional<std::string> as_of = as_of_.empty() ? std::nullopt : std::optional<std::string>(parse_as_of(as_of_));
    const QcJudgement qc = judge_layer_qc(*store, layer_, filter, as_of);
    const auto number = [](double v, int decimals) { return std::isnan(v) ? nlohmann::json() : nlohmann::json(std::round(v * std::pow(10, decimals)) / std::pow(10, decimals)); };

    Table checks{{"batch", "sample", "qc_type", "reference", "analyte", "unit", "value", "expected", "sd", "z", "hard", "verdict", "reason"}, {}};
    for (const auto& c : qc.checks)
        checks.rows.push_back({c.batch, c.sample, to_string(c.type), c.reference, c.analyte, std::string(to_string(c.unit)),
                               number(c.value, 6), number(c.expected, 6), number(c.sd, 6), number(c.z, 3), number(c.hard, 4),
                               to_string(c.verdict), c.reason});
    const bool failed = !qc.failed_batches.empty();
    if (!output_.empty()) {
        const QcChartsReport charts = write_qc_charts(qc, output_, "QA/QC of layer " + layer_ + (batch_.empty() ? "" : ", batch " + batch_) +
                                                                (as_of ? ", as of " + *as_of : ""));
        std::cerr << "wrote " << output_ << ": " << join(charts.panels, "; ") << "\n";
    }
    if (format_ != "table") {
        checks.print(std::cout, format_);
        return failed && strict_ ? 1 : 0;
    }
    int standards = 0, blanks = 0, duplicates = 0;
    for (const auto& c : qc.checks) {
        standards += c.type == QcType::standard;
        blanks += c.type == QcType::blank;
        duplicates += is_duplicate(c.type);
    }
    std::set<std::string> batches;
    for (const auto& s : qc.summaries)
        batches.insert(s.batch);
    std::cout << "QC of layer " << layer_ << (as_of ? " as of " + *as_of : "") << ": " << batches.size() << " batch" << (batches.size() == 1 ? "" : "es") << ", " << standards
              << " standard result" << (standards == 1 ? "" : "s") << ", " << blanks << " blank result" << (blanks == 1 ? "" : "s") << ", "
              << duplicates << " duplicate result" << (duplicates == 1 ? "" : "s") << "\n";
    if (as_of)
        print_history_began(std::cout, *store, *as_of);
    if (qc.checks.empty()) {
        std::cout << "(no QC results: import duplicates, standards and blanks with a QC_Type column, and certified values with lode crm add)\n";
        return 0;
    }
    Table summary{{"batch", "analyte", "standards", "pass", "warning", "fail", "bias %", "blanks", "blank fail", "duplicates", "HARD<=10%",
                   "HARD<=20%", "verdict"},
                  {}};
    const auto share = [](int n, int of) { return of == 0 ? nlohmann::json() : nlohmann::json(std::to_string(n) + " of " + std::to_string(of)); };
    for (const auto& s : qc.summaries)
        summary.rows.push_back({s.batch, s.analyte, s.standards, s.standards_passed, s.standards_warned, s.standards_failed,
                                std::isnan(s.bias_pct) ? nlohmann::json() : nlohmann::json(std::stod(format_number(s.bias_pct, 2))), s.blanks,
                                s.blanks_failed, s.duplicates, share(s.within_10, s.duplicates), share(s.within_20, s.duplicates),
                                s.failed() ? "fail" : "pass"});
    summary.print(std::cout, "table");
    std::cout << "\n";
    checks.print(std::cout, "table");
    if (failed) {
        std::cout << "\nbatches with a failure (" << qc.failed_batches.size() << "), with the samples they hold:\n";
        for (const auto& [batch, samples] : qc.failed_batches)
            std::cout << "  " << (batch.empty() ? "(no batch)" : batch) << ": " << samples.size() << " sample" << (samples.size() == 1 ? "" : "s")
                      << ": " << join(samples, ", ") << "\n";
    } else {
        std::cout << "\nno batch failed\n";
    }
    return failed && strict_ ? 1 : 0;
}

} // namespace lode::cli
