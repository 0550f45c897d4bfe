#include "undo.hpp"
#include "lode/store/retry.hpp"

#include <iostream>

namespace lode::cli {

const char* UndoCommand::examples() const
{
    return "  lode undo --import 7\n"
           "  lode undo --import 7 --dry-run\n"
           "  lode undo --import 7 --note \"wrong zone: re-import with --s-srs EPSG:32642\"";
}

void UndoCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("--import", import_,
                   "The import to reverse (its number in 'lode info' and 'lode history'): what it inserted is deleted, "
                   "what it updated is written back as it was")
        ->required()
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    app.add_flag("--dry-run", dry_run_, "List what would be removed and restored; write nothing");
    add_format_option(app, format_, {"table", "csv", "json"});
}

int UndoCommand::run()
{
    if (change_.note.empty())
        change_.note = "undo of import " + std::to_string(import_);
    auto store = open_store();
    const UndoReport report = with_retries([&] { return undo_import(*store, import_, dry_run_); });
    const ImportRecord& import = report.import;
    Table table{{"id", "action", "layer"}, {}};
    for (const auto& id : report.removed)
        table.rows.push_back({id, report.dry_run ? "would remove" : "removed", import.layer});
    for (const auto& id : report.restored)
        table.rows.push_back({id, report.dry_run ? "would restore" : "restored", import.layer});
    for (const auto& id : report.qc_removed)
        table.rows.push_back({id, report.dry_run ? "would remove" : "removed", "qc_samples"});
    if (format_ != "table") {
        table.print(std::cout, format_);
        return 0;
    }
    if (!table.rows.empty())
        table.print(std::cout, format_);
    std::cout << (report.dry_run ? "would undo" : "undid") << " import " << import.id << " (" << import.source << " into "
              << import.layer << ", " << import.imported_at << "): " << report.removed.size() << " removed, "
              << report.restored.size() << " restored as they were before it"
              << (report.results_removed + report.results_restored > 0
                      ? "; assay results: " + std::to_string(report.results_removed) + " removed, " +
                            std::to_string(report.results_restored) + " it replaced restored"
                      : std::string())
              << (report.dry_run ? " (dry run: nothing was written)" : "") << "\n";
    return 0;
}

} // namespace lode::cli
