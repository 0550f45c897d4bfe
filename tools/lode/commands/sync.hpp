#pragma once
// lode sync: its options (setup, check) and what it does (run).
#include "command.hpp"

#include <vector>

namespace lode::cli {

class SyncCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    std::string copy_, prefer_, format_;
    std::vector<std::string> prefer_field_, prefer_server_;
    bool strict_ = false;
};

} // namespace lode::cli
