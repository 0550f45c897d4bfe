// Writes to a PostGIS store: features (in bulk through COPY), projects, partners, imports.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/schema/kind_slots.hpp"

#include <cmath>
#include <algorithm>
#include <set>
#include <string_view>
#include <unordered_map>

namespace lode {

void to_ewkb(const std::vector<unsigned char>& wkb, std::vector<unsigned char>& ewkb)
{
    ewkb.clear();
    if (wkb.size() < 5) {
        ewkb = wkb;
        return;
    }
    const bool little = wkb[0] == 1;
    ewkb.insert(ewkb.end(), wkb.begin(), wkb.begin() + 5);
    ewkb[little ? 4 : 1] |= 0x20;   // the SRID flag, 0x20000000
    const std::uint32_t srid = 4326;
    for (int i = 0; i < 4; ++i)
        ewkb.push_back(static_cast<unsigned char>(srid >> (little ? 8 * i : 8 * (3 - i))));
    ewkb.insert(ewkb.end(), wkb.begin() + 5, wkb.end());
}

namespace {

using pq::identifier;

// The COPY column list of a layer's rows: id, project, the kind's fields, extra, imported_from, geom.
std::string copy_columns(const LayerKind& kind)
{
    std::string columns = "id, project";
    for (const auto& field : kind.fields)
        columns += ", " + identifier(field.name);
    return columns + ", extra, imported_from, geom";
}

void copy_value(pq::Copy& copy, const FieldDef& field, const Value& value)
{
    if (is_null(value))
        copy.null();
    else if (const auto* i = std::get_if<std::int64_t>(&value))
        copy.field(*i);
    else if (const auto* d = std::get_if<double>(&value)) {
        // A whole number in an integer column is written as one, as SQLite's INTEGER affinity keeps it.
        if (field.type == FieldType::integer && std::floor(*d) == *d && std::fabs(*d) < 9.2e18)
            copy.field(static_cast<std::int64_t>(*d));
        else
            copy.field(*d);
    } else
        copy.field(std::get<std::string>(value));
}

// With fid, the row's fid first (insert_numbered).
void copy_feature(pq::Copy& copy, const LayerKind& kind, KindSlots& slots, const Feature& feature, const std::int64_t* fid = nullptr)
{
    thread_local std::vector<unsigned char> ewkb;
    if (fid)
        copy.field(*fid);
    copy.field(feature.id);
    copy.field(feature.project);
    const auto& values = slots.of(feature);
    for (std::size_t i = 0; i < kind.fields.size(); ++i) {
        if (values[i])
            copy_value(copy, kind.fields[i], *values[i]);
        else
            copy.null();
    }
    copy.field(feature.extra.dump());
    if (feature.imported_from.empty())
        copy.null();
    else
        copy.field(feature.imported_from);
    to_ewkb(feature.wkb, ewkb);
    copy.hex(ewkb);
    copy.end_row();
}

// A unique id refused by the server: the id named, with the hint to skip or update.
[[noreturn]] void rethrow_duplicate(const std::string& layer, const Error& /*caught*/)
{
    const auto& server = pq::last_error();
    if (server.sqlstate != "23505")
        throw;   // as thrown (a RetryableError stays one)
    throw InputError("layer '" + layer + "': " + (server.detail.empty() ? server.primary : server.detail), Hint::on_duplicate);
}

} // namespace

void PostgisStore::write_project(const Project& p)
{
    pq::Params params;
    params.add(p.code).add(p.name).add(p.host_countries).add(p.commodities).add(p.phase);
    if (p.start_date.empty())
        params.add_null();
    else
        params.add(p.start_date);
    params.add(p.description).add(p.source);
    pq::exec(db_.get(), "INSERT INTO projects(code, name, host_countries, commodities, phase, start_date, description, source)"
                        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8)", params);
}

bool PostgisStore::write_partnership(const Partnership& p)
{
    pq::exec(db_.get(), "INSERT INTO partners(organisation, country) VALUES ($1, $2) ON CONFLICT (organisation) DO UPDATE SET country ="
                        " CASE WHEN excluded.country <> '' THEN excluded.country ELSE partners.country END",
             pq::Params().add(p.organisation).add(p.country));
    const pq::Result link = pq::exec(db_.get(), "INSERT INTO project_partners(project, partner, role, source)"
                                                " SELECT $1, id, $2, $3 FROM partners WHERE organisation = $4 ON CONFLICT DO NOTHING",
                                     pq::Params().add(p.project).add(p.role).add(p.source).add(p.organisation));
    return link.affected() > 0;
}

void PostgisStore::insert_feature(const std::string& layer, const Feature& feature)
{
    insert_features(layer, {&feature}, OnDuplicate::error);
}

WriteCounts PostgisStore::insert_numbered(const std::string& layer, const std::vector<const Feature*>& features,
                                          const std::vector<std::int64_t>& fids)
{
    const LayerKind& kind = layer_kind(layer);
    if (fids.size() != features.size())
        throw Error("layer '" + layer + "': " + std::to_string(features.size()) + " features given with " + std::to_string(fids.size()) + " fids");
    WriteCounts counts;
    if (features.empty())
        return counts;
    // COPY writes the identity column's numbers as given; the layer's numbering then follows them.
    try {
        pq::Copy copy(db_.get(), "COPY " + identifier(layer) + " (fid, " + copy_columns(kind) + ") FROM STDIN");
        KindSlots slots(kind);
        for (std::size_t i = 0; i < features.size(); ++i)
            copy_feature(copy, kind, slots, *features[i], &fids[i]);
        copy.finish();
    } catch (const Error& e) {
        rethrow_duplicate(layer, e);
    }
    pq::exec(db_.get(), "SELECT setval(pg_get_serial_sequence($1, 'fid'), (SELECT max(fid) FROM " + identifier(layer) + "))",
             pq::Params().add(identifier(schema_) + "." + identifier(layer)));
    counts.written = static_cast<std::int64_t>(features.size());
    note_written(layer, features);
    return counts;
}

WriteCounts PostgisStore::insert_features(const std::string& layer, const std::vector<const Feature*>& features,
                                          OnDuplicate on_duplicate)
{
    const LayerKind& kind = layer_kind(layer);
    WriteCounts counts;
    if (features.empty())
        return counts;
    const std::string columns = copy_columns(kind);
    // A refusal: the whole batch through COPY into the layer, whose unique id refuses a duplicate;
    // for a login bound by row-level security (access.cpp), which the server lets COPY into no
    // such table, through the staging table below.
    const bool bound = row_security_bound(identifier(layer));
    if (!bound)
        defer_layer_checks(layer, features.size());
    // (Until written, none is known to be there.)
    if (open_import_)
        open_import_->written_ids.clear();
    if (on_duplicate == OnDuplicate::error && !bound) {
        try {
            pq::Copy copy(db_.get(), "COPY " + identifier(layer) + " (" + columns + ") FROM STDIN");
            KindSlots slots(kind);
            for (const auto* f : features)
                copy_feature(copy, kind, slots, *f);
            // Not waited for: the server writes the last rows and their history while lode encodes
            // the next statement's (a duplicate refused is thrown by it, named as here).
            copy.finish_later([layer](const Error& refused) { rethrow_duplicate(layer, refused); });
        } catch (const Error& e) {
            rethrow_duplicate(layer, e);
        }
        counts.written = static_cast<std::int64_t>(features.size());
        note_written(layer, features);
        return counts;
    }
    // Skip or update: COPY into a staging table of the transaction, then set-based statements in
    // which the layer's unique id decides (update: rows of known ids written over, first).
    std::string staging_columns = "seq bigint GENERATED ALWAYS AS IDENTITY, id text, project text";
    for (const auto& field : kind.fields)
        staging_columns += ", " + identifier(field.name) + " " +
                           (field.type == FieldType::integer ? "bigint" : field.type == FieldType::real ? "double precision" :
                            field.type == FieldType::date ? "date" : "text");
    staging_columns += ", extra text, imported_from text, geom geometry";
    pq::exec_script(db_.get(), "DROP TABLE IF EXISTS pg_temp.lode_staging; CREATE TEMP TABLE lode_staging (" + staging_columns +
                                   ") ON COMMIT DROP");
    {
        pq::Copy copy(db_.get(), "COPY lode_staging (" + columns + ") FROM STDIN");
        KindSlots slots(kind);
        for (const auto* f : features)
            copy_feature(copy, kind, slots, *f);
        copy.finish();
    }
    if (on_duplicate == OnDuplicate::update) {
        std::string sets = "project = s.project";
        for (const auto& field : kind.fields)
            sets += ", " + identifier(field.name) + " = s." + identifier(field.name);
        sets += ", extra = s.extra, imported_from = s.imported_from, geom = s.geom";
        counts.updated = pq::exec(db_.get(), "UPDATE " + identifier(layer) + " AS l SET " + sets + " FROM lode_staging s WHERE l.id = s.id")
                             .affected();
    }
    try {
        counts.written = pq::exec(db_.get(), "INSERT INTO " + identifier(layer) + " (" + columns + ") SELECT " + columns +
                                                 " FROM lode_staging ORDER BY seq" +
                                                 (on_duplicate == OnDuplicate::error ? "" : " ON CONFLICT (id) DO NOTHING"))
                             .affected();
    } catch (const Error& e) {
        rethrow_duplicate(layer, e);
    }
    counts.skipped = static_cast<std::int64_t>(features.size()) - counts.written - counts.updated;
    pq::exec_script(db_.get(), "DROP TABLE lode_staging");
    // (Written, updated or skipped as there already: each in the layer; a bound login may not read it.)
    if (!bound)
        note_written(layer, features);
    return counts;
}

bool PostgisStore::row_security_bound(const std::string& table)
{
    if (open_import_)
        if (const auto known = open_import_->bound.find(table); known != open_import_->bound.end())
            return known->second;
    const bool bound = pq::query_integer(db_.get(), "SELECT row_security_active($1::regclass)::int", pq::Params().add(table)) == 1;
    if (open_import_)
        open_import_->bound.emplace(table, bound);
    return bound;
}

void PostgisStore::note_written(const std::string& layer, const std::vector<const Feature*>& features)
{
    if (!open_import_)
        return;
    open_import_->written_layer = layer;
    open_import_->written_ids.clear();
    const bool known = layer == open_import_->known_layer;
    for (const auto* f : features) {
        open_import_->written_ids.insert(f->id);
        if (known)
            open_import_->known_ids.insert(IdHashes::of(f->id));
    }
    open_import_->written_after = pq::statements_sent();
}

void PostgisStore::update_feature(const std::string& layer, const Feature& feature)
{
    const LayerKind& kind = layer_kind(layer);
    std::string sets = "project = $1";
    pq::Params params;
    params.add(feature.project);
    int n = 1;
    for (const auto& field : kind.fields)
        sets += ", " + identifier(field.name) + " = $" + std::to_string(++n);
    sets += ", extra = $" + std::to_string(n + 1) + ", imported_from = $" + std::to_string(n + 2) +
            ", geom = ST_GeomFromWKB($" + std::to_string(n + 3) + "::bytea, 4326)";
    add_feature(params, kind, feature);
    params.add(feature.id);
    pq::exec(db_.get(), "UPDATE " + identifier(layer) + " SET " + sets + " WHERE id = $" + std::to_string(n + 4), params);
}

void PostgisStore::lock_features(const std::string& layer, const std::vector<std::string>& ids)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    if (ids.empty())
        return;
    // In one order (the ids'), so that two writers locking overlapping sets wait rather than deadlock.
    pq::exec(db_.get(), "SELECT 1 FROM " + identifier(layer) + " WHERE id = ANY($1::text[]) ORDER BY id COLLATE \"C\" FOR UPDATE",
             pq::Params().add(pq::array_literal(ids)));
}

void PostgisStore::add_feature(pq::Params& params, const LayerKind& kind, const Feature& feature)
{
    for (const auto& field : kind.fields) {
        const auto it = feature.attributes.find(field.name);
        const Value value = it == feature.attributes.end() ? Value{} : it->second;
        if (is_null(value))
            params.add_null();
        else if (const auto* i = std::get_if<std::int64_t>(&value))
            params.add(*i);
        else if (const auto* d = std::get_if<double>(&value))
            params.add(*d);
        else
            params.add(std::get<std::string>(value));
    }
    params.add(feature.extra.dump());
    if (feature.imported_from.empty())
        params.add_null();
    else
        params.add(feature.imported_from);
    params.add_bytes(feature.wkb);
}

void PostgisStore::begin_import(const ImportRecord& r)
{
    import_open_ = true;
    reserved_import_.reset();
    // A login bound by row-level security logs an import under the project of what it wrote, known
    // at the end (record_import): not entered now (its results take its number when written).
    if (pq::query_integer(db_.get(), "SELECT row_security_active('imports')::int") == 1)
        return;
    const pq::Result made = pq::exec(db_.get(), "INSERT INTO imports(layer, project, source, sha256, source_crs, features_read, written,"
                                                " updated, skipped, repaired) VALUES ($1, $2, $3, $4, $5, 0, 0, 0, 0, 0) RETURNING id",
                                     pq::Params().add(r.layer).add(r.project).add(r.source).add(r.sha256).add(r.source_crs));
    open_import_ = OpenImport{};
    open_import_->id = made.integer(0, 0);
    open_import_->history_before = pq::query_integer(db_.get(), "SELECT coalesce(max(id), 0) FROM history_log");
    open_import_->layer = r.layer;
    begin_history_import(db_.get(), open_import_->id, r.layer);
}

void PostgisStore::defer_layer_checks(const std::string& name, std::size_t count)
{
    // A batch this big into an empty layer (or the empty assay results): a big first import (a few
    // rows are not worth the rebuild).
    constexpr std::size_t big_batch = 5000;
    if (!open_import_ || (open_import_->layer != name && name != "assay_results") || count < big_batch ||
        !open_import_->deferral_tried.insert(name).second)
        return;
    const std::string table = identifier(name);
    const pq::Params of_table = pq::Params().add(table);
    if (pq::query_integer(db_.get(), "SELECT (pg_has_role(relowner, 'USAGE') AND NOT relrowsecurity"
                                     " AND NOT EXISTS (SELECT 1 FROM " + table + "))::int FROM pg_class WHERE oid = $1::regclass", of_table) != 1)
        return;
    // The layer's own unique id and fid stay (they refuse a duplicate as each batch is written).
    const pq::Result keys = pq::exec(db_.get(), "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::regclass"
                                                " AND contype = 'f' ORDER BY conname", of_table);
    const pq::Result indexes = pq::exec(db_.get(), "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                                                   " WHERE i.indrelid = $1::regclass AND NOT i.indisunique AND NOT i.indisprimary ORDER BY c.relname", of_table);
    std::string drop;
    for (int i = 0; i < keys.rows(); ++i) {
        drop += "ALTER TABLE " + table + " DROP CONSTRAINT " + identifier(keys.text(i, 0)) + "; ";
        // (Unless there already: a savepoint rolled back since may have brought it back.)
        open_import_->deferred.push_back("DO $d$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = " + pq::literal(table) +
                                         "::regclass AND conname = " + pq::literal(keys.text(i, 0)) + ") THEN ALTER TABLE " + table +
                                         " ADD CONSTRAINT " + identifier(keys.text(i, 0)) + " " + keys.text(i, 1) + "; END IF; END $d$");
    }
    for (int i = 0; i < indexes.rows(); ++i) {
        drop += "DROP INDEX " + identifier(indexes.text(i, 0)) + "; ";
        std::string make = indexes.text(i, 1);   // CREATE INDEX name ON ...
        make.insert(std::string("CREATE INDEX ").size(), "IF NOT EXISTS ");
        open_import_->deferred.push_back(make);
    }
    if (drop.empty())
        return;
    pq::exec_script(db_.get(), drop);
    // The layer is locked now (ALTER TABLE, DROP INDEX: until the transaction ends); empty still, it
    // holds from now on only what this import writes (existing_ids, OpenImport::known_ids).
    if (name == open_import_->layer && pq::query_integer(db_.get(), "SELECT (NOT EXISTS (SELECT 1 FROM " + table + "))::int") == 1)
        open_import_->known_layer = name;
}

void PostgisStore::restore_layer_checks()
{
    if (!open_import_)
        return;
    // The foreign key checked once over the layer's rows; the indexes built from them.
    for (const auto& statement : open_import_->deferred)
        pq::exec_script(db_.get(), statement);
    open_import_->deferred.clear();
}

void PostgisStore::record_import(const ImportRecord& r)
{
    if (open_import_) {
        // Begun: its entry completed; the history entries written since name it already (the
        // triggers), those of this transaction before it (since its savepoint, when nested) are linked now.
        restore_layer_checks();
        const OpenImport open = *open_import_;
        open_import_.reset();
        import_open_ = false;
        end_history_import(db_.get());
        pq::exec(db_.get(), "UPDATE imports SET layer = $1, project = $2, source = $3, sha256 = $4, source_crs = $5, features_read = $6,"
                            " written = $7, updated = $8, skipped = $9, repaired = $10 WHERE id = $11",
                 pq::Params().add(r.layer).add(r.project).add(r.source).add(r.sha256).add(r.source_crs).add(r.read).add(r.written)
                     .add(r.updated).add(r.skipped).add(r.repaired).add(open.id));
        link_history(open.id, r.layer, open.history_before);
        return;
    }
    // A login bound by row-level security: an import given no project (assay results) is logged
    // under that of the samples written (assays.cpp), which must be one.
    std::string project = r.project;
    if (project.empty() && !assay_projects_.empty()) {
        std::set<std::string> distinct(assay_projects_.begin(), assay_projects_.end());
        assay_projects_.clear();
        if (distinct.size() > 1)
            throw InputError(Where{r.source, -1, "", ""}, "holds results of samples of several projects (" + join(std::vector<std::string>(distinct.begin(), distinct.end()), ", ") +
                                                              "), and a partner's import is logged under one: import each project's results apart");
        project = *distinct.begin();
    }
    // Under the number write_assays took (its results carry it), or the next.
    pq::Params params;
    params.add(r.layer).add(project).add(r.source).add(r.sha256).add(r.source_crs).add(r.read).add(r.written).add(r.updated)
        .add(r.skipped).add(r.repaired);
    std::string id_column, id_value;
    if (reserved_import_) {
        params.add(*reserved_import_);
        id_column = "id, ";
        id_value = "$11, ";
    }
    reserved_import_.reset();
    import_open_ = false;
    const pq::Result made = pq::exec(db_.get(), "INSERT INTO imports(" + id_column + "layer, project, source, sha256, source_crs, features_read, written,"
                                                " updated, skipped, repaired) " + (id_column.empty() ? "" : "OVERRIDING SYSTEM VALUE ") + "VALUES (" + id_value +
                                                "$1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                                     params);
    // The history entries this transaction made in the layer, its results and QC samples (since its
    // savepoint, when nested) came from this import.
    link_history(made.integer(0, 0), r.layer, std::nullopt);
}

void PostgisStore::link_history(std::int64_t import, const std::string& layer, std::optional<std::int64_t> before)
{
    // The entries and ranges made one at a time and in bulk (a range's numbers all lie on one side of
    // a mark taken outside its statement, so its first number stands for them).
    const std::string since = " AND tbl IN ($2, 'assay_results', 'qc_samples')"
                              " AND %ID > coalesce(nullif(current_setting('lode.since', true), ''), '0')::bigint";
    for (const auto& [table, id] : {std::pair<std::string, std::string>{"history_log", "id"}, {"history_ranges", "first_id"}}) {
        std::string sql = "UPDATE " + table + " SET import = $1 WHERE xact = txid_current() AND import IS NULL" + since;
        sql.replace(sql.find("%ID"), 3, id);
        pq::Params params;
        params.add(import).add(layer);
        if (before) {
            sql += " AND " + id + " <= $3";
            params.add(*before);
        }
        pq::exec(db_.get(), sql, params);
    }
}

std::int64_t PostgisStore::delete_features(const std::string& layer, const std::vector<std::string>& ids)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    return pq::exec(db_.get(), "DELETE FROM " + identifier(layer) + " WHERE id = ANY($1::text[])",
                    pq::Params().add(pq::array_literal(ids)))
        .affected();
}

void PostgisStore::mark_import_undone(std::int64_t import)
{
    // At the transaction's time, as its history entries.
    pq::exec(db_.get(), "UPDATE imports SET undone_at = coalesce(nullif(current_setting('lode.at', true), ''), $1), undone_by = $2"
                        " WHERE id = $3",
             pq::Params().add(history_now(context_.now)).add(context_.user).add(import));
}

namespace {

// The ids one import has read, in the process's memory (a PostGIS store has no local file to keep
// them in; about 60 bytes an id).
class MemorySeenIds final : public Store::SeenIds {
public:
    std::optional<std::int64_t> note(const std::string& id, std::int64_t feature) override
    {
        const auto [it, fresh] = seen_.emplace(id, feature);
        if (fresh)
            return std::nullopt;
        return it->second;
    }

private:
    std::unordered_map<std::string, std::int64_t> seen_;
};

} // namespace

std::unique_ptr<Store::SeenIds> PostgisStore::seen_ids() { return std::make_unique<MemorySeenIds>(); }

} // namespace lode
