// The importer's writing of the batches it reads (detail/batch_writer.hpp).
#include "lode/import/detail/batch_writer.hpp"

#include "lode/store/stale_copy.hpp"

#include <unordered_map>
#include <unordered_set>

namespace lode::import_detail {

namespace {

std::vector<std::string> ids_of(const ReadBatch& batch)
{
    std::vector<std::string> ids;
    ids.reserve(batch.features.size());
    for (const auto& f : batch.features)
        ids.push_back(f.id);
    return ids;
}

} // namespace

void BatchWriter::write(ReadBatch& batch, std::vector<Problem>& problems)
{
    bool clean = batch.clean;
    if (options_.on_duplicate == OnDuplicate::error && (options_.dry_run || clean))
        find_already(batch, problems);
    if (copied_at_ && (options_.dry_run || clean)) {   // a stale copy's features refused
        std::vector<const Feature*> copies;
        for (const auto& f : batch.features)
            copies.push_back(&f);
        const auto changed = stale_features(store_, layer_, copies, *copied_at_);
        for (std::size_t i = 0; i < batch.features.size() && !changed.empty(); ++i)
            if (auto c = changed.find(batch.features[i].id); c != changed.end()) {
                problems.push_back(Problem{batch.numbers[i], batch.features[i].id, id_source_,
                                           stale_reason(c->second, *copied_at_), Hint::stale_copy});
                clean = false;
            }
    }
    if (options_.dry_run || !clean || !already.empty())
        return;
    std::vector<const Feature*> all;
    all.reserve(batch.features.size());
    for (const auto& f : batch.features)
        all.push_back(&f);
    // The results of features left as stored (skip) are not theirs to add.
    std::unordered_set<std::string> left;
    if (options_.on_duplicate == OnDuplicate::skip && assays_)
        for (auto& id : store_.existing_ids(layer_, ids_of(batch)))
            left.insert(std::move(id));
    const WriteCounts written = store_.insert_features(layer_, all, options_.on_duplicate);
    counts.written += written.written;
    counts.updated += written.updated;
    counts.skipped += written.skipped;
    std::vector<AssayRecord> results;
    std::size_t count = 0;
    for (const auto& mine : batch.results)
        count += mine.size();
    results.reserve(count);   // one allocation a batch, not a doubling one after another
    for (std::size_t i = 0; i < batch.features.size(); ++i)
        if (!left.count(batch.features[i].id))
            for (auto& r : batch.results[i])
                results.push_back(std::move(r));
    if (!results.empty())
        store_.write_assays(results);
}

void BatchWriter::find_already(const ReadBatch& batch, std::vector<Problem>& problems)
{
    const std::vector<std::string> present = store_.existing_ids(layer_, ids_of(batch));
    std::unordered_map<std::string, long long> feature_of;   // of the batch's ids already in the layer (a dry run lists them)
    if (options_.dry_run && !present.empty())
        for (std::size_t i = batch.features.size(); i-- > 0;)   // the first feature of an id
            feature_of[batch.features[i].id] = batch.numbers[i];
    for (const auto& id : present) {
        if (options_.dry_run)
            problems.push_back(Problem{feature_of[id], id, id_source_, "is already in layer '" + layer_ + "'", Hint::on_duplicate});
        else if (already.size() < 10)
            already.push_back(id);
        ++already_count;
    }
}

} // namespace lode::import_detail
