#pragma once
// lode obligation: its options (setup, check) and what it does (run).
#include "commands/register_group.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/register/licences.hpp"
#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class ObligationCommand final : public RegisterGroup {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    int run_add();
    int run_list();
    int run_done();
    int run_remove();
    CLI::App* done_ = nullptr;
    CLI::App* remove_ = nullptr;
    Obligation obligation_;
    std::string amount_, licence_, project_, on_;
    int every_ = 0;
    std::int64_t id_ = 0;
    bool all_ = false;
};

} // namespace lode::cli
