#pragma once
// lode undo: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"

#include "lode/store/undo.hpp"

namespace lode::cli {

class UndoCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    std::int64_t import_ = 0;
    bool dry_run_ = false;
    std::string format_;
};

} // namespace lode::cli
