#pragma once
// Graduated symbols of `lode map`: a numeric field or an assay analyte (ANALYTE_UNIT) of one layer
// split into classes — by quantiles, by Jenks' natural breaks, or at breaks given — each drawn in a
// colour of a sequential ramp, the classes listed in the legend.
#include <string>
#include <vector>

namespace lode {

enum class ClassMethod { quantile, jenks, breaks };

struct MapClasses {
    ClassMethod method = ClassMethod::quantile;
    int count = 5;                 // quantile and jenks: how many classes
    std::vector<double> breaks;    // breaks: the values between classes, ascending
};

// "quantile:5", "jenks:5", "breaks:100,300,1000"; InputError naming the setting otherwise.
MapClasses parse_classes(const std::string& text);
// The text parse_classes reads back.
std::string to_string(const MapClasses& classes);

// The values between classes, ascending: a value v is in class i when exactly i of them are below v
// (a class holds its upper bound). quantile: the i/count quantiles of values, interpolated between
// the nearest ranks as Python's statistics.quantiles(method='inclusive'); jenks: the largest value of
// each class but the last of Fisher's optimal split (the least sum of squared deviations from the
// class means); breaks: as given. Equal breaks collapse to one (fewer distinct values than classes).
std::vector<double> class_breaks(std::vector<double> values, const MapClasses& classes);

// The class of v among breaks (0 to breaks.size()).
std::size_t class_of(double v, const std::vector<double>& breaks);

// The colour of class i of n on the ramp, "#rrggbb": ColorBrewer's YlOrRd (#ffffb2 #fecc5c #fd8d3c
// #f03b20 #bd0026 for five classes), interpolated between these five for other counts.
std::string ramp_colour(std::size_t i, std::size_t n);

} // namespace lode
