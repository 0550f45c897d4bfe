#pragma once
// lode history: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/store/history.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class HistoryCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    static void check_table(Store& store, const std::string& table);
    std::string what_, project_, since_, user_, format_;
    std::int64_t import_ = 0;
};

} // namespace lode::cli
