#pragma once
// lode report: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "rows.hpp"

#include "lode/report/report.hpp"

namespace lode::cli {

class ReportCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string code_, output_;
    ReportOptions options_;
    bool no_map_ = false, overwrite_ = false;
    int timeout_ = 120;
};

} // namespace lode::cli
