#pragma once
// lode partner: its options (setup, check) and what it does (run).
#include "commands/register_group.hpp"
#include "output.hpp"

#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class PartnerCommand final : public RegisterGroup {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    int run_add();
    Partnership partnership_;
    std::string list_project_;
};

} // namespace lode::cli
