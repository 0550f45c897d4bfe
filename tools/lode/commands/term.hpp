#pragma once
// lode term: its options (setup, check) and what it does (run).
#include "commands/register_group.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/import/tables.hpp"

namespace lode::cli {

class TermCommand final : public RegisterGroup {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    AgreementTerm term_;
    std::string project_;
};

} // namespace lode::cli
