#pragma once
// The store: projects, partners, spatial layers and assay results. Commands and the importer see only this
// interface, so that another backend (a shared PostGIS store) can slot in behind it.
#include "lode/assay/qc.hpp"
#include "lode/assay/result.hpp"
#include "lode/schema/commodities.hpp"
#include "lode/schema/feature.hpp"
#include "lode/store/access.hpp"
#include "lode/store/history.hpp"
#include "lode/store/location.hpp"
#include "lode/schema/layer_kind.hpp"
#include "lode/base/value.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {

// What Store::scan reads of each feature of the selection. A query reads only what it needs (a
// million points counted in polygons: their coordinates), a filter or an export the whole feature.
struct Reading {
    // The whole feature (ScanRow::feature: every attribute, the geometry as WKB); the members
    // below, but parts, then go unused.
    bool whole = false;
    bool ids = true;   // id, project and name (empty when the layer has no name field)
    // With ids: the id alone, project and name left empty (a caller that looks each row's
    // analytes up by its id and keeps nothing else of it).
    bool id_only = false;
    // The geometry as WKB (EPSG:4326); or, of a point layer, only its longitude and latitude
    // (ScanRow::x, y); or none.
    enum class Geometry { wkb, point, none };
    Geometry geometry = Geometry::wkb;
    std::vector<std::string> numbers;   // numeric fields, NaN where empty
    std::string text;                   // one field as text (a map's category), empty where NULL
    // Every field of the layer kind as it is stored (ScanRow::values, in the kind's order; dates as
    // YYYY-MM-DD text) and the source's other fields as JSON text (ScanRow::extra): a whole feature
    // without a Feature (an export streams a million rows through it).
    bool fields = false;
    // With fields: by the kind's field, true where the caller needs no value (an export's columns
    // left out): ScanRow::values holds null there. A backend may read it anyway. Empty: every field.
    std::vector<bool> unread;
    // How many parts the caller can take at once, each visited on a thread of its own (at least
    // 1); the backend reads in as many or fewer (Store::scan).
    std::size_t parts = 1;
    // The visitor calls nothing else of the store while the scan runs (it only takes the rows in):
    // a backend may then stream the rows (PostGIS: one binary COPY, the connection busy until the
    // last row) rather than read them in blocks between which the store is free.
    bool alone = false;

    static Reading features() { Reading r; r.whole = true; return r; }
    // The same reading for a visitor that only takes the rows in (alone): a map's, a report's.
    Reading taken_in() const
    {
        Reading r = *this;
        r.alone = true;
        return r;
    }
    // ids, the geometry as WKB, every field and extra: what an export writes.
    static Reading rows()
    {
        Reading r;
        r.fields = true;
        return r;
    }
    static Reading geometries(std::vector<std::string> numbers = {}, std::string text = {})
    {
        Reading r;
        r.numbers = std::move(numbers);
        r.text = std::move(text);
        return r;
    }
    static Reading points(std::vector<std::string> numbers = {})
    {
        Reading r;
        r.ids = false;
        r.geometry = Geometry::point;
        r.numbers = std::move(numbers);
        return r;
    }
};

// One feature as Store::scan read it: what its Reading asked for; the other members stay empty.
// The scan reuses one row per part: a visitor may move its members out.
struct ScanRow {
    std::size_t part = 0;              // the part it was read in, 0 .. parts - 1
    Feature feature;                   // Reading::whole
    std::string id, project, name;     // Reading::ids
    std::vector<unsigned char> wkb;    // Reading::Geometry::wkb
    double x = 0, y = 0;               // Reading::Geometry::point: longitude, latitude
    std::vector<double> numbers;       // Reading::numbers, in their order
    std::string text;                  // Reading::text
    std::vector<Value> values;         // Reading::fields: one per field of the kind, in its order
    std::string extra;                 // Reading::fields: the extra fields, a JSON object's text
};

struct Project {
    std::string code;
    std::string name;
    std::string host_countries;   // ISO 3166 alpha-2, ';'-separated
    std::string commodities;      // vocabulary symbols, ';'-separated
    std::string phase;
    std::string start_date;       // YYYY-MM-DD or empty
    std::string description;
    std::string source;
};

// A partner organisation with its role in one project.
struct Partnership {
    std::string project;
    std::string organisation;
    std::string country;
    std::string role;
    std::string source;
};

struct LayerSummary {
    std::string name;
    GeometryType geometry = GeometryType::point;
    std::int64_t count = 0;
    std::optional<BBox> extent;
    std::vector<std::string> projects;
};

struct ImportRecord {
    std::string layer;
    std::string project;
    std::string source;         // the path as given
    std::string sha256;
    std::string source_crs;
    std::int64_t read = 0, written = 0, updated = 0, skipped = 0, repaired = 0;
    std::int64_t id = 0;        // the number of the import in the log (set by Store::imports)
    std::string imported_at{};  // UTC, as the log holds it
    std::string undone_at{}, undone_by{};   // when and by whom it was undone (store/undo.hpp); empty while not
};

// One entry of the change history whole, as the backend keeps it: what lode copy carries into
// another store (Store::read_history_rows, write_history_rows), so that the copy's history, undo
// and --as-of answer as the original's.
struct HistoryRow {
    std::int64_t id = 0;
    std::string at, user, note, action, table, key;
    std::int64_t row_id = 0;                      // a feature's fid, a result's number, else the backend's
    std::optional<std::string> project;
    std::optional<std::string> old_values, new_values;   // JSON text, as stored
    bool geometry_changed = false;
    std::optional<std::vector<unsigned char>> old_wkb;   // EPSG:4326 WKB
    std::optional<std::int64_t> import;
    std::string login;                            // the database login (PostGIS), empty where none
};

enum class OnDuplicate { error, skip, update };

// What Store::insert_features did with the features given.
struct WriteCounts {
    std::int64_t written = 0, updated = 0, skipped = 0;
};

// Which features of a layer a scan visits: those whose bounding box meets bbox (through the
// spatial index), of one project. Empty members select everything.
// With as_of (a time in the history's form, see parse_history_time), the features as they were
// then, rebuilt from the change history; the bbox then applies to those geometries.
struct Selection {
    std::optional<BBox> bbox;
    std::optional<std::string> project;
    std::optional<std::string> as_of;
};

class Register;

// A position in the history that a later reading goes on from (Store::history_position): the
// newest entry this login could read, and, where writers commit in any order (a PostgreSQL server,
// whose entries are numbered when written, not when committed), which transactions had not yet
// committed then, in the backend's words (empty where none could be).
struct HistoryPosition {
    std::int64_t entry = 0;
    std::string pending;
};

// The version of lode's store model: what a store holds (1 layers, projects and partners; 2 the
// import log; 3 the register; 4 the change history; 5 undone imports; 6 vocabularies a store
// extends, row images with exact numbers, the built-in kinds brought up to date; 7 drillholes in
// depth: downhole surveys and intervals, the collar elevation's datum; 8 assay results, the
// samples' oxide columns copied into them; 9 QC samples and reference materials; 10 a hole's
// azimuth reference with its collar: the drillholes layer's drillhole_reference_fields; 11 the
// results, QC samples and reference materials in the change history; 12 the results' index by
// analyte covering their values, for reading one analyte of every sample; 13 the results' index by
// value, for the samples whose result reaches a bound; 14 a bulk write's history as ranges; 15 two
// indexes of the results where there were three: by value covering the qualifier, by sample with
// each result's number and analyte; 16 the results with a qualifier indexed apart; 17 the results
// indexed by analyte and unit, not by value). Every backend
// keeps its stores at this version, migrating an older one forward when it opens it.
constexpr int current_schema_version = 17;
// The fields the drillholes layer gains at model 10, as layers/drillholes.json defines them: what
// a hole's azimuths are measured from (export/drill_traces.hpp reads them).
inline const std::vector<std::string> drillhole_reference_fields{"azimuth_ref", "declination_deg", "grid_crs"};

// Downhole data of the drillholes layer's holes (store model 7), one row each. Depths are metres
// along the hole from the collar; azimuth degrees clockwise from true north; dip degrees from the
// horizontal, negative downwards. The checks (drill/checks.hpp) are the importer's.
struct SurveyRecord {
    std::string hole;
    double depth = 0, azimuth = 0, dip = -90;
    std::string method;        // e.g. gyro, multishot, planned; empty when not given
    std::string surveyed_on;   // YYYY-MM-DD or empty
};
// An interval of one of a hole's interval tables ("intervals" unless named: lithology, assays ...),
// with its fields (lithology, alteration, sample id, grades ...) as a JSON object.
struct IntervalRecord {
    std::string hole;
    std::string table = "intervals";
    double from = 0, to = 0;
    nlohmann::json fields = nlohmann::json::object();
};

// Which assay results Store::read_assays visits: of one layer, of one sample or all, of some
// analytes or all.
struct AssayQuery {
    std::string layer = "samples";
    std::optional<std::string> sample;
    std::vector<std::string> analytes;   // vocabulary symbols; empty: every analyte
    // The results as they were at this time (history form), rebuilt from the history (store model 10).
    std::optional<std::string> as_of;
    // (after as_of: the members above are given in order, as {"samples", {}, {"Li2O"}})
    // When not empty, only the results of these samples (a batch of an export's rows: a few thousand).
    std::vector<std::string> samples;
    // Only what a value needs: AssayRecord's sample, analyte, unit, result (value, qualifier,
    // limit) and id; its other text (as written, method, lab, batch, date) and import left empty.
    bool values_only = false;
    // The visitor calls nothing else of the store while the results come (it only takes them in):
    // a backend may then stream them (PostGIS: one binary COPY) rather than hold them all at once.
    bool alone = false;
    // The visitor takes the results in any order, not by sample and then as written (it orders a
    // sample's results by their numbers itself): a backend may then read some analytes of every
    // sample in the order of an index by analyte (SpatiaLite, store model 17) without a sort.
    bool any_order = false;
};

// An analyte and unit a layer's results hold, and whether any of those results carries a
// qualifier (<, >, IS, NA): Store::summarise_assays.
struct AssayKindHeld {
    std::string analyte;
    Unit unit = Unit::ppm;
    bool qualified = false;
};

// A floor on the results of one analyte in one unit (Store::samples_reaching).
struct AssayFloor {
    std::string analyte;   // a vocabulary symbol
    Unit unit = Unit::ppm;
    double value = 0;
};

// The built-in vocabularies; a store adds to them (Store::vocabulary).
const std::vector<std::string>& project_phases();
const std::string& default_project_phase();   // a project added without a phase: "exploration"
const std::vector<std::string>& partner_roles();

// The vocabularies a store may extend as it extends its kinds: the phases of projects and
// milestones, the roles of partners and interests.
enum class Vocabulary { phases, roles };
const char* to_string(Vocabulary vocabulary);              // "phases", "roles"
const std::vector<Vocabulary>& vocabularies();
// The vocabulary of this name (without case; "phase" and "role" too); NotFound with the close names.
Vocabulary vocabulary_named(const std::string& name);
const std::vector<std::string>& built_in_values(Vocabulary vocabulary);

class Store {
public:
    virtual ~Store() = default;

    virtual const StoreLocation& location() const = 0;
    virtual int schema_version() = 0;   // of the store model (current_schema_version when open)
    virtual std::string backend_version() = 0;

    virtual const std::vector<LayerKind>& layer_kinds() = 0;
    const LayerKind& layer_kind(const std::string& name);   // throws NotFound with close names
    virtual const Commodities& commodities() = 0;
    virtual LayerSummary summarise(const std::string& layer) = 0;

    // A vocabulary as this store has it: the built-in values, then those the store added, in the
    // order added. Checks of projects, partners and the register take their values from here.
    std::vector<std::string> vocabulary(Vocabulary vocabulary);
    // The values the store added to a vocabulary, oldest first.
    virtual std::vector<std::string> added_values(Vocabulary vocabulary) = 0;
    // Adds values to a vocabulary in one write transaction, recorded in the history (table
    // vocabularies, key VOCABULARY/VALUE): each non-empty, without ',', ';' or '|', and not yet in
    // it (compared without case); all or none.
    void extend_vocabulary(Vocabulary vocabulary, const std::vector<std::string>& values);

    // Layers made, changed and removed at any time, each in a write transaction of its own (or
    // in the caller's, when one is open) and recorded in the history as a change of the
    // layer_kinds table (key: the layer's name). The checks are here; the backend writes.
    // A new, empty layer of this kind: its name a lowercase identifier (a letter, then letters,
    // digits or '_') that no layer or table of the store holds, its definition one that
    // parse_layer_kind accepts (kind.definition is rebuilt from the members).
    void create_layer(const LayerKind& kind);
    // A new field of the layer, empty in its features; its name not yet taken, not reserved.
    void add_field(const std::string& layer, const FieldDef& field);
    // The layer under a new name (checked as create_layer's); its history follows it.
    void rename_layer(const std::string& from, const std::string& to);
    // Removes the layer; refused while it holds features unless with_features (their deletes
    // are recorded one by one, as any delete).
    void drop_layer(const std::string& layer, bool with_features);
    // Why the library itself needs this layer under its name (the register's licences), or
    // empty: rename_layer and drop_layer refuse such a layer, with the reason.
    static std::string relied_on(const std::string& layer);

    // A write transaction; rolled back unless commit() is called.
    class Transaction {
    public:
        virtual ~Transaction() = default;
        virtual void commit() = 0;
    };
    virtual std::unique_ptr<Transaction> begin_write() = 0;
    // A write transaction whose reads all see the store as it was at its start (one snapshot), and
    // in which a change of a row that another writer changed since is refused as RetryableError
    // (retry.hpp) rather than made over that change: for a unit of work that decides what to write
    // from what it read (lode sync), and is run again from its reading. By default begin_write (a
    // store that lets one writer at a time hold it, whose reads see no other's changes anyway).
    virtual std::unique_ptr<Transaction> begin_snapshot_write() { return begin_write(); }
    // Who makes the changes of the following write transactions, and why: the history records it.
    // Called inside a write transaction, it applies to the changes that follow in it too.
    virtual void set_change_context(const ChangeContext& context) = 0;

    // Checks the project (code, name, phase, date, host countries, commodities; the code not yet
    // taken) and adds it as checked: the phase, countries and commodities in their stored form.
    void add_project(const Project& project);
    virtual std::optional<Project> find_project(const std::string& code) = 0;
    const Project& require_project(const std::string& code, Project& storage);
    virtual std::vector<Project> projects() = 0;
    // The projects of these codes, each required (NotFound naming the close ones), or every project when none.
    std::vector<Project> projects_or_all(const std::vector<std::string>& codes);
    // Checks the partnership (an organisation, a known project, one of partner_roles()) and adds
    // it, the organisation too when new; refused when the partner has that role there already.
    void add_partnership(const Partnership& partnership);
    virtual std::vector<Partnership> partnerships(const std::optional<std::string>& project) = 0;
    virtual std::map<std::string, std::int64_t> feature_counts(const std::string& project) = 0;

    // Of ids, those already present in layer.
    virtual std::vector<std::string> existing_ids(const std::string& layer, const std::vector<std::string>& ids) = 0;
    // The ids one import has read, for its duplicate check, kept by the backend where they do not
    // take the process's memory (a map of ten million ids would take about 600 MB): note() returns
    // the feature number that noted the id first, or nullopt for an id not noted before. Independent
    // of the store's transactions; forgotten when the object goes.
    class SeenIds {
    public:
        virtual ~SeenIds() = default;
        virtual std::optional<std::int64_t> note(const std::string& id, std::int64_t feature) = 0;
    };
    virtual std::unique_ptr<SeenIds> seen_ids() = 0;
    virtual void insert_feature(const std::string& layer, const Feature& feature) = 0;
    // Many at once, inside a write transaction (a backend may take a faster path for bulk). A
    // feature whose id the layer holds already is refused (error), left as stored (skip) or
    // written over it (update; those before the new ones). The store's unique id decides as the
    // rows are written, not an earlier read, so that a writer beside this one cannot slip a
    // duplicate in between.
    virtual WriteCounts insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                                        OnDuplicate on_duplicate) = 0;
    // The features written with their own fids (fids[i] for features[i]; a whole store copied by
    // lode copy keeps every row's number, which its history names), inside a write transaction, as
    // insert_features with OnDuplicate::error; the layer's numbering goes on after the highest.
    virtual WriteCounts insert_numbered(const std::string& layer, const std::vector<const Feature*>& features,
                                        const std::vector<std::int64_t>& fids) = 0;
    virtual void update_feature(const std::string& layer, const Feature& feature) = 0;
    // Inside a write transaction, before features are read to be changed: the rows of these ids are
    // locked until it ends, so that another writer's change of them waits and none is lost
    // (PostGIS: SELECT ... FOR UPDATE, in the order of the ids). Nothing to do where the write
    // transaction holds the whole store (SpatiaLite: BEGIN IMMEDIATE).
    virtual void lock_features(const std::string& layer, const std::vector<std::string>& ids) { (void)layer, (void)ids; }
    virtual std::optional<Feature> find_feature(const std::string& layer, const std::string& id) = 0;
    // The feature with this id as it was at as_of (history form), rebuilt from the history.
    virtual std::optional<Feature> find_feature_as_of(const std::string& layer, const std::string& id,
                                                      const std::string& as_of) = 0;
    // Reads the features of the selection: of each, what `reading` asks for, given to visit in a
    // ScanRow. A big selection may be read in parts at once (each on a core of its own), at most
    // reading.parts: visit then runs on that many threads together, one per part (ScanRow::part).
    // What one part visits arrives in storage order, and the parts laid end to end are the whole
    // selection in storage order. visit returns false to stop the scan (every part). Returns the
    // number of parts read, at least 1. With selection.as_of, any reading is of the features as
    // they were then (rebuilt from the history, in one part). A numeric or text field the layer lacks, or a point read
    // of a layer that does not hold points, is refused with InputError before any row.
    virtual std::size_t scan(const std::string& layer, const Selection& selection, const Reading& reading,
                             const std::function<bool(ScanRow&)>& visit) = 0;
    // The features of layer with these ids (in any order; an id the layer lacks is skipped) among the
    // selection, read as scan reads them, in storage order and one part: what a --where on an
    // assay result selects from the results' index (samples_reaching). By default a scan of the
    // selection keeping those rows; a backend may read them by its index of ids.
    virtual void scan_ids(const std::string& layer, const std::vector<std::string>& ids, const Selection& selection,
                          const Reading& reading, const std::function<bool(ScanRow&)>& visit);

    // Assay results (store model 7), kept beside the features: any number per sample, analyte and
    // unit (a re-assay, a second method), each with its qualifier, limit and original text.
    // Adds the results inside a write transaction; each record's sample is an id of its layer
    // (InputError naming the first that is not).
    virtual void write_assays(const std::vector<AssayRecord>& records);
    // The results of the query, in the order written (by sample, then as written, when all
    // samples are read); visit returns false to stop.
    virtual void read_assays(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit);
    // The samples of layer (each once, in no set order) holding a result of one of the floors'
    // analytes in its unit whose value, or whose limit where it is below or above one, is at least
    // that floor's value: a superset of the samples whose result counts at least that much (by any
    // substitution of a below-limit result, for floors above 0), read from the results' index by
    // analyte; the caller then decides each sample by its preferred result. By default through
    // read_assays.
    virtual std::vector<std::string> samples_reaching(const std::string& layer, const std::vector<AssayFloor>& floors);
    // Whether the layer holds any assay result (of its samples or QC samples; at as_of, when given:
    // then rebuilt from the history), without reading them all.
    bool has_assays(const std::string& layer, const std::optional<std::string>& as_of = std::nullopt);
    // Each analyte and unit the results of the layer's features hold now (not its QC samples'),
    // once, by analyte and unit: one aggregate over the results, none of them read into records.
    virtual std::vector<AssayKindHeld> summarise_assays(const std::string& layer) = 0;
    // Removes the results with these numbers (AssayRecord::id), inside a write transaction; how many went.
    virtual std::int64_t delete_assays(const std::vector<std::int64_t>& ids);
    // Writes results back with their own numbers (AssayRecord::id; an undo restoring what an import
    // replaced), inside a write transaction, unchecked.
    virtual void restore_assays(const std::vector<AssayRecord>& records);

    // QA/QC (store model 9). QC samples of a layer (duplicates, standards, blanks; lode/assay/qc.hpp):
    // added inside a write transaction, a second record of one id in a layer refused (InputError);
    // a QC sample may hold assay results (write_assays takes its id) without being a feature.
    virtual void write_qc_samples(const std::vector<QcSample>& samples);
    // The QC samples of a layer, in id order.
    virtual std::vector<QcSample> qc_samples(const std::string& layer);
    // Removes these QC samples of a layer, inside a write transaction; how many went.
    virtual std::int64_t delete_qc_samples(const std::string& layer, const std::vector<std::string>& ids);
    // Certified values of reference materials, added inside a write transaction; a second value of
    // one material and analyte refused (InputError naming both).
    virtual void write_reference_values(const std::vector<ReferenceValue>& values);
    // Every certified value, by material name, then analyte.
    virtual std::vector<ReferenceValue> reference_values();
    // Removes a material's certified value of an analyte, inside a write transaction (a sync
    // carrying a deletion, or a value changed in place: removed, then written); whether there was one.
    virtual bool delete_reference_value(const std::string& name, const std::string& analyte);

    // Inside a write transaction, before an import writes its features: a backend may enter the
    // import in the log now (counts to come), so that the history entries it writes in bulk name
    // it as they are written instead of being rewritten by record_import; record_import, in the
    // same transaction, then completes that entry. Nothing by default.
    virtual void begin_import(const ImportRecord&) {}
    virtual void record_import(const ImportRecord& record) = 0;
    virtual std::vector<ImportRecord> imports() = 0;

    // Deleting features and undoing imports; the rules (what may go, what an undo restores) are in
    // store/undo.hpp, the same for every backend.
    // Removes the features with these ids from layer, inside a write transaction; how many went.
    virtual std::int64_t delete_features(const std::string& layer, const std::vector<std::string>& ids) = 0;
    // The changes the import (ImportRecord::id) made to features, oldest first, with the geometries before.
    virtual std::vector<FeatureChange> import_changes(std::int64_t import) = 0;
    // The changes to layer's features recorded after history entry `after`, oldest first (without geometries).
    virtual std::vector<FeatureChange> changes_after(const std::string& layer, std::int64_t after) = 0;
    // The changes to a layer or table recorded after a position (history_position): those after its
    // entry, and those up to it that were not committed at the position; without the changes of the
    // transaction that took the position (its own writes). By default, those after its entry.
    virtual std::vector<FeatureChange> changes_after_position(const std::string& table, const HistoryPosition& after)
    {
        return changes_after(table, after.entry);
    }
    // The changes to a layer or table recorded after the time `at` (history form), oldest first
    // (without geometries): what --as-of undoes.
    virtual std::vector<FeatureChange> changes_since(const std::string& table, const std::string& at) = 0;
    // The ids of the features the import inserted into layer that the layer still holds (the rows it
    // inserted, not later ones with the same id), in the order it inserted them.
    virtual std::vector<std::string> inserted_by_import(const std::string& layer, std::int64_t import) = 0;
    // Notes in the imports log that the import was undone, by the user and at the time of the
    // write transaction it is called in.
    virtual void mark_import_undone(std::int64_t import) = 0;

    // Downhole surveys and intervals (store model 7), recorded in the history (tables drill_surveys,
    // keys HOLE/DEPTH, and drill_intervals, keys HOLE/TABLE/FROM). add_* write inside a write
    // transaction, as given (the importer checks them first); a second row at a hole's depth (of
    // one interval table) is refused by the store's unique key. The reads are ordered by hole,
    // table and depth; holes empty: every hole's.
    virtual void add_surveys(const std::vector<SurveyRecord>& rows) = 0;
    virtual void add_intervals(const std::vector<IntervalRecord>& rows) = 0;
    virtual std::vector<SurveyRecord> surveys(const std::vector<std::string>& holes = {}) = 0;
    virtual std::vector<IntervalRecord> intervals(const std::vector<std::string>& holes = {}) = 0;
    // Removes the surveys and intervals of these holes (none given: none), inside a write
    // transaction; how many rows went.
    virtual std::int64_t delete_downhole(const std::vector<std::string>& holes) = 0;

    // The register: obligations, interests, agreement terms, milestones (store/register.hpp).
    virtual Register& the_register() = 0;

    // Partner access (store/access.hpp), each in a write transaction of its own. Checked here: the
    // organisation a partner of the store, the projects given known and among its partnerships.
    // A store without logins (a SpatiaLite file) refuses them all, naming itself.
    void grant_access(const AccessGrant& grant);
    std::vector<AccessGrant> access_grants();
    void revoke_access(const std::string& organisation, const std::string& login);
    // The backend's access control; nullptr where the store has no logins.
    virtual AccessControl* access_control() { return nullptr; }

    // The change history, oldest first.
    virtual std::vector<HistoryEntry> history(const HistoryQuery& query) = 0;
    // When the history began: the store's creation, or its migration to store model version 4.
    // Rows older than that have no history: --as-of shows them as they were when it began.
    virtual std::string history_began() = 0;
    // The number of the newest history entry this login may read (0 when none): a position that
    // changes_after reads on from (a field copy's checkout position, lode/sync.hpp).
    virtual std::int64_t last_history_entry() = 0;
    // The history whole, for lode copy: every entry oldest first (read_history_rows); the store's
    // own entries all removed and when its history began set (clear_history), then entries
    // written with their own numbers, users, times, links and row numbers (write_history_rows,
    // after the imports they name and the rows they number), each inside a write transaction; the
    // numbering of the history, of each layer's fids and of the results then goes on after the
    // highest written or named. The fids of a layer in storage order (row_numbers).
    virtual void read_history_rows(const std::function<void(const HistoryRow&)>& visit) = 0;
    virtual void clear_history(const std::string& began) = 0;
    virtual void write_history_rows(const std::vector<HistoryRow>& rows) = 0;
    virtual std::vector<std::int64_t> row_numbers(const std::string& layer) = 0;
    // The import log written with its own numbers, dates and undos (ImportRecord::id,
    // imported_at, undone_at, undone_by), into a store whose log is empty, inside a write transaction.
    virtual void write_import_log(const std::vector<ImportRecord>& records) = 0;
    // Where the history is now, for changes_after_position (by default last_history_entry, for a
    // store with one writer at a time).
    virtual HistoryPosition history_position() { return {last_history_entry(), {}}; }

    // A note kept in the store beside its own metadata, under a key of the caller's (lode/sync.hpp:
    // "checkout", where a field copy came from), not in the history; nullopt when none. set_metadata
    // writes inside a write transaction; the store's own keys (schema_version ...) are refused.
    virtual std::optional<std::string> metadata(const std::string& key) = 0;
    virtual void set_metadata(const std::string& key, const std::string& value) = 0;
    // The database login the store is used as; empty where the store has no logins (a file).
    virtual std::string login() { return {}; }

protected:
    // The backend's check behind has_assays (now): by default the first result read_assays finds.
    virtual bool holds_assays(const std::string& layer);
    // The backend's writes behind add_project and add_partnership, given checked values.
    virtual void write_project(const Project& project) = 0;
    // Adds the organisation when new (or sets its country where one is given) and its role in the
    // project; false when it has that role there already.
    virtual bool write_partnership(const Partnership& partnership) = 0;
    // The backend's write behind extend_vocabulary, given a checked value (inside a write transaction).
    virtual void write_vocabulary_value(Vocabulary vocabulary, const std::string& value) = 0;
    // The backend's writes behind create_layer, add_field, rename_layer and drop_layer, given
    // checked values (each inside a write transaction) and the kind's new definition.
    // Whether the backend holds a table (or other named object) of this name besides the layers.
    virtual bool name_taken(const std::string& name) = 0;
    virtual void write_layer(const LayerKind& kind) = 0;
    virtual void write_field(const LayerKind& changed, const FieldDef& field) = 0;
    virtual void write_rename(const std::string& from, const LayerKind& renamed) = 0;
    virtual void write_drop(const std::string& layer) = 0;
};

// The backend is chosen by the location's scheme (lode/backends.cpp, in the umbrella target that
// links every backend); a scheme with no backend in this lode is refused with NotFound.
// What fills a new store before anyone else can see it (create_store), run inside a write
// transaction on it.
using FillStore = std::function<void(Store&)>;
// Creates a new store from the layer kinds and vocabulary in layers_dir. With fill, the store is
// made and filled all or nothing: when fill throws, nothing of the store is left at location (a
// SpatiaLite file is built in a private folder beside it and renamed into place when filled; a
// PostGIS store's schema and tables are made and filled in one transaction, rolled back whole).
std::unique_ptr<Store> create_store(const StoreLocation& location, const std::string& layers_dir,
                                    const ChangeContext& context = {}, const FillStore& fill = {});
// Opens an existing store, migrating its schema forward when it is older than this lode; context
// is that of its write transactions (and dates the history's start when a migration begins it).
std::unique_ptr<Store> open_store(const StoreLocation& location, const ChangeContext& context = {});

} // namespace lode
