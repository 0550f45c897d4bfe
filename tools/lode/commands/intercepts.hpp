#pragma once
// lode intercepts: significant intercepts of the drillholes' intervals (drill/intercepts.hpp).
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class InterceptsCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    std::string field_, analyte_, assay_layer_ = "samples";
    double cutoff_ = 0;
    double min_length_ = 0;
    double max_dilution_ = 0;
    double min_grade_length_ = 0;
    std::optional<double> include_cutoff_;
    std::string table_;
    std::string project_;
    std::vector<std::string> holes_;
    int decimals_ = 2;
    std::string format_ = "table";
};

} // namespace lode::cli
