#include "interest.hpp"

#include <algorithm>
#include <iostream>

namespace lode::cli {

const char* InterestCommand::examples() const
{
    return "  lode interest set --licence ILL-TZ-001 --partner KIGAM --role lead --pct 60\n"
           "  lode interest set --project UZ-PEG --partner KIGAM --pct 50\n"
           "  lode interest set --from geodata/register_demo_interests.csv\n"
           "  lode interest list\n"
           "  lode interest list --project UZ-PEG";
}

void InterestCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "set", "Set a partner's role and interest in a licence (--licence) or project (--project)",
        [this](CLI::App& set) {
            auto* licence = set.add_option("--licence", interest_.scope, "Licence id")->option_text("ID");
            set.add_option("--project", project_, "Project code (the partner must be one of its partners)")
                ->option_text("CODE")
                ->excludes(licence);
            set.add_option("--partner", interest_.organisation, "Organisation, or a unique part of its name (KIGAM)")->option_text("NAME");
            set.add_option("--role", interest_.role, "Role: " + join(partner_roles(), ", ") + ", or one the store added (required for a licence)");
            set.add_option("--pct", pct_, "Percentage interest, 0 < pct <= 100; \"\" for none")->option_text("PCT");
            set.add_option("--source", interest_.source, "Where the fact comes from");
        },
        "licence,partner,role,interest_pct,source",
        "  lode interest set --licence ILL-TZ-001 --partner KIGAM --role lead --pct 60\n"
        "  lode interest set --project AU-CMM --partner \"Geoscience Australia\" --pct 50");
    add_list(
        app, "List licence interests (or, with --project/--projects, project interests)",
        [this](CLI::App& list) {
            list.add_option("--licence", list_licence_, "Only this licence")->option_text("ID");
            list.add_option("--project", list_project_, "The interests of this project's partners")->option_text("CODE");
            list.add_flag("--projects", projects_, "The interests of every project's partners");
        },
        "  lode interest list\n  lode interest list --licence ILL-TZ-003 --format csv\n  lode interest list --projects");
}

int InterestCommand::run()
{
    auto store = open_store();
    if (list_->parsed())
        return run_list(*store);
    const bool licence_scope = project_.empty();
    std::vector<Interest> rows;
    if (!from_.empty()) {
        rows = read_interests(from_, "licence");
    } else {
        if ((interest_.scope.empty() && project_.empty()) || interest_.organisation.empty())
            throw CLI::ValidationError("interest set", "give --licence ID or --project CODE, and --partner");
        if (!licence_scope)
            interest_.scope = project_;
        interest_.pct = parse_optional_number(pct_, "--pct");
        rows.push_back(interest_);
    }
    add_all_or_none(*store, rows, from_, [&](const Interest& row) {
        if (licence_scope)
            store->the_register().set_licence_interest(row);
        else
            store->the_register().set_project_interest(row);
    });
    // What the scopes now hold, so that a sum short of 100 % shows at once.
    std::vector<std::string> scopes, flags;
    for (const auto& r : rows)
        if (std::find(scopes.begin(), scopes.end(), r.scope) == scopes.end())
            scopes.push_back(r.scope);
    for (const auto& scope : scopes) {
        auto now = licence_scope ? store->the_register().licence_interests(scope) : store->the_register().project_interests(scope);
        interest_table(now, licence_scope ? "licence" : "project", flags);
    }
    std::cout << "set " << rows.size() << " interest" << (rows.size() == 1 ? "" : "s") << " in "
              << join(scopes, ", ") << "\n";
    print_summary(flags, "table");
    return 0;
}

int InterestCommand::run_list(Store& store)
{
    std::vector<std::string> flags;
    Table table;
    if (!list_project_.empty() || projects_) {
        const auto project = project_option(store, list_project_);
        table = interest_table(store.the_register().project_interests(project), "project", flags);
    } else {
        std::optional<std::string> licence;
        if (!list_licence_.empty()) {
            require_licence(store, list_licence_);
            licence = list_licence_;
        }
        table = interest_table(store.the_register().licence_interests(licence), "licence", flags);
    }
    table.print(std::cout, format_);
    print_summary(flags, format_);
    return 0;
}

} // namespace lode::cli
