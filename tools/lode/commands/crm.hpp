#pragma once
// lode crm: the certified values of reference materials (add, list), which lode qc judges
// standards by.
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class CrmCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    CLI::App *add_ = nullptr, *list_ = nullptr;
    std::string name_, analyte_, source_, from_;
    double value_ = NAN, sd_ = NAN;
    std::string format_;
};

} // namespace lode::cli
