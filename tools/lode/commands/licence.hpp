#pragma once
// lode licence: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "register_output.hpp"

#include "lode/register/licences.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class LicenceCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    void add_field_options(CLI::App& sub);
    std::string describe_fields() const;
    void report_surrender(Store& store, const Feature& licence);
    int show(Store& store);
    CLI::App* add_ = nullptr;
    CLI::App* show_ = nullptr;
    CLI::App* update_ = nullptr;
    CLI::App* surrender_ = nullptr;
    std::string id_, project_, wkt_, on_, format_;
    FieldTexts fields_;
};

} // namespace lode::cli
