#pragma once
// The history's tables and triggers in a SpatiaLite store (schema version 4). Internal to the
// SpatiaLite backend. The triggers are plain SQL (SQLite's built-in JSON functions only), so they
// fire when the store is edited from QGIS or the sqlite3 shell without lode's or SpatiaLite's
// functions loaded.
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/history_tables.hpp"
#include "lode/store/store.hpp"

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// Creates the history and history_context tables, notes when history began (began), and puts
// the triggers on every layer table and history table present.
void migrate_to_4(sqlite3* db, const std::string& began);

// (Re)creates the insert, update and delete triggers of one table; a later migration that adds
// columns to a recorded table calls this so the new columns are recorded too.
void install_history_triggers(sqlite3* db, const std::string& table, bool layer);

// Drops the three triggers of a table (before it is renamed or dropped).
void drop_history_triggers(sqlite3* db, const std::string& table);

// The CREATE statement of the trigger of this name, nullopt when there is none.
std::optional<std::string> trigger_definition(sqlite3* db, const std::string& name);

// The name of a layer's per-row insert trigger, which a bulk insert sets aside.
std::string history_insert_trigger(const std::string& layer);

// For a bulk insert with the per-row trigger set aside: one entry per row of layer with fid > after,
// naming the import (ImportRecord::id) when given; from store model 14 a range of them where the
// rows' numbers run without a gap (history.cpp).
void record_bulk_inserts(sqlite3* db, const std::string& layer, std::int64_t after, std::optional<std::int64_t> import);
// The same for assay results (history_insert_trigger("assay_results") set aside): one entry per
// result with id > after, as that trigger writes it (its key, no values: a "quiet" insert).
void record_bulk_result_inserts(sqlite3* db, std::int64_t after, std::optional<std::int64_t> import);

// Whether the store keeps bulk inserts' history as ranges (store model 14), and so the table of the
// entries made one at a time: history_log, else (before model 14) history.
bool keeps_ranges(sqlite3* db);
std::string entries_table(sqlite3* db);

// The view history: the entries of history_log and those the ranges of history_ranges hold (store
// model 14), made again after a table gains its first range, or a layer with ranges is renamed
// or dropped (dropped first: a view naming a missing table stops every reading of it).
void rebuild_history_view(sqlite3* db);
void drop_history_view(sqlite3* db);

// Store model 14: history renamed history_log, history_ranges made, the view history over both.
void migrate_to_14(sqlite3* db);

// The context the triggers read: filled right after BEGIN, emptied right before COMMIT, so
// that any change made without it (another program) is attributed to "external".
void set_history_context(sqlite3* db, const std::string& at, const std::string& user, const std::string& note);
void clear_history_context(sqlite3* db);
// The context's entries begin after the last entry made so far (history_context.since).
void restart_history_context(sqlite3* db);

// The entries of query, oldest first, each insert and geometry update with the SHA-256 of the
// geometry it left (computed here: triggers cannot hash).
std::vector<HistoryEntry> list_history(sqlite3* db, const HistoryQuery& query, const std::vector<LayerKind>& kinds);

// The features of a layer changed after as_of, each as it was then (nullopt: not there then), by
// fid: the current row with the changes after as_of undone, newest first. Only the row only_fid
// when given.
std::map<std::int64_t, std::optional<Feature>> rows_as_of(sqlite3* db, const LayerKind& kind, const std::string& as_of,
                                                          std::optional<std::int64_t> only_fid = std::nullopt);

// Visits the selection as it was at selection.as_of, in fid order: the rows unchanged since then
// as they are (current: the SELECT of select_features(kind, true) over the selection without
// as_of; the spatial index still holds their boxes), the others rebuilt from the history.
void scan_as_of(sqlite3* db, const LayerKind& kind, const Selection& selection, sqlite::Statement& current,
                const std::function<bool(const Feature&)>& visit);

// The feature that had this id at as_of.
std::optional<Feature> find_feature_as_of(sqlite3* db, const LayerKind& kind, const std::string& id, const std::string& as_of);

} // namespace lode
