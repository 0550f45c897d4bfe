#include "register_output.hpp"

#include <iostream>

namespace lode::cli {

nlohmann::json optional_number(const std::optional<double>& value) { return value ? nlohmann::json(*value) : nlohmann::json(); }
nlohmann::json text_or_null(const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); }

Table obligation_table(const std::vector<Obligation>& obligations)
{
    Table table{{"id", "licence", "kind", "description", "due", "amount", "currency", "done", "every_months"}, {}};
    for (const auto& o : obligations)
        table.rows.push_back({o.id, o.licence, o.kind, o.description, o.due, optional_number(o.amount), text_or_null(o.currency),
                              text_or_null(o.done), o.every_months ? nlohmann::json(*o.every_months) : nlohmann::json()});
    return table;
}

Table interest_table(const std::vector<Interest>& interests, const char* scope_column, std::vector<std::string>& flags)
{
    Table table{{scope_column, "partner", "country", "role", "interest_pct"}, {}};
    for (const auto& i : interests)
        table.rows.push_back({i.scope, i.organisation, i.country, i.role, optional_number(i.pct)});
    for (const auto& sum : interest_sums(interests))
        if (sum.with_interest > 0 && !sum.complete())
            flags.push_back(std::string(scope_column) + " " + sum.scope + ": interests sum to " + format_number(sum.total, 4) +
                            "%, not 100%");
    return table;
}

void print_summary(const std::vector<std::string>& lines, const std::string& format)
{
    std::ostream& out = format == "table" ? std::cout : std::cerr;
    for (const auto& line : lines)
        out << line << "\n";
}

} // namespace lode::cli
