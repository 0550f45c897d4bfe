#pragma once
// lode assay: the assay results of the store (list, stats).
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class AssayCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    int run_stats();
    CLI::App* list_ = nullptr;
    CLI::App* stats_ = nullptr;
    std::string project_;
    std::string sample_;
    std::string layer_ = "samples";
    std::vector<std::string> analytes_;
    std::string bdl_ = "half";
    std::string as_of_;
    std::string format_;
};

} // namespace lode::cli
