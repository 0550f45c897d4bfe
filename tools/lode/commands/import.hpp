#pragma once
// lode import: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "lode/import/downhole.hpp"
#include "lode/import/importer.hpp"
#include "lode/import/source_kind.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class ImportCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    // The dry run's answer: every problem, grouped; 0 when there is none, else 1. what: what the
    // features are ("features"), tail: said after the summary line.
    int print_problems(const std::vector<ProblemGroup>& problems, std::int64_t count, std::int64_t features, std::int64_t read,
                       const std::string& what, const std::string& tail) const;
    void summarise(const std::string& layer, const ImportReport& report) const;
    // --surveys, --intervals: a downhole table into the store.
    int run_downhole();
    // --assays: a lab file's results into the layer's samples (import_assays.cpp).
    int run_assays();

    ImportOptions options_;
    std::vector<std::string> fields_;
    std::vector<std::string> sets_;
    std::vector<std::string> units_;
    std::string on_duplicate_ = "error";
    std::string format_ = "table";
    bool create_ = false;
    std::string style_by_;
    bool surveys_ = false, intervals_ = false, assays_ = false;
    std::string interval_table_ = "intervals";
    double dogleg_limit_ = 3.0;
};

// The assay columns an import read, with their counts (results, below and above a limit), and the
// QC samples it kept, by type; nothing when there are none (import_assays.cpp).
void print_assay_counts(const std::vector<AnalyteCount>& analytes, const std::map<std::string, std::int64_t>& qc_samples);

// TARGET=VALUE as a pair; a usage error naming the option when it is not.
std::pair<std::string, std::string> split_assignment(const std::string& text, const std::string& option, const char* form);

} // namespace lode::cli
