#pragma once
// The drawing of drillholes on a plan map (drill_plan.cpp), for render.cpp.
#include "lode/map/detail/canvas.hpp"
#include "lode/map/drill_plan.hpp"

namespace lode::map {

// Throws InputError for intercept classes that do not ascend above the cut-off.
void validate_drill(const MapDrill& drill);

// Desurveys the selected collars of the drillholes layer and draws their traces (and intercepts)
// under the collars' symbols; what it drew goes to drawn ("drill trace HOLE page X0 Y0 to X1 Y1").
void draw_drill_plan(Canvas& canvas, Store& store, const MapOptions& options, const LoadedLayer& layer,
                     MapDrillReport& report, std::vector<std::string>& drawn);

// The legend of what draw_drill_plan drew: the trace, and the intercepts' classes (each entry to
// drawn as "legend GROUP: TEXT").
std::vector<LegendGroup> drill_plan_legend(const MapDrill& drill, const MapDrillReport& report, std::vector<std::string>& drawn);

} // namespace lode::map
