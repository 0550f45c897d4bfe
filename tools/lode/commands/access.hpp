#pragma once
// lode access: which login of a PostGIS server reads (or writes) which partner's programmes
// (grant, list, revoke); the server enforces it by row-level security.
#include "command.hpp"
#include "output.hpp"

namespace lode::cli {

class AccessCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    CLI::App *grant_ = nullptr, *list_ = nullptr, *revoke_ = nullptr;
    AccessGrant grant_given_;
    bool read_ = false, write_ = false;
    std::string format_;
};

} // namespace lode::cli
