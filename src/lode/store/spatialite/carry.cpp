// A SpatiaLite store's change history and import log carried whole, for lode copy (Store's
// read_history_rows, restart_history, write_history_rows, row_numbers, write_import_log), and
// whether a layer holds any assay result.
#include "lode/store/spatialite/detail/rows.hpp"
#include "lode/store/spatialite/detail/store.hpp"

namespace lode {

void SpatialiteStore::read_history_rows(const std::function<void(const HistoryRow&)>& visit)
{
    sqlite::Statement s(db_.get(), "SELECT id, at, user, note, action, tbl, key, row_id, project, old, new, geometry_changed,"
                                   " old_geom, import FROM history ORDER BY id");
    HistoryRow row;
    Wkb wkb;
    auto text_or_none = [&](int column) { return s.is_null(column) ? std::nullopt : std::optional<std::string>(s.text(column)); };
    while (s.step()) {
        row.id = s.integer(0);
        row.at = s.text(1);
        row.user = s.text(2);
        row.note = s.text(3);
        row.action = s.text(4);
        row.table = s.text(5);
        row.key = s.text(6);
        row.row_id = s.integer(7);
        row.project = text_or_none(8);
        row.old_values = text_or_none(9);
        row.new_values = text_or_none(10);
        row.geometry_changed = s.integer(11) != 0;
        row.old_wkb.reset();
        if (!s.is_null(12)) {
            spatialite_blob_to_wkb(s, 12, wkb);
            row.old_wkb = wkb;
        }
        row.import = s.is_null(13) ? std::nullopt : std::optional<std::int64_t>(s.integer(13));
        visit(row);
    }
}

void SpatialiteStore::clear_history(const std::string& began)
{
    sqlite::exec(db_.get(), "DELETE FROM history_log; DELETE FROM history_ranges");
    rebuild_history_view(db_.get());
    sqlite::Statement meta(db_.get(), "INSERT OR REPLACE INTO lode_meta(key, value) VALUES ('history_began', ?)");
    meta.bind(1, began).run();
}

void SpatialiteStore::write_history_rows(const std::vector<HistoryRow>& rows)
{
    // The geometry before, framed as GeomFromWKB frames it: byte for byte the BLOB a trigger copies.
    auto& s = cached("#carry-history", [] {
        return "INSERT INTO history_log(id, at, user, note, action, tbl, key, row_id, project, old, new, geometry_changed,"
               " old_geom, import) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, GeomFromWKB(?, 4326), ?)";
    });
    auto text_or_null = [&](int index, const std::optional<std::string>& text) {
        if (text)
            s.bind(index, *text);
        else
            s.bind_null(index);
    };
    for (const auto& r : rows) {
        s.bind(1, r.id).bind(2, r.at).bind(3, r.user).bind(4, r.note).bind(5, r.action).bind(6, r.table).bind(7, r.key);
        s.bind(8, r.row_id);
        text_or_null(9, r.project);
        text_or_null(10, r.old_values);
        text_or_null(11, r.new_values);
        s.bind(12, static_cast<std::int64_t>(r.geometry_changed ? 1 : 0));
        if (r.old_wkb)
            s.bind_blob(13, *r.old_wkb);
        else
            s.bind_null(13);
        if (r.import)
            s.bind(14, *r.import);
        else
            s.bind_null(14);
        s.run();
    }
    // A layer's numbering (AUTOINCREMENT) after the highest fid its rows or its history name.
    sqlite::exec(db_.get(), "INSERT INTO sqlite_sequence(name, seq) SELECT name, 0 FROM layer_kinds"
                            " WHERE name NOT IN (SELECT name FROM sqlite_sequence);"
                            " UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT max(row_id) FROM history_log h"
                            " WHERE h.tbl = sqlite_sequence.name), 0)) WHERE name IN (SELECT name FROM layer_kinds)");
}

std::vector<std::int64_t> SpatialiteStore::row_numbers(const std::string& layer)
{
    layer_kind(layer);   // NotFound for an unknown layer, before its name reaches SQL
    sqlite::Statement s(db_.get(), "SELECT fid FROM " + quoted_identifier(layer) + " ORDER BY fid");
    std::vector<std::int64_t> out;
    while (s.step())
        out.push_back(s.integer(0));
    return out;
}

void SpatialiteStore::write_import_log(const std::vector<ImportRecord>& records)
{
    sqlite::Statement s(db_.get(), "INSERT INTO imports(id, imported_at, layer, project, source, sha256, source_crs, features_read,"
                                   " written, updated, skipped, repaired, undone_at, undone_by)"
                                   " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), nullif(?, ''))");
    for (const auto& r : records) {
        s.bind(1, r.id).bind(2, r.imported_at).bind(3, r.layer).bind(4, r.project).bind(5, r.source).bind(6, r.sha256);
        s.bind(7, r.source_crs).bind(8, r.read).bind(9, r.written).bind(10, r.updated).bind(11, r.skipped).bind(12, r.repaired);
        s.bind(13, r.undone_at).bind(14, r.undone_by).run();
    }
}

bool SpatialiteStore::holds_assays(const std::string& layer)
{
    sqlite::Statement s(db_.get(), "SELECT EXISTS (SELECT 1 FROM assay_results WHERE layer = ?)");
    s.bind(1, layer);
    return s.step() && s.integer(0) != 0;
}

} // namespace lode
