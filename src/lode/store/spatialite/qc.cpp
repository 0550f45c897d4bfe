// QA/QC of a SpatiaLite store (store model 9): the tables qc_samples (a layer's duplicates,
// standards and blanks, keyed by layer and id) and reference_materials (certified values, keyed by
// material and analyte).
#include "lode/store/spatialite/detail/store.hpp"

#include "lode/base/error.hpp"

namespace lode {

void SpatialiteStore::write_qc_samples(const std::vector<QcSample>& samples)
{
    sqlite::Statement taken(db_.get(), "SELECT qc_type FROM qc_samples WHERE layer = ? AND id = ?");
    sqlite::Statement insert(db_.get(), "INSERT INTO qc_samples(layer, id, project, qc_type, original, crm, import_id) "
                                        "VALUES (?, ?, ?, ?, ?, ?, ?)");
    std::string checked_layer;
    for (const auto& q : samples) {
        if (q.layer != checked_layer) {
            layer_kind(q.layer);   // NotFound with the close names
            checked_layer = q.layer;
        }
        taken.bind(1, q.layer).bind(2, q.id);
        if (taken.step()) {
            const std::string type = taken.text(0);
            taken.reset();
            throw InputError(Where{"", -1, q.id, ""}, "layer '" + q.layer + "' already holds the QC sample '" + q.id + "' (" + type + ")");
        }
        taken.reset();
        insert.bind(1, q.layer).bind(2, q.id).bind(3, q.project).bind(4, to_string(q.type)).bind(5, q.original).bind(6, q.crm);
        if (q.import == 0)
            insert.bind_null(7);
        else
            insert.bind(7, q.import);
        insert.run();
    }
}

std::vector<QcSample> SpatialiteStore::qc_samples(const std::string& layer)
{
    sqlite::Statement s(db_.get(), "SELECT id, project, qc_type, original, crm, import_id FROM qc_samples WHERE layer = ? ORDER BY id");
    s.bind(1, layer);
    std::vector<QcSample> out;
    while (s.step()) {
        QcSample q;
        q.layer = layer;
        q.id = s.text(0);
        q.project = s.text(1);
        const auto type = parse_qc_type(s.text(2));
        if (!type)
            throw Error(path_ + ": QC sample '" + q.id + "' has the type '" + s.text(2) + "', which lode does not know");
        q.type = *type;
        q.original = s.text(3);
        q.crm = s.text(4);
        q.import = s.is_null(5) ? 0 : s.integer(5);
        out.push_back(std::move(q));
    }
    return out;
}

void SpatialiteStore::write_reference_values(const std::vector<ReferenceValue>& values)
{
    sqlite::Statement taken(db_.get(), "SELECT value, unit FROM reference_materials WHERE name = ? AND analyte = ?");
    sqlite::Statement insert(db_.get(), "INSERT INTO reference_materials(name, analyte, unit, value, sd, source) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& v : values) {
        taken.bind(1, v.name).bind(2, v.analyte);
        if (taken.step()) {
            taken.reset();
            throw InputError(Where{"", -1, v.name, ""}, "reference material '" + v.name + "' already has a certified value of " + v.analyte);
        }
        taken.reset();
        insert.bind(1, v.name).bind(2, v.analyte).bind(3, to_string(v.unit)).bind(4, v.value).bind(5, v.sd).bind(6, v.source).run();
    }
}

bool SpatialiteStore::delete_reference_value(const std::string& name, const std::string& analyte)
{
    sqlite::Statement s(db_.get(), "DELETE FROM reference_materials WHERE name = ? AND analyte = ?");
    s.bind(1, name).bind(2, analyte).run();
    return sqlite3_changes(db_.get()) > 0;
}

std::vector<ReferenceValue> SpatialiteStore::reference_values()
{
    sqlite::Statement s(db_.get(), "SELECT name, analyte, unit, value, sd, source FROM reference_materials ORDER BY name, analyte");
    std::vector<ReferenceValue> out;
    while (s.step()) {
        ReferenceValue v;
        v.name = s.text(0);
        v.analyte = s.text(1);
        const auto unit = parse_unit(s.text(2));
        if (!unit)
            throw Error(path_ + ": reference material '" + v.name + "' has the unit '" + s.text(2) + "', which lode does not know");
        v.unit = *unit;
        v.value = s.real(3);
        v.sd = s.real(4);
        v.source = s.text(5);
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace lode
