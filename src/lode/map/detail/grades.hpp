#pragma once
// Grade classes as drillhole figures read them (a class holds its lower bound, as cut-offs are
// read; classes.hpp's class_of, for the maps' graduated symbols, holds the upper one), shared by
// the section (section.cpp) and the plan's intercepts (drill_plan.cpp).
#include "lode/map/style.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace lode::map {

// Pale yellow to dark red over n classes.
Colour class_colour(std::size_t i, std::size_t n);
// A number to at most 3 decimals, without trailing zeros.
std::string number_text(double v);
// The class of a value among ascending breaks: 0 below the first, i at or above break i - 1.
std::size_t grade_class_of(double v, const std::vector<double>& breaks);
// "< 0.5", "0.5 – < 1", "≥ 1"
std::string class_label(std::size_t k, const std::vector<double>& breaks);

} // namespace lode::map
