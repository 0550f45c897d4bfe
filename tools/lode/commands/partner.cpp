#include "partner.hpp"
#include "lode/store/retry.hpp"

#include <iostream>

namespace lode::cli {

const char* PartnerCommand::examples() const
{
    return "  lode partner add \"Geoscience Australia\" --project AU-CMM --role \"research partner\" --country AU\n"
           "  lode partner add --from geodata/partners.csv\n"
           "  lode partner list --project UZ-PEG";
}

void PartnerCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "add", "Add a partner's role in a project, or every row of a table (--from)",
        [this](CLI::App& add) {
            add.add_option("ORGANISATION", partnership_.organisation, "Organisation name");
            add.add_option("--project", partnership_.project, "Project code")->option_text("CODE");
            add.add_option("--role", partnership_.role, "Role: " + join(partner_roles(), ", ") + ", or one the store added (lode vocab add roles)");
            add.add_option("--country", partnership_.country, "Country of the organisation (ISO alpha-2)");
            add.add_option("--source", partnership_.source, "Where the fact comes from");
        },
        "project,organisation,country,role,source",
        "  lode partner add KIGAM --project NG-LIP --role lead --country KR\n  lode partner add --from geodata/partners.csv");
    add_list(
        app, "List partners and their roles",
        [this](CLI::App& list) { list.add_option("--project", list_project_, "Only this project")->option_text("CODE"); },
        "  lode partner list\n  lode partner list --project TZ-GRE --format csv");
}

void PartnerCommand::check() const
{
    check_one_source(!partnership_.organisation.empty(), "ORGANISATION with --project and --role");
    if (add_->parsed() && from_.empty() && (partnership_.project.empty() || partnership_.role.empty()))
        throw CLI::ValidationError("partner add", "--project and --role are required with ORGANISATION");
}

int PartnerCommand::run()
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

int PartnerCommand::run_add()
{
    auto rows = rows_to_add(partnership_, read_partnerships);
    auto store = open_store();
    with_retries([&] {   // run again when the server refuses it as conflicting with other writers
        auto txn = store->begin_write();
        for (const auto& p : rows)
            store->add_partnership(p);
        txn->commit();
    });
    for (const auto& p : rows)
        std::cout << "added " << p.organisation << " as " << p.role << " of " << p.project << "\n";
    return 0;
}

} // namespace lode::cli
