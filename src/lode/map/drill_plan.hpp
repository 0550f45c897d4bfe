#pragma once
// Drillholes on a plan map (`lode map`): each selected collar's desurveyed trace
// (export/drill_traces.hpp) projected onto the map, a tick at the end of the hole, and optionally its
// significant intercepts (drill/intercepts.hpp) as thicker segments coloured by grade class. The
// collars' symbols and hole-id labels are the drillholes layer's own (layers.cpp, labels.cpp).
#include "lode/export/drill_traces.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace lode {

struct MapIntercepts {
    std::string field;              // the intervals' numeric field composited (li2o_pct)
    double cutoff = 0;
    std::vector<double> breaks;     // grade classes above the cut-off, ascending, each above it; empty: one class
    double min_length = 0, max_dilution = 0;   // metres, as lode intercepts takes them
    std::string table;              // the interval table; empty: every table
};

struct MapDrill {
    bool traces = true;             // draw the traces of the drillholes layer when it is mapped
    DesurveyOptions desurvey;
    std::optional<MapIntercepts> intercepts;
};

struct MapDrillReport {
    std::size_t traced = 0;         // traces drawn (a vertical hole's is its collar)
    std::size_t untraced = 0;       // collars without a depth: no trace
    std::size_t intercepts = 0;     // intercept segments drawn
    DesurveyTally desurveyed;           // what the traced holes' desurvey applied
};

} // namespace lode
