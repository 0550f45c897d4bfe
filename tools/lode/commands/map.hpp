#pragma once
// lode map: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"
#include "map_drill.hpp"

#include "lode/map/render.hpp"
#include "lode/web/page.hpp"
#include "lode/geo/quantity.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class MapCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    void check() const override;
    int run_page();   // -o PAGE.html: the interactive map page (map_page.cpp)
    // --from FILE: the saved definition, with the options given on the command line in place of
    // its own; --save FILE: the map's definition (map_definition.cpp).
    void apply_definition();
    void save_definition(const MapOptions& options) const;

    MapOptions options_;
    std::string bbox_;
    bool landscape_ = false, portrait_ = false, no_inset_ = false;
    std::string grid_ = "geographic";
    std::vector<std::string> backgrounds_;
    std::string hillshade_, contours_;
    std::vector<std::string> wheres_, labels_, symbolise_, classes_;
    std::string bdl_;
    std::string from_, save_;
    const CLI::App* app_ = nullptr;
    MapDrillFlags drill_;   // the drillholes' traces and intercepts (map_drill.cpp)
};

} // namespace lode::cli
