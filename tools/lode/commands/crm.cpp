#include "crm.hpp"
#include "lode/store/retry.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/import/tables.hpp"

#include <iostream>

namespace lode::cli {

const char* CrmCommand::examples() const
{
    return "  lode crm add OREAS-750 --analyte Li_ppm --value 5000 --sd 120 --source \"certificate 2023\"\n"
           "  lode crm add --from crms.csv\n"
           "  lode crm list --format csv";
}

void CrmCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_ = app.add_subcommand("add", "Add a certified value of a reference material (one per material and analyte), "
                                     "or every row of a table (--from)");
    add_db_option(*add_);
    add_->add_option("NAME", name_, "The reference material's name, as the lab file's standards name it");
    add_->add_option("--analyte", analyte_, "The analyte and unit, ANALYTE_UNIT: Li_ppm, Li2O_pct, Au_ppb")->option_text("ANALYTE_UNIT");
    add_->add_option("--value", value_, "The certified value, in that unit")->option_text("NUMBER");
    add_->add_option("--sd", sd_, "Its standard deviation (between laboratories), in that unit")->option_text("NUMBER");
    add_->add_option("--source", source_, "Where the value comes from (\"certificate OREAS 750, 2023\")");
    add_->add_option("--from", from_, "A table of them (CSV or any GDAL table): columns name, analyte, value, sd, source")
        ->option_text("FILE");
    add_->footer("Examples:\n  lode crm add OREAS-750 --analyte Li_ppm --value 5000 --sd 120\n  lode crm add --from crms.csv");

    list_ = app.add_subcommand("list", "The certified values of reference materials in the store");
    add_db_option(*list_, false);
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer("Examples:\n  lode crm list\n  lode crm list --format json");
}

void CrmCommand::check() const
{
    if (!add_->parsed())
        return;
    if (!from_.empty()) {
        if (!name_.empty() || !analyte_.empty() || !std::isnan(value_) || !std::isnan(sd_) || !source_.empty())
            throw CLI::ValidationError("--from", "--from reads every value from the table; give NAME, --analyte, --value, --sd "
                                                 "and --source without it");
        return;
    }
    if (name_.empty() || analyte_.empty() || std::isnan(value_) || std::isnan(sd_))
        throw CLI::ValidationError("crm add", "give NAME, --analyte, --value and --sd (or --from FILE)");
}

int CrmCommand::run()
{
    auto store = open_store();
    if (add_->parsed()) {
        const std::vector<ReferenceValue> values =
            from_.empty() ? std::vector<ReferenceValue>{reference_value(name_, analyte_, value_, sd_, source_, Analytes::built_in())}
                          : read_reference_values(from_);
        with_retries([&] {   // run again when the server refuses it as conflicting with other writers
            auto txn = store->begin_write();
            try {
                store->write_reference_values(values);
            } catch (const InputError& e) {
                if (from_.empty())
                    throw;
                throw InputError(Where{from_, -1, "", ""}, e.reason());   // the table named
            }
            txn->commit();
        });
        if (values.size() == 1)
            std::cout << "added " << values[0].name << ": " << analyte_field_name(values[0].analyte, values[0].unit) << " "
                      << format_number(values[0].value, 10) << " ± " << format_number(values[0].sd, 10) << " (1 SD)\n";
        else
            std::cout << "added " << values.size() << " certified values from " << from_ << "\n";
        return 0;
    }
    Table table{{"name", "analyte", "unit", "value", "sd", "source"}, {}};
    for (const auto& v : store->reference_values())
        table.rows.push_back({v.name, v.analyte, std::string(to_string(v.unit)), v.value, v.sd, v.source});
    table.print(std::cout, format_);
    return 0;
}

} // namespace lode::cli
