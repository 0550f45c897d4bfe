#pragma once
// lode qc: the lab batches judged by their standards, blanks and duplicates.
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class QcCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::string layer_ = "samples";
    std::string project_;
    std::string batch_;
    std::vector<std::string> analytes_;
    bool strict_ = false;
    std::string output_;   // -o charts.pdf|svg|png
    std::string format_;
    std::string as_of_;
};

} // namespace lode::cli
