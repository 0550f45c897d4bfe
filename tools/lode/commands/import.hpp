#pragma once
// lode import: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "progress.hpp"

#include "lode/import/importer.hpp"
#include "lode/import/source_kind.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class ImportCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    void summarise(const std::string& layer, const ImportReport& report) const;
    ImportOptions options_;
    std::vector<std::string> fields_;
    std::string on_duplicate_ = "error";
    bool create_ = false;
    std::string style_by_;
};

} // namespace lode::cli
