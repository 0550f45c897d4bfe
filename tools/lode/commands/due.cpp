#include "due.hpp"

#include <charconv>
#include <iostream>

namespace lode::cli {

namespace {

// "90d", "12w", "6m", "1y" or "all" from today: the number of days it spans (months on the calendar).
std::optional<long> horizon_days(const std::string& text, const Date& today)
{
    if (text == "all")
        return std::nullopt;
    long n = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    const std::string unit(end, text.data() + text.size());
    if (ec != std::errc{} || n < 0 || (unit != "d" && unit != "w" && unit != "m" && unit != "y" && !unit.empty()))
        throw CLI::ValidationError("--within", "'" + text + "' is not a span such as 90d, 12w, 6m, 1y or all");
    if (unit == "m" || unit == "y")
        return days_between(today, add_months(today, static_cast<int>(unit == "y" ? 12 * n : n)));
    return unit == "w" ? 7 * n : n;
}

} // namespace

const char* DueCommand::examples() const
{
    return "  lode due\n"
           "  lode due --within 180d --project TZ-GRE\n"
           "  lode due --within all --today 2026-06-01 --format csv";
}

void DueCommand::setup(CLI::App& app)
{
    add_db_option(app);
    app.add_option("--within", within_, "How far ahead: 90d, 12w, 6m, 1y or all (overdue items are always shown)")
        ->option_text("SPAN")->capture_default_str();
    app.add_option("--project", project_, "Only the licences of this project")->option_text("CODE");
    app.add_option("--today", today_, "Count from this date instead of today in the local time zone ($TZ)")->option_text("DATE");
    add_format_option(app, format_, {"table", "csv", "json"});
}

int DueCommand::run()
{
    DueOptions options;
    options.today = today(today_.empty() ? std::nullopt : std::optional(today_));
    options.within_days = horizon_days(within_, options.today);
    auto store = open_store();
    options.project = project_option(*store, project_);
    const auto items = due_items(*store, options);
    Table table{{"due", "days", "overdue", "project", "licence", "kind", "description", "amount", "currency", "obligation"}, {}};
    std::size_t overdue = 0;
    for (const auto& item : items) {
        overdue += item.overdue;
        const nlohmann::json flag = format_ == "table" ? nlohmann::json(item.overdue ? "OVERDUE" : "") : nlohmann::json(item.overdue);
        table.rows.push_back({item.due, item.days, flag, item.project, item.licence, item.kind, item.description,
                              optional_number(item.amount), text_or_null(item.currency),
                              item.obligation ? nlohmann::json(item.obligation) : nlohmann::json()});
    }
    table.print(std::cout, format_);
    const std::string span = options.within_days ? " within " + std::to_string(*options.within_days) + " days" : "";
    print_summary({std::to_string(items.size()) + (items.size() == 1 ? " item" : " items") + " due" + span + ", " +
                   std::to_string(overdue) + " overdue (today: " + to_string(options.today) + ")"},
                  format_);
    return 0;
}

} // namespace lode::cli
