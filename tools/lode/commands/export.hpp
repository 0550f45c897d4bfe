#pragma once
// lode export: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"
#include "desurvey_options.hpp"

#include "lode/base/error.hpp"
#include "lode/export/drill_tables.hpp"
#include "lode/export/exporter.hpp"
#include "lode/geo/quantity.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class ExportCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    void print(std::ostream& out, const ExportReport& report) const;
    // Shapefile names are at most 10 characters: say which fields were shortened, and how to import them back.
    void print_renames(std::ostream& out, const ExportReport& report) const;
    ExportOptions options_;
    std::string format_, project_, bbox_, as_of_, bdl_;
    int precision_ = -1;
    bool drillhole_tables_ = false;
    DesurveyFlags desurvey_;
    // --drillhole-tables: the collar, survey and interval tables of 3D modelling software.
    int run_drillhole_tables();
};

} // namespace lode::cli
