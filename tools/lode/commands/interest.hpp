#pragma once
// lode interest: its options (setup, check) and what it does (run).
#include "commands/register_group.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/register/licences.hpp"
#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class InterestCommand final : public RegisterGroup {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    int run_list(Store& store);
    Interest interest_;
    std::string project_, pct_, list_licence_, list_project_;
    bool projects_ = false;
};

} // namespace lode::cli
