#include "lode/store/qc.hpp"

#include "lode/assay/analytes.hpp"

namespace lode {

QcJudgement judge_layer_qc(Store& store, const std::string& layer, const QcFilter& filter)
{
    store.layer_kind(layer);   // NotFound with the close names
    const std::vector<QcSample> qc = store.qc_samples(layer);
    std::vector<AssayRecord> results;
    AssayQuery query;
    query.layer = layer;
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
        store.scan(layer, selection, reading, [&](ScanRow& row) {
            project_of[row.id] = row.project;
            return true;
        });
    }
    return judge_qc(qc, results, store.reference_values(), Analytes::built_in(), filter, project_of);
}

} // namespace lode
