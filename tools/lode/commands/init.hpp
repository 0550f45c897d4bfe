#pragma once
// lode init: its options (setup, check) and what it does (run).
#include "command.hpp"

#include "lode/schema/layer_kind.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class InitCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string layers_dir_;
};

} // namespace lode::cli
