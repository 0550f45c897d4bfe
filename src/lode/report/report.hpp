#pragma once
// `lode report`: one document per programme — phase and milestones, partners and interests, the
// licence table with what falls due, features by commodity, the best assays, the drilling, licence conflicts
// with other holders, overlaps among the programme's own licences and the location map. Gathering (from the store) is kept apart from rendering
// (HTML, Markdown, PDF), so that the renderers work on plain structs and can be tested alone.
#include "lode/store/store.hpp"
#include "lode/register/due.hpp"
#include "lode/store/assay_stats.hpp"
#include "lode/store/qc.hpp"
#include "lode/store/register.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

struct MapOptions;
struct MapReport;

struct ReportLicence {
    std::string id;
    std::string number;        // licence_no
    std::string name;
    std::string type;          // licence_type
    std::string holder;
    std::string jurisdiction;
    std::string status;
    std::string applied, granted, expiry;
    double area_km2 = 0;       // on the WGS84 ellipsoid, edges straight in lon/lat (as `lode show`)
    std::vector<Interest> partners;   // with their interests in this licence, where recorded
    std::vector<DueItem> due;         // outstanding, most urgent first (as `lode due`)
};

// Features of the programme per commodity: one column per layer, one row per commodity.
struct CommodityCounts {
    std::vector<std::string> layers;   // e.g. prospects, occurrences, samples
    struct Row {
        std::string symbol;
        std::string name;
        std::vector<std::int64_t> counts;   // per layer, in the order of layers
    };
    std::vector<Row> rows;                  // in the vocabulary's order
};

struct AssaySample {
    std::string id;
    double value = 0;
    double longitude = 0, latitude = 0;
    std::string prospect;   // id of the programme's prospect that holds the sample; empty when none
};

// The highest values of one assay field, best first.
struct BestAssays {
    std::string field;       // e.g. li2o_pct
    std::string unit;        // %, ppm
    std::string commodity;   // vocabulary symbol the assay is of
    std::vector<AssaySample> samples;
};

// A licence of the programme overlapping a licence of another holder or programme.
struct LicenceConflict {
    std::string licence, licence_number;
    std::string other, other_number, other_holder, other_project;
    double area_km2 = 0;
    double pct_licence = 0, pct_other = 0;   // of each licence's own area
};

// A layer of the programme that no other section covers (camps, geology, hazard zones, ...).
struct OtherLayer {
    std::string name, title;
    std::int64_t features = 0;   // of the programme
};

// Two of the programme's own licences (same holder) sharing ground: a cadastre problem, e.g. an
// application lodged over the programme's own granted licence.
struct OwnLicenceOverlap {
    std::string licence, licence_number, status;
    std::string other, other_number, other_status;
    double area_km2 = 0;
    double pct_licence = 0, pct_other = 0;   // of each licence's own area
};

// The programme's drilling (drilling.cpp): its holes, metres drilled by year and type, and the best
// significant intercepts of a grade field of its intervals.
struct DrillingYearType {
    std::string year;      // of drilled_on; "undated" when empty or when the layer has no drilled_on
    std::string type;      // drill_type; "unknown" when empty or when the layer has no drill_type
    std::int64_t holes = 0;
    double metres = 0;     // sum of depth_m (end-of-hole depths along the holes)
};

struct ReportIntercept {
    std::string hole;
    double from = 0, to = 0, grade = 0;
    std::string text;      // "DH1: 8.0 m @ 0.75 from 2.0 m"
};

// A grade field with the cut-off its intercepts are reported at when no other is asked for.
struct InterceptDefault {
    const char* field;
    double cutoff;
    const char* unit;
};
// li2o_pct 0.5 %, au_ppm and au_gpt 0.5 g/t, cu_pct 0.2 %, treo_ppm 1000 ppm (in this order of preference);
// at least 2 m long, at most 2 m of internal dilution.
const std::vector<InterceptDefault>& intercept_defaults();
inline constexpr double report_intercept_min_length = 2, report_intercept_max_dilution = 2;

struct DrillingSummary {
    std::int64_t holes = 0;
    double metres = 0;
    std::int64_t without_depth = 0;             // holes whose depth_m is empty (not in metres)
    std::vector<DrillingYearType> by_year_type; // by year, then type
    std::int64_t surveyed = 0;                  // holes with downhole survey stations
    std::int64_t intervals = 0;                 // rows of every interval table of the holes
    // The intercepts: the first field of intercept_defaults() that is a number in some interval of
    // the holes (empty: none is, and no intercepts are computed), in the interval table that holds
    // most of its numbers.
    std::string field, table, unit;
    double cutoff = 0;
    std::int64_t intercepts = 0;                // how many in all
    std::vector<ReportIntercept> best;          // by grade × length (metal accumulation), best first
};

// The programme's drillholes and their downhole data; empty when the store has no drillholes layer.
DrillingSummary gather_drilling(Store& store, const std::string& code, std::size_t top);

struct ReportOptions;
struct ReportDrillPlan;
// The plan of the programme's holes (drilling.holes > 0 and options.map), with the intercepts of
// the drilling section drawn on the traces; a plan that cannot be drawn says why (unavailable).
ReportDrillPlan draw_drill_plan(Store& store, const std::string& code, const DrillingSummary& drilling, const ReportOptions& options,
                                const std::string& date);

struct ReportMap {
    std::vector<unsigned char> png;   // empty when the map could not be made
    std::string unavailable;          // why not, when png is empty
    std::string crs_name;
    std::string scale_bar;
};

// The plan of the drillholes (lode map's drawing of the drillholes layer alone: collars, traces,
// hole ids and, where the drilling section has them, the intercepts), as SVG.
struct ReportDrillPlan {
    std::string svg;                  // empty when there are no holes, or the plan could not be made
    std::string unavailable;          // why not, when svg is empty and there are holes
    std::string crs_name;
    std::string scale_bar;
    std::size_t traced = 0, intercepts = 0;
};

struct ProgrammeReport {
    Project project;
    std::string date;   // the report's date, YYYY-MM-DD
    std::vector<Milestone> milestones;
    std::vector<Interest> partners;   // the project's, with their interests where recorded
    std::vector<AgreementTerm> terms;
    std::vector<ReportLicence> licences;
    CommodityCounts commodities;
    std::vector<BestAssays> assays;
    // The programme's samples' assay results, as `lode assay stats -p CODE` and `lode qc -p CODE`
    // give them (store/assay_stats.hpp, store/qc.hpp): per analyte and unit, and per lab batch.
    std::vector<AnalyteStats> assay_statistics;
    QcJudgement qc;
    std::vector<LicenceConflict> conflicts;
    std::vector<OtherLayer> other_layers;   // by name
    std::vector<OwnLicenceOverlap> own_overlaps;   // each pair once, the smaller id first
    DrillingSummary drilling;
    ReportDrillPlan drill_plan;
    ReportMap map;
};

struct ReportOptions {
    std::string date;             // YYYY-MM-DD; empty: today (UTC)
    std::size_t top_assays = 3;   // samples per assay field
    std::size_t top_intercepts = 5;   // the best intercepts listed
    bool map = true;
    int map_dpi = 150;
    std::string basemap;          // empty: the map's default
};

// A figure of the report drawn by lode map (m.output is set to a temporary NAME, whose extension
// chooses the format) and read back; drawn: what render_map reported. Throws as render_map does.
std::vector<unsigned char> draw_report_figure(Store& store, MapOptions& m, const std::string& name, MapReport& drawn);

// Everything the store holds about the programme. Throws NotFound for an unknown code, InputError
// for a bad date. A map that cannot be drawn is not an error: ReportMap::unavailable says why.
ProgrammeReport gather_report(Store& store, const std::string& code, const ReportOptions& options);

// Phase and milestones, partners and their interests, agreement terms, each licence's partners and
// due items: the register's part of the report. gather_report calls it after the licences are read.
void gather_register_sections(Store& store, ProgrammeReport& report);

// The commodity an assay field measures (li2o_pct → Li, ceo2_ppm → Ce, treo_ppm → REE), or "" when
// the field is no assay of a vocabulary commodity.
std::string assay_commodity(const std::string& field, const Commodities& vocabulary);

enum class ReportFormat { html, markdown, pdf };

// From OUT's extension: .html/.htm, .md/.markdown, .pdf (any case); throws InputError otherwise.
ReportFormat report_format_of(const std::string& path);

// A self-contained HTML document (UTF-8, inline CSS, the map as a data: URI).
std::string render_report_html(const ProgrammeReport& report);

// GitHub-flavoured Markdown; the map is referenced as map_href (a PNG the caller writes beside it),
// the drillhole plan as plan_href (an SVG the caller writes beside it; empty: no plan there).
std::string render_report_markdown(const ProgrammeReport& report, const std::string& map_href, const std::string& plan_href = {});

// The HTML rendered to PDF by WeasyPrint, run as a child process that is killed after
// timeout_seconds. Throws Error when WeasyPrint is missing, fails or takes too long.
std::vector<unsigned char> html_to_pdf(const std::string& html, int timeout_seconds);

// Text helpers of the renderers, exposed for their tests.
std::string escape_markdown_cell(const std::string& text);
std::string base64(const std::vector<unsigned char>& bytes);

} // namespace lode
