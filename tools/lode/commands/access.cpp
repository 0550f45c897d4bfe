#include "access.hpp"
#include "lode/store/retry.hpp"

#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

const char* AccessCommand::examples() const
{
    return "  lode access grant \"Geoscience Australia\" --login ga_reader --db postgresql://admin@db.example/lode\n"
           "  lode access grant \"Tanzania Geological Survey\" --login gst --project TZ-GRE --write\n"
           "  lode access list --format csv\n"
           "  lode access revoke \"Geoscience Australia\" --login ga_reader";
}

void AccessCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    grant_ = app.add_subcommand("grant", "Let a login of the server read (--write: also change) the rows of a partner's programmes: "
                                         "every project the organisation is a partner in, or those given; the server enforces it");
    add_db_option(*grant_);
    grant_->add_option("ORGANISATION", grant_given_.organisation, "A partner organisation of the store (lode partner list)")->required();
    grant_->add_option("--login", grant_given_.login, "An existing login role of the server (lode neither makes logins nor keeps passwords)")
        ->option_text("ROLE")
        ->required();
    grant_->add_option("--project", grant_given_.projects, "Only these projects (each one the organisation is a partner in)")
        ->option_text("CODE ...");
    grant_->add_flag("--read", read_, "Read only (the default)");
    grant_->add_flag("--write", write_, "Read, insert, update and delete");
    grant_->footer("Examples:\n  lode access grant KIGAM --login kigam_geo --write\n"
                   "  lode access grant \"Geoscience Australia\" --login ga_reader --project AU-CMM");

    list_ = app.add_subcommand("list", "The logins given access: organisation, read or write, the projects each reaches now");
    add_db_option(*list_, false);
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer("Examples:\n  lode access list\n  lode access list --format json\n  lode history lode_access   (the grants and revokes: who, when, what changed)");

    revoke_ = app.add_subcommand("revoke", "Remove a login's access as a partner organisation (its privileges go with its last grant)");
    add_db_option(*revoke_);
    revoke_->add_option("ORGANISATION", grant_given_.organisation, "The partner organisation")->required();
    revoke_->add_option("--login", grant_given_.login, "The login role")->option_text("ROLE")->required();
    revoke_->footer("Examples:\n  lode access revoke \"Geoscience Australia\" --login ga_reader");
}

void AccessCommand::check() const
{
    if (read_ && write_)
        throw CLI::ValidationError("access grant", "give --read or --write, not both");
}

int AccessCommand::run()
{
    auto store = open_store();
    if (grant_->parsed()) {
        AccessGrant grant = grant_given_;
        grant.write = write_;
        with_retries([&] { store->grant_access(grant); });
        std::cout << "granted " << grant.login << (grant.write ? " read and write" : " read") << " access as " << grant.organisation
                  << " to " << (grant.projects.empty() ? std::string("every project it is a partner in") : join(grant.projects, ", ")) << "\n";
        return 0;
    }
    if (revoke_->parsed()) {
        with_retries([&] { store->revoke_access(grant_given_.organisation, grant_given_.login); });
        std::cout << "revoked " << grant_given_.login << "'s access as " << grant_given_.organisation << "\n";
        return 0;
    }
    Table table{{"login", "organisation", "access", "scope", "projects"}, {}};
    for (const auto& g : store->access_grants())
        table.rows.push_back({g.login, g.organisation, g.write ? "write" : "read", g.projects.empty() ? "its partnerships" : "given",
                              join(g.reaches, ", ")});
    table.print(std::cout, format_);
    return 0;
}

} // namespace lode::cli
