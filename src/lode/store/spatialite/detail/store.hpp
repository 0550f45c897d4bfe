#pragma once
// The SpatiaLite backend's store class, private to the backend: the class and its connection here,
// its work in spatialite_store.cpp (opening, the register, versions), schema.cpp (the tables and
// their migrations), layers.cpp (layers made at any time), writes.cpp and reads.cpp.
#include "lode/store/spatialite/detail/history.hpp"
#include "lode/store/spatialite/detail/spatial_index.hpp"
#include "lode/schema/kind_slots.hpp"
#include "lode/store/spatialite/detail/sqlite.hpp"
#include "lode/store/store.hpp"

#include <sqlite3.h>
#include <spatialite.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lode {

// schema.cpp: a layer's table with its geometry column, spatial index and project index (made by
// lode init for the built-in kinds and by Store::create_layer for any other), and that index alone.
void create_layer_table(sqlite3* db, const LayerKind& kind);
void create_project_index(sqlite3* db, const std::string& layer);

// One SpatiaLite connection cache per connection; freed after the connection closes.
struct SpatialiteCache {
    void* cache = (sqlite::configure(), spatialite_alloc_connection());   // the first to initialise SQLite
    SpatialiteCache() = default;
    SpatialiteCache(const SpatialiteCache&) = delete;
    SpatialiteCache& operator=(const SpatialiteCache&) = delete;
    ~SpatialiteCache() { spatialite_cleanup_ex(cache); }
};

class SqliteTransaction final : public Store::Transaction {
public:
    // With a context (schema version 4 on), the history records who made the changes and why.
    // A page cache of 32 MB (SQLite's default is 2 MB) keeps the R*Tree's and the indexes' pages of
    // a large import from being spilled to the WAL over and over, and bounds the import's memory:
    // dirty pages beyond it are spilled, so memory does not grow with the number of features (at
    // 256 MB an import of a million features took 587 MB; at 32 MB about 140 MB, equally fast).
    // Begun inside another transaction, it is a savepoint of that one (the history's
    // context stays the outer one's): `lode import --create` makes the layer and imports into it
    // as one transaction. rolled_back runs after a rollback (the store reloads its layer kinds).
    // committing runs before an outermost transaction's COMMIT, inside it (the store loads the
    // spatial indexes it put off).
    explicit SqliteTransaction(sqlite3* db, const ChangeContext* context = nullptr, std::function<void()> rolled_back = {},
                               std::function<void()> committing = {})
        : db_(db), recorded_(context != nullptr), nested_(sqlite3_get_autocommit(db) == 0), rolled_back_(std::move(rolled_back)),
          committing_(std::move(committing))
    {
        if (nested_) {
            sqlite::exec(db_, "SAVEPOINT lode_nested");
            // What the history links to an import made in here begins here (two imports in one
            // transaction: each its own entries).
            if (context)
                restart_history_context(db_);
            return;
        }
        sqlite::exec(db_, "BEGIN IMMEDIATE; PRAGMA cache_size = -32768");
        if (!context)
            return;
        try {
            set_history_context(db_, history_now(context->now), context->user, context->note);
        } catch (...) {
            sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
    ~SqliteTransaction() override
    {
        if (done_)
            return;
        sqlite3_exec(db_, nested_ ? "ROLLBACK TO lode_nested; RELEASE lode_nested" : "ROLLBACK", nullptr, nullptr, nullptr);
        if (rolled_back_)
            try {
                rolled_back_();
            } catch (...) {
            }
    }
    void commit() override
    {
        if (nested_) {
            sqlite::exec(db_, "RELEASE lode_nested");
            done_ = true;
            return;
        }
        if (committing_)
            committing_();
        if (recorded_)
            clear_history_context(db_);
        sqlite::exec(db_, "COMMIT");
        done_ = true;
    }

private:
    sqlite3* db_;
    bool recorded_ = false;
    bool nested_ = false;
    bool done_ = false;
    std::function<void()> rolled_back_;
    std::function<void()> committing_;
};

class SpatialiteStore final : public Store {
public:
    // spatialite_store.cpp: the connection, versions, transactions, the register.
    SpatialiteStore(std::string path, bool create);
    sqlite3* db() { return db_.get(); }
    const StoreLocation& location() const override { return location_; }
    int schema_version() override { return static_cast<int>(sqlite::query_integer(db_.get(), "PRAGMA user_version")); }
    std::string backend_version() override;
    std::unique_ptr<Store::Transaction> begin_write() override;
    void set_change_context(const ChangeContext& context) override;
    Register& the_register() override;
    std::vector<HistoryEntry> history(const HistoryQuery& query) override { return list_history(db_.get(), query, kinds_); }

    // schema.cpp: the layer kinds and vocabulary stored, and the migrations.
    void load_definitions();
    bool has_table(const std::string& name);
    void migrate(int target);
    const std::vector<LayerKind>& layer_kinds() override { return kinds_; }
    // layers.cpp: layers made, changed and dropped at any time.
    bool name_taken(const std::string& name) override;
    void write_layer(const LayerKind& kind) override;
    void write_field(const LayerKind& changed, const FieldDef& field) override;
    void write_rename(const std::string& from, const LayerKind& renamed) override;
    void write_drop(const std::string& layer) override;
    const Commodities& commodities() override { return *commodities_; }
    // vocabularies.cpp: the values the store added to its vocabularies.
    std::vector<std::string> added_values(Vocabulary vocabulary) override;

    // writes.cpp
    void insert_feature(const std::string& layer, const Feature& feature) override
    {
        std::optional<BBox> box;
        insert_row(layer, feature, false, box);
    }
    WriteCounts insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                                OnDuplicate on_duplicate) override;
    WriteCounts insert_numbered(const std::string& layer, const std::vector<const Feature*>& features,
                                const std::vector<std::int64_t>& fids) override;
    void update_feature(const std::string& layer, const Feature& feature) override { update_row(layer, feature); }
    void begin_import(const ImportRecord& r) override;
    void record_import(const ImportRecord& r) override;
    void write_assays(const std::vector<AssayRecord>& records) override;
    void read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit) override;
    std::vector<AssayKindHeld> summarise_assays(const std::string& layer) override;   // assays.cpp
    std::vector<std::string> samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors) override;
    std::int64_t delete_assays(const std::vector<std::int64_t>& ids) override;
    void restore_assays(const std::vector<AssayRecord>& records) override;
    std::int64_t delete_qc_samples(const std::string& layer, const std::vector<std::string>& ids) override;
    std::vector<FeatureChange> changes_since(const std::string& table, const std::string& at) override;
    // qc.cpp: QC samples and reference materials (schema version 9).
    void write_qc_samples(const std::vector<QcSample>& samples) override;
    std::vector<QcSample> qc_samples(const std::string& layer) override;
    void write_reference_values(const std::vector<ReferenceValue>& values) override;
    bool delete_reference_value(const std::string& name, const std::string& analyte) override;
    std::vector<ReferenceValue> reference_values() override;
    std::int64_t delete_features(const std::string& layer, const std::vector<std::string>& ids) override;
    void mark_import_undone(std::int64_t import) override;

    // history_read.cpp: the changes an undo reads.
    std::vector<FeatureChange> import_changes(std::int64_t import) override;
    std::vector<FeatureChange> changes_after(const std::string& layer, std::int64_t after) override;
    std::vector<std::string> inserted_by_import(const std::string& layer, std::int64_t import) override;
    // carry.cpp: the history and import log carried whole (lode copy).
    void read_history_rows(const std::function<void(const HistoryRow&)>& visit) override;
    void clear_history(const std::string& began) override;
    void write_history_rows(const std::vector<HistoryRow>& rows) override;
    std::vector<std::int64_t> row_numbers(const std::string& layer) override;
    void write_import_log(const std::vector<ImportRecord>& records) override;

    // drill.cpp: downhole surveys and intervals (schema version 7).
    void add_surveys(const std::vector<SurveyRecord>& rows) override;
    void add_intervals(const std::vector<IntervalRecord>& rows) override;
    std::vector<SurveyRecord> surveys(const std::vector<std::string>& holes) override;
    std::vector<IntervalRecord> intervals(const std::vector<std::string>& holes) override;
    std::int64_t delete_downhole(const std::vector<std::string>& holes) override;

    // reads.cpp
    LayerSummary summarise(const std::string& layer) override;
    std::optional<Project> find_project(const std::string& code) override;
    std::vector<Project> projects() override { return select_projects("ORDER BY code", ""); }
    std::vector<Partnership> partnerships(const std::optional<std::string>& project) override;
    std::map<std::string, std::int64_t> feature_counts(const std::string& project) override;
    std::vector<std::string> existing_ids(const std::string& layer, const std::vector<std::string>& ids) override;
    std::unique_ptr<SeenIds> seen_ids() override;
    std::optional<Feature> find_feature(const std::string& layer, const std::string& id) override;
    std::optional<Feature> find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of) override;
    std::size_t scan(const std::string& layer, const Selection& selection, const Reading& reading,
                     const std::function<bool(ScanRow&)>& visit) override;
    void scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                  const Reading& reading, const std::function<bool(ScanRow&)>& visit) override;
    std::vector<ImportRecord> imports() override;
    std::string history_began() override;
    std::int64_t last_history_entry() override;
    std::optional<std::string> metadata(const std::string& key) override;
    void set_metadata(const std::string& key, const std::string& value) override;

protected:
    bool holds_assays(const std::string& layer) override;   // carry.cpp
    // writes.cpp
    void write_project(const Project& p) override;
    bool write_partnership(const Partnership& p) override;
    void write_vocabulary_value(Vocabulary vocabulary, const std::string& value) override;

private:
    // writes.cpp
    // Inserts one row; with unless_present, not where the layer holds its id already. Whether it did;
    // box: the geometry's MBR (none for a NULL geometry).
    // With fid, the row is given that fid (insert_numbered).
    bool insert_row(const std::string& layer, const Feature& feature, bool unless_present, std::optional<BBox>& box,
                    const std::int64_t* fid = nullptr);
    // The statement inserting a row into the layer (cached), as insert_row runs it; numbered: with
    // the row's fid first.
    sqlite::Statement& insert_statement(const std::string& layer, const LayerKind& kind, bool unless_present, bool numbered);
    // Inserts one row with that statement, its values found by slots (made for the layer's kind).
    bool insert_row(sqlite::Statement& s, KindSlots& slots, const Feature& feature, std::optional<BBox>& box, const std::int64_t* fid);
    // Inserts the rows (with unless_present, those whose id the layer does not hold); how many.
    std::int64_t insert_rows(const std::string& layer, const std::vector<const Feature*>& features, bool unless_present,
                             const std::vector<std::int64_t>* fids = nullptr);
    // Writes the feature over the stored row of its id; false when there is none.
    bool update_row(const std::string& layer, const Feature& feature);
    // Binds the kind's fields (found by slots, made for the kind), extra, imported_from and geometry
    // (SpatiaLite's BLOB framed from the WKB, or the WKB for GeomFromWKB; its MBR in box) from index
    // `first`; returns the next index.
    static int bind_feature(sqlite::Statement& s, KindSlots& slots, const Feature& feature, int first, std::optional<BBox>& box);
    // Where a bulk insert into the layer leaves its rows' index entries to be made before the commit
    // (detail/spatial_index.hpp), the rows so left; null outside a write transaction of begin_write().
    DeferredIndex* defers_spatial_index(const std::string& layer);
    // Loads the layer's index now if it was put off (a read by box, a rename, inside the transaction).
    void load_pending_index(const std::string& layer);
    void load_pending_indexes();   // all of them: before the commit

    // A statement kept for the connection's life under key, made from make_sql() the first time.
    template <class MakeSql>
    sqlite::Statement& cached(const std::string& key, MakeSql make_sql)
    {
        auto it = statements_.find(key);
        if (it == statements_.end())
            it = statements_.emplace(key, std::make_unique<sqlite::Statement>(db_.get(), make_sql())).first;
        return *it->second;
    }

    // reads.cpp
    std::vector<Project> select_projects(const std::string& tail, const std::string& code);
    // The SELECT of a lean reading (not Reading::whole): fid, then the reading's columns, whose
    // indices are kept (0 where not read).
    struct ReadColumns {
        std::string sql;
        int ids = 0, text = 0, geometry = 0, numbers = 0;
        bool id_only = false;   // at ids the id alone (Reading::id_only), not id, project and name
        int fields = 0, field_count = 0;   // Reading::fields: the kind's fields from `fields`, then extra
    };
    ReadColumns lean_sql(const LayerKind& kind, const Reading& reading);
    void read_rows(sqlite3* db, const ReadColumns& columns, const std::string& layer, const Selection& selection,
                   const Reading& reading, std::optional<std::pair<std::int64_t, std::int64_t>> fids, ScanRow& row,
                   std::atomic<bool>& stopped, const std::function<bool(ScanRow&)>& visit);
    // Visits the rows of s (a lean SELECT's) in row, until visit returns false or another part has stopped.
    void visit_rows(sqlite::Statement& s, const ReadColumns& columns, const std::string& layer, const Reading& reading,
                    ScanRow& row, std::atomic<bool>& stopped, const std::function<bool(ScanRow&)>& visit);
    // The layer's first and last fid; (0, -1) when it is empty.
    std::pair<std::int64_t, std::int64_t> fid_range(const std::string& layer);
    // Whether a second connection may read beside this one: it sees only committed rows, so only
    // outside a transaction, and only on a file.
    bool can_read_beside() { return sqlite3_get_autocommit(db_.get()) && path_ != ":memory:" && !path_.empty(); }
    // A big lean scan reads two halves of the layer's fids at once, the second on a connection of
    // its own: read(db, first fid, last fid, part, stopped), stopped shared by both.
    void in_parts(std::pair<std::int64_t, std::int64_t> fids,
                  const std::function<void(sqlite3*, std::int64_t, std::int64_t, std::size_t, std::atomic<bool>&)>& read);
    sqlite::Statement selected(const std::string& select, const std::string& layer, const Selection& selection);
    // The statement on db, with a further condition (its parameters bound last, by the caller).
    sqlite::Statement selected(sqlite3* db, const std::string& select, const std::string& layer, const Selection& selection,
                               const std::string& condition);

    std::string path_;
    StoreLocation location_;
    sqlite::LockWait lock_wait_;   // the connections' busy handler (set_change_context sets it)
    SpatialiteCache spatialite_;   // declared before db_: the connection closes first
    sqlite::Connection db_;
    std::vector<LayerKind> kinds_;
    std::optional<Commodities> commodities_;
    std::map<std::string, std::unique_ptr<sqlite::Statement>> statements_;
    // layers.cpp: after a layer's table changed, the layer kinds read again and the statements
    // made for the old tables let go; kinds_changes_ counts such changes (a rollback undoes them).
    void layers_changed();
    std::uint64_t kinds_changes_ = 0;
    // writes.cpp: the import begun (begin_import) and not yet recorded in this transaction: the
    // history written in bulk names it. Forgotten on a rollback.
    std::optional<std::int64_t> open_import_;
    // writes.cpp: whether an outermost write transaction of begin_write() is open, and the layers
    // whose spatial index it loads before its commit.
    bool in_write_ = false;
    std::map<std::string, DeferredIndex> index_pending_;
    std::unique_ptr<Register> register_;
    ChangeContext context_;   // set by open_spatialite_store() and create_spatialite_store()
};

} // namespace lode
