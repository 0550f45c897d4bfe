// lode import --assays: a lab file's results into samples the store holds already.
#include "import.hpp"

#include "lode/import/assay_import.hpp"
#include "lode/store/retry.hpp"

#include <iostream>

namespace lode::cli {

void print_assay_counts(const std::vector<AnalyteCount>& analytes, const std::map<std::string, std::int64_t>& qc_samples)
{
    if (!analytes.empty()) {
        std::int64_t results = 0, below = 0, above = 0;
        Table table;
        table.columns = {"column", "analyte", "unit", "method", "results", "below limit", "above limit"};
        for (const auto& a : analytes) {
            results += a.results;
            below += a.below;
            above += a.above;
            table.rows.push_back({a.column, a.analyte, std::string(to_string(a.unit)), a.method, a.results, a.below, a.above});
        }
        std::cout << "assay results: " << results << " of " << analytes.size() << " column" << (analytes.size() > 1 ? "s" : "") << " ("
                  << below << " below a detection limit, " << above << " above an upper limit; the text as written kept with each)\n";
        table.print(std::cout, "table");
    }
    if (!qc_samples.empty()) {
        std::vector<std::string> counts;
        for (const auto& [type, n] : qc_samples)
            counts.push_back(std::to_string(n) + " " + type + (n > 1 ? "s" : ""));
        std::cout << "QC samples: " << join(counts, ", ") << " (kept apart from the layer's features, with their results; lode qc judges them)\n";
    }
}

namespace {

// What an --assays import skipped, kept and replaced of what the store held (would: a dry run's).
void print_held(const AssayImportReport& report, bool would)
{
    const std::string verb = would ? "would be " : "";
    if (report.identical > 0)
        std::cout << report.identical << " result" << (report.identical == 1 ? "" : "s")
                  << " the store holds already (same sample, analyte, method, batch and value): " << verb << "skipped\n";
    if (report.replaced > 0)
        std::cout << report.replaced << " stored result" << (report.replaced == 1 ? "" : "s")
                  << " of the same sample, analyte, method and batch " << verb << "replaced (lode undo --import restores them)\n";
    if (report.qc_known > 0)
        std::cout << report.qc_known << " QC sample" << (report.qc_known == 1 ? "" : "s") << " the layer holds already: " << verb
                  << "kept\n";
}

} // namespace

int ImportCommand::run_assays()
{
    if (options_.layer.empty())
        options_.layer = "samples";
    auto store = open_store();
    const AssayImportReport report = with_retries([&] { return import_assays(*store, options_); });
    const std::string of = options_.layer + (options_.project.empty() ? "" : " (" + options_.project + ")");
    if (options_.dry_run) {
        const int status = print_problems(report.problems, report.problem_count, report.problem_features, report.rows, "rows",
                                          " (samples of " + of + " by " + report.sample_field + ")");
        if (format_ == "table" && status == 0) {
            print_assay_counts(report.analytes, report.qc_samples);
            print_held(report, true);
        }
        return status;
    }
    std::cout << "imported " << options_.file << " as assay results of " << of << ": " << report.rows << " rows read, "
              << report.samples << " sample" << (report.samples == 1 ? "" : "s") << " by " << report.sample_field << " in "
              << format_number(report.seconds, 2) << " s\n";
    print_assay_counts(report.analytes, report.qc_samples);
    print_held(report, false);
    if (!report.other_columns.empty())
        std::cout << report.other_columns.size() << " column" << (report.other_columns.size() > 1 ? "s" : "")
                  << " not read (neither the sample id, QC, batch nor an analyte): " << join(report.other_columns, ", ") << "\n";
    return 0;
}

} // namespace lode::cli
