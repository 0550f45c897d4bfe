#pragma once
// The importer's writing of the batches it reads (batch_writer.cpp), inside the import's transaction:
// on a thread of its own beside the reading, or on the reading thread for a dry run and an update
// from a copy.
#include "lode/import/importer.hpp"
#include "lode/import/problems.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode::import_detail {

// Features read from the source, a batch at a time: each with its feature number and its assay results.
struct ReadBatch {
    std::vector<Feature> features;
    std::vector<long long> numbers;
    std::vector<std::vector<AssayRecord>> results;
    bool clean = true;   // no problem found in the source up to the batch's end
};

// Writes the batches read into the layer: the ids already in the layer refused (collected in
// already; a dry run lists them as problems), a stale copy's features refused, then the features
// and their results written while nothing is refused.
class BatchWriter {
public:
    // assays: the source has assay columns (the results of features left as stored are not added);
    // copied_at: of an update from a copy, its position; id_source: the source's id field, for problems.
    BatchWriter(Store& store, const ImportOptions& options, const std::string& layer, bool assays,
                const std::optional<HistoryPosition>& copied_at, const std::string& id_source)
        : store_(store), options_(options), layer_(layer), assays_(assays), copied_at_(copied_at), id_source_(id_source)
    {
    }

    // problems: where a dry run's and a stale copy's problems go.
    void write(ReadBatch& batch, std::vector<Problem>& problems);

    WriteCounts counts;
    std::vector<std::string> already;   // ids of the source already in the layer, the first ten
    std::int64_t already_count = 0;

private:
    void find_already(const ReadBatch& batch, std::vector<Problem>& problems);

    Store& store_;
    const ImportOptions& options_;
    const std::string& layer_;
    bool assays_;
    const std::optional<HistoryPosition>& copied_at_;
    const std::string& id_source_;
};

} // namespace lode::import_detail
