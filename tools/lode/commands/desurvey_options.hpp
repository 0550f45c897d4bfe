#pragma once
// The desurvey options shared by the commands that place drillholes (export, section, map):
// --method, --azimuth-ref, --declination and --grid-crs, into export/drill_traces.hpp's
// DesurveyOptions.
#include "lode/export/drill_traces.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <ostream>
#include <string>

namespace lode::cli {

class DesurveyFlags {
public:
    void add(CLI::App& app);
    // The options given; CLI::ValidationError for a combination that does not go together
    // (--declination without magnetic azimuths, --grid-crs without grid ones).
    DesurveyOptions options() const;
    // Whether any was given (a command that draws no trace ignores none silently).
    bool given() const;

private:
    std::string method_, reference_;
    std::optional<double> declination_;
    std::string grid_crs_;
};

// A note (on err) naming the holes whose own azimuth reference the options given replaced; nothing
// when there are none.
void print_overridden(std::ostream& err, const DesurveyTally& tally);

} // namespace lode::cli
