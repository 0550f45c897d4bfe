#include "lode/import/assay_import.hpp"

#include "lode/base/checksum.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/import/detail/field_plan.hpp"
#include "lode/import/detail/source_checks.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <unordered_map>
#include <unordered_set>

namespace lode {

namespace {

// Which sample ids are features of a layer (of a project, when not empty), asked a batch at a time:
// by id from the layer's index; of a project, from the project's ids read once (a scan of the layer).
class KnownSamples {
public:
    KnownSamples(Store& store, std::string layer, std::string project)
        : store_(store), layer_(std::move(layer)), project_(std::move(project)) {}

    std::unordered_set<std::string> of(const std::vector<std::string>& ids)
    {
        std::unordered_set<std::string> known;
        if (project_.empty()) {
            for (auto& id : store_.existing_ids(layer_, ids))
                known.insert(std::move(id));
            return known;
        }
        if (!in_project_) {
            in_project_.emplace();
            Selection selection;
            selection.project = project_;
            Reading reading;
            reading.geometry = Reading::Geometry::none;
            store_.scan(layer_, selection, reading, [&](ScanRow& row) {
                in_project_->insert(row.id);
                return true;
            });
        }
        for (const auto& id : ids)
            if (in_project_->count(id))
                known.insert(id);
        return known;
    }

private:
    Store& store_;
    std::string layer_, project_;
    std::optional<std::unordered_set<std::string>> in_project_;
};

// A result's place: its sample, analyte, method and batch (a lab certificate).
std::string result_key(const AssayRecord& r) { return r.sample + '\x1f' + r.analyte + '\x1f' + r.method + '\x1f' + r.batch; }

std::string describe_result(const AssayRecord& r)
{
    return r.sample + " " + r.analyte + (r.method.empty() ? "" : " (" + r.method + ")") + " of batch " +
           (r.batch.empty() ? "(none)" : r.batch);
}

// Compares the file's results with those the store holds of the same sample, analyte, method and
// batch: the same ones are taken out of results (counted in report.identical); different ones are
// listed in conflicts, and their stored results' numbers in replaced.
struct Conflict {
    std::string sample, analyte;
    std::string result;   // "UZ24-L-01 Li of batch B1"
    std::string values;   // "415 ppm here, 410 ppm in the store (import 2)"
};

void compare_with_store(Store& store, const std::string& layer, std::vector<AssayRecord>& results, AssayImportReport& report,
                        std::vector<Conflict>& conflicts, std::vector<std::int64_t>& replaced)
{
    std::unordered_set<std::string> samples;
    AssayQuery query;
    query.layer = layer;
    for (const auto& r : results) {
        if (samples.insert(r.sample).second)
            query.samples.push_back(r.sample);
        if (std::find(query.analytes.begin(), query.analytes.end(), r.analyte) == query.analytes.end())
            query.analytes.push_back(r.analyte);
    }
    std::unordered_map<std::string, std::vector<AssayRecord>> held;
    if (!results.empty())
        store.read_assays(query, [&](const AssayRecord& r) {
            held[result_key(r)].push_back(r);
            return true;
        });
    if (held.empty())
        return;
    std::vector<AssayRecord> kept;
    std::unordered_set<std::string> conflicting;
    for (auto& r : results) {
        const auto at = held.find(result_key(r));
        if (at == held.end()) {
            kept.push_back(std::move(r));
            continue;
        }
        const auto same = std::find_if(at->second.begin(), at->second.end(),
                                       [&](const AssayRecord& h) { return h.unit == r.unit && h.result.text == r.result.text; });
        if (same != at->second.end() && at->second.size() == 1) {
            ++report.identical;
            continue;
        }
        if (conflicting.insert(at->first).second) {
            const AssayRecord& h = at->second.front();
            conflicts.push_back({r.sample, r.analyte, describe_result(r),
                                 r.result.text + " " + to_string(r.unit) + " here, " + h.result.text + " " + to_string(h.unit) +
                                     " in the store" + (h.import ? " (import " + std::to_string(h.import) + ")" : "")});
            for (const auto& h2 : at->second)
                replaced.push_back(h2.id);
        }
        kept.push_back(std::move(r));
    }
    results = std::move(kept);
}

} // namespace

AssayImportReport import_assays(Store& store, const ImportOptions& options)
{
    using namespace import_detail;
    const auto started = std::chrono::steady_clock::now();
    register_gdal();
    const LayerKind& kind = store.layer_kind(options.layer);
    if (!options.project.empty()) {
        Project project;
        store.require_project(options.project, project);
    }
    const Where source{options.file, -1, "", ""};
    Dataset ds = open_source(options);
    OGRLayer& layer = pick_layer(*ds, options);
    const std::vector<std::string> names = field_names(*layer.GetLayerDefn());
    check_field_names(names, options);

    AssayImportReport report;
    FieldPlan plan;
    std::vector<bool> used(names.size(), false);
    if (!options.id_field.empty()) {
        for (int i = 0; i < static_cast<int>(names.size()) && plan.id_index < 0; ++i)
            if (lower(names[i]) == lower(options.id_field))
                plan.id_index = i;
        if (plan.id_index < 0)
            throw InputError(source, mention(Setting::id_field) + " " + options.id_field + ": the source has no field '" +
                                         options.id_field + "'" + did_you_mean(options.id_field, names, "fields"));
    } else {
        plan.id_index = detect_id_field(names, kind.name);
        if (plan.id_index < 0)
            throw InputError(source, "has no column of sample ids (SampleID, sample_no ...); name it with " + mention(Setting::id_field),
                             Hint::id_field);
    }
    used[plan.id_index] = true;
    report.sample_field = names[plan.id_index];
    plan_qc(names, kind, options, plan, used);
    plan_assays(names, options, plan, used);
    if (plan.assays.empty())
        throw InputError(source, "has no column of assay results (named as Li_ppm, Au_ppb, Li2O_pct; or given with " +
                                     mention(Setting::assay_columns) + ")");
    for (int i = 0; i < static_cast<int>(names.size()); ++i)
        if (!used[i])
            report.other_columns.push_back(names[i]);
    for (const auto& column : plan.assays)
        report.analytes.push_back({names[column.source], column.column.analyte, column.column.unit, column.column.method, 0, 0, 0});

    std::vector<Problem> problems;
    const std::string sha256 = std::filesystem::is_regular_file(options.file) ? sha256_file(options.file) : std::string();
    if (!options.again && !sha256.empty())
        for (const auto& record : store.imports())
            if (record.layer == kind.name && record.sha256 == sha256) {
                InputError again(source, "is already in layer '" + kind.name + "' (import " + std::to_string(record.id) + ", the same bytes)",
                                 Hint::again);
                if (!options.dry_run)
                    throw again;
                problems.push_back(Problem::from(again));
            }

    // The rows are read, checked and written a batch at a time inside the one write transaction
    // (a dry run writes nothing), so that memory does not grow with the file: a lab file of 100,000
    // samples is 4.8 M results. Once anything is wrong, nothing more is written, the rest of the file
    // is still read for its problems, and the transaction is rolled back: all or nothing.
    constexpr std::size_t batch_results = 50000;
    std::unique_ptr<Store::Transaction> txn;
    ImportRecord record{kind.name, options.project, options.file, sha256, "", 0, 0, 0, 0, 0, 0, {}};
    if (!options.dry_run) {
        txn = store.begin_write();
        store.begin_import(record);   // entered first, so that the results' history written in bulk names it
    }
    KnownSamples known_samples(store, kind.name, options.project);
    std::unordered_map<std::string, QcSample> held_qc;   // of the layer: few
    for (auto& q : store.qc_samples(kind.name))
        held_qc.emplace(q.id, std::move(q));
    std::unordered_map<std::string, long long> first_row;   // of each sample id, the first row that names it
    std::vector<AssayRecord> results;
    std::vector<QcSample> qc_rows;
    std::vector<std::string> new_samples;                   // ids first named in this batch, in file order
    std::vector<Conflict> conflicts;
    const std::string of_layer = "layer '" + kind.name + "'" + (options.project.empty() ? "" : " (project " + options.project + ")");

    // What the store holds already: a QC sample the layer holds as the file has it is kept (one of
    // another kind refused); a result the same as a stored one (sample, analyte, method, batch) is
    // skipped, a different one is a conflict, replaced with replace_results. Compared inside the
    // write transaction, so that what is compared is what is replaced; a dry run compares the same
    // way and lists the conflicts as problems.
    const auto compare_qc = [&] {
        std::vector<QcSample> fresh;
        for (auto& q : qc_rows) {
            const auto at = held_qc.find(q.id);
            if (at == held_qc.end()) {
                held_qc.emplace(q.id, q);
                fresh.push_back(std::move(q));
            } else if (at->second.type == q.type && at->second.crm == q.crm && at->second.original == q.original) {
                ++report.qc_known;
            } else {
                throw InputError(Where{options.file, -1, q.id, ""}, "is a QC sample of layer '" + kind.name + "' already, as a " +
                                                                          to_string(at->second.type) + ", and here a " + to_string(q.type) +
                                                                          "; nothing was written");
            }
        }
        qc_rows = std::move(fresh);
    };
    const auto flush = [&] {
        const auto known = known_samples.of(new_samples);
        for (const auto& id : new_samples)
            if (!known.count(id)) {
                report.unknown_samples.push_back(id);
                problems.push_back(Problem{first_row[id], id, report.sample_field, "is not a sample of " + of_layer, Hint::none});
            }
        for (const auto& r : results)
            count_result(report.analytes, r);
        if (report.unknown_samples.empty() && (options.dry_run || problems.empty())) {
            std::vector<std::int64_t> replaced;
            try {
                compare_qc();
            } catch (const InputError& e) {
                if (!options.dry_run)
                    throw;
                problems.push_back(Problem::from(e));
            }
            compare_with_store(store, kind.name, results, report, conflicts, replaced);
            report.replaced += static_cast<std::int64_t>(replaced.size());
            if (!options.dry_run && problems.empty() && (options.replace_results || conflicts.empty())) {
                store.delete_assays(replaced);
                if (!qc_rows.empty())
                    store.write_qc_samples(qc_rows);
                store.write_assays(results);
            }
        }
        results.clear();
        qc_rows.clear();
        new_samples.clear();
    };

    layer.ResetReading();
    std::int64_t index = 0;
    for (FeaturePtr f(layer.GetNextFeature()); f; f.reset(layer.GetNextFeature()), ++index) {
        ++report.rows;
        Where where{options.file, f->GetFID() >= 0 ? f->GetFID() : index, "", ""};
        check_text(*f, where, problems);
        const std::string id(trim(f->IsFieldSetAndNotNull(plan.id_index) ? f->GetFieldAsString(plan.id_index) : ""));
        if (id.empty()) {
            Where at = where;
            at.field = report.sample_field;
            problems.push_back(Problem::from(InputError(at, "has no sample id")));
            continue;
        }
        where.feature_id = id;
        std::string batch;
        std::optional<QcSample> qc = read_qc(*f, plan, where, problems, batch);
        const std::size_t before = results.size();
        read_results(*f, plan, where, kind.name, id, "", problems, results);
        for (std::size_t i = before; i < results.size(); ++i)
            results[i].batch = batch;
        if (qc) {
            qc->layer = kind.name;
            qc->id = id;
            qc->project = options.project;
            ++report.qc_samples[to_string(qc->type)];
            qc_rows.push_back(std::move(*qc));
        } else if (first_row.emplace(id, where.feature).second) {
            new_samples.push_back(id);
        }
        if (results.size() >= batch_results)
            flush();
    }
    flush();
    if (report.rows == 0)
        throw InputError(options.file + ": has no rows");
    report.samples = static_cast<std::int64_t>(first_row.size() - report.unknown_samples.size());

    const auto done = [&] {
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return report;
    };
    if (options.dry_run) {
        if (!report.unknown_samples.empty()) {   // compared with the store only when every sample is known
            conflicts.clear();
            report.identical = report.replaced = report.qc_known = 0;
        }
        if (!options.replace_results) {
            for (const auto& c : conflicts)
                problems.push_back(Problem{-1, c.sample, c.analyte, "differs from the stored result of the same method and batch: " + c.values,
                                           Hint::replace_results});
            report.replaced = 0;
        }
        report.problems = group_problems(problems);
        report.problem_count = static_cast<std::int64_t>(problems.size());
        report.problem_features = features_with_problems(problems);
        return done();
    }
    if (!report.unknown_samples.empty()) {
        const auto n = report.unknown_samples.size();
        const std::vector<std::string> shown(report.unknown_samples.begin(), report.unknown_samples.begin() + std::min<std::size_t>(n, 10));
        throw InputError(options.file + ": " + std::to_string(n) + " sample id" + (n > 1 ? "s are" : " is") + " not in " + of_layer +
                         ": " + join(shown, ", ") + (n > shown.size() ? ", …" : "") + "; nothing was written");
    }
    if (!problems.empty())
        refuse_problems(problems, options.file);
    if (!conflicts.empty() && !options.replace_results) {
        const auto n = conflicts.size();
        std::vector<std::string> shown;
        for (std::size_t i = 0; i < std::min<std::size_t>(n, 3); ++i)
            shown.push_back(conflicts[i].result + ": " + conflicts[i].values);
        throw InputError(options.file + ": " + std::to_string(n) + " result" + (n > 1 ? "s differ" : " differs") +
                         " from what the store holds for the same sample, analyte, method and batch: " + join(shown, "; ") +
                         (n > shown.size() ? "; …" : "") + "; nothing was written (" + mention(Setting::replace_results) +
                         " replaces them; a re-assay names its own batch)");
    }
    record.read = report.rows;
    store.record_import(record);
    txn->commit();
    return done();
}

} // namespace lode
