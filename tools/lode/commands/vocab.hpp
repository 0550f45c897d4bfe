#pragma once
// lode vocab: the vocabularies a store extends (list, add).
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class VocabCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    CLI::App *list_ = nullptr, *add_ = nullptr;
    std::string vocabulary_;             // phases, roles
    std::vector<std::string> values_;    // to add
    std::string format_;
};

} // namespace lode::cli
