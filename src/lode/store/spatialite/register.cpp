#include "lode/store/spatialite/detail/register.hpp"

#include "lode/base/error.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace lode {

namespace {

// Adds a date field to the stored licences layer kind (and its table) unless it has it already:
// stores made from an older layers/ lack it, new ones have it from layers/licences.json.
void add_licence_date_field(sqlite3* db, const std::string& name, const std::string& before, const std::string& description)
{
    sqlite::Statement read(db, "SELECT definition FROM layer_kinds WHERE name = 'licences'");
    if (!read.step())
        return;
    auto definition = nlohmann::json::parse(read.text(0));
    auto& fields = definition["fields"];
    for (const auto& field : fields)
        if (field.value("name", "") == name)
            return;
    auto at = fields.end();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        if (it->value("name", "") == before)
            at = it;
    fields.insert(at, nlohmann::json{{"name", name}, {"type", "date"}, {"description", description}});
    sqlite::exec(db, "ALTER TABLE licences ADD COLUMN \"" + name + "\" DATE");
    sqlite::Statement write(db, "UPDATE layer_kinds SET definition = ? WHERE name = 'licences'");
    write.bind(1, definition.dump()).run();
}

} // namespace

void migrate_to_3(sqlite3* db)
{
    sqlite::exec(db, R"(
        ALTER TABLE project_partners ADD COLUMN interest_pct REAL CHECK (interest_pct > 0 AND interest_pct <= 100);
        CREATE TABLE licence_partners (
            licence TEXT NOT NULL, partner INTEGER NOT NULL REFERENCES partners(id), role TEXT NOT NULL,
            interest_pct REAL CHECK (interest_pct > 0 AND interest_pct <= 100), source TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (licence, partner));
        CREATE TABLE obligations (
            id INTEGER PRIMARY KEY, licence TEXT NOT NULL, kind TEXT NOT NULL, description TEXT NOT NULL DEFAULT '',
            due DATE NOT NULL, amount REAL, currency TEXT, done DATE, every_months INTEGER,
            note TEXT NOT NULL DEFAULT '', anchor_day INTEGER);
        CREATE INDEX obligations_licence ON obligations(licence);
        CREATE INDEX obligations_due ON obligations(due);
        CREATE TABLE agreement_terms (
            id INTEGER PRIMARY KEY, project TEXT NOT NULL REFERENCES projects(code), partner INTEGER REFERENCES partners(id),
            kind TEXT NOT NULL, text TEXT NOT NULL, starts DATE, ends DATE, document TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '');
        CREATE TABLE milestones (
            id INTEGER PRIMARY KEY, project TEXT NOT NULL REFERENCES projects(code), date TEXT NOT NULL, phase TEXT,
            title TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'done', document TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '');
        CREATE INDEX milestones_project ON milestones(project, date);
    )");
    add_licence_date_field(db, "applied", "granted", "Date the application was lodged");
    add_licence_date_field(db, "surrendered", "status", "Date the licence was surrendered");
}

namespace {


class SpatialiteRegister final : public Register {
public:
    SpatialiteRegister(sqlite3* db, Store& store) : Register(store), db_(db) {}

    std::vector<Obligation> obligations(const std::optional<std::string>& licence, bool outstanding_only) override
    {
        std::string sql = select_obligations() + " WHERE 1";
        if (licence)
            sql += " AND licence = ?";
        if (outstanding_only)
            sql += " AND done IS NULL";
        sqlite::Statement s(db_, sql + " ORDER BY due, licence, id");
        if (licence)
            s.bind(1, *licence);
        std::vector<Obligation> out;
        while (s.step())
            out.push_back(read_obligation(s));
        return out;
    }

    std::optional<Obligation> find_obligation(std::int64_t id) override
    {
        sqlite::Statement s(db_, select_obligations() + " WHERE id = ?");
        s.bind(1, id);
        if (!s.step())
            return std::nullopt;
        return read_obligation(s);
    }

    void write_done(std::int64_t id, const std::string& date) override
    {
        sqlite::Statement s(db_, "UPDATE obligations SET done = ? WHERE id = ?");
        s.bind(1, date).bind(2, id).run();
    }

    void write_removal(const std::string& table, std::int64_t id) override
    {
        sqlite::Statement s(db_, "DELETE FROM " + quoted_identifier(table) + " WHERE id = ?");
        s.bind(1, id).run();
    }

    std::int64_t write_interest_removal(const Interest& i, bool licence_scope) override
    {
        sqlite::Statement s(db_, licence_scope ? "DELETE FROM licence_partners WHERE licence = ?1"
                                                 " AND partner = (SELECT id FROM partners WHERE organisation = ?2)"
                                               : "DELETE FROM project_partners WHERE project = ?1 AND role = ?3"
                                                 " AND partner = (SELECT id FROM partners WHERE organisation = ?2)");
        s.bind(1, i.scope).bind(2, i.organisation);
        if (!licence_scope)
            s.bind(3, i.role);
        s.run();
        return sqlite3_changes(db_);
    }

    void write_licence_interest(const Interest& i) override
    {
        sqlite::Statement s(db_, "INSERT INTO licence_partners(licence, partner, role, interest_pct, source)"
                                 " SELECT ?, id, ?, ?, ? FROM partners WHERE organisation = ?"
                                 " ON CONFLICT(licence, partner) DO UPDATE SET role = excluded.role,"
                                 " interest_pct = excluded.interest_pct, source = excluded.source");
        s.bind(1, i.scope).bind(2, i.role);
        if (i.pct)
            s.bind(3, *i.pct);
        else
            s.bind_null(3);
        s.bind(4, i.source).bind(5, i.organisation).run();
    }

    std::vector<Interest> licence_interests(const std::optional<std::string>& licence) override
    {
        return interests("SELECT lp.licence, p.organisation, p.country, lp.role, lp.interest_pct, lp.source"
                         " FROM licence_partners lp JOIN partners p ON p.id = lp.partner",
                         licence ? " WHERE lp.licence = ?" : "", " ORDER BY lp.licence, lp.interest_pct IS NULL,"
                         " lp.interest_pct DESC, p.organisation", licence);
    }

    std::vector<std::string> project_roles(const std::string& project, const std::string& organisation) override
    {
        sqlite::Statement roles(db_, "SELECT role FROM project_partners WHERE project = ? AND partner ="
                                     " (SELECT id FROM partners WHERE organisation = ?)");
        roles.bind(1, project).bind(2, organisation);
        std::vector<std::string> found;
        while (roles.step())
            found.push_back(roles.text(0));
        return found;
    }

    void write_project_interest(const Interest& i) override
    {
        const std::string where = " WHERE project = ? AND partner = (SELECT id FROM partners WHERE organisation = ?)";
        sqlite::Statement s(db_, "UPDATE project_partners SET interest_pct = ?" + where + (i.role.empty() ? "" : " AND role = ?"));
        if (i.pct)
            s.bind(1, *i.pct);
        else
            s.bind_null(1);
        s.bind(2, i.scope).bind(3, i.organisation);
        if (!i.role.empty())
            s.bind(4, i.role);
        s.run();
    }

    std::vector<Interest> project_interests(const std::optional<std::string>& project) override
    {
        return interests("SELECT pp.project, p.organisation, p.country, pp.role, pp.interest_pct, pp.source"
                         " FROM project_partners pp JOIN partners p ON p.id = pp.partner",
                         project ? " WHERE pp.project = ?" : "",
                         " ORDER BY pp.project, CASE pp.role WHEN 'lead' THEN 0 ELSE 1 END, p.organisation", project);
    }

    std::int64_t write_term(const AgreementTerm& t) override
    {
        sqlite::Statement s(db_, "INSERT INTO agreement_terms(project, partner, kind, text, starts, ends, document, source, id)"
                                 " VALUES (?, (SELECT id FROM partners WHERE organisation = ?), ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, t.project).bind(2, t.organisation).bind(3, t.kind).bind(4, t.text);
        bind_or_null(s, 5, t.starts);
        bind_or_null(s, 6, t.ends);
        bind_id(s, 9, t.id);
        s.bind(7, t.document).bind(8, t.source).run();
        return sqlite3_last_insert_rowid(db_);
    }

    std::vector<AgreementTerm> terms(const std::optional<std::string>& project) override
    {
        sqlite::Statement s(db_, std::string("SELECT t.id, t.project, coalesce(p.organisation, ''), t.kind, t.text,"
                                             " coalesce(t.starts, ''), coalesce(t.ends, ''), t.document, t.source"
                                             " FROM agreement_terms t LEFT JOIN partners p ON p.id = t.partner") +
                                     (project ? " WHERE t.project = ?" : "") + " ORDER BY t.project, t.starts, t.id");
        if (project)
            s.bind(1, *project);
        std::vector<AgreementTerm> out;
        while (s.step())
            out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7), s.text(8)});
        return out;
    }

    std::int64_t write_milestone(const Milestone& m) override
    {
        sqlite::Statement s(db_, "INSERT INTO milestones(project, date, phase, title, status, document, source, id)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, m.project).bind(2, m.date);
        bind_or_null(s, 3, m.phase);
        bind_id(s, 8, m.id);
        s.bind(4, m.title).bind(5, m.status).bind(6, m.document).bind(7, m.source).run();
        return sqlite3_last_insert_rowid(db_);
    }

    std::vector<Milestone> milestones(const std::optional<std::string>& project) override
    {
        // Text order is the calendar's for ISO dates, and puts "2019" before "2019-04-19".
        sqlite::Statement s(db_, std::string("SELECT id, project, date, coalesce(phase, ''), title, status, document, source"
                                             " FROM milestones") +
                                     (project ? " WHERE project = ?" : "") + " ORDER BY project, date, id");
        if (project)
            s.bind(1, *project);
        std::vector<Milestone> out;
        while (s.step())
            out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5), s.text(6), s.text(7)});
        return out;
    }

private:
    // A row's own id where given (a copied register keeps its numbers); else the next.
    static void bind_id(sqlite::Statement& s, int index, std::int64_t id)
    {
        if (id > 0)
            s.bind(index, id);
        else
            s.bind_null(index);
    }

    static void bind_or_null(sqlite::Statement& s, int index, const std::string& text)
    {
        if (text.empty())
            s.bind_null(index);
        else
            s.bind(index, text);
    }

    static std::string select_obligations()
    {
        return "SELECT id, licence, kind, description, due, amount, coalesce(currency, ''), coalesce(done, ''),"
               " every_months, note, coalesce(anchor_day, 0) FROM obligations";
    }

    static Obligation read_obligation(const sqlite::Statement& s)
    {
        Obligation o;
        o.id = s.integer(0);
        o.licence = s.text(1);
        o.kind = s.text(2);
        o.description = s.text(3);
        o.due = s.text(4);
        if (!s.is_null(5))
            o.amount = s.real(5);
        o.currency = s.text(6);
        o.done = s.text(7);
        if (!s.is_null(8))
            o.every_months = static_cast<int>(s.integer(8));
        o.note = s.text(9);
        o.anchor_day = static_cast<int>(s.integer(10));
        return o;
    }

    std::int64_t write_obligation(const Obligation& o) override
    {
        sqlite::Statement s(db_, "INSERT INTO obligations(licence, kind, description, due, amount, currency, done,"
                                 " every_months, note, anchor_day, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        s.bind(1, o.licence).bind(2, o.kind).bind(3, o.description).bind(4, o.due);
        if (o.amount)
            s.bind(5, *o.amount);
        else
            s.bind_null(5);
        bind_or_null(s, 6, o.currency);
        bind_or_null(s, 7, o.done);
        if (o.every_months)
            s.bind(8, static_cast<std::int64_t>(*o.every_months));
        else
            s.bind_null(8);
        bind_id(s, 11, o.id);
        s.bind(9, o.note).bind(10, static_cast<std::int64_t>(o.anchor_day)).run();
        return sqlite3_last_insert_rowid(db_);
    }

    std::vector<Interest> interests(const std::string& select, const std::string& where, const std::string& order,
                                    const std::optional<std::string>& scope)
    {
        sqlite::Statement s(db_, select + where + order);
        if (scope)
            s.bind(1, *scope);
        std::vector<Interest> out;
        while (s.step())
            out.push_back({s.text(0), s.text(1), s.text(2), s.text(3),
                           s.is_null(4) ? std::nullopt : std::optional<double>(s.real(4)), s.text(5)});
        return out;
    }

    sqlite3* db_;
};

} // namespace

std::unique_ptr<Register> make_spatialite_register(sqlite3* db, Store& store)
{
    return std::make_unique<SpatialiteRegister>(db, store);
}

} // namespace lode
