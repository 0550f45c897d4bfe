#pragma once
// Copying a whole store to a new one, between backends in either direction (a SpatiaLite file and a
// PostGIS schema): lode copy. It spans the backends, so it lives in the umbrella beside backends.cpp.
#include "lode/store/store.hpp"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

struct CopyReport {
    std::int64_t projects = 0, partnerships = 0, vocabulary_values = 0, imports = 0, features = 0;
    std::int64_t surveys = 0, intervals = 0;   // downhole survey stations and intervals
    std::int64_t assay_results = 0;
    std::int64_t qc_samples = 0, reference_values = 0;
    std::int64_t obligations = 0, interests = 0, terms = 0, milestones = 0;   // the register's rows
    std::int64_t history = 0;   // change history entries carried (copy_store)
    std::map<std::string, std::int64_t> layers;   // features copied, by layer
    // What the copy could not carry, in words (a project's import log's dates), empty when nothing.
    std::vector<std::string> notes;
};

// Makes a new store at `to` with the layer kinds and commodity vocabulary of the store at `from`,
// and copies into it, all or nothing (create_store with a fill: when anything fails, nothing is left
// at `to`), in one write transaction: the vocabularies' added values, the projects, the
// partners, every layer's features in storage order, the import log (with its numbers, dates and
// undos), the register (interests, obligations, terms and milestones, each with its number), the
// drillholes' downhole surveys and intervals, every layer's assay results (in the order read, each
// linked to its import's entry), and the change history (carry_history). Refused before anything
// is made when a store exists at `to` already. The making and the filling are run again together
// when a server refuses them as conflicting with other writers (retry.hpp).
CopyReport copy_store(const StoreLocation& from, const StoreLocation& to, const ChangeContext& context = {});
// After copy_contents of the whole store, in its transaction: the copy's history made the
// original's, entry for entry (numbers, users, times, notes, row images, row numbers, import
// links, when it began), the copy's own entries gone, so that history, undo and --as-of answer as
// on the original.
void carry_history(Store& source, Store& target, CopyReport& report);

// The steps of copy_store, for a copy of a part (lode/sync.hpp's checkout):
// A new store at `to` with the layer kinds and commodity vocabulary of source, filled by fill when
// given, all or nothing (create_store).
std::unique_ptr<Store> create_store_like(Store& source, const StoreLocation& to, const ChangeContext& context,
                                         const FillStore& fill = {});
// Copies from `from` into `to` (new and empty), in the caller's write transaction on `to`, adding
// to report: everything (each feature with its fid, each result with its number, the import log
// with its numbers and dates), or with project only that project (numbered afresh) (NotFound when `from` has none of that
// code) with its partnerships and imports, its features, the register's rows of its licences and
// of the project (a licence's or term's partner only when a partner in the project), its holes'
// downhole data, its QC samples, the assay results of the samples copied, and the certified
// values of every reference material.
void copy_contents(Store& from, Store& to, const std::optional<std::string>& project, CopyReport& report);

} // namespace lode
