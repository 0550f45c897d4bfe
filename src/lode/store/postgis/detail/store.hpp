#pragma once
// The PostGIS backend's store class, private to the backend: the class here, its work in
// postgis_store.cpp (connecting, versions, transactions, what it does not support yet), schema.cpp
// (the tables, layers made at any time), writes.cpp, reads.cpp, drill.cpp (downhole data) and
// assays.cpp (assay results).
#include "lode/store/postgis/detail/pq.hpp"
#include "lode/store/store.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// The layout of lode's tables in PostgreSQL, kept in lode_meta beside the store model's version:
// 1 layers, projects, partners, the import log, vocabularies (no register or history yet);
// 2 the downhole tables drill_surveys and drill_intervals (store model 7); 3 the assay results
// table assay_results (store model 8); 4 QA/QC: qc_samples and reference_materials (store model 9).
constexpr int postgis_layout = 4;

class PostgisTransaction final : public Store::Transaction {
public:
    // Begun inside another transaction, it is a savepoint of that one. rolled_back runs after a
    // rollback (the store reloads its layer kinds).
    PostgisTransaction(PGconn* db, std::function<void()> rolled_back = {});
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
    void set_change_context(const ChangeContext& context) override;
    Register& the_register() override;
    std::vector<HistoryEntry> history(const HistoryQuery& query) override;
    std::string history_began() override;
    std::optional<Feature> find_feature_as_of(const std::string& layer, const std::string& id, const std::string& as_of) override;
    std::vector<FeatureChange> import_changes(std::int64_t import) override;
    std::vector<FeatureChange> changes_after(const std::string& layer, std::int64_t after) override;
    std::vector<std::string> inserted_by_import(const std::string& layer, std::int64_t import) override;
    // drill.cpp: downhole surveys and intervals (tables drill_surveys and drill_intervals, layout 2).
    void add_surveys(const std::vector<SurveyRecord>& rows) override;
    void add_intervals(const std::vector<IntervalRecord>& rows) override;
    std::vector<SurveyRecord> surveys(const std::vector<std::string>& holes) override;
    std::vector<IntervalRecord> intervals(const std::vector<std::string>& holes) override;
    // assays.cpp: assay results (table assay_results, layout 3).
    void write_assays(const std::vector<AssayRecord>& records) override;
    void read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit) override;
    // qc.cpp: QC samples and reference materials (tables qc_samples, reference_materials, layout 4).
    void write_qc_samples(const std::vector<QcSample>& samples) override;
    std::vector<QcSample> qc_samples(const std::string& layer) override;
    void write_reference_values(const std::vector<ReferenceValue>& values) override;
    std::vector<ReferenceValue> reference_values() override;

    // schema.cpp: the tables, the definitions stored, layers made and changed at any time.
    void create_tables(const std::vector<LayerKind>& kinds, const Commodities& commodities);
    void load_definitions();
    // Refuses a store older than model 7, or of a newer model or layout; brings an older layout of the current
    // model up to date in a transaction of its own (layout 2: the downhole tables; 3: assay results,
    // a model 7 store so brought to model 8; 4: the QC tables, model 9).
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
    void update_feature(const std::string& layer, const Feature& feature) override;
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
    std::vector<ImportRecord> imports() override;

protected:
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
    // After a layer's table changed: the kinds read again; counts such changes (a rollback undoes them).
    void layers_changed() { load_definitions(); ++kinds_changes_; }

    StoreLocation location_;
    std::string schema_;
    pq::Connection db_;
    std::vector<LayerKind> kinds_;
    std::optional<Commodities> commodities_;
    std::uint64_t kinds_changes_ = 0;
    ChangeContext context_;
};

// A lode::Error saying the PostGIS store does not do this yet (naming the operation).
[[noreturn]] void not_supported_yet(const std::string& operation);

// Of a postgresql:// location: the connection string for libpq (without lode's own `schema`
// parameter) and the schema (public when not given).
std::pair<std::string, std::string> postgis_address(const StoreLocation& location);

} // namespace lode
