#pragma once
// lode due: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/register/due.hpp"
#include "lode/store/store.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class DueCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string within_ = "90d", project_, today_, format_;
};

} // namespace lode::cli
