#include "intercepts.hpp"

#include "lode/drill/intercepts.hpp"

#include <cmath>
#include <iostream>

namespace lode::cli {

const char* InterceptsCommand::examples() const
{
    return "  lode intercepts --field li2o_pct --cutoff 0.5\n"
           "  lode intercepts --field li2o_pct --cutoff 0.5 --min-length 2 --max-dilution 2 --project AU-CMM\n"
           "  lode intercepts --field li2o_pct --cutoff 1 --table assays --holes PGO-ILL-001 --format csv\n"
           "  lode intercepts --field li2o_pct --cutoff 0.5 --max-dilution 2 --include-cutoff 1.5 --min-grade-length 5";
}

void InterceptsCommand::setup(CLI::App& app)
{
    add_db_option(app);
    auto* field = app.add_option("--field", field_, "The intervals' numeric field composited (e.g. li2o_pct)")->option_text("FIELD");
    app.add_option("--analyte", analyte_,
                   "Composite the assay results of this analyte (ANALYTE_UNIT, e.g. Li2O_pct) of each interval's sample "
                   "(its sample_id among the results of --assay-layer), converted from any unit and oxide, a below-limit "
                   "result as half its limit; where the sample has none, the interval's own field of that name")
        ->option_text("ANALYTE_UNIT")
        ->excludes(field);
    app.add_option("--assay-layer", assay_layer_, "With --analyte: the layer whose samples hold the results")
        ->option_text("LAYER")
        ->capture_default_str();
    app.add_option("--cutoff", cutoff_, "Intervals at or above this value are ore")->required()->option_text("VALUE");
    app.add_option("--min-length", min_length_, "Leave out intercepts shorter than this (metres)")
        ->option_text("M")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--max-dilution", max_dilution_,
                   "Take at most this many consecutive metres below the cut-off inside an intercept, where the composite stays at or above it")
        ->option_text("M")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    app.add_option("--min-grade-length", min_grade_length_,
                   "Leave out intercepts whose grade times length is below this (e.g. 5 for 5 %·m of a field in percent)")
        ->option_text("GRADE_M")
        ->check(CLI::NonNegativeNumber);
    app.add_option("--include-cutoff", include_cutoff_,
                   "Report the parts of each intercept at or above this higher cut-off (\"incl. 4.0 m @ 2.10 from 60.0 m\"), "
                   "by the same length and dilution rules")
        ->option_text("VALUE");
    app.add_option("--table", table_, "The interval table (lode import --intervals --table); default: every table")->option_text("NAME");
    app.add_option("-p,--project", project_, "The holes of this project")->option_text("CODE");
    app.add_option("--holes", holes_, "These holes only (comma-separated)")->delimiter(',')->option_text("HOLE,...");
    app.add_option("--decimals", decimals_, "Decimals of the grade in the intercept's text")
        ->check(CLI::Range(0, 6))
        ->capture_default_str();
    add_format_option(app, format_, {"table", "csv", "json"});
}

void InterceptsCommand::check() const
{
    if (field_.empty() == analyte_.empty())
        throw CLI::ValidationError("--field", "name the grade composited: an interval field (--field) or an assay analyte (--analyte)");
    if (include_cutoff_ && !(*include_cutoff_ > cutoff_))
        throw CLI::ValidationError("--include-cutoff", "must be above --cutoff " + format_number(cutoff_, 6));
}

int InterceptsCommand::run()
{
    auto store = open_store();
    drill::InterceptQuery query;
    query.value = analyte_.empty() ? drill::interval_field(field_) : drill::sample_assay(*store, assay_layer_, analyte_);
    const std::string& name = analyte_.empty() ? field_ : analyte_;
    query.table = table_;
    query.project = project_option(*store, project_);
    query.holes = holes_;
    query.rules = {cutoff_, min_length_, max_dilution_, min_grade_length_};
    query.include_cutoff = include_cutoff_;
    const auto found = drill::significant_intercepts(*store, query);
    const double scale = std::pow(10.0, decimals_);
    Table table{{"hole", "project", "from_m", "to_m", "length_m", "grade", "field", "intercept", "width"}, {}};
    for (const auto& [x, project, dip] : found)
        table.rows.push_back({x.hole, project, x.from, x.to, x.length(), std::round(x.grade * scale) / scale, name,
                              drill::describe(x, decimals_), drill::width_note(dip)});
    table.print(std::cout, format_);
    if (format_ == "table")
        std::cout << found.size() << " intercept" << (found.size() == 1 ? "" : "s") << " of " << name << " >= " << format_number(cutoff_, 6)
                  << " (at least " << format_number(min_length_, 3) << " m, at most " << format_number(max_dilution_, 3)
                  << " m of dilution" << (min_grade_length_ > 0 ? ", at least " + format_number(min_grade_length_, 3) + " grade·m" : std::string())
                  << (include_cutoff_ ? "; inclusions at " + format_number(*include_cutoff_, 6) : std::string()) << ")\n";
    return 0;
}

} // namespace lode::cli
