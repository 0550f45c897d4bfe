#pragma once
// lode import: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"

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
    // The dry run's answer: every problem, grouped; 0 when there is none, else 1.
    int print_problems(const ImportReport& report) const;
    void summarise(const std::string& layer, const ImportReport& report) const;

    ImportOptions options_;
    std::vector<std::string> fields_;
    std::vector<std::string> sets_;
    std::vector<std::string> units_;
    std::string on_duplicate_ = "error";
    std::string format_ = "table";
    bool create_ = false;
    std::string style_by_;
};

// TARGET=VALUE as a pair; a usage error naming the option when it is not.
std::pair<std::string, std::string> split_assignment(const std::string& text, const std::string& option, const char* form);

} // namespace lode::cli
