#include "command.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class MilestoneCommand final : public Command {
public:
    const char* name() const override { return "milestone"; }
    const char* description() const override { return "Dated milestones of the programmes (MOUs, investigations, agreements)"; }
    const char* examples() const override
    {
        return "  lode milestone add UZ-PEG --date 2019 --phase MOU --title \"MOU on a big-data system\"\n"
               "  lode milestone add --from geodata/milestones.csv\n"
               "  lode milestone list --project UZ-PEG\n"
               "  lode project timeline UZ-PEG";
    }

    void setup(CLI::App& app) override
    {
        app.require_subcommand(1, 1);
        add_ = app.add_subcommand("add", "Add a milestone to a project, or every row of a table (--from)");
        add_db_option(*add_);
        add_->add_option("PROJECT", milestone_.project, "Project code");
        add_->add_option("--date", milestone_.date, "YYYY, YYYY-MM or YYYY-MM-DD (sources often give only a year)")->option_text("DATE");
        add_->add_option("--title", milestone_.title, "What happened or is to happen");
        add_->add_option("--phase", milestone_.phase, "Phase it opens or belongs to: " + join(project_phases(), ", "));
        add_->add_option("--status", milestone_.status, "Status: " + join(milestone_statuses(), ", ") + " (default done)");
        add_->add_option("--document", milestone_.document, "Agreement or document reference");
        add_->add_option("--source", milestone_.source, "Where the fact comes from");
        add_->add_option("--from", from_, "A table (CSV) with columns project,date,phase,title,status,document,source")->option_text("FILE");
        add_->footer("Examples:\n  lode milestone add NG-LIP --date 2025-12-12 --phase MOU --status \"in preparation\" --title \"MOU with Nigeria discussed\"\n"
                     "  lode milestone add --from geodata/milestones.csv");

        list_ = app.add_subcommand("list", "List milestones by project and date");
        add_db_option(*list_);
        list_->add_option("--project", project_, "Only this project")->option_text("CODE");
        add_format_option(*list_, format_, {"table", "csv", "json"});
        list_->footer("Examples:\n  lode milestone list\n  lode milestone list --project AU-CMM --format csv");
    }

    int run() override
    {
        auto store = open_store();
        if (list_->parsed()) {
            const auto project = project_option(*store, project_);
            Table table{{"id", "project", "date", "phase", "status", "title", "document", "source"}, {}};
            for (const auto& m : store->tracker().milestones(project))
                table.rows.push_back({m.id, m.project, m.date, text_or_null(m.phase), m.status, m.title, text_or_null(m.document),
                                      text_or_null(m.source)});
            table.print(std::cout, format_);
            return 0;
        }
        if (from_.empty() == milestone_.project.empty())
            throw CLI::ValidationError("milestone add", "give either PROJECT with --date and --title, or --from FILE");
        auto rows = from_.empty() ? std::vector<Milestone>{milestone_} : read_milestones(from_);
        add_all_or_none(*store, rows, from_, [&](Milestone& row) { row.id = store->tracker().add_milestone(row); });
        for (const auto& m : rows)
            std::cout << "added milestone " << m.id << " to " << m.project << ": " << m.date << " " << m.title << "\n";
        return 0;
    }

private:
    CLI::App* add_ = nullptr;
    CLI::App* list_ = nullptr;
    Milestone milestone_;
    std::string from_, project_, format_;
};

} // namespace

const Registration registered{65, [] { return std::unique_ptr<Command>(std::make_unique<MilestoneCommand>()); }};

} // namespace lode::cli
