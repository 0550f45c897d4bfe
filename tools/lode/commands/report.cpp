#include "report.hpp"

#include <filesystem>
#include <iostream>

namespace lode::cli {

const char* ReportCommand::examples() const
{
    return "  lode report UZ-PEG -o UZ-PEG.html                 # one self-contained file, the map embedded\n"
           "  lode report TZ-GRE -o TZ-GRE.pdf --date 2026-01-31   # reproducible: the date is the report's\n"
           "  lode report NG-LIP -o NG-LIP.md                   # Markdown; the map beside it as NG-LIP_map.png\n"
           "  lode report AU-CMM -o AU-CMM.html --top 5 --no-map";
}

void ReportCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("CODE", code_, "The programme (project code)")->required();
    app.add_option("-o,--output", output_, "The report to write: OUT.html (self-contained), OUT.md (map beside it as OUT_map.png, the drillhole plan as OUT_drillholes.svg) or OUT.pdf")
        ->required()
        ->option_text("OUT");
    app.add_option("--date", options_.date, "The report's date, used for what is overdue and printed on it (default: today, UTC)")
        ->option_text("YYYY-MM-DD");
    app.add_option("--top", options_.top_assays, "Best assays: this many samples per assay field (default 3)")
        ->check(CLI::Range(0, 100))
        ->option_text("N");
    app.add_flag("--no-map", no_map_, "Leave out the location map (and the plan of the drillholes)");
    app.add_option("--map-dpi", options_.map_dpi, "Resolution of the location map in dots per inch (default 150)")
        ->check(CLI::Range(36, 600))
        ->option_text("N");
    app.add_option("--basemap", options_.basemap, "The Natural Earth countries GeoPackage for the map (default: as lode map)")
        ->option_text("GPKG");
    app.add_option("--timeout", timeout_, "PDF: give WeasyPrint at most this many seconds (default 120)")
        ->check(CLI::Range(1, 3600))
        ->option_text("S");
    app.add_flag("--overwrite", overwrite_, "Replace OUT (and a Markdown report's map) if it exists (a symlink is written through: the file it leads to is replaced, the link kept; a device or FIFO is never replaced)");
}

int ReportCommand::run()
{
    const ReportFormat format = report_format_of(output_);
    options_.map = !no_map_;
    if (options_.basemap.empty())
        options_.basemap = geodata_file("LODE_BASEMAP", "basemap/countries_50m.gpkg");
    // The files are opened (as temporaries beside OUT) before the work, so that an unwritable
    // or existing OUT is refused at once; they appear only when all is written.
    OutputFile out(output_, overwrite_);
    std::unique_ptr<OutputFile> map_file, plan_file;
    std::string map_name, plan_name;
    if (format == ReportFormat::markdown && !no_map_) {
        const std::filesystem::path path(output_);
        map_name = path.stem().string() + "_map.png";
        map_file = std::make_unique<OutputFile>((path.parent_path() / map_name).string(), overwrite_);
        plan_name = path.stem().string() + "_drillholes.svg";
        plan_file = std::make_unique<OutputFile>((path.parent_path() / plan_name).string(), overwrite_);
    }
    auto store = open_store();
    const ProgrammeReport report = gather_report(*store, code_, options_);
    switch (format) {
    case ReportFormat::html: out.stream() << render_report_html(report); break;
    case ReportFormat::markdown: out.stream() << render_report_markdown(report, map_name, plan_name); break;
    case ReportFormat::pdf: {
        const auto pdf = html_to_pdf(render_report_html(report), timeout_);
        out.stream().write(reinterpret_cast<const char*>(pdf.data()), static_cast<std::streamsize>(pdf.size()));
        break;
    }
    }
    if (map_file && !report.map.png.empty()) {
        map_file->stream().write(reinterpret_cast<const char*>(report.map.png.data()), static_cast<std::streamsize>(report.map.png.size()));
        map_file->commit();
    }
    if (plan_file && !report.drill_plan.svg.empty()) {
        plan_file->stream() << report.drill_plan.svg;
        plan_file->commit();
    }
    out.commit();
    std::size_t due = 0;
    for (const auto& l : report.licences)
        due += l.due.size();
    std::cout << "wrote " << output_ << ": " << report.project.code << " (" << report.project.phase << "), " << report.partners.size()
              << " partners, " << report.milestones.size() << " milestones, " << report.licences.size() << " licences, " << due
              << " due items, " << report.conflicts.size() << " conflicts, " << report.own_overlaps.size() << " own overlaps, " << report.assays.size() << " assay fields\n";
    if (report.map.png.empty())
        std::cout << "map: unavailable: " << report.map.unavailable << "\n";
    else
        std::cout << "map: " << report.map.crs_name << (map_file ? ", in " + map_name : std::string(", embedded")) << "\n";
    const ReportDrillPlan& plan = report.drill_plan;
    if (!plan.svg.empty())
        std::cout << "drillhole plan: " << plan.traced << (plan.traced == 1 ? " trace" : " traces") << ", " << plan.intercepts
                  << (plan.intercepts == 1 ? " intercept" : " intercepts") << "; " << plan.crs_name
                  << (plan_file ? ", in " + plan_name : std::string(", embedded")) << "\n";
    else if (!plan.unavailable.empty())
        std::cout << "drillhole plan: unavailable: " << plan.unavailable << "\n";
    return 0;
}

} // namespace lode::cli
