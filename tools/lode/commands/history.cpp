#include "history.hpp"

#include "lode/store/history_tables.hpp"

#include <algorithm>
#include <iostream>

namespace lode::cli {

namespace {

std::string value_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

// "field: old → new; …" for an update, "field=value; …" for a row inserted or deleted.
std::string describe_changes(const HistoryEntry& e)
{
    std::vector<std::string> parts, bookkeeping;
    if (e.action == "update" && e.old_values.is_object()) {
        for (const auto& [field, before] : e.old_values.items()) {
            const nlohmann::json after = e.new_values.is_object() && e.new_values.contains(field) ? e.new_values[field] : nlohmann::json();
            // The source file's name changes with every re-import: the values people look for come first.
            (field == "imported_from" || field == "extra" ? bookkeeping : parts)
                .push_back(field + ": " + value_text(before) + " → " + value_text(after));
        }
        parts.insert(parts.end(), bookkeeping.begin(), bookkeeping.end());
    } else {
        const nlohmann::json& row = e.action == "delete" ? e.old_values : e.new_values;
        if (row.is_object())
            for (const auto& [field, v] : row.items())
                if (!v.is_null() && !(v.is_string() && (v.get<std::string>().empty() || v.get<std::string>() == "{}")))
                    parts.push_back(field + "=" + value_text(v));
    }
    return join(parts, "; ");
}

std::string describe_geometry(const HistoryEntry& e)
{
    if (!e.geometry_changed)
        return "";
    if (e.action == "delete")
        return "removed";
    return (e.action == "update" ? "changed, sha256 " : "sha256 ") + e.geometry_sha256.substr(0, 16);
}

} // namespace

const char* HistoryCommand::examples() const
{
    return "  lode history samples:NGK-SS-0001\n"
           "  lode history --project UZ-PEG --since 2025-01-01\n"
           "  lode history projects:AU-CMM --format json\n"
           "  lode history samples --user external --format csv\n"
           "  lode history --import 7\n"
           "  lode history lode_access --since 2025-01-01";
}

void HistoryCommand::setup(CLI::App& app)
{
    add_db_option(app, false);
    app.add_option("WHAT", what_, "LAYER:ID (one feature), LAYER, or TABLE[:KEY] (projects:CODE, partners:ORGANISATION, layer_kinds:LAYER, vocabularies:VOCABULARY/VALUE, lode_access (grants and revokes, PostGIS), …)");
    app.add_option("-p,--project", project_, "Only the changes of this project's features, partners and details")
        ->option_text("CODE");
    app.add_option("--since", since_, "Only the changes at or after this UTC date or date-time (2025-03-01, 2025-03-01T14:00Z)")
        ->option_text("DATE");
    app.add_option("--import", import_, "Only the changes of this import (its number, as the import column shows it)")
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    app.add_option("--user", user_, "Only the changes by this user ('external': made outside lode)")->option_text("NAME");
    add_format_option(app, format_, {"table", "csv", "json"});
}

int HistoryCommand::run()
{
    HistoryQuery query;
    if (!what_.empty()) {
        const auto colon = what_.find(':');
        query.table = what_.substr(0, colon);
        if (colon != std::string::npos)
            query.key = what_.substr(colon + 1);
    }
    if (!project_.empty())
        query.project = project_;
    if (!user_.empty())
        query.user = user_;
    if (import_ > 0)
        query.import = import_;
    if (!since_.empty()) {
        query.since = parse_history_time(since_, false);
        if (!query.since)
            throw CLI::ValidationError("--since", "'" + since_ + "' is not a UTC date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    }
    auto store = open_store();
    if (query.table)
        check_table(*store, *query.table);
    if (query.project) {
        Project p;
        store->require_project(*query.project, p);
    }
    const auto entries = store->history(query);
    const bool json = format_ == "json";
    // JSON keeps the old and new values as objects; the table and CSV say them in one line.
    Table table{json ? std::vector<std::string>{"at", "user", "action", "what", "old", "new", "geometry", "note", "import"}
                     : std::vector<std::string>{"at", "user", "action", "what", "changes", "geometry", "note", "import"},
                {}};
    for (const auto& e : entries) {
        const std::string what = e.table + ":" + e.key;
        if (json) {
            nlohmann::json geometry = nlohmann::json::object();
            geometry["changed"] = e.geometry_changed;
            if (!e.geometry_sha256.empty())
                geometry["sha256"] = e.geometry_sha256;
            nlohmann::json import;
            if (e.import_id)
                import = {{"id", *e.import_id}, {"source", e.import_source}, {"sha256", e.import_sha256}};
            table.rows.push_back({e.at, e.user, e.action, what, e.old_values, e.new_values, geometry, e.note, import});
        } else {
            table.rows.push_back({e.at, e.user, e.action, what, describe_changes(e), describe_geometry(e), e.note,
                                  e.import_id ? nlohmann::json(std::to_string(*e.import_id) + ": " + e.import_source + " (sha256 " + e.import_sha256.substr(0, 16) + ")")
                                              : nlohmann::json()});
        }
    }
    table.print(std::cout, format_);
    if (format_ == "table")
        std::cout << entries.size() << (entries.size() == 1 ? " change" : " changes") << "; history began "
                  << store->history_began() << "\n";
    return 0;
}

void HistoryCommand::check_table(Store& store, const std::string& table)
{
    // Grants and revokes (lode_access): a store with logins records them; one without says why not.
    if (table == "lode_access") {
        if (!store.access_control())
            store.access_grants();   // throws: a SpatiaLite store has no logins
        return;
    }
    std::vector<std::string> names;
    for (const auto& kind : store.layer_kinds())
        names.push_back(kind.name);
    for (const char* other : history_tables)
        names.push_back(other);
    if (std::find(names.begin(), names.end(), table) != names.end())
        return;
    throw NotFound("no layer or table '" + table + "' has a history" + did_you_mean(table, names));
}

} // namespace lode::cli
