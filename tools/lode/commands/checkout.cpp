#include "checkout.hpp"

#include "lode/sync.hpp"

#include <iostream>

namespace lode::cli {

const char* CheckoutCommand::examples() const
{
    return "  lode checkout 'postgresql://aziz@db.example.org/exploration?schema=lode' --project UZ-PEG -o field.sqlite\n"
           "  LODE_DB=field.sqlite lode import gps/today.gpx --layer samples --project UZ-PEG   # offline, in camp\n"
           "  lode sync field.sqlite   # back on the network";
}

void CheckoutCommand::setup(CLI::App& app)
{
    app.add_option("store", from_, "The store to copy from: a postgresql:// store (its password from ~/.pgpass or PGPASSWORD, never here), or a file")
        ->option_text("STORE")
        ->required();
    app.add_option("-p,--project", project_, "The programme to copy: its features, partners, register, downhole data and results")
        ->option_text("CODE")
        ->required();
    app.add_option("-o,--output", output_, "The new SpatiaLite file: a store like any other, which lode sync syncs back")
        ->option_text("FILE")
        ->required();
    add_who_and_why(app, "the copy's history");
}

int CheckoutCommand::run()
{
    const StoreLocation from(from_);
    const CheckoutReport report = checkout(from, project_, output_, change_context());
    const CopyReport& copy = report.copy;
    std::string layers;
    for (const auto& [layer, count] : copy.layers)
        if (count > 0)
            layers += (layers.empty() ? "" : ", ") + layer + " " + std::to_string(count);
    std::cout << "checked out " << report.origin.project << " from " << from.display()
              << (report.origin.login.empty() ? "" : " as " + report.origin.login) << " into " << output_ << ": "
              << copy.features << " features (" << (layers.empty() ? "none" : layers) << "), " << copy.partnerships
              << " partnerships, " << copy.imports << " imports, " << copy.surveys << " survey stations, " << copy.intervals
              << " downhole intervals, " << copy.assay_results << " assay results, " << copy.qc_samples << " QC samples, "
              << copy.obligations << " obligations, " << copy.interests << " interests, " << copy.terms << " terms, "
              << copy.milestones << " milestones\n"
              << "the server's history at entry " << report.origin.server_position << "; work on it with LODE_DB=" << output_
              << " (or --db), then: lode sync " << output_ << "\n";
    return 0;
}

} // namespace lode::cli
