#include "licence.hpp"
#include "lode/store/retry.hpp"

#include <iostream>

namespace lode::cli {

namespace {

// The licence fields a person sets by option; any other field of the layer kind by --set FIELD=VALUE.
struct FieldOption {
    const char* option;
    const char* field;
    const char* help;
    const char* metavar = "TEXT";
};
const std::vector<FieldOption>& field_options()
{
    static const std::vector<FieldOption> options = {
        {"--number", "licence_no", "Licence number as issued by the mining cadastre (add: default the ID)"},
        {"--name", "name", "Name of the licence"},
        {"--type", "licence_type", "Type: reconnaissance, prospecting, exploration, retention, mining, research permit"},
        {"--holder", "holder", "Holder(s) as on the licence"},
        {"--jurisdiction", "jurisdiction", "Country or state that issued it"},
        {"--applied", "applied", "Date the application was lodged, YYYY-MM-DD", "DATE"},
        {"--granted", "granted", "Grant date, YYYY-MM-DD", "DATE"},
        {"--expiry", "expiry", "Expiry date, YYYY-MM-DD (a due item of 'lode due')", "DATE"},
        {"--status", "status", "Status: application, granted, renewal pending, surrendered, expired"},
        {"--commodities", "commodities", "Commodities, comma-separated (Li,Ta,graphite)"},
        {"--accuracy", "accuracy", "Accuracy of the outline: surveyed, approximate, illustrative"},
        {"--source", "source", "Where the facts come from"}};
    return options;
}

} // namespace

const char* LicenceCommand::examples() const
{
    return "  lode licence show ILL-TZ-001\n"
           "  lode licence update ILL-TZ-002 --status granted --granted 2025-07-01 --expiry 2029-06-30\n"
           "  lode licence surrender ILL-TZ-004 --on 2026-03-31\n"
           "  lode licence add PL-001 --project TZ-GRE --holder KIGAM --status application --accuracy illustrative \\\n"
           "      --wkt \"POLYGON((36.7 -8.7,36.8 -8.7,36.8 -8.6,36.7 -8.6,36.7 -8.7))\"";
}

void LicenceCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_ = app.add_subcommand("add", "Add a licence with its outline (most licences arrive by 'lode import ... -l licences')");
    add_db_option(*add_);
    add_->add_option("ID", id_, "Licence id (the feature id in the licences layer)")->required();
    add_->add_option("--project", project_, "Project code")->option_text("CODE")->required();
    add_->add_option("--wkt", wkt_, "Outline in WKT, longitude/latitude in WGS 84 (POLYGON or MULTIPOLYGON)")->required();
    add_field_options(*add_);
    add_->footer("Examples:\n  lode licence add PL-001 --project TZ-GRE --holder KIGAM --status application --accuracy illustrative \\\n"
                 "      --applied 2025-11-03 --wkt \"POLYGON((36.7 -8.7,36.8 -8.7,36.8 -8.6,36.7 -8.6,36.7 -8.7))\"");

    show_ = app.add_subcommand("show", "The register card: number, type, holders, dates, status, area, partners, obligations");
    add_db_option(*show_);
    show_->add_option("ID", id_, "Licence id")->required();
    add_format_option(*show_, format_, {"table", "json"});
    show_->footer("Examples:\n  lode licence show ILL-TZ-001\n  lode licence show ILL-TZ-001 --format json");

    update_ = app.add_subcommand("update", "Change a licence's fields (checked as an import checks them; \"\" clears one)");
    add_db_option(*update_);
    update_->add_option("ID", id_, "Licence id")->required();
    add_field_options(*update_);
    update_->footer("Examples:\n  lode licence update ILL-TZ-002 --status granted --granted 2025-07-01 --expiry 2029-06-30\n"
                    "  lode licence update ILL-TZ-003 --set surrendered=");

    surrender_ = app.add_subcommand("surrender", "Surrender a licence on a date (its outstanding obligations are listed)");
    add_db_option(*surrender_);
    surrender_->add_option("ID", id_, "Licence id")->required();
    surrender_->add_option("--on", on_, "Date of the surrender, YYYY-MM-DD")->option_text("DATE")->required();
    surrender_->footer("Examples:\n  lode licence surrender ILL-TZ-004 --on 2026-03-31");
}

void LicenceCommand::check() const
{
    if (update_->parsed() && fields_.empty())
        throw CLI::ValidationError("licence update", "nothing to change: give a field option such as --status or --set FIELD=VALUE");
}

int LicenceCommand::run()
{
    auto store = open_store();
    if (show_->parsed())
        return show(*store);
    const Feature licence = with_retries([&] {   // run again when the server asks it (a deadlock)
        auto txn = store->begin_write();
        Feature changed;
        if (add_->parsed())
            changed = add_licence(*store, id_, project_, fields_, wkt_);
        else if (update_->parsed())
            changed = update_licence(*store, id_, fields_);
        else
            changed = surrender_licence(*store, id_, on_);
        txn->commit();
        return changed;
    });
    if (add_->parsed())
        std::cout << "added licence " << licence.id << " to project " << licence.project << "\n";
    else if (update_->parsed())
        std::cout << "updated licence " << licence.id << ": " << describe_fields() << "\n";
    else
        report_surrender(*store, licence);
    return 0;
}

void LicenceCommand::add_field_options(CLI::App& sub)
{
    for (const auto& o : field_options()) {
        const std::string name = o.field;
        sub.add_option_function<std::string>(o.option, [this, name](const std::string& v) { fields_[name] = v; }, o.help)
            ->option_text(o.metavar);
    }
    sub.add_option_function<std::vector<std::string>>("--set", [this](const std::vector<std::string>& pairs) {
           for (const auto& pair : pairs) {
               const auto eq = pair.find('=');
               if (eq == std::string::npos || eq == 0)
                   throw CLI::ValidationError("--set", "'" + pair + "' is not FIELD=VALUE");
               fields_[pair.substr(0, eq)] = pair.substr(eq + 1);
           }
       }, "Any field of the licences layer, FIELD=VALUE (repeatable)")
        ->option_text("FIELD=VALUE");
}

std::string LicenceCommand::describe_fields() const
{
    std::vector<std::string> parts;
    for (const auto& [field, value] : fields_)
        parts.push_back(field + "=" + (value.empty() ? "(empty)" : value));
    return join(parts, ", ");
}

void LicenceCommand::report_surrender(Store& store, const Feature& licence)
{
    std::cout << "surrendered licence " << licence.id << " on " << on_ << "\n";
    const auto outstanding = store.the_register().obligations(licence.id, true);
    if (outstanding.empty())
        return;
    std::cout << outstanding.size() << " outstanding obligation" << (outstanding.size() > 1 ? "s" : "")
              << " (mark them done or remove them with 'lode obligation'):\n";
    obligation_table(outstanding).print(std::cout, "table");
}

int LicenceCommand::show(Store& store)
{
    const LicenceCard card = licence_card(store, id_);
    const Feature& f = card.licence;
    auto field = [&](const char* name) {
        auto it = f.attributes.find(name);
        return it == f.attributes.end() ? std::string() : to_text(it->second);
    };
    std::vector<std::pair<std::string, std::string>> details = {
        {"licence", f.id}, {"number", field("licence_no")}, {"name", field("name")}, {"type", field("licence_type")},
        {"holder", field("holder")}, {"jurisdiction", field("jurisdiction")}, {"project", f.project},
        {"applied", field("applied")}, {"granted", field("granted")}, {"expiry", field("expiry")},
        {"surrendered", field("surrendered")}, {"status", field("status")}, {"commodities", field("commodities")},
        {"accuracy", field("accuracy")}};
    const double area = std::stod(format_number(card.area_km2, 4));
    const std::string sum_note = card.interests.with_interest == 0 ? "no interests recorded"
                                 : card.interests.complete()       ? "interests sum to 100%"
                                     : "interests sum to " + format_number(card.interests.total, 4) + "%, not 100%";
    if (format_ == "json") {
        nlohmann::ordered_json out = nlohmann::ordered_json::object();
        for (const auto& [k, v] : details)
            out[k] = text_or_null(v);
        out["area_km2"] = area;
        out["partners"] = nlohmann::json::array();
        for (const auto& p : card.partners)
            out["partners"].push_back({{"organisation", p.organisation}, {"country", p.country}, {"role", p.role},
                                       {"interest_pct", optional_number(p.pct)}});
        out["interest_total_pct"] = card.interests.total;
        out["interests_complete"] = card.interests.complete();
        out["obligations"] = nlohmann::json::array();
        for (const auto& o : card.obligations)
            out["obligations"].push_back({{"id", o.id}, {"kind", o.kind}, {"description", o.description}, {"due", o.due},
                                          {"amount", optional_number(o.amount)}, {"currency", text_or_null(o.currency)},
                                          {"done", text_or_null(o.done)},
                                          {"every_months", o.every_months ? nlohmann::json(*o.every_months) : nlohmann::json()}});
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    Table table{{"field", "value"}, {}};
    for (const auto& [k, v] : details)
        if (!v.empty())
            table.rows.push_back({k, v});
    table.rows.push_back({"area", format_number(area, 4) + " km² (WGS84 ellipsoid)"});
    table.print(std::cout, "table");
    std::cout << "\npartners (" << sum_note << (card.interests.with_interest && !card.interests.complete() ? " ⚠" : "")
              << ")\n";
    Table partners{{"partner", "country", "role", "interest_pct"}, {}};
    for (const auto& p : card.partners)
        partners.rows.push_back({p.organisation, p.country, p.role, optional_number(p.pct)});
    partners.print(std::cout, "table");
    std::cout << "\nobligations\n";
    obligation_table(card.obligations).print(std::cout, "table");
    return 0;
}

} // namespace lode::cli
