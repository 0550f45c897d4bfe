#pragma once
// lode copy: its options (setup, check) and what it does (run).
#include "command.hpp"

namespace lode::cli {

class CopyCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string from_, to_;
};

} // namespace lode::cli
