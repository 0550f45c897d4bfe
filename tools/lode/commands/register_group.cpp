#include "register_group.hpp"

namespace lode::cli {

CLI::App& RegisterGroup::add_add(CLI::App& app, const char* name, const std::string& help,
                                 const std::function<void(CLI::App&)>& row_options, const std::string& columns, const char* examples)
{
    add_ = app.add_subcommand(name, help);
    add_db_option(*add_);
    row_options(*add_);
    add_->add_option("--from", from_, "A table (CSV) with columns " + columns)->option_text("FILE");
    add_->footer(std::string("Examples:\n") + examples);
    return *add_;
}

CLI::App& RegisterGroup::add_list(CLI::App& app, const std::string& help, const std::function<void(CLI::App&)>& filters,
                                  const char* examples)
{
    list_ = app.add_subcommand("list", help);
    add_db_option(*list_);
    filters(*list_);
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer(std::string("Examples:\n") + examples);
    return *list_;
}

void RegisterGroup::check_one_source(bool given, const std::string& by_options) const
{
    if (add_->parsed() && from_.empty() != given)
        throw CLI::ValidationError(add_->get_parent()->get_name() + " " + add_->get_name(),
                                   "give either " + by_options + ", or --from FILE");
}

} // namespace lode::cli
