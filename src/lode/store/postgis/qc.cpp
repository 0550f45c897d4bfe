// QA/QC of a PostGIS store (store model 9, PostGIS layout 4): the tables qc_samples and
// reference_materials (schema.cpp, create_qc_tables), as SpatiaLite's, read in SpatiaLite's order.
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"

namespace lode {

void PostgisStore::write_qc_samples(const std::vector<QcSample>& samples)
{
    std::string checked_layer;
    for (const auto& q : samples) {
        if (q.layer != checked_layer) {
            layer_kind(q.layer);   // NotFound with the close names
            checked_layer = q.layer;
        }
        const pq::Result taken = pq::exec(db_.get(), "SELECT qc_type FROM qc_samples WHERE layer = $1 AND id = $2",
                                          pq::Params().add(q.layer).add(q.id));
        if (taken.rows() > 0)
            throw InputError(Where{"", -1, q.id, ""},
                             "layer '" + q.layer + "' already holds the QC sample '" + q.id + "' (" + taken.text(0, 0) + ")");
        pq::Params params;
        params.add(q.layer).add(q.id).add(q.project).add(to_string(q.type)).add(q.original).add(q.crm);
        if (q.import == 0)
            params.add_null();
        else
            params.add(q.import);
        pq::exec(db_.get(), "INSERT INTO qc_samples (layer, id, project, qc_type, original, crm, import_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                 params);
    }
}

std::vector<QcSample> PostgisStore::qc_samples(const std::string& layer)
{
    const pq::Result rows = pq::exec(db_.get(), "SELECT id, project, qc_type, original, crm, import_id FROM qc_samples WHERE layer = $1"
                                                " ORDER BY id COLLATE \"C\"",
                                     pq::Params().add(layer));
    std::vector<QcSample> out;
    for (int i = 0; i < rows.rows(); ++i) {
        QcSample q;
        q.layer = layer;
        q.id = rows.text(i, 0);
        q.project = rows.text(i, 1);
        const auto type = parse_qc_type(rows.text(i, 2));
        if (!type)
            throw Error(location_.display() + ": QC sample '" + q.id + "' has the type '" + rows.text(i, 2) + "', which lode does not know");
        q.type = *type;
        q.original = rows.text(i, 3);
        q.crm = rows.text(i, 4);
        q.import = rows.integer(i, 5);
        out.push_back(std::move(q));
    }
    return out;
}

void PostgisStore::write_reference_values(const std::vector<ReferenceValue>& values)
{
    for (const auto& v : values) {
        const pq::Result taken = pq::exec(db_.get(), "SELECT 1 FROM reference_materials WHERE name = $1 AND analyte = $2",
                                          pq::Params().add(v.name).add(v.analyte));
        if (taken.rows() > 0)
            throw InputError(Where{"", -1, v.name, ""}, "reference material '" + v.name + "' already has a certified value of " + v.analyte);
        pq::exec(db_.get(), "INSERT INTO reference_materials (name, analyte, unit, value, sd, source) VALUES ($1, $2, $3, $4, $5, $6)",
                 pq::Params().add(v.name).add(v.analyte).add(to_string(v.unit)).add(v.value).add(v.sd).add(v.source));
    }
}

bool PostgisStore::delete_reference_value(const std::string& name, const std::string& analyte)
{
    return pq::exec(db_.get(), "DELETE FROM reference_materials WHERE name = $1 AND analyte = $2", pq::Params().add(name).add(analyte))
               .affected() > 0;
}

std::vector<ReferenceValue> PostgisStore::reference_values()
{
    const pq::Result rows = pq::exec(db_.get(), "SELECT name, analyte, unit, value, sd, source FROM reference_materials"
                                                " ORDER BY name COLLATE \"C\", analyte COLLATE \"C\"");
    std::vector<ReferenceValue> out;
    for (int i = 0; i < rows.rows(); ++i) {
        ReferenceValue v;
        v.name = rows.text(i, 0);
        v.analyte = rows.text(i, 1);
        const auto unit = parse_unit(rows.text(i, 2));
        if (!unit)
            throw Error(location_.display() + ": reference material '" + v.name + "' has the unit '" + rows.text(i, 2) +
                        "', which lode does not know");
        v.unit = *unit;
        v.value = rows.real(i, 3);
        v.sd = rows.real(i, 4);
        v.source = rows.text(i, 5);
        out.push_back(std::move(v));
    }
    return out;
}

} // namespace lode
