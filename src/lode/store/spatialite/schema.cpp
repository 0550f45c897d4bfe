// The SpatiaLite store's tables: created at version 1, migrated forward one version at a time.
#include "lode/store/spatialite/spatialite_store.hpp"

#include "lode/assay/column.hpp"
#include "lode/assay/analytes.hpp"
#include "lode/base/atomic_output.hpp"
#include "lode/base/checksum.hpp"
#include "lode/base/error.hpp"
#include "lode/store/spatialite/detail/register.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/store.hpp"

#include <filesystem>

namespace lode {

namespace {

const char* spatialite_type(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return "POINT";
    case GeometryType::multilinestring: return "MULTILINESTRING";
    case GeometryType::multipolygon: return "MULTIPOLYGON";
    }
    return "GEOMETRY";
}

} // namespace

void create_layer_table(sqlite3* db, const LayerKind& kind)
{
    std::string ddl = "CREATE TABLE " + quoted_identifier(kind.name) +
                      " (fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                      " project TEXT NOT NULL REFERENCES projects(code)";
    for (const auto& field : kind.fields)
        ddl += ", " + quoted_identifier(field.name) + " " + sql_type(field.type);
    ddl += ", extra TEXT NOT NULL DEFAULT '{}', imported_from TEXT)";
    sqlite::exec(db, ddl);
    sqlite::Statement add(db, "SELECT AddGeometryColumn(?, 'geom', 4326, ?, 'XY', 1)");
    add.bind(1, kind.name).bind(2, spatialite_type(kind.geometry));
    if (!add.step() || add.integer(0) != 1)
        throw Error("cannot add the geometry column of layer '" + kind.name + "'");
    sqlite::Statement index(db, "SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, kind.name);
    if (!index.step() || index.integer(0) != 1)
        throw Error("cannot create the spatial index of layer '" + kind.name + "'");
    create_project_index(db, kind.name);
}

void create_project_index(sqlite3* db, const std::string& layer)
{
    sqlite::exec(db, "CREATE INDEX " + quoted_identifier(layer + "_project") + " ON " + quoted_identifier(layer) + "(project)");
}

namespace {

// Schema version 1: metadata, the vocabulary, projects, partners and one table per layer kind.
void migrate_to_1(sqlite3* db, const std::vector<LayerKind>& kinds, const Commodities& commodities)
{
    sqlite::exec(db, "SELECT InitSpatialMetadata(0, 'WGS84')");
    sqlite::exec(db, R"(
        CREATE TABLE lode_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE layer_kinds (name TEXT PRIMARY KEY, definition TEXT NOT NULL);
        CREATE TABLE projects (
            code TEXT PRIMARY KEY, name TEXT NOT NULL, host_countries TEXT NOT NULL DEFAULT '',
            commodities TEXT NOT NULL DEFAULT '', phase TEXT NOT NULL, start_date DATE,
            description TEXT NOT NULL DEFAULT '', source TEXT NOT NULL DEFAULT '');
        CREATE TABLE partners (
            id INTEGER PRIMARY KEY, organisation TEXT NOT NULL UNIQUE, country TEXT NOT NULL DEFAULT '');
        CREATE TABLE project_partners (
            project TEXT NOT NULL REFERENCES projects(code), partner INTEGER NOT NULL REFERENCES partners(id),
            role TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', UNIQUE (project, partner, role));
    )");
    sqlite::Statement meta(db, "INSERT INTO lode_meta(key, value) VALUES (?, ?)");
    meta.bind(1, "commodities").bind(2, commodities.definition().dump()).run();
    meta.bind(1, "created_by").bind(2, "lode " LODE_VERSION).run();
    sqlite::Statement kind_row(db, "INSERT INTO layer_kinds(name, definition) VALUES (?, ?)");
    for (const auto& kind : kinds) {
        kind_row.bind(1, kind.name).bind(2, kind.definition.dump()).run();
        create_layer_table(db, kind);
    }
}

// Schema version 2: the import log (what was imported, from which file, with its checksum).
void migrate_to_2(sqlite3* db)
{
    sqlite::exec(db, R"(
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY, imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ','now')),
            layer TEXT NOT NULL, project TEXT NOT NULL, source TEXT NOT NULL, sha256 TEXT NOT NULL,
            source_crs TEXT NOT NULL DEFAULT '', features_read INTEGER NOT NULL, written INTEGER NOT NULL,
            updated INTEGER NOT NULL, skipped INTEGER NOT NULL, repaired INTEGER NOT NULL);
    )");
}

// Schema version 5: undone imports (lode undo --import N), noted in the import log.
void migrate_to_5(sqlite3* db)
{
    sqlite::exec(db, "ALTER TABLE imports ADD COLUMN undone_at TEXT; ALTER TABLE imports ADD COLUMN undone_by TEXT");
}

// The built-in kinds' definitions as earlier lodes shipped them (layers/*.json in git): the SHA-256
// of each as a store holds it (nlohmann's dump: keys sorted, no spaces). A stored kind whose
// definition is one of these was made by lode and left as it was; any other (a kind the user made
// or changed, or one from lode init --layers) is the user's.
struct Superseded {
    const char* kind;
    const char* sha256;
};
const Superseded superseded_kinds[] = {
    {"drillholes", "49dc0acf239e9b8fb015e27930bcd0db15ffc9d6b8d1cb9ed074576c018171da"},       // 8aaa2e2
    {"drillholes", "542f623750dff527ef650decd4b4afbe743b977e642fcadccbccc5fd790f8423"},       // 2a63b3f (before model 7)
    {"geology", "ad5fc3e64b3fbd7ca534446a2ff366a72cbf7be9f678906be15898f98a030a90"},          // 7b455af
    {"hazard_zones", "40898cb27925cbbe18150591713b540851505d34d3db2a44ac16b9164841715a"},     // 7b455af
    {"infrastructure", "eac91b30a9b0fa6b28807840fb28234772b3bfb0fe4b68030b919d6249479c7d"},   // 7b455af
    {"licences", "198b42706760ff2e52aeced5cb8b6222ef9358c74096deff3a245a99bcfa52c3"},         // 8aaa2e2
    {"licences", "c6dca75a7024266da1da402e1db8caa35722e4937e88494e2252e635c801bb1b"},         // 45709ff
    {"mine_waste", "7653afcb24a3dbddeb921e174bafd78d20ff2d49848f037cda94d4b592bd754d"},       // 7b455af
    {"occurrences", "36086f418beca2459f9aa656315c559d26e0fbe47569e0cfb283d2a5309f9430"},      // 8aaa2e2
    {"prospects", "c57519f5d7f42fd872a9dedec39bdb544ad19dfae2669b5f93fb93ac8d5816a6"},        // 8aaa2e2
    {"samples", "e5af5fac9f56f739718c09e58f3d660516e7af91e0f0b49b890c09bc80125818"},          // 8aaa2e2
    {"structures", "7f16762f191a3788ac7e5b1f5a58ad354a52316d4129cdabd4a25dae52168c48"},       // 7b455af
    {"survey_areas", "d98a9409af392f8fd4e8ed198b536d512752f61f362fad8fff56229fe24f9385"},     // 8aaa2e2
    {"traverses", "76f9b8be43afe360c56a9bc17f14935ea33ca7719b8fe5a33dee4516712fa40d"},        // 8aaa2e2
};

bool superseded(const std::string& kind, const std::string& stored_definition)
{
    const std::string canonical = nlohmann::json::parse(stored_definition).dump();
    const std::string sha = sha256_bytes(reinterpret_cast<const unsigned char*>(canonical.data()), canonical.size());
    for (const auto& s : superseded_kinds)
        if (kind == s.kind && sha == s.sha256)
            return true;
    return false;
}

// Whether two kinds have the same fields by name and type (the same table columns).
bool same_columns(const LayerKind& a, const LayerKind& b)
{
    if (a.fields.size() != b.fields.size() || a.geometry != b.geometry)
        return false;
    for (std::size_t i = 0; i < a.fields.size(); ++i)
        if (a.fields[i].name != b.fields[i].name || a.fields[i].type != b.fields[i].type)
            return false;
    return true;
}

// Schema version 6: the vocabularies a store extends; row images in the history with numbers
// exact to the bit (the triggers made again); and the built-in kinds a store holds as an earlier
// lode shipped them brought up to today's definitions (defaults, value aliases, what is required),
// where their columns are the same. Kinds the user made or changed are left alone. The changes to
// layer_kinds are recorded in the history with the note below.
void migrate_to_6(sqlite3* db, const ChangeContext& context)
{
    sqlite::exec(db, "CREATE TABLE vocabularies (vocabulary TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (vocabulary, value))");
    set_history_context(db, history_now(context.now), context.user.empty() ? "lode" : context.user,
                        "store model 6: built-in layer kinds brought up to date");
    sqlite::Statement layers(db, "SELECT name FROM layer_kinds ORDER BY name");
    while (layers.step())
        install_history_triggers(db, layers.text(0), true);
    for (const char* table : history_tables) {
        sqlite::Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
        s.bind(1, table);
        if (s.step())
            install_history_triggers(db, table, false);
    }
    std::vector<LayerKind> today;
    try {
        today = load_layer_kinds(default_layers_dir());
    } catch (const Error&) {
        // lode's own definitions are not where it was built: the kinds stay as they are
    }
    std::vector<std::pair<std::string, std::string>> updates;   // name, today's definition
    sqlite::Statement rows(db, "SELECT name, definition FROM layer_kinds ORDER BY name");
    while (rows.step()) {
        const std::string name = rows.text(0), definition = rows.text(1);
        if (!superseded(name, definition))
            continue;
        const LayerKind stored = parse_layer_kind(nlohmann::json::parse(definition), "layer " + name);
        for (const auto& kind : today)
            if (kind.name == name && same_columns(stored, kind))
                updates.emplace_back(name, kind.definition.dump());
    }
    sqlite::Statement update(db, "UPDATE layer_kinds SET definition = ? WHERE name = ?");
    for (const auto& [name, definition] : updates)
        update.bind(1, definition).bind(2, name).run();
    clear_history_context(db);
}

// Schema version 7: drillholes in depth. The downhole tables (the survey stations and the
// intervals of the drillholes layer's holes, keyed by hole and depth, recorded in the history) and
// the vertical datum of a collar's elevation: the drillholes layer, where the store has one without
// it, gains the field elev_datum after collar_elev_m (recorded as an update of layer_kinds).
void migrate_to_7(sqlite3* db, const ChangeContext& context)
{
    sqlite::exec(db, R"(
        CREATE TABLE drill_surveys (
            hole TEXT NOT NULL, depth REAL NOT NULL, azimuth REAL NOT NULL, dip REAL NOT NULL,
            method TEXT, surveyed_on TEXT, PRIMARY KEY (hole, depth));
        CREATE TABLE drill_intervals (
            hole TEXT NOT NULL, tbl TEXT NOT NULL DEFAULT 'intervals', depth_from REAL NOT NULL,
            depth_to REAL NOT NULL, fields TEXT NOT NULL DEFAULT '{}', PRIMARY KEY (hole, tbl, depth_from));
    )");
    install_history_triggers(db, "drill_surveys", false);
    install_history_triggers(db, "drill_intervals", false);

    std::string stored;
    {
        sqlite::Statement row(db, "SELECT definition FROM layer_kinds WHERE name = 'drillholes'");
        if (!row.step())
            return;   // the user dropped or renamed it
        stored = row.text(0);
    }
    nlohmann::json definition = nlohmann::json::parse(stored);
    auto& fields = definition["fields"];
    auto at = fields.end();
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        const std::string name = it->value("name", "");
        if (name == "elev_datum")
            return;
        if (name == "collar_elev_m") {
            if (!it->contains("description"))
                (*it)["description"] = "Elevation of the collar, in the vertical datum of elev_datum";
            at = it + 1;
        }
    }
    fields.insert(at, nlohmann::json{{"name", "elev_datum"}, {"type", "text"},
                                     {"description", "The vertical datum of collar_elev_m: AHD, EGM2008, ellipsoidal (WGS 84), a local mine datum ..."}});
    // A definition an earlier lode shipped becomes today's (as model 6 does for the other kinds): as
    // it was at model 7, without the fields of model 10 (migrate_to_10 adds them).
    if (superseded("drillholes", stored)) {
        const LayerKind with_datum = parse_layer_kind(definition, "layer drillholes");
        try {
            for (const auto& kind : load_layer_kinds(default_layers_dir())) {
                const nlohmann::json at_7 = without_fields(kind.definition, drillhole_reference_fields);
                if (kind.name == "drillholes" && same_columns(with_datum, parse_layer_kind(at_7, "layer drillholes")))
                    definition = at_7;
            }
        } catch (const Error&) {
            // lode's own definitions are not where it was built: the field alone is added
        }
    }
    set_history_context(db, history_now(context.now), context.user.empty() ? "lode" : context.user,
                        "store model 7: the drillholes layer gains elev_datum");
    sqlite::exec(db, "ALTER TABLE drillholes ADD COLUMN elev_datum TEXT");
    install_history_triggers(db, "drillholes", true);
    sqlite::Statement update(db, "UPDATE layer_kinds SET definition = ? WHERE name = 'drillholes'");
    update.bind(1, definition.dump()).run();
    clear_history_context(db);
}

// Store model 8: assay results, one row each (any analyte, in its unit, with qualifier, limit and
// the text the lab wrote), indexed for queries by analyte and for one sample's results. The
// samples layer's assay columns (real fields named ANALYTE_UNIT whose declared unit is that unit:
// li2o_pct %, ta2o5_ppm ppm ... treo_ppm) are copied into results, with the sample's lab; the
// columns stay as they are, so that nothing that reads them changes.
void migrate_to_8(sqlite3* db)
{
    sqlite::exec(db, R"(
        CREATE TABLE assay_results (
            id INTEGER PRIMARY KEY, layer TEXT NOT NULL, sample TEXT NOT NULL, analyte TEXT NOT NULL,
            value REAL, unit TEXT NOT NULL, qualifier TEXT NOT NULL DEFAULT '', detection_limit REAL,
            original TEXT NOT NULL, method TEXT NOT NULL DEFAULT '', lab TEXT NOT NULL DEFAULT '',
            batch TEXT NOT NULL DEFAULT '', assayed_on TEXT NOT NULL DEFAULT '', import_id INTEGER);
        CREATE INDEX assay_results_by_analyte ON assay_results(layer, analyte, sample);
        CREATE INDEX assay_results_by_sample ON assay_results(layer, sample);
    )");
    sqlite::Statement definition(db, "SELECT definition FROM layer_kinds WHERE name = 'samples'");
    if (!definition.step())
        return;
    const LayerKind samples = parse_layer_kind(nlohmann::json::parse(definition.text(0)), "layer samples");
    const std::string lab = samples.field("lab") && samples.field("lab")->type == FieldType::text ? "coalesce(lab, '')" : "''";
    for (const auto& field : samples.fields) {
        const auto column = analyte_field(field.name, Analytes::built_in());
        const auto unit = parse_unit(field.unit);
        if (field.type != FieldType::real || !column || !unit || column->unit != *unit)
            continue;
        sqlite::Statement copy(db, "INSERT INTO assay_results(layer, sample, analyte, value, unit, original, lab) "
                                   "SELECT 'samples', id, ?, \"" + field.name + "\", ?, CAST(\"" + field.name +
                                   "\" AS TEXT), " + lab + " FROM samples WHERE \"" + field.name + "\" IS NOT NULL ORDER BY id");
        copy.bind(1, column->analyte).bind(2, to_string(*unit)).run();
    }
}

// Store model 9: QA/QC. The QC samples of a layer (duplicates with their original's id, standards
// with their reference material, blanks), which need not be features (standards and blanks have
// no place in the field) and may hold assay results; and the certified values of reference
// materials, one per material and analyte.
void migrate_to_9(sqlite3* db)
{
    sqlite::exec(db, R"(
        CREATE TABLE qc_samples (
            layer TEXT NOT NULL, id TEXT NOT NULL, project TEXT NOT NULL, qc_type TEXT NOT NULL,
            original TEXT NOT NULL DEFAULT '', crm TEXT NOT NULL DEFAULT '', import_id INTEGER,
            PRIMARY KEY (layer, id));
        CREATE TABLE reference_materials (
            name TEXT NOT NULL, analyte TEXT NOT NULL, unit TEXT NOT NULL, value REAL NOT NULL, sd REAL NOT NULL,
            source TEXT NOT NULL DEFAULT '', PRIMARY KEY (name, analyte));
    )");
}

// Store model 10: a hole's azimuth reference held with its collar. The drillholes layer, where the
// store has one, gains the fields drillhole_reference_fields that it lacks (after dip_deg, as
// layers/drillholes.json defines them), recorded as an update of layer_kinds.
void migrate_to_10(sqlite3* db, const ChangeContext& context)
{
    std::string stored;
    {
        sqlite::Statement row(db, "SELECT definition FROM layer_kinds WHERE name = 'drillholes'");
        if (!row.step())
            return;   // the user dropped or renamed it
        stored = row.text(0);
    }
    std::vector<FieldDef> added;
    const LayerKind changed =
        with_built_in_fields(parse_layer_kind(nlohmann::json::parse(stored), "layer drillholes"), drillhole_reference_fields, added);
    if (added.empty())
        return;
    set_history_context(db, history_now(context.now), context.user.empty() ? "lode" : context.user,
                        "store model 10: the drillholes layer gains its holes' azimuth reference");
    for (const auto& field : added)
        sqlite::exec(db, "ALTER TABLE drillholes ADD COLUMN " + quoted_identifier(field.name) + " " + sql_type(field.type));
    install_history_triggers(db, "drillholes", true);
    sqlite::Statement update(db, "UPDATE layer_kinds SET definition = ? WHERE name = 'drillholes'");
    update.bind(1, changed.definition.dump()).run();
    clear_history_context(db);
}

// Store model 11: the QC samples, reference materials and assay results in the change history (so
// that an undo of an import takes its results back, and --as-of shows them as they were).
void migrate_to_11(sqlite3* db)
{
    for (const char* table : {"qc_samples", "reference_materials", "assay_results"})
        install_history_triggers(db, table, false);
}

// Store model 12: the index of the results by analyte covers their values (the result's number,
// its unit, qualifier and limit after the sample and the result's number), so that one analyte's
// results of every sample (--stat max:Au_ppb, --where "Au_ppb > 100") are read from the index in
// the order written, without a visit to the table, whose rows lie by sample (a lab file's 48
// analytes side by side).
void migrate_to_12(sqlite3* db)
{
    sqlite::exec(db, "DROP INDEX IF EXISTS assay_results_by_analyte;"
                     " CREATE INDEX assay_results_by_analyte_values ON assay_results(layer, analyte, sample, id, value, unit, qualifier, detection_limit)");
}

// Store model 13: the results indexed by value too (layer, analyte, unit, then the value or, where
// there is none, the limit), covering the sample and what the value is made of, so that the samples
// with a result at or above a bound (--where "Au_ppb > 100": samples_reaching) are a range of it,
// not a pass over every result of the analyte.
void migrate_to_13(sqlite3* db)
{
    sqlite::exec(db, "CREATE INDEX assay_results_by_value ON assay_results(layer, analyte, unit, coalesce(value, detection_limit),"
                     " sample, value, detection_limit)");
}

// Store model 15: two indexes of the results where there were three. Every result went into the
// table and three B-trees (by sample; by analyte with its values; by value), keyed by the layer's
// name and texts, which made the indexes three fifths of a store of samples with results and the
// better part of an import's time. Now:
// - by value covers the qualifier too, so that one analyte's results of every sample (--stat
//   max:Au_ppb, a filter's values) are read from it alone, in the order of their values (the
//   reader takes them in any order: AssayQuery::any_order), and the samples reaching a floor are
//   a range of it as before;
// - by sample holds each result's analyte and number after the sample, so that one analyte of a
//   batch of samples (an export's --analytes, a filter's candidates) is found by a seek for each,
//   and a reader that takes a sample's results in any order gets them without a sort (in the order
//   written within an analyte); one that wants them as written has them sorted sample by sample.
// The index by analyte with its values (model 12) goes.
void migrate_to_15(sqlite3* db)
{
    sqlite::exec(db, "DROP INDEX IF EXISTS assay_results_by_analyte_values;"
                     " DROP INDEX IF EXISTS assay_results_by_value;"
                     " DROP INDEX IF EXISTS assay_results_by_sample;"
                     " CREATE INDEX assay_results_by_sample ON assay_results(layer, sample, analyte, id);"
                     " CREATE INDEX assay_results_by_value ON assay_results(layer, analyte, unit, coalesce(value, detection_limit),"
                     " sample, value, detection_limit, qualifier)");
}

// Store model 16: the results with a qualifier (below or above a limit, not analysed) indexed apart,
// by layer, analyte and unit: whether any result of an analyte and unit carries one (an export's
// `_qualifier` columns, decided before its first row) is a seek, not a pass over every result of
// it (a lab's results are mostly plain numbers; a million samples' took some 3 s).
void migrate_to_16(sqlite3* db)
{
    sqlite::exec(db, "CREATE INDEX IF NOT EXISTS assay_results_qualified ON assay_results(layer, analyte, unit, sample)"
                     " WHERE qualifier <> ''");
}

// Store model 17: the results indexed by analyte and unit, then sample and number, covering what a
// value is made of, where they were indexed by value. An import writes a layer's results sample
// after sample, so each analyte's entries are added at the end of its own range (a few places of
// the index, in memory), where by value they were scattered over all of it: a million samples'
// four million results took SQLite 10.2 s of CPU with the indexes by sample and by value, 4.5 s
// with those by sample and by analyte (bench/README.md, "Store model 17"). One analyte of every
// sample (--stat max:Au_ppb) is a range of it as before; the samples reaching a floor
// (samples_reaching) a pass over the analyte's range, not a range of it: 0.05 s for a million.
void migrate_to_17(sqlite3* db)
{
    sqlite::exec(db, "DROP INDEX IF EXISTS assay_results_by_value;"
                     " CREATE INDEX IF NOT EXISTS assay_results_by_analyte_unit ON assay_results(layer, analyte, unit, sample, id,"
                     " value, detection_limit, qualifier)");
}

} // namespace

void SpatialiteStore::load_definitions()
{
    if (!has_table("lode_meta"))
        throw InputError(path_ + ": not a lode store (no lode_meta table)");
    kinds_.clear();
    sqlite::Statement rows(db_.get(), "SELECT name, definition FROM layer_kinds ORDER BY name");
    while (rows.step())
        kinds_.push_back(parse_layer_kind(nlohmann::json::parse(rows.text(1)), path_ + ": layer " + rows.text(0)));
    sqlite::Statement meta(db_.get(), "SELECT value FROM lode_meta WHERE key = 'commodities'");
    if (!meta.step())
        throw InputError(path_ + ": the store has no commodity vocabulary");
    commodities_.emplace(nlohmann::json::parse(meta.text(0)));
}

bool SpatialiteStore::has_table(const std::string& name)
{
    sqlite::Statement s(db_.get(), "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, name);
    return s.step();
}

void SpatialiteStore::migrate(int target)
{
    const int from = schema_version();
    if (from > current_schema_version)
        throw Error(path_ + ": store schema version " + std::to_string(from) + " is newer than this lode (" +
                    std::to_string(current_schema_version) + "); upgrade lode");
    if (from >= target)
        return;
    SqliteTransaction txn(db_.get());
    for (int version = from + 1; version <= target; ++version) {
        if (version == 2)
            migrate_to_2(db_.get());
        if (version == 3)
            migrate_to_3(db_.get());
        if (version == 4)
            migrate_to_4(db_.get(), history_now(context_.now));
        if (version == 5)
            migrate_to_5(db_.get());
        if (version == 6)
            migrate_to_6(db_.get(), context_);
        if (version == 7)
            migrate_to_7(db_.get(), context_);
        if (version == 8)
            migrate_to_8(db_.get());
        if (version == 9)
            migrate_to_9(db_.get());
        if (version == 10)
            migrate_to_10(db_.get(), context_);
        if (version == 11)
            migrate_to_11(db_.get());
        if (version == 12)
            migrate_to_12(db_.get());
        if (version == 13)
            migrate_to_13(db_.get());
        if (version == 14)
            migrate_to_14(db_.get());
        if (version == 15)
            migrate_to_15(db_.get());
        if (version == 16)
            migrate_to_16(db_.get());
        if (version == 17)
            migrate_to_17(db_.get());
        sqlite::exec(db_.get(), "PRAGMA user_version = " + std::to_string(version));
    }
    txn.commit();
    load_definitions();   // a migration may have changed the layer kinds
}

void create_spatialite_store(const std::string& path, const std::string& layers_dir, int version,
                             const ChangeContext& context, const FillStore& fill)
{
    namespace fs = std::filesystem;
    if (fs::exists(path))
        throw InputError(Where{path, -1, "", ""}, "already exists", Hint::remove_store);
    const auto kinds = load_layer_kinds(layers_dir);
    const auto vocabulary = Commodities::load((fs::path(layers_dir) / "commodities.json").string());
    // Built beside the target and renamed into place, so a failed init leaves nothing behind (the
    // staging folder goes with its -wal, -shm or -journal files).
    const std::string name = fs::path(path).filename().string();
    const AtomicOutput staging = [&] {
        try {
            return AtomicOutput(fs::path(path).parent_path(), name);
        } catch (const fs::filesystem_error& e) {
            throw Error(path + ": cannot create the store here: " + e.code().message());
        }
    }();
    {
        SpatialiteStore store((staging / name).string(), true);
        store.set_change_context(context);
        SqliteTransaction txn(store.db());
        migrate_to_1(store.db(), kinds, vocabulary);
        sqlite::exec(store.db(), "PRAGMA user_version = 1");
        txn.commit();
        store.migrate(version);
        sqlite::exec(store.db(), "PRAGMA journal_mode = WAL");
        if (fill) {
            const auto filling = store.begin_write();
            fill(store);
            filling->commit();
        }
    }   // closed (its write-ahead log folded in) before the move
    staging.commit(name, path);
}

} // namespace lode
