#include "command.hpp"
#include "register_output.hpp"

#include "lode/base/error.hpp"
#include "lode/import/tables.hpp"

#include <iostream>

namespace lode::cli {

namespace {

class TermCommand final : public Command {
public:
    const char* name() const override { return "term"; }
    const char* description() const override { return "Agreement terms of a project, e.g. priority rights to participate in development"; }
    const char* examples() const override
    {
        return "  lode term add UZ-PEG --kind \"priority right\" --partner KIGAM --text \"Korean companies have priority ...\"\n"
               "  lode term add --from geodata/terms.csv\n"
               "  lode term list --project UZ-PEG";
    }

    void setup(CLI::App& app) override
    {
        app.require_subcommand(1, 1);
        add_ = app.add_subcommand("add", "Add an agreement term to a project, or every row of a table (--from)");
        add_db_option(*add_);
        add_->add_option("PROJECT", term_.project, "Project code");
        add_->add_option("--kind", term_.kind, "Kind of term, e.g. \"priority right\"");
        add_->add_option("--text", term_.text, "What the term says");
        add_->add_option("--partner", term_.organisation, "The partner it benefits (a unique part of its name)")->option_text("NAME");
        add_->add_option("--starts", term_.starts, "From (YYYY, YYYY-MM or YYYY-MM-DD)")->option_text("DATE");
        add_->add_option("--ends", term_.ends, "Until (YYYY, YYYY-MM or YYYY-MM-DD)")->option_text("DATE");
        add_->add_option("--document", term_.document, "The agreement it is part of");
        add_->add_option("--source", term_.source, "Where the fact comes from");
        add_->add_option("--from", from_, "A table (CSV) with columns project,partner,kind,text,starts,ends,document,source")->option_text("FILE");
        add_->footer("Examples:\n  lode term add NG-LIP --kind confidentiality --text \"Survey data shared under NDA\" --starts 2026\n"
                     "  lode term add --from geodata/terms.csv");

        list_ = app.add_subcommand("list", "List agreement terms");
        add_db_option(*list_);
        list_->add_option("--project", project_, "Only this project")->option_text("CODE");
        add_format_option(*list_, format_, {"table", "csv", "json"});
        list_->footer("Examples:\n  lode term list\n  lode term list --project UZ-PEG --format json");
    }

    int run() override
    {
        auto store = open_store();
        if (list_->parsed()) {
            const auto project = project_option(*store, project_);
            Table table{{"id", "project", "partner", "kind", "text", "starts", "ends", "document", "source"}, {}};
            for (const auto& t : store->tracker().terms(project))
                table.rows.push_back({t.id, t.project, text_or_null(t.organisation), t.kind, t.text, text_or_null(t.starts),
                                      text_or_null(t.ends), text_or_null(t.document), text_or_null(t.source)});
            table.print(std::cout, format_);
            return 0;
        }
        if (from_.empty() == term_.project.empty())
            throw CLI::ValidationError("term add", "give either PROJECT with --kind and --text, or --from FILE");
        auto rows = from_.empty() ? std::vector<AgreementTerm>{term_} : read_terms(from_);
        add_all_or_none(*store, rows, from_, [&](AgreementTerm& row) { row.id = store->tracker().add_term(row); });
        for (const auto& t : rows)
            std::cout << "added term " << t.id << " to " << t.project << ": " << t.kind << "\n";
        return 0;
    }

private:
    CLI::App* add_ = nullptr;
    CLI::App* list_ = nullptr;
    AgreementTerm term_;
    std::string from_, project_, format_;
};

} // namespace

const Registration registered{66, [] { return std::unique_ptr<Command>(std::make_unique<TermCommand>()); }};

} // namespace lode::cli
