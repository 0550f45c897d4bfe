#pragma once
// lode import: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "lode/import/importer.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class ImportCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    ImportOptions options_;
    std::vector<std::string> fields_;
    std::string on_duplicate_ = "error";
};

} // namespace lode::cli
