// The PostGIS store's tables (store model version 10, layout postgis_layout), the definitions it
// holds, and layers made, changed and dropped at any time. Each layer is a table of its own with a
// geometry(…, 4326) column, a GiST index on it and an index on its project.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"

namespace lode {

namespace {

using pq::identifier;

const char* postgis_type(GeometryType type)
{
    switch (type) {
    case GeometryType::point: return "Point";
    case GeometryType::multilinestring: return "MultiLineString";
    case GeometryType::multipolygon: return "MultiPolygon";
    }
    return "Geometry";
}

// A field's column type: dates as date, numbers as bigint and double precision.
const char* column_type(FieldType type)
{
    switch (type) {
    case FieldType::integer: return "bigint";
    case FieldType::real: return "double precision";
    case FieldType::date: return "date";
    default: return "text";
    }
}

// with_history: the history's triggers on it too (a store of layout 5 on).
void create_layer_table(PGconn* db, const LayerKind& kind, bool with_history)
{
    const std::string table = identifier(kind.name);
    std::string ddl = "CREATE TABLE " + table +
                      " (fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, id text NOT NULL UNIQUE,"
                      " project text NOT NULL REFERENCES projects(code)";
    for (const auto& field : kind.fields)
        ddl += ", " + identifier(field.name) + " " + column_type(field.type);
    ddl += std::string(", extra text NOT NULL DEFAULT '{}', imported_from text, geom geometry(") + postgis_type(kind.geometry) +
           ", 4326) NOT NULL)";
    pq::exec_script(db, ddl);
    pq::exec_script(db, "CREATE INDEX " + identifier(kind.name + "_geom") + " ON " + table + " USING gist (geom)");
    pq::exec_script(db, "CREATE INDEX " + identifier(kind.name + "_project") + " ON " + table + " (project)");
    if (with_history)
        install_layer_history(db, kind.name);
}

// The downhole tables (layout 2), keyed as SpatiaLite's (store model 7): a survey station by hole and
// depth, an interval by hole, table and from; an interval's fields a jsonb object.
void create_drill_tables(PGconn* db)
{
    pq::exec_script(db, R"(
        CREATE TABLE drill_surveys (
            hole text NOT NULL, depth double precision NOT NULL, azimuth double precision NOT NULL,
            dip double precision NOT NULL, method text, surveyed_on date, PRIMARY KEY (hole, depth));
        CREATE TABLE drill_intervals (
            hole text NOT NULL, tbl text NOT NULL DEFAULT 'intervals', depth_from double precision NOT NULL,
            depth_to double precision NOT NULL, fields jsonb NOT NULL DEFAULT '{}', PRIMARY KEY (hole, tbl, depth_from));
    )");
}

// Layout 1 to 2, in the caller's transaction: the downhole tables added (a store made at model 7
// before the PostGIS store kept downhole data).
void migrate_layout_to_2(PGconn* db)
{
    create_drill_tables(db);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{2}));
}

// The assay results' index by analyte with their values (layout 11, SpatiaLite's model 12): one
// analyte of every sample read from the index alone, by sample and then in the order written
// (the values covered: an index-only scan where the table's pages are all visible), and the samples
// whose result reaches a bound (samples_reaching) found in a pass over the analyte's entries.
// (Layouts 12 and 13 indexed them by value too: see migrate_layout_to_14.)
void create_assay_value_indexes(PGconn* db)
{
    pq::exec_script(db, R"(
        CREATE INDEX IF NOT EXISTS assay_results_by_analyte_values ON assay_results (layer, analyte, sample, id)
            INCLUDE (value, unit, qualifier, detection_limit);
    )");
}

// The assay results (layout 3, store model 8), as SpatiaLite's table: one row each, numbered in the
// order written, indexed for queries by analyte and for one sample's results.
void create_assay_table(PGconn* db)
{
    pq::exec_script(db, R"(
        CREATE TABLE assay_results (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, layer text NOT NULL, sample text NOT NULL,
            analyte text NOT NULL, value double precision, unit text NOT NULL, qualifier text NOT NULL DEFAULT '',
            detection_limit double precision, original text NOT NULL, method text NOT NULL DEFAULT '',
            lab text NOT NULL DEFAULT '', batch text NOT NULL DEFAULT '', assayed_on text NOT NULL DEFAULT '',
            import_id bigint);
        CREATE INDEX assay_results_by_sample ON assay_results (layer, sample);
    )");
    create_assay_value_indexes(db);
}

// Layout 2 to 3 (store model 7 or 8 to 8), in the caller's transaction: the assay results table
// added and, as SpatiaLite's migration to model 8 does, the samples layer's assay columns (real
// fields named ANALYTE_UNIT whose declared unit is that unit) copied into results with the
// sample's lab; the columns stay as they are.
void migrate_layout_to_3(PGconn* db)
{
    create_assay_table(db);
    const pq::Result definition = pq::exec(db, "SELECT definition FROM layer_kinds WHERE name = 'samples'");
    if (definition.rows() == 1) {
        const LayerKind samples = parse_layer_kind(nlohmann::json::parse(definition.text(0, 0)), "layer samples");
        const std::string lab = samples.field("lab") && samples.field("lab")->type == FieldType::text ? "coalesce(lab, '')" : "''";
        for (const auto& field : samples.fields) {
            const auto column = analyte_field(field.name, Analytes::built_in());
            const auto unit = parse_unit(field.unit);
            if (field.type != FieldType::real || !column || !unit || column->unit != *unit)
                continue;
            const std::string name = identifier(field.name);
            pq::exec(db, "INSERT INTO assay_results (layer, sample, analyte, value, unit, original, lab) SELECT 'samples', id, $1, " +
                             name + ", $2, " + name + "::text, " + lab + " FROM samples WHERE " + name +
                             " IS NOT NULL ORDER BY id COLLATE \"C\"",
                     pq::Params().add(column->analyte).add(to_string(*unit)));
        }
    }
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{3}));
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'schema_version'", pq::Params().add(std::int64_t{8}));
}

// QA/QC (layout 4, store model 9), as SpatiaLite's tables: the QC samples of a layer (not
// features: standards and blanks have no place in the field) and the certified values of
// reference materials, one per material and analyte.
void create_qc_tables(PGconn* db)
{
    pq::exec_script(db, R"(
        CREATE TABLE qc_samples (
            layer text NOT NULL, id text NOT NULL, project text NOT NULL, qc_type text NOT NULL,
            original text NOT NULL DEFAULT '', crm text NOT NULL DEFAULT '', import_id bigint,
            PRIMARY KEY (layer, id));
        CREATE TABLE reference_materials (
            name text NOT NULL, analyte text NOT NULL, unit text NOT NULL, value double precision NOT NULL,
            sd double precision NOT NULL, source text NOT NULL DEFAULT '', PRIMARY KEY (name, analyte));
    )");
}

// Layout 3 to 4 (store model 8 to 9), in the caller's transaction: the QA/QC tables added.
void migrate_layout_to_4(PGconn* db)
{
    create_qc_tables(db);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{4}));
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'schema_version'", pq::Params().add(std::int64_t{9}));
}

// Layout 4 to 5, in the caller's transaction: the change history, beginning now (began): the rows
// already there are shown by --as-of as they were then.
void migrate_layout_to_5(PGconn* db, const std::string& schema, const std::string& began)
{
    // (A store whose layout was set back by hand may hold it already, as history or, from layout 13
    // on, history_log: kept as it is.)
    if (pq::query_integer(db, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename IN ('history', 'history_log')",
                          pq::Params().add(schema)) == 0)
        create_history(db, schema, began);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{5}));
}

// Layout 5 to 6, in the caller's transaction: the register's tables, recorded in the history.
void migrate_layout_to_6(PGconn* db, const std::string& schema)
{
    if (pq::query_integer(db, "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'obligations'", pq::Params().add(schema)) == 0)
        create_register_tables(db, schema, true);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{6}));
}

// Layout 6 to 7 (store model 10), in the caller's transaction: a hole's azimuth reference held with
// its collar. The drillholes layer, where the store has one, gains the fields
// drillhole_reference_fields that it lacks (as layers/drillholes.json defines them), recorded in the
// history as an update of layer_kinds with the note below.
void migrate_layout_to_7(PGconn* db, const ChangeContext& context)
{
    const pq::Result row = pq::exec(db, "SELECT definition FROM layer_kinds WHERE name = 'drillholes'");
    if (row.rows() == 1) {
        std::vector<FieldDef> added;
        const LayerKind changed = with_built_in_fields(parse_layer_kind(nlohmann::json::parse(row.text(0, 0)), "layer drillholes"),
                                                       drillhole_reference_fields, added);
        if (!added.empty()) {
            ChangeContext noted = context;
            if (noted.user.empty())
                noted.user = "lode";
            noted.note = "store model 10: the drillholes layer gains its holes' azimuth reference";
            set_history_context(db, noted);
            for (const auto& field : added)
                pq::exec_script(db, "ALTER TABLE drillholes ADD COLUMN " + identifier(field.name) + " " + column_type(field.type));
            pq::exec(db, "UPDATE layer_kinds SET definition = $1 WHERE name = 'drillholes'", pq::Params().add(changed.definition.dump()));
        }
    }
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{7}));
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'schema_version'", pq::Params().add(std::int64_t{10}));
}

// Layout 7 to 8 (store model 10 to 11), in the caller's transaction: the QC samples, reference
// materials and assay results recorded in the history.
void migrate_layout_to_8(PGconn* db, const std::string& schema)
{
    for (const char* table : {"qc_samples", "reference_materials", "assay_results"})
        install_row_history(db, schema, table);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{8}));
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'schema_version'", pq::Params().add(std::int64_t{11}));
}

// Layout 8 to 9, in the caller's transaction: a store with grants gets the access policies that deny
// a login without one, grants and revokes in the history (access.cpp).
void migrate_layout_to_9(PGconn* db, const std::string& schema)
{
    renew_access(db, schema);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{9}));
}

// Layout 9 to 10, in the caller's transaction: the history's trigger functions name the import open
// in the transaction as they write (history.cpp).
void migrate_layout_to_10(PGconn* db, const std::string& schema)
{
    renew_history_functions(db, schema);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{10}));
}

// Layout 10 to 11, in the caller's transaction: the imports the history names checked by statement,
// not by a foreign key (history.cpp, renew_history_imports), with the trigger functions that check.
void migrate_layout_to_11(PGconn* db, const std::string& schema)
{
    renew_history_functions(db, schema);
    renew_history_imports(db, schema);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{11}));
}

// Layout 11 to 12, in the caller's transaction: the results' index by analyte covers their values
// (create_assay_value_indexes; layout 12 also made an index by value, which layout 14 drops).
void migrate_layout_to_12(PGconn* db)
{
    pq::exec_script(db, "DROP INDEX IF EXISTS assay_results_by_analyte");
    create_assay_value_indexes(db);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{12}));
}

// Layout 12 to 13 (store model 14's like), in the caller's transaction: a bulk insert's history kept
// as a range (history_ranges.cpp).
void migrate_layout_to_13(PGconn* db, const std::string& schema)
{
    migrate_history_to_ranges(db, schema);
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{13}));
}

// Layout 13 to 14 (store model 17's like), in the caller's transaction: the results' index by value
// dropped. Its entries, in the order of the values, were scattered over the whole index as an
// import wrote them: of the server's work for the 4,000,000 results of a million samples it was
// 16.7 s (the table alone 1.8 s; bench/README.md, "Store model 17"). The samples reaching a floor
// are found in the index by analyte instead (samples_reaching).
void migrate_layout_to_14(PGconn* db)
{
    pq::exec_script(db, "DROP INDEX IF EXISTS assay_results_by_value");
    pq::exec(db, "UPDATE lode_meta SET value = $1 WHERE key = 'postgis_layout'", pq::Params().add(std::int64_t{14}));
}

} // namespace

void PostgisStore::create_tables(const std::vector<LayerKind>& kinds, const Commodities& commodities, const std::string& began)
{
    if (pq::query_integer(db_.get(), "SELECT count(*) FROM pg_extension WHERE extname = 'postgis'") == 0) {
        try {
            pq::exec_script(db_.get(), "SAVEPOINT postgis; CREATE EXTENSION postgis; RELEASE postgis");
        } catch (const Error& e) {
            throw Error(Where{location_.display(), -1, "", ""},
                        "the database has no PostGIS, and this login cannot create it (" + e.reason() +
                            "); its owner can, with CREATE EXTENSION postgis");
        }
    }
    const auto exists = pq::exec(db_.get(), "SELECT 1 FROM pg_namespace WHERE nspname = $1", pq::Params().add(schema_));
    if (exists.rows() == 0)
        pq::exec_script(db_.get(), "CREATE SCHEMA " + identifier(schema_));
    else if (pq::query_integer(db_.get(), "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'lode_meta'",
                               pq::Params().add(schema_)) > 0)
        throw InputError(Where{location_.display(), -1, "", ""}, "already holds a lode store (schema " + schema_ + ")",
                         Hint::remove_store);
    pq::exec_script(db_.get(), R"(
        CREATE TABLE lode_meta (key text PRIMARY KEY, value text NOT NULL);
        CREATE TABLE layer_kinds (name text PRIMARY KEY, definition text NOT NULL);
        CREATE TABLE projects (
            code text PRIMARY KEY, name text NOT NULL, host_countries text NOT NULL DEFAULT '',
            commodities text NOT NULL DEFAULT '', phase text NOT NULL, start_date date,
            description text NOT NULL DEFAULT '', source text NOT NULL DEFAULT '');
        CREATE TABLE partners (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, organisation text NOT NULL UNIQUE,
            country text NOT NULL DEFAULT '');
        CREATE TABLE project_partners (
            project text NOT NULL REFERENCES projects(code), partner bigint NOT NULL REFERENCES partners(id),
            role text NOT NULL, source text NOT NULL DEFAULT '', UNIQUE (project, partner, role));
        CREATE TABLE imports (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            imported_at text NOT NULL DEFAULT to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
            layer text NOT NULL, project text NOT NULL, source text NOT NULL, sha256 text NOT NULL,
            source_crs text NOT NULL DEFAULT '', features_read bigint NOT NULL, written bigint NOT NULL,
            updated bigint NOT NULL, skipped bigint NOT NULL, repaired bigint NOT NULL, undone_at text, undone_by text);
        CREATE TABLE vocabularies (
            seq bigint GENERATED ALWAYS AS IDENTITY, vocabulary text NOT NULL, value text NOT NULL,
            PRIMARY KEY (vocabulary, value));
    )");
    const std::string meta = "INSERT INTO lode_meta(key, value) VALUES ($1, $2)";
    pq::exec(db_.get(), meta, pq::Params().add("commodities").add(commodities.definition().dump()));
    pq::exec(db_.get(), meta, pq::Params().add("created_by").add("lode " LODE_VERSION));
    pq::exec(db_.get(), meta, pq::Params().add("schema_version").add(static_cast<std::int64_t>(current_schema_version)));
    pq::exec(db_.get(), meta, pq::Params().add("postgis_layout").add(static_cast<std::int64_t>(postgis_layout)));
    create_drill_tables(db_.get());
    create_assay_table(db_.get());
    create_qc_tables(db_.get());
    for (const auto& kind : kinds) {
        pq::exec(db_.get(), "INSERT INTO layer_kinds(name, definition) VALUES ($1, $2)",
                 pq::Params().add(kind.name).add(kind.definition.dump()));
        create_layer_table(db_.get(), kind, false);
    }
    create_register_tables(db_.get(), schema_, false);
    create_history(db_.get(), schema_, began);
}

void PostgisStore::check_version()
{
    const Where where{location_.display(), -1, "", ""};
    if (pq::query_integer(db_.get(), "SELECT count(*) FROM pg_tables WHERE schemaname = $1 AND tablename = 'lode_meta'",
                          pq::Params().add(schema_)) == 0)
        throw NotFound(where, "no lode store here (schema " + schema_ + " has no lode_meta table)", Hint::create_store);
    const int version = schema_version();
    const pq::Result layout = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = 'postgis_layout'");
    const int stored_layout = layout.rows() == 1 ? std::stoi(layout.text(0, 0)) : 0;
    if (version > current_schema_version || stored_layout > postgis_layout)
        throw Error(where, "store schema version " + std::to_string(version) + " (PostGIS layout " + std::to_string(stored_layout) +
                               ") is newer than this lode (" + std::to_string(current_schema_version) + ", layout " +
                               std::to_string(postgis_layout) + "); upgrade lode");
    // A store older than model 7 cannot migrate yet; an older layout of model 7 to 9 is brought up to
    // date (model 17, layout 14), in one transaction, by a login allowed to create tables in the schema.
    if (version < 7)
        throw Error(where, "store schema version " + std::to_string(version) + " (PostGIS layout " + std::to_string(stored_layout) +
                               ") is older than this lode, and the PostGIS store cannot migrate it yet");
    if (version == current_schema_version && stored_layout >= postgis_layout)
        return;
    try {
        PostgisTransaction txn(db_.get());
        // The row locked: another lode bringing it up to date meanwhile is waited for, and seen.
        const pq::Result locked = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = 'postgis_layout' FOR UPDATE");
        const int now = locked.rows() == 1 ? std::stoi(locked.text(0, 0)) : 0;
        if (now < 2)
            migrate_layout_to_2(db_.get());
        if (now < 3)
            migrate_layout_to_3(db_.get());
        if (now < 4)
            migrate_layout_to_4(db_.get());
        if (now < 5)
            migrate_layout_to_5(db_.get(), schema_, history_now(context_.now));
        if (now < 6)
            migrate_layout_to_6(db_.get(), schema_);
        if (now < 7)
            migrate_layout_to_7(db_.get(), context_);
        if (now < 8)
            migrate_layout_to_8(db_.get(), schema_);
        if (now < 9)
            migrate_layout_to_9(db_.get(), schema_);
        if (now < 10)
            migrate_layout_to_10(db_.get(), schema_);
        if (now < 11)
            migrate_layout_to_11(db_.get(), schema_);
        if (now < 12)
            migrate_layout_to_12(db_.get());
        if (now < 13)
            migrate_layout_to_13(db_.get(), schema_);
        if (now < 14)
            migrate_layout_to_14(db_.get());
        // Models 12, 13, 15, 16 and 17 changed SpatiaLite's indexes only (its results by analyte with
        // their values, by value, then two of them where there were three, the qualified apart, and
        // by analyte and unit, not by value): layout 12 has the like of model 13's, layout 14 of
        // model 17's; model 14's ranges are layout 13.
        pq::exec(db_.get(), "UPDATE lode_meta SET value = $1 WHERE key = 'schema_version'",
                 pq::Params().add(static_cast<std::int64_t>(current_schema_version)));
        txn.commit();
    } catch (const Error& e) {
        const std::string missing = stored_layout < 2   ? "no downhole tables, assay results, QC tables, history nor register, and they"
                                    : stored_layout < 3 ? "no assay results, QC tables, history nor register, and they"
                                    : stored_layout < 4 ? "no QC tables, history nor register, and they"
                                    : stored_layout < 5 ? "no change history nor register, and they"
                                    : stored_layout < 6 ? "no register tables, and they"
                                    : stored_layout < 7 ? "no drillhole azimuth reference fields nor history of assay results, and they"
                                    : stored_layout < 8 ? "no history of assay results, and it"
                                    : stored_layout < 9 ? "access policies that deny a login without a grant, and they"
                                    : stored_layout < 10 ? "history triggers that name an import as they write, and they"
                                    : stored_layout < 11 ? "history triggers that check an import once per statement, and they"
                                    : stored_layout < 12 ? "no index of the assay results by analyte with their values, and it"
                                    : stored_layout < 13 ? "no history of bulk inserts as ranges, and it"
                                    : stored_layout < 14 ? "an index of the assay results by value, and it"
                                                         : "model number " + std::to_string(version) + ", and " + std::to_string(current_schema_version);
        throw Error(where, "PostGIS layout " + std::to_string(stored_layout) + " has " + missing +
                               (stored_layout == 13 ? " could not be dropped (" : " could not be added (") + e.reason() + "); the schema's owner can " +
                               (stored_layout == 13 ? "drop it" : "add them") + " by opening the store with this lode once");
    }
}

void PostgisStore::load_definitions()
{
    kinds_.clear();
    const pq::Result rows = pq::exec(db_.get(), "SELECT name, definition FROM layer_kinds ORDER BY name COLLATE \"C\"");
    for (int i = 0; i < rows.rows(); ++i)
        kinds_.push_back(parse_layer_kind(nlohmann::json::parse(rows.text(i, 1)), location_.display() + ": layer " + rows.text(i, 0)));
    const pq::Result meta = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = 'commodities'");
    if (meta.rows() != 1)
        throw InputError(location_.display() + ": the store has no commodity vocabulary");
    commodities_.emplace(nlohmann::json::parse(meta.text(0, 0)));
}

std::vector<std::string> PostgisStore::added_values(Vocabulary vocabulary)
{
    const pq::Result r = pq::exec(db_.get(), "SELECT value FROM vocabularies WHERE vocabulary = $1 ORDER BY seq",
                                  pq::Params().add(to_string(vocabulary)));
    std::vector<std::string> values;
    for (int i = 0; i < r.rows(); ++i)
        values.push_back(r.text(i, 0));
    return values;
}

void PostgisStore::write_vocabulary_value(Vocabulary vocabulary, const std::string& value)
{
    pq::exec(db_.get(), "INSERT INTO vocabularies(vocabulary, value) VALUES ($1, $2)", pq::Params().add(to_string(vocabulary)).add(value));
}

bool PostgisStore::name_taken(const std::string& name)
{
    // A layer also brings its indexes (NAME_geom, NAME_project).
    return pq::query_integer(db_.get(), "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                        " WHERE n.nspname = $1 AND c.relname::text IN ($2::text, $2::text || '_geom', $2::text || '_project')",
                             pq::Params().add(schema_).add(name)) > 0;
}

void PostgisStore::write_layer(const LayerKind& kind)
{
    create_layer_table(db_.get(), kind, true);
    pq::exec(db_.get(), "INSERT INTO layer_kinds(name, definition) VALUES ($1, $2)", pq::Params().add(kind.name).add(kind.definition.dump()));
    rebuild_history_view(db_.get(), schema_);
    guard_new_layer(db_.get(), schema_, kind.name);
    layers_changed();
}

void PostgisStore::write_field(const LayerKind& changed, const FieldDef& field)
{
    pq::exec_script(db_.get(), "ALTER TABLE " + identifier(changed.name) + " ADD COLUMN " + identifier(field.name) + " " +
                                   column_type(field.type));
    pq::exec(db_.get(), "UPDATE layer_kinds SET definition = $1 WHERE name = $2",
             pq::Params().add(changed.definition.dump()).add(changed.name));
    layers_changed();
}

void PostgisStore::write_rename(const std::string& from, const LayerKind& renamed)
{
    const std::string& to = renamed.name;
    pq::exec_script(db_.get(), "ALTER TABLE " + identifier(from) + " RENAME TO " + identifier(to) + "; ALTER INDEX " +
                                   identifier(from + "_geom") + " RENAME TO " + identifier(to + "_geom") + "; ALTER INDEX " +
                                   identifier(from + "_project") + " RENAME TO " + identifier(to + "_project"));
    pq::exec(db_.get(), "UPDATE layer_kinds SET name = $1, definition = $2 WHERE name = $3",
             pq::Params().add(to).add(renamed.definition.dump()).add(from));
    // The layer's history, imports and assay results follow it (--as-of, lode history and lode
    // assay find them under the new name).
    pq::exec(db_.get(), "UPDATE history_log SET tbl = $1 WHERE tbl = $2", pq::Params().add(to).add(from));
    pq::exec(db_.get(), "UPDATE history_ranges SET tbl = $1 WHERE tbl = $2", pq::Params().add(to).add(from));
    rebuild_history_view(db_.get(), schema_);
    pq::exec(db_.get(), "UPDATE imports SET layer = $1 WHERE layer = $2", pq::Params().add(to).add(from));
    pq::exec(db_.get(), "UPDATE assay_results SET layer = $1 WHERE layer = $2", pq::Params().add(to).add(from));
    pq::exec(db_.get(), "UPDATE qc_samples SET layer = $1 WHERE layer = $2", pq::Params().add(to).add(from));
    layers_changed();
}

void PostgisStore::write_drop(const std::string& layer)
{
    // A login that may not drop the table (neither its owner nor the schema's: a partner's) is
    // refused by the server's DROP itself, before anything is written: so the refusal names what it
    // lacks, not the history it may not write.
    if (pq::query_integer(db_.get(), "SELECT count(*) FROM pg_tables t JOIN pg_namespace n ON n.nspname = t.schemaname"
                                     " WHERE t.schemaname = $1 AND t.tablename = $2"
                                     " AND (pg_has_role(t.tableowner, 'USAGE') OR pg_has_role(n.nspowner, 'USAGE'))",
                          pq::Params().add(schema_).add(layer)) == 0)
        pq::exec_script(db_.get(), "DROP TABLE " + identifier(layer));
    // Its rows' history stays (a drop writes no entry a row): its ranges' entries written out, and
    // the view made again without the table before the table goes.
    write_out_ranges(db_.get(), schema_, layer);
    pq::exec(db_.get(), "DELETE FROM layer_kinds WHERE name = $1", pq::Params().add(layer));
    rebuild_history_view(db_.get(), schema_);
    pq::exec_script(db_.get(), "DROP TABLE " + identifier(layer));
    pq::exec(db_.get(), "DELETE FROM assay_results WHERE layer = $1", pq::Params().add(layer));
    pq::exec(db_.get(), "DELETE FROM qc_samples WHERE layer = $1", pq::Params().add(layer));
    layers_changed();
}

} // namespace lode
