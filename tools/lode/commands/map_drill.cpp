#include "map_drill.hpp"

#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

void MapDrillFlags::add(CLI::App& app)
{
    app.add_flag("--no-traces", no_traces_, "Draw the drillholes as collars only, without their desurveyed traces");
    desurvey_.add(app);
    app.add_option("--intercepts", intercepts_,
                   "Draw the significant intercepts of an interval field on the traces, as thick segments coloured by "
                   "grade class: FIELD:CUTOFF, or FIELD:CUTOFF,B2,B3... for more classes above the cut-off (e.g. "
                   "li2o_pct:0.5,1,2)")
        ->option_text("FIELD:CUTOFF[,B...]");
    app.add_option("--table", table_, "With --intercepts: the interval table composited (default: every table)")->option_text("NAME");
    app.add_option("--min-length", min_length_, "With --intercepts: leave out intercepts shorter than this (metres)")
        ->check(CLI::NonNegativeNumber)
        ->option_text("M");
    app.add_option("--max-dilution", max_dilution_,
                   "With --intercepts: take at most this many consecutive metres below the cut-off inside an intercept")
        ->check(CLI::NonNegativeNumber)
        ->option_text("M");
}

void MapDrillFlags::apply(MapOptions& options) const
{
    options.drill.traces = !no_traces_;
    options.drill.desurvey = desurvey_.options();
    if (intercepts_.empty()) {
        if (!table_.empty() || min_length_ > 0 || max_dilution_ > 0)
            throw CLI::ValidationError("--intercepts", "--table, --min-length and --max-dilution apply to --intercepts, which is not given");
        return;
    }
    if (no_traces_)
        throw CLI::ValidationError("--intercepts", "are drawn on the traces: leave out --no-traces");
    const auto colon = intercepts_.rfind(':');
    MapIntercepts x;
    std::vector<double> numbers;
    bool ok = colon != std::string::npos && colon > 0;
    if (ok) {
        x.field = intercepts_.substr(0, colon);
        for (const auto& part : split_any(intercepts_.substr(colon + 1), ",")) {
            const auto v = parse_number(trim(part));
            ok = ok && v.has_value();
            if (v)
                numbers.push_back(*v);
        }
    }
    if (!ok || numbers.empty())
        throw CLI::ValidationError("--intercepts", "'" + intercepts_ + "' is not FIELD:CUTOFF[,BREAK...] (e.g. li2o_pct:0.5,1,2)");
    x.cutoff = numbers.front();
    x.breaks.assign(numbers.begin() + 1, numbers.end());
    x.table = table_;
    x.min_length = min_length_;
    x.max_dilution = max_dilution_;
    options.drill.intercepts = x;
}

void MapDrillFlags::print(std::ostream& out, const MapOptions& options, const MapReport& report) const
{
    const MapDrillReport& d = report.drill;
    if (d.traced == 0 && d.untraced == 0)
        return;
    out << "traces: " << d.traced << " hole" << (d.traced == 1 ? "" : "s") << " desurveyed by "
        << describe_desurvey(options.drill.desurvey, d.desurveyed);
    if (d.untraced > 0)
        out << "; " << d.untraced << " without a depth drawn as collars only";
    out << "\n";
    print_overridden(std::cerr, d.desurveyed);
    if (options.drill.intercepts)
        out << "intercepts: " << d.intercepts << " of " << options.drill.intercepts->field << " >= "
            << format_number(options.drill.intercepts->cutoff, 6) << " (at least " << format_number(options.drill.intercepts->min_length, 3)
            << " m, at most " << format_number(options.drill.intercepts->max_dilution, 3) << " m of dilution)\n";
}

} // namespace lode::cli
