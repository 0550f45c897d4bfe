#include "lode/store/qc.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/base/error.hpp"
#include "lode/store/assay_history.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace lode {

namespace {

std::string image_text(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : std::string(); }

// Rebuilds the rows of table as they were at as_of from rows, the current ones by their history
// key (store/history.hpp: a table's primary key joined by '/'), with undo_changes. apply sets a
// row's columns from an image (a delete's whole row, an update's old columns).
template <typename Row, typename Apply>
std::vector<Row> rebuild_by_key(Store& store, const std::string& table, std::map<std::string, std::optional<Row>> rows,
                                const std::string& as_of, const Apply& apply)
{
    undo_changes(rows, store.changes_since(table, as_of), [](const FeatureChange& c) { return c.key; },
                 [&](Row& row, const FeatureChange& c) { apply(row, c.old_values, c.key); });
    std::vector<Row> out;
    for (auto& [key, row] : rows)
        if (row)
            out.push_back(std::move(*row));
    return out;
}

void apply_qc_image(QcSample& q, const nlohmann::json& image, const std::string& key)
{
    if (!image.is_object())
        return;
    for (const auto& [name, v] : image.items()) {
        if (name == "layer")
            q.layer = image_text(v);
        else if (name == "id")
            q.id = image_text(v);
        else if (name == "project")
            q.project = image_text(v);
        else if (name == "original")
            q.original = image_text(v);
        else if (name == "crm")
            q.crm = image_text(v);
        else if (name == "import_id")
            q.import = v.is_number() ? v.get<std::int64_t>() : 0;
        else if (name == "qc_type") {
            const auto type = parse_qc_type(image_text(v));
            if (!type)
                throw Error("QC sample '" + key + "' had the type '" + image_text(v) + "' in the history, which lode does not know");
            q.type = *type;
        }
    }
}

void apply_reference_image(ReferenceValue& r, const nlohmann::json& image, const std::string& key)
{
    if (!image.is_object())
        return;
    for (const auto& [name, v] : image.items()) {
        if (name == "name")
            r.name = image_text(v);
        else if (name == "analyte")
            r.analyte = image_text(v);
        else if (name == "value")
            r.value = v.is_number() ? v.get<double>() : r.value;
        else if (name == "sd")
            r.sd = v.is_number() ? v.get<double>() : r.sd;
        else if (name == "source")
            r.source = image_text(v);
        else if (name == "unit") {
            const auto unit = parse_unit(image_text(v));
            if (!unit)
                throw Error("certified value '" + key + "' had the unit '" + image_text(v) + "' in the history, which lode does not know");
            r.unit = *unit;
        }
    }
}

} // namespace

std::vector<QcSample> qc_samples_as_of(Store& store, const std::string& layer, const std::optional<std::string>& as_of)
{
    std::vector<QcSample> now = store.qc_samples(layer);
    if (!as_of)
        return now;
    std::map<std::string, std::optional<QcSample>> rows;
    for (auto& q : now)
        rows.emplace(q.layer + "/" + q.id, std::move(q));
    std::vector<QcSample> then = rebuild_by_key(store, "qc_samples", std::move(rows), *as_of, apply_qc_image);
    std::erase_if(then, [&](const QcSample& q) { return q.layer != layer; });
    std::sort(then.begin(), then.end(), [](const QcSample& a, const QcSample& b) { return a.id < b.id; });
    return then;
}

std::vector<ReferenceValue> reference_values_as_of(Store& store, const std::optional<std::string>& as_of)
{
    std::vector<ReferenceValue> now = store.reference_values();
    if (!as_of)
        return now;
    std::map<std::string, std::optional<ReferenceValue>> rows;
    for (auto& r : now)
        rows.emplace(r.name + "/" + r.analyte, std::move(r));
    // by key, which is name/analyte: the order reference_values gives (name, then analyte) but for
    // names holding '/'; sorted again to be sure
    std::vector<ReferenceValue> then = rebuild_by_key(store, "reference_materials", std::move(rows), *as_of, apply_reference_image);
    std::sort(then.begin(), then.end(), [](const ReferenceValue& a, const ReferenceValue& b) {
        return std::tie(a.name, a.analyte) < std::tie(b.name, b.analyte);
    });
    return then;
}

QcJudgement judge_layer_qc(Store& store, const std::string& layer, const QcFilter& filter, const std::optional<std::string>& as_of)
{
    store.layer_kind(layer);   // NotFound with the close names
    const std::vector<QcSample> qc = qc_samples_as_of(store, layer, as_of);
    std::vector<AssayRecord> results;
    AssayQuery query;
    query.layer = layer;
    query.as_of = as_of;
    query.alone = true;   // the results only kept
    store.read_assays(query, [&](const AssayRecord& r) {
        results.push_back(r);
        return true;
    });
    std::map<std::string, std::string> project_of;
    if (filter.project) {
        Reading reading;
        reading.geometry = Reading::Geometry::none;
        Selection selection;
        selection.project = filter.project;
        selection.as_of = as_of;
        store.scan(layer, selection, reading, [&](ScanRow& row) {
            project_of[row.id] = row.project;
            return true;
        });
    }
    return judge_qc(qc, results, reference_values_as_of(store, as_of), Analytes::built_in(), filter, project_of);
}

} // namespace lode
