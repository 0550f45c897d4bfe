// Layers made, changed and dropped at any time in a SpatiaLite store: the layer's table as lode
// init makes it (schema.cpp), its history triggers, and its row in layer_kinds, whose own triggers
// record the change (the layer's definition before and after).
#include "lode/store/spatialite/detail/history.hpp"
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/error.hpp"

namespace lode {

namespace {

// Stores made before layers could be made at any time have no triggers on layer_kinds yet.
void record_layer_kinds(sqlite3* db)
{
    if (!trigger_definition(db, history_insert_trigger("layer_kinds")))
        install_history_triggers(db, "layer_kinds", false);
}

// Runs a SpatiaLite function that answers 1 on success.
void spatialite_call(sqlite3* db, const std::string& sql, const std::vector<std::string>& arguments, const std::string& what)
{
    sqlite::Statement s(db, sql);
    for (std::size_t i = 0; i < arguments.size(); ++i)
        s.bind(static_cast<int>(i + 1), arguments[i]);
    if (!s.step() || s.integer(0) != 1)
        throw Error("cannot " + what);
}

} // namespace

bool SpatialiteStore::name_taken(const std::string& name)
{
    // SQLite's names are case-insensitive; a layer also brings its index tables (idx_NAME_geom).
    sqlite::Statement s(db_.get(), "SELECT 1 FROM sqlite_master WHERE lower(name) IN (lower(?1), lower('idx_' || ?1 || '_geom'),"
                                   " lower(?1 || '_project'))");
    s.bind(1, name);
    return s.step();
}

void SpatialiteStore::layers_changed()
{
    statements_.clear();
    load_definitions();
    ++kinds_changes_;
}

void SpatialiteStore::write_layer(const LayerKind& kind)
{
    record_layer_kinds(db_.get());
    create_layer_table(db_.get(), kind);
    install_history_triggers(db_.get(), kind.name, true);
    sqlite::Statement row(db_.get(), "INSERT INTO layer_kinds(name, definition) VALUES (?, ?)");
    row.bind(1, kind.name).bind(2, kind.definition.dump()).run();
    layers_changed();
}

void SpatialiteStore::write_field(const LayerKind& changed, const FieldDef& field)
{
    record_layer_kinds(db_.get());
    statements_.clear();
    sqlite::exec(db_.get(), "ALTER TABLE " + quoted_identifier(changed.name) + " ADD COLUMN " + quoted_identifier(field.name) + " " +
                                sql_type(field.type));
    install_history_triggers(db_.get(), changed.name, true);   // so that the new column is recorded too
    sqlite::Statement row(db_.get(), "UPDATE layer_kinds SET definition = ? WHERE name = ?");
    row.bind(1, changed.definition.dump()).bind(2, changed.name).run();
    layers_changed();
}

void SpatialiteStore::write_rename(const std::string& from, const LayerKind& renamed)
{
    load_pending_index(from);   // under its old name, before SpatiaLite renames it
    record_layer_kinds(db_.get());
    statements_.clear();
    const std::string& to = renamed.name;
    drop_history_triggers(db_.get(), from);
    drop_history_view(db_.get());   // it names the layer: made again under the new name below
    sqlite::exec(db_.get(), "DROP INDEX IF EXISTS " + quoted_identifier(from + "_project"));
    // SpatiaLite's RenameTable rebuilds the table's references; the foreign key to projects is
    // checked at the commit instead of midway.
    sqlite::exec(db_.get(), "PRAGMA defer_foreign_keys = ON");
    // SpatiaLite's RenameTable renames the geometry column's metadata, triggers and spatial index too.
    spatialite_call(db_.get(), "SELECT RenameTable(NULL, ?, ?)", {from, to}, "rename layer '" + from + "' to '" + to + "'");
    create_project_index(db_.get(), to);
    install_history_triggers(db_.get(), to, true);
    sqlite::Statement row(db_.get(), "UPDATE layer_kinds SET name = ?, definition = ? WHERE name = ?");
    row.bind(1, to).bind(2, renamed.definition.dump()).bind(3, from).run();
    // The layer's history, imports and assay results follow it: --as-of, lode history and lode
    // assay find them under the new name.
    std::vector<std::string> follows = {"UPDATE " + entries_table(db_.get()) + " SET tbl = ? WHERE tbl = ?",
                                        "UPDATE imports SET layer = ? WHERE layer = ?", "UPDATE assay_results SET layer = ? WHERE layer = ?",
                                        "UPDATE qc_samples SET layer = ? WHERE layer = ?"};
    if (keeps_ranges(db_.get()))
        follows.push_back("UPDATE history_ranges SET tbl = ? WHERE tbl = ?");
    for (const auto& sql : follows) {
        sqlite::Statement follow(db_.get(), sql);
        follow.bind(1, to).bind(2, from).run();
    }
    rebuild_history_view(db_.get());
    layers_changed();
}

void SpatialiteStore::write_drop(const std::string& layer)
{
    index_pending_.erase(layer);
    record_layer_kinds(db_.get());
    statements_.clear();
    sqlite::exec(db_.get(), "DELETE FROM " + quoted_identifier(layer));   // each delete recorded
    drop_history_triggers(db_.get(), layer);
    // Each row's insert entry was written out before its delete: the layer's ranges are spent.
    if (keeps_ranges(db_.get())) {
        sqlite::Statement spent(db_.get(), "DELETE FROM history_ranges WHERE tbl = ?");
        spent.bind(1, layer).run();
        rebuild_history_view(db_.get());
    }
    spatialite_call(db_.get(), "SELECT DropTable(NULL, ?)", {layer}, "drop layer '" + layer + "'");
    sqlite::Statement row(db_.get(), "DELETE FROM layer_kinds WHERE name = ?");
    row.bind(1, layer).run();
    sqlite::Statement results(db_.get(), "DELETE FROM assay_results WHERE layer = ?");
    results.bind(1, layer).run();
    sqlite::Statement qc(db_.get(), "DELETE FROM qc_samples WHERE layer = ?");
    qc.bind(1, layer).run();
    layers_changed();
}

} // namespace lode
