#include "copy.hpp"

#include "lode/copy.hpp"

#include <iostream>

namespace lode::cli {

const char* CopyCommand::examples() const
{
    return "  lode copy --from programmes.sqlite --to 'postgresql://geologist@db.example.org/exploration?schema=lode'\n"
           "  lode copy --from 'postgresql://geologist@db.example.org/exploration?schema=lode' --to field.sqlite";
}

void CopyCommand::setup(CLI::App& app)
{
    app.add_option("--from", from_, "The store to copy (a SpatiaLite file or a postgresql:// store)")->option_text("STORE")->required();
    app.add_option("--to", to_, "The new store to make and fill (as lode init makes one; never an existing store)")
        ->option_text("STORE")
        ->required();
}

int CopyCommand::run()
{
    const StoreLocation from(from_), to(to_);
    const CopyReport report = copy_store(from, to, change_context());
    std::string layers;
    for (const auto& [layer, count] : report.layers)
        if (count > 0)
            layers += (layers.empty() ? "" : ", ") + layer + " " + std::to_string(count);
    // Each store as lode shows it: a file as given, a server's store without its user or password.
    std::cout << "copied " << (from.is_file() ? from_ : from.display()) << " to " << (to.is_file() ? to_ : to.display()) << ": "
              << report.projects << " projects, " << report.partnerships << " partnerships, " << report.vocabulary_values
              << " vocabulary values, " << report.features << " features (" << (layers.empty() ? "none" : layers) << "), "
              << report.imports << " imports, " << report.surveys << " survey stations, " << report.intervals
              << " downhole intervals, " << report.assay_results << " assay results, " << report.qc_samples << " QC samples, "
              << report.reference_values << " certified values, " << report.obligations << " obligations, " << report.interests
              << " interests, " << report.terms << " terms, " << report.milestones << " milestones, " << report.history
              << " history entries\n";
    for (const auto& note : report.notes)
        std::cout << "note: " << note << "\n";
    return 0;
}

} // namespace lode::cli
