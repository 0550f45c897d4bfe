#pragma once
// lode section: a vertical cross-section through the drillholes (map/section.hpp).
#include "command.hpp"
#include "desurvey_options.hpp"

#include "lode/map/section.hpp"

namespace lode::cli {

class SectionCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    SectionOptions options_;
    std::string through_, width_ = "50m";
    std::vector<double> classes_;
    bool portrait_ = false;
    DesurveyFlags desurvey_;
};

} // namespace lode::cli
