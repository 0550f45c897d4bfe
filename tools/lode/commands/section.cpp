#include "section.hpp"

#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/quantity.hpp"

#include <iostream>

namespace lode::cli {

const char* SectionCommand::examples() const
{
    return "  lode section -o section.pdf --through 695900,7669511,696700,7669511 --crs EPSG:7850\n"
           "  lode section -o li.svg --through 695900,7669511,696700,7669511 --crs EPSG:7850 --width 100m \\\n"
           "      --colour-by li2o_pct --classes 0.5,1,1.5 --table assays\n"
           "  lode section -o section.png --through 696041,7669300,696041,7669700 --crs EPSG:7850 --vertical-exaggeration 2\n"
           "  lode section -o grid.svg --through 695900,7669511,696700,7669511 --crs EPSG:7850 --azimuth-ref grid --grid-crs EPSG:7850";
}

void SectionCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("-o,--output", options_.output, "The section to write: OUT.pdf, OUT.svg or OUT.png")->required()->option_text("OUT");
    app.add_option("--through", through_, "The section line from A to B, in --crs (eastings and northings in metres)")
        ->required()
        ->option_text("X1,Y1,X2,Y2");
    app.add_option("--crs", options_.crs, "The projected CRS of --through and of the section (EPSG:nnnn, e.g. the collars' MGA or UTM zone)")
        ->required()
        ->option_text("SRS");
    app.add_option("--width", width_, "The corridor drawn: this width centred on the line, half on either side (default 50m)")
        ->option_text("DISTANCE");
    app.add_option("--vertical-exaggeration", options_.vertical_exaggeration,
                   "Draw elevations at this many times the horizontal scale (default 1: true scale)")
        ->option_text("N");
    app.add_option("-p,--project", options_.projects, "The holes of this programme (repeat for several; default: all)")->option_text("CODE");
    app.add_option("--table", options_.table, "The interval table drawn as bars (default: every table)")->option_text("NAME");
    app.add_option("--colour-by", options_.colour_by,
                   "Colour the interval bars by this field (default: lithology or lith where the intervals have it)")
        ->option_text("FIELD");
    app.add_option("--classes", classes_, "Class breaks of a numeric --colour-by field, ascending (e.g. grade classes 0.5,1,2)")
        ->delimiter(',')
        ->option_text("V1,V2,...");
    app.add_option("--title", options_.title, "Title (default: the section's ends)")->option_text("TEXT");
    app.add_option("--subtitle", options_.subtitle, "Subtitle (default: azimuth, length, width and holes)")->option_text("TEXT");
    app.add_option("--page", options_.page, "Page size: A4, A3 or letter")
        ->check(CLI::IsMember({"A4", "A3", "letter"}, CLI::ignore_case))
        ->option_text("SIZE");
    app.add_flag("--portrait", portrait_, "Portrait page (default: landscape)");
    app.add_option("--dpi", options_.dpi, "PNG resolution in dots per inch (default 200)")->check(CLI::Range(36, 1200))->option_text("N");
    app.add_option("--date", options_.date, "The date printed on the section (default: today, UTC)")->option_text("YYYY-MM-DD");
    desurvey_.add(app);
}

void SectionCommand::check() const
{
    desurvey_.options();
}

int SectionCommand::run()
{
    const auto numbers = split_any(through_, ",");
    std::vector<double> xy;
    for (const auto& n : numbers)
        if (const auto v = parse_number(trim(n)))
            xy.push_back(*v);
    if (numbers.size() != 4 || xy.size() != 4)
        throw InputError(mention(Setting::through) + ": '" + through_ + "' is not four numbers X1,Y1,X2,Y2");
    options_.x1 = xy[0], options_.y1 = xy[1], options_.x2 = xy[2], options_.y2 = xy[3];
    options_.width = parse_distance_m(width_, mention(Setting::width));
    options_.classes = classes_;
    options_.landscape = !portrait_;
    options_.desurvey = desurvey_.options();
    auto store = open_store();
    const SectionReport report = render_section(*store, options_);
    std::vector<std::string> holes;
    for (const auto& h : report.holes)
        holes.push_back(h.hole);
    std::cout << "drew a section of " << report.holes.size() << " hole" << (report.holes.size() == 1 ? "" : "s") << " ("
              << join(holes, ", ") << "; " << report.intervals << " intervals"
              << (report.colour_by.empty() ? std::string() : " coloured by " + report.colour_by) << ") to " << report.output << "\n";
    std::cout << "section " << format_number(report.length, 1) << " m at azimuth " << format_number(report.azimuth, 1) << "° in "
              << report.crs_name << ", ±" << format_number(options_.width / 2, 1) << " m; " << report.holes_outside
              << " hole" << (report.holes_outside == 1 ? "" : "s") << " outside the corridor; scale bar " << report.scale_bar.label
              << "; vertical exaggeration " << format_number(options_.vertical_exaggeration, 2) << "\n";
    if (desurvey_.given() || !report.desurveyed.own.empty())
        std::cout << "traces: " << describe_desurvey(options_.desurvey, report.desurveyed) << "\n";
    print_overridden(std::cerr, report.desurveyed);
    for (const auto& note : report.notes)
        std::cout << "note: " << note << "\n";
    return 0;
}

} // namespace lode::cli
