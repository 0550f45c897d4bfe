#pragma once
// lode map's drillhole options: the traces (--no-traces and the desurvey options) and the
// intercepts drawn on them (--intercepts FIELD:CUTOFF[,BREAK...], --table, --min-length,
// --max-dilution), into MapOptions::drill (map/drill_plan.hpp); and the lines they add to the output.
#include "desurvey_options.hpp"

#include "lode/map/render.hpp"

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>

namespace lode::cli {

class MapDrillFlags {
public:
    void add(CLI::App& app);
    // Into options.drill; InputError for an --intercepts that is not FIELD:CUTOFF[,BREAK...].
    void apply(MapOptions& options) const;
    // "traces: ..." and "intercepts: ..." when traces were drawn.
    void print(std::ostream& out, const MapOptions& options, const MapReport& report) const;

private:
    DesurveyFlags desurvey_;
    bool no_traces_ = false;
    std::string intercepts_, table_;
    double min_length_ = 0, max_dilution_ = 0;
};

} // namespace lode::cli
