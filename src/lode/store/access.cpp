// Store's checks of partner access (store/access.hpp); the backend with logins writes it.
#include "lode/store/store.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <set>

namespace lode {

namespace {

AccessControl& require_logins(Store& store)
{
    if (auto* access = store.access_control())
        return *access;
    throw Error(Where{store.location().display(), -1, "", ""},
                "a SpatiaLite store has no server and no logins, so no partner access: grant it on a PostGIS store (postgresql://...)");
}

} // namespace

void Store::grant_access(const AccessGrant& given)
{
    AccessControl& access = require_logins(*this);
    AccessGrant grant = given;
    grant.organisation = std::string(trim(grant.organisation));
    grant.login = std::string(trim(grant.login));
    if (grant.login.empty())
        throw InputError("access: the login is empty");
    // The organisation as the store spells it, and the projects it is a partner in.
    std::set<std::string> organisations, its_projects;
    for (const auto& p : partnerships(std::nullopt)) {
        organisations.insert(p.organisation);
        if (p.organisation == grant.organisation)
            its_projects.insert(p.project);
    }
    if (organisations.count(grant.organisation) == 0)
        throw NotFound("unknown partner '" + grant.organisation + "'" +
                       did_you_mean(grant.organisation, {organisations.begin(), organisations.end()}, "partners", 3, "; "));
    for (auto& code : grant.projects) {
        Project project;
        code = require_project(code, project).code;
        if (its_projects.count(code) == 0)
            throw InputError("partner '" + grant.organisation + "' is not a partner in project '" + code +
                             "': it is one in " + (its_projects.empty() ? std::string("none") : join({its_projects.begin(), its_projects.end()}, ", ")));
    }
    std::sort(grant.projects.begin(), grant.projects.end());
    grant.projects.erase(std::unique(grant.projects.begin(), grant.projects.end()), grant.projects.end());
    auto txn = begin_write();
    access.write_grant(grant);
    txn->commit();
}

std::vector<AccessGrant> Store::access_grants()
{
    return require_logins(*this).grants();
}

void Store::revoke_access(const std::string& organisation, const std::string& login)
{
    AccessControl& access = require_logins(*this);
    auto txn = begin_write();
    if (!access.write_revoke(std::string(trim(organisation)), std::string(trim(login))))
        throw NotFound("login '" + login + "' has no access as '" + organisation + "'");
    txn->commit();
}

} // namespace lode
