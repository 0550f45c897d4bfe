#pragma once
// lode project: its options (setup, check) and what it does (run).
#include "commands/register_group.hpp"
#include "register_output.hpp"

#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"
#include "lode/store/register.hpp"

namespace lode::cli {

class ProjectCommand final : public RegisterGroup {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    int run_add();
    int run_list();
    int run_show();
    int run_timeline();
    CLI::App* show_ = nullptr;
    CLI::App* timeline_ = nullptr;
    Project project_;
    std::string show_code_, show_format_, timeline_format_;
};

} // namespace lode::cli
