#include "term.hpp"

#include <iostream>

namespace lode::cli {

const char* TermCommand::examples() const
{
    return "  lode term add UZ-PEG --kind \"priority right\" --partner KIGAM --text \"Korean companies have priority ...\"\n"
           "  lode term add --from geodata/terms.csv\n"
           "  lode term list --project UZ-PEG";
}

void TermCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "add", "Add an agreement term to a project, or every row of a table (--from)",
        [this](CLI::App& add) {
            add.add_option("PROJECT", term_.project, "Project code");
            add.add_option("--kind", term_.kind, "Kind of term, e.g. \"priority right\"");
            add.add_option("--text", term_.text, "What the term says");
            add.add_option("--partner", term_.organisation, "The partner it benefits (a unique part of its name)")->option_text("NAME");
            add.add_option("--starts", term_.starts, "From (YYYY, YYYY-MM or YYYY-MM-DD)")->option_text("DATE");
            add.add_option("--ends", term_.ends, "Until (YYYY, YYYY-MM or YYYY-MM-DD)")->option_text("DATE");
            add.add_option("--document", term_.document, "The agreement it is part of");
            add.add_option("--source", term_.source, "Where the fact comes from");
        },
        "project,partner,kind,text,starts,ends,document,source",
        "  lode term add NG-LIP --kind confidentiality --text \"Survey data shared under NDA\" --starts 2026\n"
        "  lode term add --from geodata/terms.csv");
    add_list(
        app, "List agreement terms",
        [this](CLI::App& list) { list.add_option("--project", project_, "Only this project")->option_text("CODE"); },
        "  lode term list\n  lode term list --project UZ-PEG --format json");
}

void TermCommand::check() const
{
    check_one_source(!term_.project.empty(), "PROJECT with --kind and --text");
}

int TermCommand::run()
{
    auto store = open_store();
    if (list_->parsed()) {
        const auto project = project_option(*store, project_);
        Table table{{"id", "project", "partner", "kind", "text", "starts", "ends", "document", "source"}, {}};
        for (const auto& t : store->the_register().terms(project))
            table.rows.push_back({t.id, t.project, text_or_null(t.organisation), t.kind, t.text, text_or_null(t.starts),
                                  text_or_null(t.ends), text_or_null(t.document), text_or_null(t.source)});
        table.print(std::cout, format_);
        return 0;
    }
    auto rows = rows_to_add(term_, read_terms);
    add_all_or_none(*store, rows, from_, [&](AgreementTerm& row) { row.id = store->the_register().add_term(row); });
    for (const auto& t : rows)
        std::cout << "added term " << t.id << " to " << t.project << ": " << t.kind << "\n";
    return 0;
}

} // namespace lode::cli
