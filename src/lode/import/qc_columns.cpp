// The QC columns of a lab file: which column says a row is a duplicate, a standard or a blank
// (QC_Type, QC, QC_Code, or a QC code such as STD in the column filling sample_type), which names
// a duplicate's original and a standard's reference material, and which the lab's batch.
#include "lode/import/detail/field_plan.hpp"

#include "lode/base/text.hpp"

#include <algorithm>

namespace lode::import_detail {

namespace {

// Column names as labs write them (compared as name_key: lower case, no spaces, '-', '_', '.').
const std::vector<std::string> type_names{"qctype", "qc", "qccode", "qcflag", "qcsampletype", "qcclass", "controltype"};
const std::vector<std::string> original_names{"qcoriginal", "original", "originalid", "originalsample", "originalsampleid", "origid",
                                              "parent", "parentid", "parentsample", "duplicateof", "dupof", "qcof", "primaryid",
                                              "primarysample"};
const std::vector<std::string> crm_names{"crm", "crmname", "crmid", "standard", "standardid", "standardname", "stdname", "stdid",
                                         "referencematerial"};
const std::vector<std::string> batch_names{"batch", "batchno", "batchid", "batchnumber", "labbatch", "labjob", "job", "jobno",
                                           "jobnumber", "certificate", "certificateno", "workorder"};

struct Target {
    const char* name;
    const std::vector<std::string>* names;
    QcColumn QcPlan::*column;
};
const Target targets[] = {{"qc_type", &type_names, &QcPlan::type},
                          {"qc_original", &original_names, &QcPlan::original},
                          {"crm", &crm_names, &QcPlan::crm},
                          {"batch", &batch_names, &QcPlan::batch}};

std::string cell(const OGRFeature& f, const QcColumn& column)
{
    if (column.source < 0)
        return column.constant;
    return std::string(trim(f.IsFieldSetAndNotNull(column.source) ? f.GetFieldAsString(column.source) : ""));
}

} // namespace

bool is_qc_target(const LayerKind& kind, const std::string& target)
{
    return !kind.field(target) && std::any_of(std::begin(targets), std::end(targets), [&](const Target& t) { return target == t.name; });
}

void plan_qc(const std::vector<std::string>& source_names, const LayerKind& kind, const ImportOptions& options, FieldPlan& plan,
             std::vector<bool>& used)
{
    for (const auto& t : targets) {
        if (kind.field(t.name))
            continue;   // the layer's own field
        QcColumn& column = plan.qc.*t.column;
        const auto set = std::find_if(options.set_values.begin(), options.set_values.end(), [&](const auto& s) { return s.first == t.name; });
        const auto mapped = std::find_if(options.field_map.begin(), options.field_map.end(), [&](const auto& m) { return m.first == t.name; });
        if (set != options.set_values.end()) {
            column.constant = std::string(trim(set->second));
            if (column.constant.empty())
                throw InputError(Where{options.file, -1, "", ""},
                                 mention(Setting::set_values) + " " + t.name + "=" + set->second + ": the value is empty");
            if (&column == &plan.qc.type && !parse_qc_type(column.constant))
                throw InputError(Where{options.file, -1, "", ""}, mention(Setting::set_values) + " " + t.name + "=" + set->second + ": '" +
                                                                      column.constant + "' is not a QC type (" + qc_type_codes() + ")");
            continue;
        }
        if (mapped != options.field_map.end()) {
            for (int i = 0; i < static_cast<int>(source_names.size()); ++i)
                if (lower(source_names[i]) == lower(mapped->second))
                    column.source = i;
            if (column.source < 0)
                throw InputError(Where{options.file, -1, "", ""}, mention(Setting::field_map) + " " + t.name + "=" + mapped->second +
                                                                      ": the source has no field '" + mapped->second + "'");
        } else {
            for (const auto& wanted : *t.names) {
                for (int i = 0; i < static_cast<int>(source_names.size()) && column.source < 0; ++i)
                    if (!used[i] && name_key(source_names[i]) == wanted)
                        column.source = i;
                if (column.source >= 0)
                    break;
            }
        }
        if (column.source >= 0)
            used[column.source] = true;
    }
    for (const auto& mapped : plan.mapped) {
        if (mapped.field->name == "sample_type")
            plan.qc.sample_type = mapped.source;
        if (mapped.field->name == "lab")
            plan.qc.lab = mapped.source;
    }
}

std::optional<QcSample> read_qc(const OGRFeature& f, const FieldPlan& plan, const Where& where, std::vector<Problem>& problems,
                                std::string& batch)
{
    batch = cell(f, plan.qc.batch);
    std::optional<QcType> type;
    Where at = where;
    if (plan.qc.type.source >= 0 || !plan.qc.type.constant.empty()) {
        const std::string text = cell(f, plan.qc.type);
        if (plan.qc.type.source >= 0)
            at.field = f.GetFieldDefnRef(plan.qc.type.source)->GetNameRef();
        type = parse_qc_type(text);
        if (!type) {
            problems.push_back(Problem::from(InputError(at, "'" + text + "' is not a QC type (" + qc_type_codes() + ")")));
            return std::nullopt;
        }
    } else if (plan.qc.sample_type >= 0) {
        // A QC code where the sample's type is written (SampleType: soil, rock, STD, DUP ...).
        const std::string text(trim(f.IsFieldSetAndNotNull(plan.qc.sample_type) ? f.GetFieldAsString(plan.qc.sample_type) : ""));
        at.field = f.GetFieldDefnRef(plan.qc.sample_type)->GetNameRef();
        type = text.empty() ? std::nullopt : parse_qc_type(text);
    }
    if (!type || *type == QcType::primary)
        return std::nullopt;
    QcSample q;
    q.type = *type;
    if (is_duplicate(q.type)) {
        q.original = cell(f, plan.qc.original);
        if (q.original.empty()) {
            at.field = plan.qc.original.source >= 0 ? f.GetFieldDefnRef(plan.qc.original.source)->GetNameRef() : "qc_original";
            problems.push_back(Problem::from(InputError(at, std::string("a ") + to_string(q.type) + " names no original sample")));
        }
    } else if (q.type == QcType::standard) {
        q.crm = cell(f, plan.qc.crm);
        if (q.crm.empty()) {
            at.field = plan.qc.crm.source >= 0 ? f.GetFieldDefnRef(plan.qc.crm.source)->GetNameRef() : "crm";
            problems.push_back(Problem::from(InputError(at, "a standard names no reference material")));
        }
    }
    return q;
}

} // namespace lode::import_detail
