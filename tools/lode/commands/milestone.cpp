#include "milestone.hpp"

#include <iostream>

namespace lode::cli {

const char* MilestoneCommand::examples() const
{
    return "  lode milestone add UZ-PEG --date 2019 --phase MOU --title \"MOU on a big-data system\"\n"
           "  lode milestone add --from geodata/milestones.csv\n"
           "  lode milestone list --project UZ-PEG\n"
           "  lode project timeline UZ-PEG";
}

void MilestoneCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "add", "Add a milestone to a project, or every row of a table (--from)",
        [this](CLI::App& add) {
            add.add_option("PROJECT", milestone_.project, "Project code");
            add.add_option("--date", milestone_.date, "YYYY, YYYY-MM or YYYY-MM-DD (sources often give only a year)")->option_text("DATE");
            add.add_option("--title", milestone_.title, "What happened or is to happen");
            add.add_option("--phase", milestone_.phase, "Phase it opens or belongs to: " + join(project_phases(), ", ") + ", or one the store added");
            add.add_option("--status", milestone_.status, "Status: " + join(milestone_statuses(), ", ") + " (default done)");
            add.add_option("--document", milestone_.document, "Agreement or document reference");
            add.add_option("--source", milestone_.source, "Where the fact comes from");
        },
        "project,date,phase,title,status,document,source",
        "  lode milestone add NG-LIP --date 2025-12-12 --phase MOU --status \"in preparation\" --title \"MOU with Nigeria discussed\"\n"
        "  lode milestone add --from geodata/milestones.csv");
    add_list(
        app, "List milestones by project and date",
        [this](CLI::App& list) { list.add_option("--project", project_, "Only this project")->option_text("CODE"); },
        "  lode milestone list\n  lode milestone list --project AU-CMM --format csv");
}

void MilestoneCommand::check() const
{
    check_one_source(!milestone_.project.empty(), "PROJECT with --date and --title");
}

int MilestoneCommand::run()
{
    auto store = open_store();
    if (list_->parsed()) {
        const auto project = project_option(*store, project_);
        Table table{{"id", "project", "date", "phase", "status", "title", "document", "source"}, {}};
        for (const auto& m : store->the_register().milestones(project))
            table.rows.push_back({m.id, m.project, m.date, text_or_null(m.phase), m.status, m.title, text_or_null(m.document),
                                  text_or_null(m.source)});
        table.print(std::cout, format_);
        return 0;
    }
    auto rows = rows_to_add(milestone_, read_milestones);
    add_all_or_none(*store, rows, from_, [&](Milestone& row) { row.id = store->the_register().add_milestone(row); });
    for (const auto& m : rows)
        std::cout << "added milestone " << m.id << " to " << m.project << ": " << m.date << " " << m.title << "\n";
    return 0;
}

} // namespace lode::cli
