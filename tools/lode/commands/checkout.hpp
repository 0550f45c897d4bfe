#pragma once
// lode checkout: its options (setup, check) and what it does (run).
#include "command.hpp"

namespace lode::cli {

class CheckoutCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string from_, project_, output_;
};

} // namespace lode::cli
