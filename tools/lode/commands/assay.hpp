#pragma once
// lode assay: the assay results of the store (list).
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class AssayCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    CLI::App* list_ = nullptr;
    std::string sample_;
    std::string layer_ = "samples";
    std::vector<std::string> analytes_;
    std::string bdl_ = "half";
    std::string format_;
};

} // namespace lode::cli
