// Partner access to a PostGIS store (store/access.hpp), enforced by the server: row-level security
// policies on every table of the store, the logins' privileges, and the table lode_access mapping
// each login to a partner organisation (all its projects, then and later, or the projects given).
// The policies call SECURITY DEFINER functions owned by the store's owner, with the store's schema
// as their fixed search_path: they read lode_access, the partnerships and a layer's projects
// whoever asks. They deny by default: a login not in lode_access reads no row and writes none, whatever
// privileges it was given by hand (PostGIS layout 9); lode refuses to open the store as it, in one
// line (refuse_ungranted). Grants and revokes are changes of lode_access, recorded in the history
// by its row trigger as every other table's (who, when, lode's user and note; the login,
// organisation, project and can_write before and after).
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <set>

namespace lode {

namespace {

using pq::identifier;

// A table's policies: who reads a row (read), who writes it (write; empty: nobody but the owner).
// %W stands for whether the check is of a write (true) or a read (false).
struct Guard {
    const char* table;
    const char* read;
    const char* write;
};

constexpr const char* by_project = "lode_may(current_user::text, project, %W)";

// A history entry: an assay result's by its sample (they hold no project: lode_may_result);
// lode_access's own entries (grants and revokes): a login reads those of its own access only.
constexpr const char* history_read =
    "CASE WHEN tbl = 'lode_access' THEN split_part(key, '/', 1) = current_user::text"
    " WHEN tbl = 'assay_results' THEN lode_may_result(current_user::text, row_id, old, false)"
    " ELSE lode_may_history(current_user::text, tbl, project, coalesce(new ->> 'hole', old ->> 'hole', split_part(key, '/', 1))) END";
constexpr const char* history_write =
    "CASE WHEN tbl = 'assay_results' THEN lode_may_result(current_user::text, row_id, old, %W) ELSE lode_may(current_user::text, project, %W) END";

// The history's tables, which the triggers write and a writer's login may only link to its import.
bool history_table(const std::string& table) { return table == "history" || table == "history_log" || table == "history_ranges"; }

// Every table of the store besides the layers (a layer is guarded by its project column).
const Guard guards[] = {
    {"projects", "lode_may(current_user::text, code, %W)", "lode_may(current_user::text, code, %W)"},
    {"partners", "lode_may_partner(current_user::text, id)", ""},
    {"project_partners", by_project, by_project},
    {"imports", by_project, by_project},
    {"qc_samples", by_project, by_project},
    {"agreement_terms", by_project, by_project},
    {"milestones", by_project, by_project},
    {"licence_partners", "lode_may_feature(current_user::text, 'licences', licence, %W)",
     "lode_may_feature(current_user::text, 'licences', licence, %W)"},
    {"obligations", "lode_may_feature(current_user::text, 'licences', licence, %W)",
     "lode_may_feature(current_user::text, 'licences', licence, %W)"},
    {"drill_surveys", "lode_may_feature(current_user::text, 'drillholes', hole, %W)",
     "lode_may_feature(current_user::text, 'drillholes', hole, %W)"},
    {"drill_intervals", "lode_may_feature(current_user::text, 'drillholes', hole, %W)",
     "lode_may_feature(current_user::text, 'drillholes', hole, %W)"},
    {"assay_results", "lode_may_feature(current_user::text, layer, sample, %W)", "lode_may_feature(current_user::text, layer, sample, %W)"},
    // The history: written by its triggers (as the owner); a writer's import links its entries.
    // The entries made one at a time: history_log (layout 13), the table history before it.
    {"history", history_read, history_write},
    {"history_log", history_read, history_write},
    // A bulk insert's range of entries (layout 13): by the project of its rows; the view history
    // expands it from the rows the login reads.
    {"history_ranges", by_project, by_project},
    // Shared by every programme: read by every login granted access, changed by the owner only.
    {"lode_meta", "lode_granted(current_user::text)", ""},
    {"layer_kinds", "lode_granted(current_user::text)", ""},
    {"vocabularies", "lode_granted(current_user::text)", ""},
    {"reference_materials", "lode_granted(current_user::text)", ""},
    {"lode_access", "login = current_user::text", ""},
};

std::string with_writing(std::string expression, bool writing)
{
    for (auto at = expression.find("%W"); at != std::string::npos; at = expression.find("%W"))
        expression.replace(at, 2, writing ? "true" : "false");
    return expression;
}

// The mapping and the functions the policies call, made or replaced (the schema's owner only).
std::string access_functions(const std::string& path)
{
    const std::string head = " STABLE SECURITY DEFINER SET search_path = " + path + " AS $f$";
    return R"(
CREATE TABLE IF NOT EXISTS lode_access (
    login text NOT NULL, organisation text NOT NULL, project text, can_write boolean NOT NULL,
    UNIQUE NULLS NOT DISTINCT (login, organisation, project));
-- Has who any access? (No: it reads nothing, not even what every programme shares.)
CREATE OR REPLACE FUNCTION lode_granted(who text) RETURNS boolean LANGUAGE sql)" + head + R"(
    SELECT EXISTS (SELECT 1 FROM lode_access a WHERE a.login = who)
$f$;
-- May who read (or write) the rows of project p? Never for a login lode_access does not hold.
CREATE OR REPLACE FUNCTION lode_may(who text, p text, writing boolean) RETURNS boolean LANGUAGE sql)" + head + R"(
    SELECT EXISTS (SELECT 1 FROM lode_access a WHERE a.login = who AND (a.can_write OR NOT writing)
                   AND (a.project = p OR (a.project IS NULL AND EXISTS (
                       SELECT 1 FROM project_partners pp JOIN partners o ON o.id = pp.partner
                       WHERE o.organisation = a.organisation AND pp.project = p))))
$f$;
-- A feature's rows elsewhere (its assay results, a licence's obligations, a hole's surveys): by
-- the project of the feature in its layer; none when the layer or the feature is not there.
CREATE OR REPLACE FUNCTION lode_may_feature(who text, layer text, feature text, writing boolean) RETURNS boolean LANGUAGE plpgsql)" +
           head + R"(
DECLARE p text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM layer_kinds k WHERE k.name = layer) THEN RETURN false; END IF;
    EXECUTE format('SELECT project FROM %I WHERE id = $1', layer) INTO p USING feature;
    RETURN p IS NOT NULL AND lode_may(who, p, writing);
END $f$;
-- An assay result's history entry: by its sample, as the result is now (row_id) or was (old).
CREATE OR REPLACE FUNCTION lode_may_result(who text, result_id bigint, old jsonb, writing boolean) RETURNS boolean LANGUAGE sql)" + head + R"(
    SELECT lode_may_feature(who, coalesce(a.layer, old ->> 'layer'), coalesce(a.sample, old ->> 'sample'), writing)
    FROM (SELECT 1) o LEFT JOIN assay_results a ON a.id = result_id
$f$;
-- A partner organisation: the login's own, and those partners in a project it reads.
CREATE OR REPLACE FUNCTION lode_may_partner(who text, partner_id bigint) RETURNS boolean LANGUAGE sql)" + head + R"(
    SELECT EXISTS (SELECT 1 FROM lode_access a JOIN partners o ON o.organisation = a.organisation
                   WHERE a.login = who AND o.id = partner_id)
        OR EXISTS (SELECT 1 FROM project_partners pp WHERE pp.partner = partner_id AND lode_may(who, pp.project, false))
$f$;
-- An entry of the history: by its project; a downhole row's by its hole; the shared tables' to all.
CREATE OR REPLACE FUNCTION lode_may_history(who text, tbl text, p text, hole text) RETURNS boolean LANGUAGE sql)" + head + R"(
    SELECT CASE WHEN p IS NOT NULL THEN lode_may(who, p, false)
                WHEN tbl IN ('drill_surveys', 'drill_intervals') THEN lode_may_feature(who, 'drillholes', hole, false)
                ELSE tbl IN ('layer_kinds', 'vocabularies', 'reference_materials') AND lode_granted(who) END
$f$;
-- The history's triggers write as the owner, whoever changed the row.
ALTER FUNCTION history_layer_insert() SECURITY DEFINER;
ALTER FUNCTION history_layer_update() SECURITY DEFINER;
ALTER FUNCTION history_layer_delete() SECURITY DEFINER;
ALTER FUNCTION history_row() SECURITY DEFINER;
-- Grants and revokes in the history, keyed login/organisation/project (project NULL: its partnerships).
DROP TRIGGER IF EXISTS history_row ON lode_access;
CREATE TRIGGER history_row AFTER INSERT OR UPDATE OR DELETE ON lode_access
    FOR EACH ROW EXECUTE FUNCTION history_row('login', 'organisation', 'project');
)";
}

bool has_table(PGconn* db, const std::string& schema, const std::string& table)
{
    return pq::query_integer(db, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = $2",
                             pq::Params().add(schema).add(table)) > 0;
}

void guard_table(PGconn* db, const std::string& table, const std::string& read, const std::string& write);

// The mapping, the functions and every table's policies, made or replaced (the schema's owner only).
void guard_store(PGconn* db, const std::string& schema)
{
    pq::exec_script(db, access_functions(identifier(schema) + ", public"));
    for (const auto& guard : guards)
        if (has_table(db, schema, guard.table))
            guard_table(db, guard.table, guard.read, guard.write);
    const pq::Result layers = pq::exec(db, "SELECT name FROM layer_kinds ORDER BY name");
    for (int i = 0; i < layers.rows(); ++i)
        guard_table(db, layers.text(i, 0), by_project, by_project);
}

// Row-level security on, and the table's two policies (made again).
void guard_table(PGconn* db, const std::string& table, const std::string& read, const std::string& write)
{
    const std::string t = identifier(table);
    std::string sql = "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY; DROP POLICY IF EXISTS lode_read ON " + t +
                      "; DROP POLICY IF EXISTS lode_write ON " + t + "; CREATE POLICY lode_read ON " + t + " FOR SELECT USING (" +
                      with_writing(read, false) + ")";
    if (!write.empty())
        sql += "; CREATE POLICY lode_write ON " + t + (history_table(table) ? " FOR UPDATE" : " FOR ALL") + " USING (" +
               with_writing(write, true) + ") WITH CHECK (" + with_writing(write, true) + ")";
    pq::exec_script(db, sql);
}

struct StoreTables {
    std::vector<std::string> all, writable, sequences;
};

// The store's tables (those of guards present, and the layers), those a partner may write, and
// the sequences of their identity columns.
StoreTables store_tables(PGconn* db, const std::string& schema)
{
    StoreTables tables;
    for (const auto& guard : guards)
        if (has_table(db, schema, guard.table)) {
            tables.all.push_back(guard.table);
            if (*guard.write && !history_table(guard.table))
                tables.writable.push_back(guard.table);
        }
    // The view history of layout 13, read by the login (security_invoker) as the tables under it.
    if (pq::query_integer(db, "SELECT count(*) FROM pg_views WHERE schemaname = $1 AND viewname = 'history'", pq::Params().add(schema)) > 0)
        tables.all.push_back("history");
    const pq::Result layers = pq::exec(db, "SELECT name FROM layer_kinds ORDER BY name");
    for (int i = 0; i < layers.rows(); ++i) {
        tables.all.push_back(layers.text(i, 0));
        tables.writable.push_back(layers.text(i, 0));
    }
    const pq::Result sequences = pq::exec(db, "SELECT s.relname::text FROM pg_class s JOIN pg_depend d ON d.objid = s.oid AND d.deptype IN ('a', 'i')"
                                              " JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace n ON n.oid = t.relnamespace"
                                              " WHERE s.relkind = 'S' AND n.nspname = $1 AND t.relname::text = ANY($2::text[])"
                                              " ORDER BY 1",
                                          pq::Params().add(schema).add(pq::array_literal(tables.writable)));
    for (int i = 0; i < sequences.rows(); ++i)
        tables.sequences.push_back(sequences.text(i, 0));
    return tables;
}

std::string identifiers(const std::vector<std::string>& names)
{
    std::vector<std::string> quoted;
    for (const auto& name : names)
        quoted.push_back(identifier(name));
    return join(quoted, ", ");
}

// The login's privileges as lode_access has it: none; SELECT on every table; with a grant to
// write, INSERT, UPDATE and DELETE on the writable tables, UPDATE of the history, the sequences.
void set_privileges(PGconn* db, const std::string& schema, const std::string& login)
{
    const StoreTables tables = store_tables(db, schema);
    const std::string who = identifier(login);
    std::string sql = "REVOKE ALL ON TABLE " + identifiers(tables.all) + " FROM " + who;
    if (!tables.sequences.empty())
        sql += "; REVOKE ALL ON SEQUENCE " + identifiers(tables.sequences) + " FROM " + who;
    const std::int64_t rows = pq::query_integer(db, "SELECT count(*) FROM lode_access WHERE login = $1", pq::Params().add(login));
    const std::int64_t writes =
        pq::query_integer(db, "SELECT count(*) FROM lode_access WHERE login = $1 AND can_write", pq::Params().add(login));
    if (rows > 0) {
        sql += "; GRANT USAGE ON SCHEMA " + identifier(schema) + " TO " + who + "; GRANT SELECT ON TABLE " + identifiers(tables.all) +
               " TO " + who;
        if (writes > 0) {
            sql += "; GRANT INSERT, UPDATE, DELETE ON TABLE " + identifiers(tables.writable) + " TO " + who +
                   "; GRANT UPDATE (import) ON TABLE " + (has_table(db, schema, "history_log") ? "history_log, history_ranges" : "history") +
                   " TO " + who;
            if (!tables.sequences.empty())
                sql += "; GRANT USAGE, SELECT ON SEQUENCE " + identifiers(tables.sequences) + " TO " + who;
        }
    } else if (schema != "public") {
        sql += "; REVOKE USAGE ON SCHEMA " + identifier(schema) + " FROM " + who;
    }
    pq::exec_script(db, sql);
}

class PostgisAccess final : public AccessControl {
public:
    PostgisAccess(PGconn* db, std::string schema, std::string display) : db_(db), schema_(std::move(schema)), display_(std::move(display)) {}

    void write_grant(const AccessGrant& grant) override
    {
        check_login(grant.login);
        try {
            guard_store(db_, schema_);
        } catch (const Error& e) {
            throw Error(Where{display_, -1, "", ""},
                        "cannot set the access policies (" + e.reason() + "): the store's owner grants access");
        }
        // Only what changes is written, so that the history holds the change: the projects no longer
        // given removed, can_write changed, the projects newly given added ('' for every partnership).
        const std::vector<std::string> given = grant.projects.empty() ? std::vector<std::string>{""} : grant.projects;
        const std::string write = grant.write ? "true" : "false";
        const auto params = [&] { return pq::Params().add(grant.login).add(grant.organisation); };
        pq::exec(db_, "DELETE FROM lode_access WHERE login = $1 AND organisation = $2 AND coalesce(project, '') <> ALL($3::text[])",
                 params().add(pq::array_literal(given)));
        pq::exec(db_, "UPDATE lode_access SET can_write = $3::boolean WHERE login = $1 AND organisation = $2 AND can_write <> $3::boolean",
                 params().add(write));
        pq::exec(db_, "INSERT INTO lode_access (login, organisation, project, can_write) SELECT $1, $2, nullif(g, ''), $4::boolean"
                      " FROM unnest($3::text[]) g WHERE NOT EXISTS (SELECT 1 FROM lode_access a WHERE a.login = $1 AND a.organisation = $2"
                      " AND a.project IS NOT DISTINCT FROM nullif(g, '')) ORDER BY g",
                 params().add(pq::array_literal(given)).add(write));
        set_privileges(db_, schema_, grant.login);
    }

    std::vector<AccessGrant> grants() override
    {
        std::vector<AccessGrant> found;
        if (!has_table(db_, schema_, "lode_access"))
            return found;
        const pq::Result rows = pq::exec(db_, "SELECT login, organisation, coalesce(project, ''), CASE WHEN can_write THEN 1 ELSE 0 END"
                                              " FROM lode_access ORDER BY login COLLATE \"C\", organisation COLLATE \"C\", project COLLATE \"C\"");
        for (int i = 0; i < rows.rows(); ++i) {
            if (found.empty() || found.back().login != rows.text(i, 0) || found.back().organisation != rows.text(i, 1)) {
                found.emplace_back();
                found.back().login = rows.text(i, 0);
                found.back().organisation = rows.text(i, 1);
            }
            AccessGrant& grant = found.back();
            grant.write = grant.write || rows.integer(i, 3) == 1;
            if (!rows.text(i, 2).empty()) {
                grant.projects.push_back(rows.text(i, 2));
                grant.reaches.push_back(rows.text(i, 2));
            }
        }
        for (auto& grant : found)
            if (grant.projects.empty()) {
                const pq::Result projects =
                    pq::exec(db_, "SELECT pp.project FROM project_partners pp JOIN partners o ON o.id = pp.partner"
                                  " WHERE o.organisation = $1 GROUP BY pp.project ORDER BY pp.project COLLATE \"C\"",
                             pq::Params().add(grant.organisation));
                for (int i = 0; i < projects.rows(); ++i)
                    grant.reaches.push_back(projects.text(i, 0));
            }
        return found;
    }

    bool write_revoke(const std::string& organisation, const std::string& login) override
    {
        if (!has_table(db_, schema_, "lode_access"))
            return false;
        const pq::Result removed =
            pq::exec(db_, "DELETE FROM lode_access WHERE login = $1 AND organisation = $2", pq::Params().add(login).add(organisation));
        if (removed.affected() == 0)
            return false;
        set_privileges(db_, schema_, login);
        return true;
    }

private:
    // A login of the server that the policies bind: not a superuser nor one that bypasses them,
    // not the store's owner.
    void check_login(const std::string& login)
    {
        const Where where{display_, -1, "", ""};
        const pq::Result role = pq::exec(db_, "SELECT CASE WHEN rolcanlogin THEN 1 ELSE 0 END, CASE WHEN rolsuper OR rolbypassrls THEN 1 ELSE 0 END,"
                                              " CASE WHEN rolname = (SELECT tableowner FROM pg_tables WHERE schemaname = $2 AND tablename = 'lode_meta') THEN 1 ELSE 0 END"
                                              " FROM pg_roles WHERE rolname = $1",
                                         pq::Params().add(login).add(schema_));
        if (role.rows() == 0)
            throw NotFound(where, "the server has no role '" + login + "': its administrator makes the login (CREATE ROLE ... LOGIN)");
        if (role.integer(0, 0) == 0)
            throw InputError(where, "role '" + login + "' cannot log in: a partner's access is granted to a login role");
        if (role.integer(0, 1) == 1)
            throw InputError(where, "role '" + login + "' is a superuser or bypasses row-level security: no policy would bind it");
        if (role.integer(0, 2) == 1)
            throw InputError(where, "role '" + login + "' owns the store: the policies do not bind its owner");
    }

    PGconn* db_;
    std::string schema_, display_;
};

} // namespace

std::unique_ptr<AccessControl> make_postgis_access(PGconn* db, const std::string& schema, const std::string& display)
{
    return std::make_unique<PostgisAccess>(db, schema, display);
}

void renew_access(PGconn* db, const std::string& schema)
{
    if (has_table(db, schema, "lode_access"))
        guard_store(db, schema);
}

void refuse_ungranted(PGconn* db, const std::string& schema, const std::string& display)
{
    // Bound: lode_access there (a grant was made), and a login neither superuser, nor bypassing
    // row-level security, nor the store's owner; then it needs a row of its own in lode_access.
    const pq::Result bound = pq::exec(db, "SELECT current_user::text, CASE WHEN has_schema_privilege(n.oid, 'USAGE') AND has_table_privilege(c.oid, 'SELECT')"
                                          " THEN 1 ELSE 0 END FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                          " JOIN pg_roles r ON r.rolname = current_user"
                                          " WHERE n.nspname = $1 AND c.relname = 'lode_access' AND c.relkind = 'r'"
                                          " AND NOT r.rolsuper AND NOT r.rolbypassrls AND c.relowner <> r.oid",
                                      pq::Params().add(schema));
    if (bound.rows() == 0)
        return;
    if (bound.integer(0, 1) == 1 && pq::query_integer(db, "SELECT count(*) FROM lode_access WHERE login = current_user") > 0)
        return;
    throw Error(Where{display, -1, "", ""}, "login '" + bound.text(0, 0) +
                                                "' has no access to this store: the server's policies show it no row without a grant",
                Hint::grant_access);
}

void renew_privileges(PGconn* db, const std::string& schema)
{
    if (!has_table(db, schema, "lode_access"))
        return;
    const pq::Result logins = pq::exec(db, "SELECT DISTINCT login FROM lode_access ORDER BY 1");
    for (int i = 0; i < logins.rows(); ++i)
        set_privileges(db, schema, logins.text(i, 0));
}

void guard_new_layer(PGconn* db, const std::string& schema, const std::string& layer)
{
    if (!has_table(db, schema, "lode_access"))
        return;
    guard_table(db, layer, by_project, by_project);
    const pq::Result logins = pq::exec(db, "SELECT DISTINCT login FROM lode_access ORDER BY 1");
    for (int i = 0; i < logins.rows(); ++i)
        set_privileges(db, schema, logins.text(i, 0));
}

} // namespace lode

namespace lode {

AccessControl* PostgisStore::access_control()
{
    if (!access_)
        access_ = make_postgis_access(db_.get(), schema_, location_.display());
    return access_.get();
}

} // namespace lode
