#include "sync.hpp"

#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/sync.hpp"

#include <iostream>
#include <map>

namespace lode::cli {

namespace {

const char* side_name(Prefer prefer) { return prefer == Prefer::server ? "server" : prefer == Prefer::field ? "field" : ""; }

std::string counts_text(const SyncCounts& c)
{
    return std::to_string(c.total()) + " (" + std::to_string(c.inserted) + " inserted, " + std::to_string(c.updated) +
           " updated, " + std::to_string(c.deleted) + " deleted)";
}

std::string change_text(const SyncChange& c) { return c.action + " by " + c.user + " at " + c.at; }

// Every differing field of every conflict, one row each.
Table conflict_table(const std::vector<SyncConflict>& conflicts, bool refused)
{
    Table table{{"layer", "id", "project", "field", "at_checkout", "field_copy", "server", "field_change", "server_change", "kept"}, {}};
    for (const auto& c : conflicts)
        for (const auto& d : c.differences)
            table.rows.push_back({c.layer, c.id, c.project, d.field, d.checkout, d.in_field, d.in_server, change_text(c.field),
                                  change_text(c.server), refused ? "" : side_name(c.resolved)});
    return table;
}

void print_conflicts(std::ostream& out, const std::vector<SyncConflict>& conflicts, bool refused)
{
    for (const auto& c : conflicts) {
        out << "conflict: " << c.layer << " " << c.id << " (" << c.project << ")"
            << (c.resolved == Prefer::none || refused ? "" : std::string(": the ") + (c.resolved == Prefer::server ? "server's" : "field copy's") +
                                                      " version kept, the other kept in the server's history")
            << "\n  field copy: " << change_text(c.field) << "\n  server:     " << change_text(c.server) << "\n";
        Table table{{"field", "at checkout", "field copy", "server"}, {}};
        for (const auto& d : c.differences)
            table.rows.push_back({d.field, d.checkout, d.in_field, d.in_server});
        table.print(out, "table");
    }
}

} // namespace

const char* SyncCommand::examples() const
{
    return "  lode sync field.sqlite\n"
           "  lode sync field.sqlite --prefer server\n"
           "  lode sync field.sqlite --prefer-field UZ24-R-0003 --prefer-server samples/UZ24-R-0002\n"
           "  lode sync field.sqlite --prefer-field obligations/4 --prefer-server assay_results/UZ24-R-0004\n"
           "  lode sync field.sqlite --strict   # exit 1 when something was held back\n"
           "  lode sync field.sqlite --format json";
}

void SyncCommand::setup(CLI::App& app)
{
    app.add_option("copy", copy_, "The field copy (lode checkout made it); the server is the one it was checked out from")
        ->option_text("FILE")
        ->required();
    app.add_option("--prefer", prefer_, "Resolve every conflict (a feature changed on both sides) for the server's or the field copy's version; "
                                         "the other stays in the server's history")
        ->check(CLI::IsMember({"server", "field"}))
        ->option_text("SIDE");
    app.add_option("--prefer-field", prefer_field_, "Resolve this feature's or row's conflict for the field copy's version (ID or LAYER/ID, "
                                                     "a row as TABLE/NAME: obligations/3, assay_results/SAMPLE, downhole/HOLE, "
                                                     "licence_partners/LICENCE/ORGANISATION, a layer renamed or dropped as layer_kinds/LAYER; repeatable)")
        ->option_text("ID");
    app.add_option("--prefer-server", prefer_server_, "Resolve this feature's or row's conflict for the server's version (as --prefer-field; repeatable)")
        ->option_text("ID");
    app.add_option("--user", change_.user, "Who syncs, for both histories (default: $LODE_USER, else the login name); "
                                           "each change carried keeps the user who made it")
        ->option_text("NAME");
    app.add_flag("--strict", strict_, "Exit with status 1 when the server refused the login part of the copy's changes (held back, listed; "
                                      "for scripts); the sync is the same");
    add_format_option(app, format_, {"table", "csv", "json"});
}

void SyncCommand::check() const
{
    for (const auto& id : prefer_field_)
        for (const auto& other : prefer_server_)
            if (id == other)
                throw CLI::ValidationError("--prefer-field", id + " is given to both --prefer-field and --prefer-server");
}

int SyncCommand::run()
{
    SyncChoices choices;
    choices.all = prefer_ == "server" ? Prefer::server : prefer_ == "field" ? Prefer::field : Prefer::none;
    for (const auto& id : prefer_field_)
        choices.features[id] = Prefer::field;
    for (const auto& id : prefer_server_)
        choices.features[id] = Prefer::server;
    const SyncReport report = sync_copy(StoreLocation(copy_), choices, change_context());
    if (format_ != "table")
        conflict_table(report.conflicts, report.refused).print(std::cout, format_);
    else
        print_conflicts(std::cout, report.conflicts, report.refused);
    if (report.refused) {
        std::int64_t features = 0, rows = 0;
        for (const auto& c : report.conflicts)
            if (c.resolved == Prefer::none)
                ++(c.row ? rows : features);
        std::string open;
        if (features > 0)
            open = std::to_string(features) + (features == 1 ? " feature" : " features");
        if (rows > 0)
            open += (open.empty() ? "" : " and ") + std::to_string(rows) + (rows == 1 ? " row" : " rows");
        throw InputError(Where{copy_, -1, "", ""}, open + " changed on both sides since the last sync (listed above): nothing was synced;"
                                                          " choose with --prefer server|field, or --prefer-field/--prefer-server ID");
    }
    if (format_ == "table")
        std::cout << "synced " << copy_ << " with " << StoreLocation(report.origin.server).display() << " (" << report.origin.project
                  << "): pushed " << counts_text(report.pushed) << ", pulled " << counts_text(report.pulled) << ", "
                  << report.conflicts.size() << (report.conflicts.size() == 1 ? " conflict" : " conflicts") << " resolved; the server's history at entry "
                  << report.origin.server_position << "\n";
    // The other rows carried, table by table (obligations, assay_results, downhole ...).
    std::map<std::string, std::pair<SyncCounts, SyncCounts>> rows;
    for (const auto& [table, counts] : report.rows_pushed)
        rows[table].first = counts;
    for (const auto& [table, counts] : report.rows_pulled)
        rows[table].second = counts;
    if (format_ == "table")
        for (const auto& [table, counts] : rows)
            if (counts.first.total() + counts.second.total() > 0)
                std::cout << "  " << table << ": pushed " << counts_text(counts.first) << ", pulled " << counts_text(counts.second) << "\n";
    // What was carried in part or held back, one line each (also beside a machine-readable table: on stderr).
    for (const auto& note : report.notes)
        (format_ == "table" ? std::cout : std::cerr) << "note: " << note << "\n";
    return strict_ && !report.held.empty() ? 1 : 0;
}

} // namespace lode::cli
