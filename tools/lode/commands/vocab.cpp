#include "vocab.hpp"
#include "lode/store/retry.hpp"

#include "lode/base/text.hpp"

#include <iostream>

namespace lode::cli {

namespace {

std::string vocabulary_names()
{
    std::vector<std::string> names;
    for (Vocabulary v : vocabularies())
        names.push_back(to_string(v));
    return join(names, ", ");
}

} // namespace

const char* VocabCommand::examples() const
{
    return "  lode vocab list\n"
           "  lode vocab list phases --format csv\n"
           "  lode vocab add phases \"pre-feasibility\"\n"
           "  lode vocab add roles \"offtaker\" \"drilling contractor\"";
}

void VocabCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    list_ = app.add_subcommand("list", "The values of the vocabularies (or of one): built in, or added to this store");
    add_db_option(*list_, false);
    list_->add_option("VOCABULARY", vocabulary_, "One vocabulary: " + vocabulary_names());
    add_format_option(*list_, format_, {"table", "csv", "json"});
    list_->footer("Examples:\n  lode vocab list\n  lode vocab list roles --format json");

    add_ = app.add_subcommand("add", "Add values to a vocabulary of this store (recorded in the history); "
                                     "project add --phase, partner add --role and the register then take them");
    add_db_option(*add_);
    add_->add_option("VOCABULARY", vocabulary_, "The vocabulary: " + vocabulary_names())->required();
    add_->add_option("VALUE", values_, "The new values (not yet in it, compared without case)")->required();
    add_->footer("Examples:\n  lode vocab add phases \"pre-feasibility\"\n  lode vocab add roles offtaker \"drilling contractor\"");
}

int VocabCommand::run()
{
    auto store = open_store();
    if (add_->parsed()) {
        const Vocabulary vocabulary = vocabulary_named(vocabulary_);
        with_retries([&] { store->extend_vocabulary(vocabulary, values_); });
        std::cout << "added " << join(values_, ", ") << " to " << to_string(vocabulary) << "\n";
        return 0;
    }
    std::vector<Vocabulary> chosen = vocabularies();
    if (!vocabulary_.empty())
        chosen = {vocabulary_named(vocabulary_)};
    Table table{{"vocabulary", "value", "origin"}, {}};
    for (Vocabulary vocabulary : chosen) {
        for (const auto& value : built_in_values(vocabulary))
            table.rows.push_back({to_string(vocabulary), value, "built-in"});
        for (const auto& value : store->added_values(vocabulary))
            table.rows.push_back({to_string(vocabulary), value, "added"});
    }
    table.print(std::cout, format_);
    return 0;
}

} // namespace lode::cli
