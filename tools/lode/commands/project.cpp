#include "project.hpp"
#include "lode/store/retry.hpp"

#include <algorithm>
#include <iostream>

namespace lode::cli {

const char* ProjectCommand::examples() const
{
    return "  lode project add UZ-PEG --name \"Uzbekistan Li-REE pegmatites\" --countries UZ \\\n"
           "      --commodities Li,Ta,Cs,REE --phase \"preliminary investigation\" --start 2019-04-19\n"
           "  lode project add --from geodata/projects.csv\n"
           "  lode project list --format csv\n"
           "  lode project show UZ-PEG\n"
           "  lode project timeline UZ-PEG";
}

void ProjectCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "add", "Add a project, or every project of a table (--from)",
        [this](CLI::App& add) {
            add.add_option("CODE", project_.code, "Short code, e.g. UZ-PEG");
            add.add_option("--name", project_.name, "Full name");
            add.add_option("--countries", project_.host_countries, "Host countries, ISO 3166 alpha-2, comma-separated (UZ,KR)");
            add.add_option("--commodities", project_.commodities, "Target commodities, comma-separated (Li,Ta,REE)");
            add.add_option("--phase", project_.phase,
                           "Phase: " + join(project_phases(), ", ") + " (default " + default_project_phase() +
                               "), or one the store added (lode vocab add phases)");
            add.add_option("--start", project_.start_date, "Start date, YYYY-MM-DD")->option_text("DATE");
            add.add_option("--description", project_.description, "What the programme does");
            add.add_option("--source", project_.source, "Where the facts come from");
        },
        "code,name,host_countries,commodities,phase,start_date,description,source",
        "  lode project add NG-LIP --name \"Nigeria lithium pegmatites\" --countries NG --commodities Li --phase MOU\n"
        "  lode project add --from geodata/projects.csv");
    add_list(app, "List the projects", [](CLI::App&) {}, "  lode project list\n  lode project list --format json");

    show_ = app.add_subcommand("show", "Show a project: details, partners and features per layer");
    add_db_option(*show_);
    show_->add_option("CODE", show_code_, "Project code")->required();
    add_format_option(*show_, show_format_, {"table", "json"});
    show_->footer("Examples:\n  lode project show AU-CMM");

    timeline_ = app.add_subcommand("timeline", "A project's phases and dated milestones in order, with documents and sources");
    add_db_option(*timeline_);
    timeline_->add_option("CODE", show_code_, "Project code")->required();
    add_format_option(*timeline_, timeline_format_, {"table", "csv", "json"});
    timeline_->footer("Examples:\n  lode project timeline UZ-PEG\n  lode project timeline AU-CMM --format csv");
}

void ProjectCommand::check() const
{
    check_one_source(!project_.code.empty(), "CODE with --name");
}

int ProjectCommand::run()
{
    if (add_->parsed())
        return run_add();
    if (list_->parsed())
        return run_list();
    if (timeline_->parsed())
        return run_timeline();
    return run_show();
}

int ProjectCommand::run_add()
{
    std::vector<Project> projects = rows_to_add(project_, read_projects);
    auto store = open_store();
    with_retries([&] {   // run again when the server refuses it as conflicting with other writers
        auto txn = store->begin_write();
        for (const auto& p : projects)
            store->add_project(p);
        txn->commit();
    });
    for (const auto& p : projects)
        std::cout << "added project " << p.code << " (" << p.name << ")\n";
    return 0;
}

int ProjectCommand::run_list()
{
    auto store = open_store();
    Table table{{"code", "name", "host_countries", "commodities", "phase", "start_date"}, {}};
    for (const auto& p : store->projects())
        table.rows.push_back({p.code, p.name, p.host_countries, p.commodities, p.phase,
                              p.start_date.empty() ? nlohmann::json() : nlohmann::json(p.start_date)});
    table.print(std::cout, format_);
    return 0;
}

int ProjectCommand::run_show()
{
    auto store = open_store();
    Project p;
    store->require_project(show_code_, p);
    const auto partners = store->partnerships(p.code);
    const auto counts = store->feature_counts(p.code);
    if (show_format_ == "json") {
        nlohmann::ordered_json out = {{"code", p.code}, {"name", p.name}, {"host_countries", p.host_countries},
                              {"commodities", p.commodities}, {"phase", p.phase}, {"start_date", p.start_date},
                              {"description", p.description}, {"source", p.source}};
        out["partners"] = nlohmann::json::array();
        for (const auto& partner : partners)
            out["partners"].push_back({{"organisation", partner.organisation}, {"country", partner.country}, {"role", partner.role}});
        out["features"] = counts;
        std::cout << out.dump(2) << "\n";
        return 0;
    }
    Table details{{"field", "value"}, {}};
    for (const auto& [field, value] : std::vector<std::pair<const char*, std::string>>{
             {"code", p.code}, {"name", p.name}, {"host countries", p.host_countries}, {"commodities", p.commodities},
             {"phase", p.phase}, {"start date", p.start_date}, {"description", p.description}, {"source", p.source}})
        details.rows.push_back({field, value});
    details.print(std::cout, "table");
    std::cout << "\n";
    Table partner_table{{"partner", "country", "role"}, {}};
    for (const auto& partner : partners)
        partner_table.rows.push_back({partner.organisation, partner.country, partner.role});
    partner_table.print(std::cout, "table");
    std::cout << "\n";
    Table layers{{"layer", "features"}, {}};
    for (const auto& [layer, count] : counts)
        layers.rows.push_back({layer, count});
    layers.print(std::cout, "table");
    return 0;
}

int ProjectCommand::run_timeline()
{
    auto store = open_store();
    Project p;
    store->require_project(show_code_, p);
    // A table cuts long texts; there the sources are numbered notes printed whole below it.
    const bool people = timeline_format_ == "table";
    std::vector<std::string> sources;
    auto source_cell = [&](const std::string& source) -> nlohmann::json {
        if (!people || source.empty())
            return text_or_null(source);
        auto it = std::find(sources.begin(), sources.end(), source);
        if (it == sources.end())
            it = sources.insert(sources.end(), source);
        return "[" + std::to_string(it - sources.begin() + 1) + "]";
    };
    Table table{{"date", "phase", "status", "milestone", "document", "source"}, {}};
    for (const auto& m : store->the_register().milestones(p.code))
        table.rows.push_back({m.date, text_or_null(m.phase), m.status, m.title, text_or_null(m.document), source_cell(m.source)});
    if (people) {
        // The phases in their order, the current one marked: where the programme stands.
        std::vector<std::string> phases;
        for (const auto& phase : store->vocabulary(Vocabulary::phases))
            phases.push_back(phase == p.phase ? "[" + phase + "]" : phase);
        std::cout << p.code << " — " << p.name << "\nphases: " << join(phases, " → ") << "\n\n";
    }
    table.print(std::cout, timeline_format_);
    const auto terms = store->the_register().terms(p.code);
    if (people && !terms.empty()) {
        std::cout << "\nagreement terms\n";
        Table term_table{{"kind", "partner", "text", "starts", "ends", "document", "source"}, {}};
        for (const auto& t : terms)
            term_table.rows.push_back({t.kind, text_or_null(t.organisation), t.text, text_or_null(t.starts), text_or_null(t.ends),
                                       text_or_null(t.document), source_cell(t.source)});
        term_table.print(std::cout, "table");
    }
    if (people && !sources.empty()) {
        std::cout << "\nsources\n";
        for (std::size_t i = 0; i < sources.size(); ++i)
            std::cout << "[" << i + 1 << "] " << sources[i] << "\n";
    }
    return 0;
}

} // namespace lode::cli
