#include "delete.hpp"
#include "lode/store/retry.hpp"
#include "below_limit.hpp"

#include <iostream>

namespace lode::cli {

const char* DeleteCommand::examples() const
{
    return "  lode delete samples NGK-SS-0001 NGK-SS-0002 --note \"duplicates of the field batch\"\n"
           "  lode delete samples --where \"lab = 'ALS Perth' AND sampled_on < '2024-01-01'\" --dry-run\n"
           "  lode delete samples --import 7 --project UZ-PEG\n"
           "  lode delete occurrences --where \"accuracy = 'illustrative'\" --format csv";
}

void DeleteCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("LAYER", request_.layer, "The layer to delete features from")->required();
    app.add_option("ID", request_.ids, "Ids of the features to delete");
    app.add_option("--where", request_.where, "Delete the features for which this filter holds, e.g. \"li2o_pct < 0.1\"")
        ->option_text("EXPR");
    add_bdl_option(app, bdl_);
    app.add_option("--import", import_, "Delete the features this import inserted (its number in 'lode info' and 'lode history')")
        ->check(CLI::PositiveNumber)
        ->option_text("N");
    app.add_option("-p,--project", project_, "Only the features of this project")->option_text("CODE");
    app.add_flag("--dry-run", request_.dry_run, "List what would be deleted; write nothing");
    add_format_option(app, format_, {"table", "csv", "json"});
}

void DeleteCommand::check() const
{
    const int ways = !request_.ids.empty() + !request_.where.empty() + (import_ > 0);
    if (ways != 1)
        throw CLI::ValidationError("delete", "say which features: IDs, --where EXPR or --import N (one of them)");
}

int DeleteCommand::run()
{
    if (import_ > 0)
        request_.import = import_;
    auto store = open_store();
    request_.project = project_option(*store, project_);
    request_.below_limit = bdl_rule(bdl_);
    const DeleteReport report = with_retries([&] { return delete_features(*store, request_); });
    Table table{{"id", "project", "layer"}, {}};
    for (const auto& f : report.features)
        table.rows.push_back({f.id, f.project, report.layer});
    if (format_ != "table") {
        table.print(std::cout, format_);
        return 0;
    }
    if (!report.features.empty())
        table.print(std::cout, format_);
    const std::size_t n = report.features.size();
    std::cout << (report.dry_run ? "would delete " : "deleted ") << n << (n == 1 ? " feature" : " features") << " from "
              << report.layer << (report.dry_run ? " (dry run: nothing was written)" : "") << "\n";
    if (names_analytes(*store, request_.where, {report.layer}))
        print_bdl_note(std::cout, request_.below_limit);
    return 0;
}

} // namespace lode::cli
