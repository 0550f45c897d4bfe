#pragma once
// The PostGIS backend's store class, private to the backend: the class here, its work in
// postgis_store.cpp (connecting, versions, transactions), schema.cpp (the tables, layers made at any
// time), writes.cpp, reads.cpp, drill.cpp (downhole data), assays.cpp (assay results), history.cpp
// and history_read.cpp (the change history), carry.cpp (the history carried whole), register.cpp (the register).
#include "lode/store/postgis/detail/pq.hpp"
#include "lode/store/register.hpp"
#include "lode/store/store.hpp"

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

namespace lode {

// The layout of lode's tables in PostgreSQL, kept in lode_meta beside the store model's version:
// 1 layers, projects, partners, the import log, vocabularies (no register or history yet);
// 2 the downhole tables drill_surveys and drill_intervals (store model 7); 3 the assay results
// table assay_results (store model 8); 4 QA/QC: qc_samples and reference_materials (store model 9);
// 5 the change history: the history table and its PL/pgSQL triggers (history.cpp); 6 the register:
// licence_partners, obligations, agreement_terms, milestones, project_partners.interest_pct (register.cpp);
// 7 a hole's azimuth reference with its collar: the drillholes layer's drillhole_reference_fields (store model 10);
// 8 the QC samples, reference materials and assay results in the history (store model 11);
// 9 partner access denied by default (a login without a grant reads no row), grants and revokes in
// the history, an assay result's history entries by its sample (access.cpp; a store with grants only);
// 10 the history's triggers name the import open in the transaction (lode.import) as they write, so
// that an import's entries are not rewritten to name it (history.cpp, PostgisStore::begin_import);
// 11 the imports the history names checked once per statement, not by a foreign key checked entry by
// entry, and the history's project index without the entries that have none (history.cpp,
// renew_history_imports): an import's results written in about two thirds of the server's time.
// 12 the assay results' index by analyte covering their values, and their index by value (store
// models 12 and 13: samples_reaching a range of it).
// 13 a bulk insert's history as a range (store model 14's like): the entries made one at a time in
// history_log, a bulk insert's rows numbered without a gap and of one project as one row of
// history_ranges, the view history listing both (history_ranges.cpp): an import writes one entry a
// batch, not one a row.
constexpr int postgis_layout = 14;

class PostgisTransaction final : public Store::Transaction {
public:
    // Begun inside another transaction, it is a savepoint of that one. With a context (a store with
    // the history), the history's triggers record its user, note and time (set for the outer
    // transaction only; a savepoint marks where its own entries begin, for an import's link).
    // rolled_back runs after a rollback (the store reloads its layer kinds). A snapshot transaction
    // (Store::begin_snapshot_write) is REPEATABLE READ: its reads see one snapshot, and the server
    // refuses (40001) its change of a row changed by a transaction committed since.
    PostgisTransaction(PGconn* db, const ChangeContext* context = nullptr, std::function<void()> rolled_back = {},
                       bool snapshot = false);
    ~PostgisTransaction() override;
    void commit() override;

private:
    PGconn* db_;
    bool nested_ = false, done_ = false;
    std::function<void()> rolled_back_;
};

class PostgisStore final : public Store {
public:
    // postgis_store.cpp
    PostgisStore(const StoreLocation& location);
    PGconn* db() { return db_.get(); }
    const std::string& schema() const { return schema_; }
    const StoreLocation& location() const override { return location_; }
    int schema_version() override;
    std::string backend_version() override;
    std::unique_ptr<Store::Transaction> begin_write() override;
    std::unique_ptr<Store::Transaction> begin_snapshot_write() override;
    void set_change_context(const ChangeContext& context) override;
    // register.cpp: the register (layout 6).
    Register& the_register() override;
    // access.cpp: partner access (row-level security; the table lode_access, made by the first grant).
    AccessControl* access_control() override;
    // history_read.cpp: the history read back (lode history, --as-of, what an undo reads).
    std::vector<HistoryEntry> history(const HistoryQuery& query) override;
    std::string history_began() override;
    std::int64_t last_history_entry() override;
    HistoryPosition history_position() override;
    std::optional<std::string> metadata(const std::string& key) override;
    void set_metadata(const std::string& key, const std::string& value) override;
    std::string login() override;
    std::optional<Feature> find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of) override;
    std::vector<FeatureChange> import_changes(std::int64_t import) override;
    std::vector<FeatureChange> changes_after(const std::string& layer, std::int64_t after) override;
    std::vector<FeatureChange> changes_after_position(const std::string& table, const HistoryPosition& after) override;
    std::vector<std::string> inserted_by_import(const std::string& layer, std::int64_t import) override;
    // carry.cpp: the history and import log carried whole (lode copy).
    void read_history_rows(const std::function<void(const HistoryRow&)>& visit) override;
    void clear_history(const std::string& began) override;
    void write_history_rows(const std::vector<HistoryRow>& rows) override;
    std::vector<std::int64_t> row_numbers(const std::string& layer) override;
    void write_import_log(const std::vector<ImportRecord>& records) override;
    // drill.cpp: downhole surveys and intervals (tables drill_surveys and drill_intervals, layout 2).
    void add_surveys(const std::vector<SurveyRecord>& rows) override;
    void add_intervals(const std::vector<IntervalRecord>& rows) override;
    std::vector<SurveyRecord> surveys(const std::vector<std::string>& holes) override;
    std::vector<IntervalRecord> intervals(const std::vector<std::string>& holes) override;
    std::int64_t delete_downhole(const std::vector<std::string>& holes) override;
    // assays.cpp: assay results (table assay_results, layout 3).
    void write_assays(const std::vector<AssayRecord>& records) override;
    void read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit) override;
    std::vector<AssayKindHeld> summarise_assays(const std::string& layer) override;   // assays.cpp
    std::vector<std::string> samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors) override;
    std::int64_t delete_assays(const std::vector<std::int64_t>& ids) override;
    void restore_assays(const std::vector<AssayRecord>& records) override;
    std::int64_t delete_qc_samples(const std::string& layer, const std::vector<std::string>& ids) override;
    std::vector<FeatureChange> changes_since(const std::string& table, const std::string& at) override;
    // qc.cpp: QC samples and reference materials (tables qc_samples, reference_materials, layout 4).
    void write_qc_samples(const std::vector<QcSample>& samples) override;
    std::vector<QcSample> qc_samples(const std::string& layer) override;
    void write_reference_values(const std::vector<ReferenceValue>& values) override;
    bool delete_reference_value(const std::string& name, const std::string& analyte) override;
    std::vector<ReferenceValue> reference_values() override;

    // schema.cpp: the tables, the definitions stored, layers made and changed at any time.
    // began: when the history begins (the store's creation).
    void create_tables(const std::vector<LayerKind>& kinds, const Commodities& commodities, const std::string& began);
    void load_definitions();
    // Refuses a store older than model 7, or of a newer model or layout; brings an older layout of the current
    // model up to date in a transaction of its own (layout 2: the downhole tables; 3: assay results,
    // a model 7 store so brought to model 8; 4: the QC tables, model 9; 5: the change history; 6: the register).
    void check_version();
    const std::vector<LayerKind>& layer_kinds() override { return kinds_; }
    const Commodities& commodities() override { return *commodities_; }
    std::vector<std::string> added_values(Vocabulary vocabulary) override;
    bool name_taken(const std::string& name) override;
    void write_layer(const LayerKind& kind) override;
    void write_field(const LayerKind& changed, const FieldDef& field) override;
    void write_rename(const std::string& from, const LayerKind& renamed) override;
    void write_drop(const std::string& layer) override;

    // writes.cpp
    void insert_feature(const std::string& layer, const Feature& feature) override;
    WriteCounts insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                                OnDuplicate on_duplicate) override;
    WriteCounts insert_numbered(const std::string& layer, const std::vector<const Feature*>& features,
                                const std::vector<std::int64_t>& fids) override;
    void update_feature(const std::string& layer, const Feature& feature) override;
    void lock_features(const std::string& layer, const std::vector<std::string>& ids) override;
    // begin_import enters the import in the log (its number then named by the history's triggers and
    // carried by its results); for a login bound by row-level security write_assays takes the number
    // from the log's sequence instead, and record_import enters the import under it (writes.cpp).
    void begin_import(const ImportRecord& r) override;
    void record_import(const ImportRecord& r) override;
    std::int64_t delete_features(const std::string& layer, const std::vector<std::string>& ids) override;
    void mark_import_undone(std::int64_t import) override;
    std::unique_ptr<SeenIds> seen_ids() override;

    // reads.cpp
    LayerSummary summarise(const std::string& layer) override;
    std::optional<Project> find_project(const std::string& code) override;
    std::vector<Project> projects() override;
    std::vector<Partnership> partnerships(const std::optional<std::string>& project) override;
    std::map<std::string, std::int64_t> feature_counts(const std::string& project) override;
    std::vector<std::string> existing_ids(const std::string& layer, const std::vector<std::string>& ids) override;
    std::optional<Feature> find_feature(const std::string& layer, const std::string& id) override;
    std::size_t scan(const std::string& layer, const Selection& selection, const Reading& reading,
                     const std::function<bool(ScanRow&)>& visit) override;
    void scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                  const Reading& reading, const std::function<bool(ScanRow&)>& visit) override;
    std::vector<ImportRecord> imports() override;

protected:
    bool holds_assays(const std::string& layer) override;   // carry.cpp
    // writes.cpp
    void write_project(const Project& p) override;
    bool write_partnership(const Partnership& p) override;
    void write_vocabulary_value(Vocabulary vocabulary, const std::string& value) override;

private:
    // The columns every read of whole features takes (reads.cpp): id, project, the kind's fields
    // (dates as text), extra, imported_from, the geometry as little-endian WKB.
    static std::string feature_columns(const LayerKind& kind);
    static Feature read_feature(const pq::Result& r, int row, const LayerKind& kind);
    // Adds the values of a feature's fields, extra, imported_from and geometry to params.
    static void add_feature(pq::Params& params, const LayerKind& kind, const Feature& feature);
    // history_read.cpp: the features of a layer changed after as_of, each as it was then (nullopt:
    // not there then), by fid; only the row only_fid when given.
    std::map<std::int64_t, std::optional<Feature>> rows_as_of(const LayerKind& kind, const std::string& as_of,
                                                              std::optional<std::int64_t> only_fid = std::nullopt);
    // The rows of a selection now, of these ids only when given (reads.cpp: scan and scan_ids).
    std::size_t scan_rows(const LayerKind& kind, const Selection& selection, const Reading& reading,
                          const std::vector<std::string>* ids, const std::function<bool(ScanRow&)>& visit);
    // The scan of a selection as it was at selection.as_of (reads.cpp's scan with as_of).
    void scan_as_of(const LayerKind& kind, const Selection& selection, const std::function<bool(const Feature&)>& visit);
    // After a layer's table changed: the kinds read again; counts such changes (a rollback undoes them).
    void layers_changed() { load_definitions(); ++kinds_changes_; }

    // postgis_store.cpp: a connection to the store as this one's (its login, its schema first).
    pq::Connection connect() const;
    // reads.cpp: the connection a scan's rows stream on while the visitor reads the store on db_
    // (made at the first such scan).
    PGconn* stream_db();
    // The history entries and ranges of this transaction in layer, its results and QC samples (after
    // lode.since, and up to before where given) linked to import (writes.cpp).
    void link_history(std::int64_t import, const std::string& layer, std::optional<std::int64_t> before);

    StoreLocation location_;
    std::string schema_;
    pq::Connection db_, stream_db_;
    std::vector<LayerKind> kinds_;
    std::optional<Commodities> commodities_;
    std::uint64_t kinds_changes_ = 0;
    ChangeContext context_;
    std::unique_ptr<Register> register_;
    std::unique_ptr<AccessControl> access_;
    // assays.cpp: for a login bound by row-level security, the projects of the samples whose results
    // write_assays wrote last, under which record_import logs an import given none (writes.cpp).
    std::vector<std::string> assay_projects_;
    // writes.cpp: the import begun (begin_import) and not yet recorded in this transaction, and the
    // history's last entry when it began (the entries after it name the import as they are written).
    // A big first import (a large batch into an empty layer the login owns) leaves the layer's
    // project foreign key and its non-unique indexes (geometry, project) to be made once at its end,
    // as a dump is restored, not row by row: deferred holds the statements that make them again. So
    // too the assay results' non-unique indexes, when its results are the store's first.
    // 64-bit hashes of ids, in one array half full at most (open addressing): 16 to 32 bytes an id.
    class IdHashes {
    public:
        static std::uint64_t of(const std::string& id) { return std::hash<std::string>{}(id) | 1; }   // (0: a free slot)
        bool contains(std::uint64_t h) const
        {
            if (slots_.empty())
                return false;
            for (std::size_t i = h & (slots_.size() - 1);; i = (i + 1) & (slots_.size() - 1))
                if (slots_[i] == h)
                    return true;
                else if (slots_[i] == 0)
                    return false;
        }
        void insert(std::uint64_t h)
        {
            if (2 * (size_ + 1) > slots_.size()) {
                std::vector<std::uint64_t> old(std::max<std::size_t>(1024, 2 * slots_.size()), 0);
                old.swap(slots_);
                size_ = 0;
                for (const auto k : old)
                    if (k != 0)
                        put(k);
            }
            put(h);
        }

    private:
        void put(std::uint64_t h)
        {
            std::size_t i = h & (slots_.size() - 1);
            while (slots_[i] != 0 && slots_[i] != h)
                i = (i + 1) & (slots_.size() - 1);
            if (slots_[i] == 0) {
                slots_[i] = h;
                ++size_;
            }
        }
        std::vector<std::uint64_t> slots_;
        std::size_t size_ = 0;
    };
    struct OpenImport {
        std::int64_t id = 0, history_before = 0;
        std::string layer;
        std::set<std::string> deferral_tried;   // the tables whose deferral was considered
        std::vector<std::string> deferred;
        // Whether the login is bound by row-level security on a table (row_security_active), as
        // first asked in the import: its writes hold the table's lock from then on, which the
        // statements that change that (ALTER TABLE, CREATE POLICY) wait for.
        std::map<std::string, bool> bound;
        // The layer and ids of the features insert_features wrote last, and statements_sent after
        // them: while no statement has been sent since, they are in the layer (write_assays' samples).
        std::string written_layer;
        std::unordered_set<std::string> written_ids;
        std::uint64_t written_after = 0;
        // The layer this import found empty when it deferred its checks, and holds locked since
        // (their ALTER TABLE): it holds only what the import wrote, whose ids' hashes are kept.
        // existing_ids answers from them (none of the ids asked among them: none there).
        std::string known_layer;
        IdHashes known_ids;
    };
    // Whether the login is bound by row-level security on table (quoted or not, as regclass reads
    // it): asked once per import (OpenImport::bound), else each time (writes.cpp).
    bool row_security_bound(const std::string& table);
    // The features of a batch just written into layer, in the layer now (OpenImport::written_ids).
    void note_written(const std::string& layer, const std::vector<const Feature*>& features);
    // writes.cpp: for a batch of count rows into table (the import's layer, or assay_results), the
    // deferral above, when it applies.
    void defer_layer_checks(const std::string& table, std::size_t count);
    void restore_layer_checks();
    std::optional<OpenImport> open_import_;
    // postgis_store.cpp: after the rollback of a transaction that began an import, the log's numbering
    // set back to follow its last import, as if the import had not begun (as on SpatiaLite, a failed
    // import takes no number).
    void renumber_imports();
    // begin_import until record_import or a rollback; the number write_assays took for a login bound
    // by row-level security (whose import is entered at its end).
    bool import_open_ = false;
    std::optional<std::int64_t> reserved_import_;
};

// writes.cpp: WKB in EPSG:4326 as PostGIS's EWKB (the SRID after the type, the type flagged), which
// COPY and the geometry type read from hex; in the WKB's own byte order.
void to_ewkb(const std::vector<unsigned char>& wkb, std::vector<unsigned char>& ewkb);

// history.cpp: the change history (layout 5). The table, its triggers on every layer and table of
// history_tables present, and when it began, in the caller's transaction.
void create_history(PGconn* db, const std::string& schema, const std::string& began);
// The triggers of one layer's table (made at any time; a rename keeps them, a drop drops them).
void install_layer_history(PGconn* db, const std::string& layer);
// The row trigger of one of history_tables (assay_results: statement triggers, as a layer's).
void install_row_history(PGconn* db, const std::string& schema, const std::string& table);
// The transaction's user, note and time, which the triggers read (set_config, local to it).
void set_history_context(PGconn* db, const ChangeContext& context);
// Marks the history's last entry so far: what an import links begins after it (lode.since).
void mark_history_since(PGconn* db);
// The history's trigger functions made again as this lode writes them (layout 11), in the caller's
// transaction.
void renew_history_functions(PGconn* db, const std::string& schema);
// The imports the history names kept as layout 11 keeps them (in the caller's transaction): no foreign
// key on history.import (dropped where there is one), each trigger function's check of its import,
// the guards of an update of the entries' import and of a delete of an import they name; the
// project index without the entries that have no project.
void renew_history_imports(PGconn* db, const std::string& schema);
// Until end_history_import (or the transaction's end), the history entries of layer, its assay
// results and QC samples name import as they are written (lode.import, lode.import_layer).
void begin_history_import(PGconn* db, std::int64_t import, const std::string& layer);
void end_history_import(PGconn* db);

// history_ranges.cpp: a bulk insert's history as a range (layout 13). The history's columns, in
// the view's order; the values of an expanded entry, its row being `row` (a layer's, else an assay
// result's) and its range `range`.
extern const char* const history_entry_columns;
std::string range_entry_values(bool layer, const std::string& row, const std::string& range);
// Whether the store in schema keeps ranges (layout 13: history_ranges, history_log, the view history).
bool keeps_history_ranges(PGconn* db, const std::string& schema);
// The table history_ranges made, in the caller's transaction and schema.
void create_history_ranges(PGconn* db);
// The view history made again over history_log and the ranges of every layer and the assay results
// (a layer made, renamed or dropped). Nothing for a store without ranges.
void rebuild_history_view(PGconn* db, const std::string& schema);
// The entries of a layer's ranges written to history_log and its ranges removed (a layer dropped:
// its entries stay, as they stay in SpatiaLite's store).
void write_out_ranges(PGconn* db, const std::string& schema, const std::string& layer);
// Layout 12 to 13, in the caller's transaction: history renamed history_log, history_ranges made,
// the trigger functions renewed, the view history, the access policies and privileges.
void migrate_history_to_ranges(PGconn* db, const std::string& schema);

// register.cpp: the register's tables (layout 6), in the caller's transaction; with_history, their
// history triggers too.
void create_register_tables(PGconn* db, const std::string& schema, bool with_history);

// access.cpp: the access control of the store in schema (display names it in errors).
std::unique_ptr<AccessControl> make_postgis_access(PGconn* db, const std::string& schema, const std::string& display);
// A layer just made (its kind stored): once any access was granted, its policies and the logins'
// privileges on it, as every layer's.
void guard_new_layer(PGconn* db, const std::string& schema, const std::string& layer);
// A store with grants: its access functions, policies and lode_access's history trigger made again
// as this lode makes them (layout 9: deny by default). Nothing for a store without grants.
void renew_access(PGconn* db, const std::string& schema);
// A store with grants: each login's privileges set again from lode_access (tables added or renamed).
void renew_privileges(PGconn* db, const std::string& schema);
// Throws Error, naming the login, when the server's policies bind the login and it has no grant.
void refuse_ungranted(PGconn* db, const std::string& schema, const std::string& display);

// Of a postgresql:// location: the connection string for libpq (without lode's own `schema`
// parameter) and the schema (public when not given).
std::pair<std::string, std::string> postgis_address(const StoreLocation& location);

} // namespace lode
