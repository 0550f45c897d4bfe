#pragma once
// lode layers: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"

#include "lode/base/text.hpp"

namespace lode::cli {

class LayersCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string format_;
};

} // namespace lode::cli
