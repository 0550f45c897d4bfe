#pragma once
// lode qc -o: the control charts of the standards (each result over the batch sequence, with the
// certified value and the lines at 2 and 3 SD) and a scatter plot of the duplicates (the original's
// result against the duplicate's, with the 1:1 line and HARD 20%), drawn with Cairo as the maps
// are, as PDF, SVG or PNG by the file's extension, written whole or not at all.
#include "lode/assay/qc.hpp"

#include <string>
#include <vector>

namespace lode {

// Where the charts go on the page (points), so that a test can find a value's line: panel i (control
// charts first, then the duplicate plots) has its plot area from x qc_chart_left to qc_chart_right
// and from y qc_chart_top(i) to qc_chart_top(i) + qc_chart_plot_height. A control chart's y axis
// runs from the certified value - k SD (bottom) to + k SD (top), k = max(4, 1.1 x the largest |z|).
constexpr double qc_chart_width = 595, qc_chart_left = 70, qc_chart_right = 565;
constexpr double qc_chart_panel_height = 250, qc_chart_plot_height = 180, qc_chart_first_top = 80;
constexpr double qc_chart_top(int panel) { return qc_chart_first_top + panel * qc_chart_panel_height; }

struct QcChartsReport {
    std::vector<std::string> panels;   // "control chart OREAS-LI1 Li ppm", "duplicates Li ppm", in page order
};

// Draws the charts of the judgement's checks into output (.pdf, .svg or .png); InputError naming
// output for another extension, when there is nothing to draw, or when it cannot be written.
QcChartsReport write_qc_charts(const QcJudgement& qc, const std::string& output, const std::string& title);

} // namespace lode
