#pragma once
// `lode section`: a vertical cross-section through the drillholes along a line A → B of a projected
// CRS, drawn with Cairo like the maps (the same page, title, legend, scale bar and atomic output).
//
// Each hole is desurveyed (export/drill_traces.hpp) and its positions projected into the section's
// CRS; a position's distance along the section is its projection onto A → B, its offset the distance
// off the line. What lies within half the width on either side of the line and between A and B is
// drawn: the trace, its collar and id, and its intervals as bars along it, coloured by a field's
// values (lithology) or by classes of a number (grade). The horizontal axis is the distance from A in
// metres, the vertical the elevation (collar elevation − vertical depth), at true scale unless a
// vertical exaggeration is asked for; a locator plan shows the line, the corridor and the collars.
#include "lode/export/drill_traces.hpp"
#include "lode/map/render.hpp"
#include "lode/store/store.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode {

struct SectionOptions {
    std::string output;                   // OUT.pdf, OUT.svg or OUT.png
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0; // A and B, in crs
    std::string crs;                      // a projected CRS in metres (EPSG:nnnn, a PROJ string or WKT)
    double width = 50;                    // metres: the corridor, width / 2 on either side of A → B
    double vertical_exaggeration = 1;
    std::vector<std::string> projects;    // empty: every project
    std::string table;                    // the interval table drawn; empty: every table
    std::string colour_by;                // the intervals' field colouring the bars; empty: lithology or lith if present
    std::vector<double> classes;          // class breaks of a numeric colour_by (ascending); empty: by value
    std::string title, subtitle;          // empty: from A → B
    std::string page = "A4";
    bool landscape = true;
    int dpi = 200;                        // PNG only
    std::string date;                     // printed; empty: today
    DesurveyOptions desurvey;             // method and azimuth reference of the traces
};

struct SectionHole {
    std::string hole;
    double collar_along = 0, collar_offset = 0;   // the collar's place, metres from A and off the line (left +)
    std::size_t intervals = 0;                    // drawn along it
};

struct SectionReport {
    std::string output;
    MapFormat format = MapFormat::pdf;
    PageSize page;
    std::string crs_name;
    double length = 0;          // A → B, metres in the CRS
    double azimuth = 0;         // grid bearing of A → B, degrees
    std::vector<SectionHole> holes;       // drawn, in id order
    std::size_t holes_outside = 0;        // desurveyed but nowhere within the corridor
    std::string colour_by;                // the field the bars are coloured by; empty: none
    std::size_t intervals = 0;
    ScaleBar scale_bar;
    std::vector<std::string> notes;
    DesurveyTally desurveyed;             // what the holes' desurvey applied
};

// Throws InputError for a request no section can be drawn from (the output's format, A = B, a width
// or exaggeration not above 0, classes not ascending), before anything is read.
void validate(const SectionOptions& options);

// Draws the section in a temporary folder beside options.output and renames it there when finished.
// Throws InputError for a CRS that is not projected in metres and for a corridor without any hole.
SectionReport render_section(Store& store, const SectionOptions& options);

} // namespace lode
