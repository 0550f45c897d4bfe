#include "command.hpp"
#include "output.hpp"

#include "lode/import/tables.hpp"
#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class PartnerCommand final : public Command {
public:
    const char* name() const override { return "partner"; }
    const char* description() const override { return "Add and list partner organisations and their role in each project"; }
    const char* examples() const override
    {
        return "  lode partner add \"Geoscience Australia\" --project AU-CMM --role \"research partner\" --country AU\n"
               "  lode partner add --from geodata/partners.csv\n"
               "  lode partner list --project UZ-PEG";
    }

    void setup(CLI::App& app) override
    {
        app.require_subcommand(1, 1);
        add_ = app.add_subcommand("add", "Add a partner's role in a project, or every row of a table (--from)");
        add_db_option(*add_);
        add_->add_option("ORGANISATION", partnership_.organisation, "Organisation name");
        add_->add_option("--project", partnership_.project, "Project code")->option_text("CODE");
        add_->add_option("--role", partnership_.role, "Role: " + join(partner_roles(), ", "));
        add_->add_option("--country", partnership_.country, "Country of the organisation (ISO alpha-2)");
        add_->add_option("--source", partnership_.source, "Where the fact comes from");
        add_->add_option("--from", from_, "A table (CSV) with columns project,organisation,country,role,source")->option_text("FILE");
        add_->footer("Examples:\n  lode partner add KIGAM --project NG-LIP --role lead --country KR\n  lode partner add --from geodata/partners.csv");

        list_ = app.add_subcommand("list", "List partners and their roles");
        add_db_option(*list_);
        list_->add_option("--project", list_project_, "Only this project")->option_text("CODE");
        add_format_option(*list_, format_, {"table", "csv", "json"});
        list_->footer("Examples:\n  lode partner list\n  lode partner list --project TZ-GRE --format csv");
    }

    int run() override
    {
        if (add_->parsed())
            return run_add();
        auto store = open_store();
        const auto project = project_option(*store, list_project_);
        Table table{{"project", "organisation", "country", "role"}, {}};
        for (const auto& p : store->partnerships(project))
            table.rows.push_back({p.project, p.organisation, p.country, p.role});
        table.print(std::cout, format_);
        return 0;
    }

private:
    int run_add()
    {
        if (from_.empty() == partnership_.organisation.empty())
            throw CLI::ValidationError("partner add", "give either ORGANISATION with --project and --role, or --from FILE");
        if (from_.empty() && (partnership_.project.empty() || partnership_.role.empty()))
            throw CLI::ValidationError("partner add", "--project and --role are required with ORGANISATION");
        auto rows = from_.empty() ? std::vector<Partnership>{partnership_} : read_partnerships(from_);
        auto store = open_store();
        auto txn = store->begin_write();
        for (const auto& p : rows)
            store->add_partnership(p);
        txn->commit();
        for (const auto& p : rows)
            std::cout << "added " << p.organisation << " as " << p.role << " of " << p.project << "\n";
        return 0;
    }

    CLI::App* add_ = nullptr;
    CLI::App* list_ = nullptr;
    Partnership partnership_;
    std::string from_, list_project_, format_;
};

} // namespace

const Registration registered{70, [] { return std::unique_ptr<Command>(std::make_unique<PartnerCommand>()); }};

} // namespace lode::cli
