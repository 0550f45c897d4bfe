#pragma once
// Partner access to a store on a database server: which login of the server reads (and, allowed to
// write, changes) the rows of which programmes. The server enforces it (PostgreSQL's row-level
// security); a SpatiaLite file has no logins, and refuses it. lode never creates logins nor keeps
// their passwords: the server's administrator makes the login, lode maps it to a partner.
#include "lode/base/error.hpp"

#include <string>
#include <vector>

namespace lode {

// A write the server refused the login (SQLSTATE 42501: a privilege it lacks, or a row its
// policies do not let it write); the transaction is as it was before the statement only when the
// caller had opened a savepoint (a nested Store::begin_write) around it.
class AccessRefused : public Error {
public:
    using Error::Error;
};

// A login's access as one partner organisation.
struct AccessGrant {
    std::string login;          // a login role of the server
    std::string organisation;   // a partner organisation of the store
    // The projects given; empty: every project the organisation is a partner in, then and later.
    std::vector<std::string> projects;
    bool write = false;         // may insert, update and delete these projects' rows
    // Read back (access_grants): the projects the login reaches as this organisation now.
    std::vector<std::string> reaches;
};

// What a backend with logins does; the checks are Store's (grant_access and revoke_access).
class AccessControl {
public:
    virtual ~AccessControl() = default;
    // Replaces the login's access as the organisation by this one, in the caller's transaction:
    // the server's policies on every table of the store, then the login's privileges.
    virtual void write_grant(const AccessGrant& grant) = 0;
    // Every grant, by login then organisation, with the projects each reaches now.
    virtual std::vector<AccessGrant> grants() = 0;
    // Removes the login's access as the organisation; false when it had none.
    virtual bool write_revoke(const std::string& organisation, const std::string& login) = 0;
};

} // namespace lode
