#include "obligation.hpp"
#include "lode/store/retry.hpp"

#include <iostream>

namespace lode::cli {

const char* ObligationCommand::examples() const
{
    return "  lode obligation add ILL-TZ-002 --kind rent --due 2026-07-01 --amount 1500 --currency USD --every-months 12\n"
           "  lode obligation add --from geodata/register_demo_obligations.csv\n"
           "  lode obligation list --project TZ-GRE\n"
           "  lode obligation done 3 --on 2026-06-20\n"
           "  lode obligation remove 7";
}

void ObligationCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    add_add(
        app, "add", "Add an obligation to a licence, or every row of a table (--from)",
        [this](CLI::App& add) {
            add.add_option("LICENCE", obligation_.licence, "Licence id");
            add.add_option("--kind", obligation_.kind, "Kind: " + join(obligation_kinds(), ", "));
            add.add_option("--due", obligation_.due, "Due date, YYYY-MM-DD")->option_text("DATE");
            add.add_option("--description", obligation_.description, "What is owed, e.g. \"annual rent\"");
            add.add_option("--amount", amount_, "Amount, e.g. 1500")->option_text("NUMBER");
            add.add_option("--currency", obligation_.currency, "ISO 4217 currency code, e.g. USD, TZS");
            add.add_option("--every-months", every_, "Recurring: falls due again this many months later (12: yearly)")
                ->option_text("N")
                ->check(CLI::Range(1, 120));
            add.add_option("--comment", obligation_.note, "A remark kept with the obligation (--note says why, for the history)")
                ->option_text("TEXT");
        },
        "licence,kind,description,due,amount,currency,done,every_months,note",
        "  lode obligation add ILL-TZ-002 --kind report --due 2026-01-31 --description \"annual exploration report\" --every-months 12\n"
        "  lode obligation add --from geodata/register_demo_obligations.csv");
    add_list(
        app, "List obligations by due date (outstanding ones; --all adds those done)",
        [this](CLI::App& list) {
            list.add_option("--licence", licence_, "Only this licence")->option_text("ID");
            list.add_option("--project", project_, "Only the licences of this project")->option_text("CODE");
            list.add_flag("--all", all_, "Also those done");
        },
        "  lode obligation list\n  lode obligation list --licence ILL-TZ-002 --all --format csv");

    done_ = app.add_subcommand("done", "Mark an obligation paid or lodged; a recurring one gets its next occurrence");
    add_db_option(*done_);
    done_->add_option("ID", id_, "Obligation id (see 'lode obligation list')")->required();
    done_->add_option("--on", on_, "Date it was done (default: today)")->option_text("DATE");
    done_->footer("Examples:\n  lode obligation done 3 --on 2026-06-20");

    remove_ = app.add_subcommand("remove", "Remove an obligation");
    add_db_option(*remove_);
    remove_->add_option("ID", id_, "Obligation id")->required();
    remove_->footer("Examples:\n  lode obligation remove 7");
}

void ObligationCommand::check() const
{
    check_one_source(!obligation_.licence.empty(), "LICENCE with --kind and --due");
}

int ObligationCommand::run()
{
    if (list_->parsed())
        return run_list();
    if (done_->parsed())
        return run_done();
    if (remove_->parsed())
        return run_remove();
    return run_add();
}

int ObligationCommand::run_add()
{
    std::vector<Obligation> rows;
    if (from_.empty()) {
        obligation_.amount = parse_optional_number(amount_, "--amount");
        if (every_ > 0)
            obligation_.every_months = every_;
        rows.push_back(obligation_);
    } else {
        rows = read_obligations(from_);
    }
    auto store = open_store();
    add_all_or_none(*store, rows, from_, [&](Obligation& row) { row.id = store->the_register().add_obligation(row); });
    for (const auto& o : rows)
        std::cout << "added obligation " << o.id << ": " << o.licence << " " << o.kind << " due " << o.due << "\n";
    return 0;
}

int ObligationCommand::run_list()
{
    auto store = open_store();
    std::optional<std::string> licence;
    if (!licence_.empty()) {
        require_licence(*store, licence_);
        licence = licence_;
    }
    std::vector<Obligation> rows = store->the_register().obligations(licence, !all_);
    if (!project_.empty()) {
        Project p;
        store->require_project(project_, p);
        std::erase_if(rows, [&](const Obligation& o) { return require_licence(*store, o.licence) != p.code; });
    }
    obligation_table(rows).print(std::cout, format_);
    return 0;
}

int ObligationCommand::run_done()
{
    const std::string on = to_string(today(on_.empty() ? std::nullopt : std::optional(on_), "--on"));
    auto store = open_store();
    const auto next = with_retries([&] {   // run again when the server refuses it as conflicting with other writers
        auto txn = store->begin_write();
        auto following = store->the_register().mark_done(id_, on);
        txn->commit();
        return following;
    });
    std::cout << "obligation " << id_ << " done on " << on << "\n";
    if (next)
        std::cout << "next occurrence: obligation " << next->id << " due " << next->due << "\n";
    return 0;
}

int ObligationCommand::run_remove()
{
    auto store = open_store();
    with_retries([&] {
        auto txn = store->begin_write();
        store->the_register().remove_obligation(id_);
        txn->commit();
    });
    std::cout << "removed obligation " << id_ << "\n";
    return 0;
}

} // namespace lode::cli
