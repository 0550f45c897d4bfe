#pragma once
// lode delete: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"

#include "lode/store/undo.hpp"

namespace lode::cli {

class DeleteCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    DeleteRequest request_;
    std::int64_t import_ = 0;
    std::string project_, format_, bdl_;
};

} // namespace lode::cli
