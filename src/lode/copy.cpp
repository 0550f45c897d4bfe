// lode copy: a whole store into a new one, through the Store interface only, so that any two
// backends copy into each other.
#include "lode/copy.hpp"

#include "lode/base/error.hpp"
#include "lode/base/temporary_directory.hpp"
#include "lode/store/register.hpp"
#include "lode/store/retry.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <set>

namespace lode {

std::unique_ptr<Store> create_store_like(Store& source, const StoreLocation& to, const ChangeContext& context, const FillStore& fill)
{
    // The kinds and vocabulary of the source, as files create_store reads.
    TemporaryDirectory kinds("lode-copy");
    for (const auto& kind : source.layer_kinds())
        std::ofstream((kinds.path() / (kind.name + ".json")).string()) << kind.definition.dump(2) << "\n";
    std::ofstream((kinds.path() / "commodities.json").string()) << source.commodities().definition().dump(2) << "\n";
    return create_store(to, kinds.path().string(), context, fill);
}

CopyReport copy_store(const StoreLocation& from, const StoreLocation& to, const ChangeContext& context)
{
    auto source = open_store(from, context);
    if (from.display() == to.display())
        throw InputError(Where{to.display(), -1, "", ""}, "is the store copied from");
    // The store made and filled as one unit (nothing of it left at `to` when the filling fails),
    // run again whole when a server refuses it as conflicting with other writers.
    return with_retries([&] {
        CopyReport report;
        create_store_like(*source, to, context, [&](Store& target) {
            copy_contents(*source, target, std::nullopt, report);
            carry_history(*source, target, report);
        });
        return report;
    });
}

void carry_history(Store& source, Store& target, CopyReport& report)
{
    // The copy's own entries (its inserts) replaced by the original's, with their numbers: the
    // rows they name kept theirs (copy_contents of a whole store).
    target.clear_history(source.history_began());
    std::vector<HistoryRow> batch;
    auto flush = [&] {
        target.write_history_rows(batch);
        report.history += static_cast<std::int64_t>(batch.size());
        batch.clear();
    };
    source.read_history_rows([&](const HistoryRow& entry) {
        batch.push_back(entry);
        if (batch.size() >= 5000)
            flush();
    });
    flush();   // also when empty: the numbering then follows what was written
}

void copy_contents(Store& from, Store& to, const std::optional<std::string>& project, CopyReport& report)
{
    Store* source = &from;
    Store* target = &to;
    Project checked;
    if (project)
        from.require_project(*project, checked);
    for (Vocabulary v : vocabularies()) {
        const auto added = source->added_values(v);
        if (!added.empty())
            target->extend_vocabulary(v, added);
        report.vocabulary_values += static_cast<std::int64_t>(added.size());
    }
    for (const auto& p : source->projects())
        if (!project || p.code == *project) {
            target->add_project(p);
            ++report.projects;
        }
    std::set<std::string> organisations;   // of the copied partnerships
    for (const auto& partnership : source->partnerships(project)) {
        target->add_partnership(partnership);
        organisations.insert(partnership.organisation);
        ++report.partnerships;
    }
    // The import log before the features: its entries are not linked to the copy's inserts (an
    // undo of a copied import then finds nothing of it to undo, rather than the whole layer).
    std::vector<ImportRecord> imports;
    for (const auto& record : source->imports())
        if (!project || record.project == *project)
            imports.push_back(record);
    // The whole log keeps its numbers, dates and undos; a project's is logged afresh.
    if (!project)
        target->write_import_log(imports);
    else
        for (const auto& record : imports)
            target->record_import(record);
    report.imports = static_cast<std::int64_t>(imports.size());
    // An import's number in the copy's log, by its number in the source's (the log copied in order).
    std::map<std::int64_t, std::int64_t> import_ids;
    const auto copied_imports = target->imports();
    for (std::size_t i = 0; i < imports.size() && i < copied_imports.size(); ++i)
        import_ids[imports[i].id] = copied_imports[i].id;
    if (project && !imports.empty())
        report.notes.push_back("the import log's " + std::to_string(imports.size()) +
                               " entries are dated at the copy, with their sources, checksums and counts, and"
                               " cannot be undone there");
    // The ids copied, by layer: of one project, what its register, downhole data and results name.
    std::map<std::string, std::set<std::string>> copied;
    Selection selection;
    selection.project = project;
    for (const auto& kind : source->layer_kinds()) {
        // The whole store's rows keep their fids (the n-th read has the n-th number), which its history names.
        const std::vector<std::int64_t> fids = project ? std::vector<std::int64_t>{} : source->row_numbers(kind.name);
        std::size_t read = 0;
        std::vector<Feature> batch;
        auto flush = [&] {
            std::vector<const Feature*> all;
            all.reserve(batch.size());
            for (const auto& f : batch)
                all.push_back(&f);
            if (project) {
                report.layers[kind.name] += target->insert_features(kind.name, all, OnDuplicate::error).written;
            } else {
                if (read > fids.size())
                    throw Error(source->location().display() + ": layer '" + kind.name + "' changed while it was copied");
                const std::vector<std::int64_t> numbers(fids.begin() + static_cast<std::ptrdiff_t>(read - batch.size()),
                                                        fids.begin() + static_cast<std::ptrdiff_t>(read));
                report.layers[kind.name] += target->insert_numbered(kind.name, all, numbers).written;
            }
            batch.clear();
        };
        report.layers[kind.name] = 0;
        source->scan(kind.name, selection, Reading::features(), [&](ScanRow& row) {
            if (project)
                copied[kind.name].insert(row.feature.id);
            batch.push_back(std::move(row.feature));
            ++read;
            if (batch.size() >= 5000)
                flush();
            return true;
        });
        if (!batch.empty())
            flush();
        report.features += report.layers[kind.name];
    }
    // Of one project: what names its licences, holes and samples (everything of the whole store).
    auto kept = [&](const std::string& layer, const std::string& id) { return !project || copied[layer].count(id) > 0; };
    // The register after the licences it names, each row with its number (obligation 3 stays 3).
    Register& from_register = source->the_register();
    Register& to_register = target->the_register();
    for (const auto& interest : from_register.project_interests(project))
        if (interest.pct) {   // a project's partners are its interests; only a percentage is the register's
            to_register.set_project_interest(interest);
            ++report.interests;
        }
    for (const auto& interest : from_register.licence_interests(std::nullopt))
        if (kept(licences_layer, interest.scope) && (!project || organisations.count(interest.organisation) > 0)) {
            to_register.set_licence_interest(interest);
            ++report.interests;
        }
    auto by_id = [](const auto& a, const auto& b) { return a.id < b.id; };
    auto obligations = from_register.obligations(std::nullopt, false);
    std::sort(obligations.begin(), obligations.end(), by_id);
    for (const auto& o : obligations)
        if (kept(licences_layer, o.licence)) {
            to_register.add_obligation(o);
            ++report.obligations;
        }
    auto terms = from_register.terms(project);
    std::sort(terms.begin(), terms.end(), by_id);
    for (const auto& t : terms)
        if (t.organisation.empty() || !project || organisations.count(t.organisation) > 0) {
            to_register.add_term(t);
            ++report.terms;
        }
    auto milestones = from_register.milestones(project);
    std::sort(milestones.begin(), milestones.end(), by_id);
    for (const auto& m : milestones)
        to_register.add_milestone(m);
    report.milestones = static_cast<std::int64_t>(milestones.size());
    // The downhole data of the holes copied (every hole's, of the whole store).
    const std::vector<std::string> holes(copied["drillholes"].begin(), copied["drillholes"].end());
    if (!project || !holes.empty()) {
        const auto surveys = source->surveys(holes);
        target->add_surveys(surveys);
        report.surveys = static_cast<std::int64_t>(surveys.size());
        const auto intervals = source->intervals(holes);
        target->add_intervals(intervals);
        report.intervals = static_cast<std::int64_t>(intervals.size());
    }
    // The reference materials, and each layer's QC samples before the results they hold.
    const auto references = source->reference_values();
    target->write_reference_values(references);
    report.reference_values = static_cast<std::int64_t>(references.size());
    for (const auto& kind : source->layer_kinds()) {
        std::vector<QcSample> qc;
        for (auto& q : source->qc_samples(kind.name))
            if (!project || q.project == *project) {
                const auto at = import_ids.find(q.import);
                q.import = at == import_ids.end() ? 0 : at->second;
                copied[kind.name].insert(q.id);
                qc.push_back(std::move(q));
            }
        target->write_qc_samples(qc);
        report.qc_samples += static_cast<std::int64_t>(qc.size());
    }
    // The assay results after the features they belong to, layer by layer, in blocks: a whole
    // store's with their numbers (which its history names), a project's numbered afresh.
    auto write = [&](const std::vector<AssayRecord>& records) {
        if (project)
            target->write_assays(records);
        else
            target->restore_assays(records);
    };
    for (const auto& kind : source->layer_kinds()) {
        std::vector<AssayRecord> batch;
        AssayQuery query;
        query.layer = kind.name;
        source->read_assays(query, [&](const AssayRecord& r) {
            if (!kept(kind.name, r.sample))
                return true;
            batch.push_back(r);
            const auto at = import_ids.find(r.import);
            batch.back().import = at == import_ids.end() ? 0 : at->second;
            if (batch.size() >= 5000) {
                write(batch);
                report.assay_results += static_cast<std::int64_t>(batch.size());
                batch.clear();
            }
            return true;
        });
        if (!batch.empty())
            write(batch);
        report.assay_results += static_cast<std::int64_t>(batch.size());
    }
}

} // namespace lode
