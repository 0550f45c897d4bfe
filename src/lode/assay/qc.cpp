#include "lode/assay/qc.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <tuple>
#include <unordered_map>

namespace lode {

const char* to_string(QcType type)
{
    switch (type) {
    case QcType::primary: return "primary";
    case QcType::field_duplicate: return "field duplicate";
    case QcType::coarse_duplicate: return "coarse duplicate";
    case QcType::pulp_duplicate: return "pulp duplicate";
    case QcType::standard: return "standard";
    case QcType::blank: return "blank";
    }
    return "?";
}

std::optional<QcType> parse_qc_type(std::string_view text)
{
    std::string t = lower(trim(text));
    std::replace(t.begin(), t.end(), '_', ' ');
    std::replace(t.begin(), t.end(), '-', ' ');
    static const std::vector<std::pair<const char*, QcType>> names = {
        {"", QcType::primary}, {"primary", QcType::primary}, {"orig", QcType::primary}, {"original", QcType::primary},
        {"sample", QcType::primary}, {"routine", QcType::primary},
        {"field duplicate", QcType::field_duplicate}, {"dup", QcType::field_duplicate}, {"duplicate", QcType::field_duplicate},
        {"fd", QcType::field_duplicate}, {"fdup", QcType::field_duplicate}, {"field dup", QcType::field_duplicate},
        {"coarse duplicate", QcType::coarse_duplicate}, {"cd", QcType::coarse_duplicate}, {"cdup", QcType::coarse_duplicate},
        {"crd", QcType::coarse_duplicate}, {"coarse dup", QcType::coarse_duplicate}, {"crush duplicate", QcType::coarse_duplicate},
        {"pulp duplicate", QcType::pulp_duplicate}, {"pd", QcType::pulp_duplicate}, {"pdup", QcType::pulp_duplicate},
        {"pld", QcType::pulp_duplicate}, {"pulp dup", QcType::pulp_duplicate}, {"lab duplicate", QcType::pulp_duplicate},
        {"standard", QcType::standard}, {"std", QcType::standard}, {"crm", QcType::standard}, {"srm", QcType::standard},
        {"ref", QcType::standard}, {"reference", QcType::standard},
        {"blank", QcType::blank}, {"blk", QcType::blank}, {"bl", QcType::blank}, {"blnk", QcType::blank}};
    for (const auto& [name, type] : names)
        if (t == name)
            return type;
    return std::nullopt;
}

bool is_duplicate(QcType type)
{
    return type == QcType::field_duplicate || type == QcType::coarse_duplicate || type == QcType::pulp_duplicate;
}

const char* qc_type_codes()
{
    return "primary, DUP or FD (field duplicate), CD (coarse duplicate), PD (pulp duplicate), STD or CRM (standard), BLK (blank)";
}

const char* to_string(QcVerdict verdict)
{
    switch (verdict) {
    case QcVerdict::pass: return "pass";
    case QcVerdict::warning: return "warning";
    case QcVerdict::fail: return "fail";
    case QcVerdict::not_judged: return "not judged";
    }
    return "?";
}

ReferenceValue reference_value(const std::string& name, const std::string& analyte_unit, double value, double sd,
                               const std::string& source, const Analytes& analytes)
{
    ReferenceValue v;
    v.name = std::string(trim(name));
    if (v.name.empty())
        throw InputError(Where{"", -1, "", "name"}, "the reference material's name is empty");
    const auto column = analyte_field(trim(analyte_unit), analytes);
    if (!column)
        throw InputError(Where{"", -1, v.name, "analyte"},
                         "'" + analyte_unit + "' is not an analyte and unit written ANALYTE_UNIT (Li_ppm, Li2O_pct, Au_ppb)");
    v.analyte = column->analyte;
    v.unit = column->unit;
    if (!std::isfinite(value) || value < 0)
        throw InputError(Where{"", -1, v.name, "value"}, "the certified value must be a number of at least 0");
    if (!std::isfinite(sd) || sd <= 0)
        throw InputError(Where{"", -1, v.name, "sd"}, "the standard deviation must be a number above 0");
    v.value = value;
    v.sd = sd;
    v.source = std::string(trim(source));
    return v;
}

namespace {

std::string number_text(double v)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

// The reference value of this CRM that a result of `analyte` can be compared with: the same
// analyte first, else one that converts (an oxide of the element, or the element of the oxide).
const ReferenceValue* reference_for(const std::vector<ReferenceValue>& references, const std::string& crm,
                                    const Analyte& analyte, const Analytes& analytes)
{
    const ReferenceValue* convertible = nullptr;
    for (const auto& r : references) {
        if (lower(r.name) != lower(crm))
            continue;
        if (r.analyte == analyte.symbol)
            return &r;
        const Analyte* other = analytes.find(r.analyte);
        if (!convertible && other && other->kind != Analyte::Kind::sum && analyte.kind != Analyte::Kind::sum &&
            other->element == analyte.element)
            convertible = &r;
    }
    return convertible;
}

} // namespace

QcJudgement judge_qc(const std::vector<QcSample>& qc_samples, const std::vector<AssayRecord>& all_results,
                     const std::vector<ReferenceValue>& references, const Analytes& analytes, const QcFilter& filter,
                     const std::map<std::string, std::string>& project_of)
{
    std::unordered_map<std::string, const QcSample*> qc_of;
    for (const auto& q : qc_samples)
        qc_of[q.id] = &q;
    auto in_project = [&](const std::string& sample) {
        if (!filter.project)
            return true;
        if (const auto q = qc_of.find(sample); q != qc_of.end())
            return q->second->project == *filter.project;
        const auto p = project_of.find(sample);
        return p != project_of.end() && p->second == *filter.project;
    };

    // The results in sequence: batch (name order), then sample id, then as written.
    std::vector<const AssayRecord*> results;
    for (const auto& r : all_results)
        if (in_project(r.sample))
            results.push_back(&r);
    std::stable_sort(results.begin(), results.end(), [](const AssayRecord* a, const AssayRecord* b) {
        return std::tie(a->batch, a->sample) < std::tie(b->batch, b->sample);
    });

    // Each batch's samples, and its smallest detection limit of each analyte (ppb).
    std::map<std::string, std::set<std::string>> samples_of_batch;
    std::map<std::pair<std::string, std::string>, double> limit_ppb;
    // The results of each sample and analyte (for duplicates' originals), in sequence.
    std::map<std::pair<std::string, std::string>, std::vector<const AssayRecord*>> by_sample;
    for (const AssayRecord* r : results) {
        samples_of_batch[r->batch].insert(r->sample);
        by_sample[{r->sample, r->analyte}].push_back(r);
        if (r->result.qualifier == Qualifier::below && std::isfinite(r->result.limit) && r->result.limit > 0) {
            const double ppb = convert(r->result.limit, r->unit, Unit::ppb);
            auto [at, fresh] = limit_ppb.emplace(std::make_pair(r->batch, r->analyte), ppb);
            if (!fresh)
                at->second = std::min(at->second, ppb);
        }
    }

    QcJudgement out;
    // The last judged standard of each CRM and analyte: its verdict and side, for the rule of two
    // consecutive warnings.
    std::map<std::pair<std::string, std::string>, std::pair<QcVerdict, int>> last_standard;
    for (const AssayRecord* r : results) {
        const auto q = qc_of.find(r->sample);
        if (q == qc_of.end() || q->second->type == QcType::primary)
            continue;
        const QcSample& qc = *q->second;
        const Analyte* analyte = analytes.find(r->analyte);
        if (!analyte)
            continue;
        QcCheck c;
        c.batch = r->batch;
        c.sample = r->sample;
        c.type = qc.type;
        c.analyte = r->analyte;
        c.unit = r->unit;
        if (qc.type == QcType::standard) {
            c.reference = qc.crm;
            const ReferenceValue* ref = reference_for(references, qc.crm, *analyte, analytes);
            if (!ref) {
                continue;   // a standard certified for other analytes: nothing to judge here
            }
            c.analyte = ref->analyte;
            c.unit = ref->unit;
            c.expected = ref->value;
            c.sd = ref->sd;
            if (r->result.qualifier != Qualifier::none) {
                c.reason = "result '" + r->result.text + "' is not a measured value";
            } else {
                c.value = convert(r->result.value, *analyte, r->unit, analytes.require(ref->analyte), ref->unit, analytes);
                c.z = (c.value - ref->value) / ref->sd;
                const double a = std::fabs(c.z);
                const int side = c.z > 0 ? 1 : -1;
                c.verdict = a <= 2 ? QcVerdict::pass : a <= 3 ? QcVerdict::warning : QcVerdict::fail;
                if (c.verdict == QcVerdict::fail)
                    c.reason = "beyond 3 SD of the certified value";
                auto& last = last_standard[{lower(qc.crm), ref->analyte}];
                if (c.verdict == QcVerdict::warning) {
                    c.reason = "between 2 and 3 SD of the certified value";
                    if (last.first == QcVerdict::warning && last.second == side) {
                        c.verdict = QcVerdict::fail;
                        c.reason = "the second of two consecutive warnings " + std::string(side > 0 ? "above" : "below") +
                                   " the certified value";
                        last = {QcVerdict::pass, 0};   // a third would start a new pair
                    } else {
                        last = {QcVerdict::warning, side};
                    }
                } else {
                    last = {c.verdict, side};
                }
            }
        } else if (qc.type == QcType::blank) {
            const auto limit = limit_ppb.find({r->batch, r->analyte});
            if (r->result.qualifier == Qualifier::below) {
                c.verdict = QcVerdict::pass;
                c.value = r->result.limit;
                c.reason = "below its detection limit";
                if (limit != limit_ppb.end())
                    c.expected = 5 * convert(limit->second, Unit::ppb, r->unit);
            } else if (r->result.qualifier != Qualifier::none) {
                c.reason = "result '" + r->result.text + "' is not a measured value";
            } else if (limit == limit_ppb.end()) {
                c.value = r->result.value;
                c.reason = "no detection limit of " + r->analyte + " in batch '" + r->batch + "'";
            } else {
                c.value = r->result.value;
                c.expected = 5 * convert(limit->second, Unit::ppb, r->unit);
                c.verdict = c.value > c.expected ? QcVerdict::fail : QcVerdict::pass;
                if (c.verdict == QcVerdict::fail)
                    c.reason = "above 5 x the detection limit " + number_text(convert(limit->second, Unit::ppb, r->unit)) + " " +
                               to_string(r->unit);
            }
        } else {   // duplicates
            c.reference = qc.original;
            const auto originals = by_sample.find({qc.original, r->analyte});
            const AssayRecord* original = nullptr;
            if (originals != by_sample.end()) {
                for (const AssayRecord* o : originals->second)   // the same batch's, else the latest
                    if (o->batch == r->batch)
                        original = o;
                if (!original)
                    original = originals->second.back();
            }
            if (!original) {
                c.reason = qc.original.empty() ? "no original sample named" : "no " + r->analyte + " result of '" + qc.original + "'";
            } else if (r->result.qualifier != Qualifier::none || original->result.qualifier != Qualifier::none) {
                c.reason = "a result below or above a limit";
            } else {
                c.value = r->result.value;
                c.expected = convert(original->result.value, original->unit, r->unit);
                if (c.value + c.expected <= 0) {
                    c.reason = "both results zero";
                } else {
                    c.hard = std::fabs(c.value - c.expected) / (c.value + c.expected);
                    // A duplicate does not fail a batch: beyond 20% it is a warning to look at.
                    c.verdict = c.hard <= 0.2 ? QcVerdict::pass : QcVerdict::warning;
                    if (c.verdict == QcVerdict::warning)
                        c.reason = "HARD above 20%";
                }
            }
        }
        out.checks.push_back(std::move(c));
    }

    // The filters, then the summaries.
    std::vector<QcCheck> kept;
    for (auto& c : out.checks) {
        if (filter.batch && c.batch != *filter.batch)
            continue;
        if (!filter.analytes.empty() && std::find(filter.analytes.begin(), filter.analytes.end(), c.analyte) == filter.analytes.end())
            continue;
        kept.push_back(std::move(c));
    }
    std::stable_sort(kept.begin(), kept.end(), [](const QcCheck& a, const QcCheck& b) {
        auto order = [](QcType t) { return t == QcType::standard ? 0 : t == QcType::blank ? 1 : 2; };
        return std::make_tuple(a.batch, order(a.type), a.sample) < std::make_tuple(b.batch, order(b.type), b.sample);
    });
    out.checks = std::move(kept);
    std::map<std::pair<std::string, std::string>, QcSummary> summaries;
    std::map<std::pair<std::string, std::string>, std::pair<double, int>> bias;   // sum of the standards' biases, how many
    for (const auto& c : out.checks) {
        QcSummary& s = summaries[{c.batch, c.analyte}];
        s.batch = c.batch;
        s.analyte = c.analyte;
        if (c.type == QcType::standard) {
            ++s.standards;
            s.standards_passed += c.verdict == QcVerdict::pass;
            s.standards_warned += c.verdict == QcVerdict::warning;
            s.standards_failed += c.verdict == QcVerdict::fail;
            if (c.verdict != QcVerdict::not_judged && c.expected > 0) {
                auto& [sum, n] = bias[{c.batch, c.analyte}];
                sum += (c.value - c.expected) / c.expected * 100;
                ++n;
            }
        } else if (c.type == QcType::blank) {
            ++s.blanks;
            s.blanks_failed += c.verdict == QcVerdict::fail;
        } else if (c.verdict != QcVerdict::not_judged) {
            ++s.duplicates;
            s.within_10 += c.hard <= 0.1;
            s.within_20 += c.hard <= 0.2;
        }
    }
    for (auto& [key, s] : summaries) {
        if (const auto b = bias.find(key); b != bias.end())
            s.bias_pct = b->second.first / b->second.second;
        if (s.failed()) {
            const auto& samples = samples_of_batch[s.batch];
            out.failed_batches[s.batch] = std::vector<std::string>(samples.begin(), samples.end());
        }
        out.summaries.push_back(std::move(s));
    }
    return out;
}

} // namespace lode
