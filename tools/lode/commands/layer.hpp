#pragma once
// lode layer: layers of any kind at any time (create, fields, add-field, rename, drop).
#include "command.hpp"
#include "output.hpp"

#include "lode/import/source_kind.hpp"

namespace lode::cli {

class LayerCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    int run_create();
    int run_fields();
    int run_add_field();
    int run_rename();
    int run_drop();
    CLI::App *create_ = nullptr, *fields_ = nullptr, *add_field_ = nullptr, *rename_ = nullptr, *drop_ = nullptr;
    std::string name_, other_;              // the layer; a field name or the new name
    ImportOptions source_;                  // --from FILE [--src-layer L]
    std::string kind_file_, style_by_;
    std::string type_ = "text", unit_, description_;
    bool with_features_ = false;
    std::string format_;
};

} // namespace lode::cli
