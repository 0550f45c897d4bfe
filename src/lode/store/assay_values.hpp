#pragma once
// The values of ANALYTE_UNIT names (Li_ppm, Au_ppb, Li2O_pct) for a layer's features, from the
// store's assay results: what --where compares. Each sample's value is its latest result (the last
// written) of the analyte, or of any other analyte carrying its element (Li2O for Li_ppm),
// converted by the factors of the atomic weights and the units; a result below its detection
// limit counts by the substitution rule (half the limit by default), one above its upper limit as
// the limit, and no number (insufficient sample, not analysed) as none.
#include "lode/assay/analytes.hpp"
#include "lode/assay/result.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/store.hpp"

#include <functional>
#include <optional>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lode {

// What a result of an analyte counts for: its element (Li for Li, Li2O and a Li_ppm value), or a
// sum's own symbol (a sum counts only as itself). A result counts for a name of the same group.
std::string analyte_group(const Analyte& analyte);

// Reads the results an AssayQuery asks for, by sample and then as written (Store::read_assays).
using ReadAssays = std::function<void(const AssayQuery&, const std::function<bool(const AssayRecord&)>&)>;

class AssayValues final : public AssayLookup {
public:
    // Reads the results of layer that the names need; InputError for a name that is not ANALYTE_UNIT.
    // keep_qualifiers: also keep the qualifier of each sample's latest result, for visit().
    // as_of: the results as they were then (history form; AssayQuery::as_of).
    AssayValues(Store& store, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule,
                bool keep_qualifiers = false, const std::optional<std::string>& as_of = std::nullopt);
    // The same, of only these samples (AssayQuery::samples; empty: all), read through read (an
    // export reads its rows' results a batch at a time).
    AssayValues(const ReadAssays& read, const std::string& layer, const std::vector<std::string>& names, BelowLimit rule,
                bool keep_qualifiers, const std::optional<std::string>& as_of, const std::vector<std::string>& samples);
    std::optional<double> value(const std::string& feature_id, const std::string& name) const override;
    // Every sample with a result of names[name] (without keep_qualifiers, only those with a number):
    // its id, its value (NaN for none) and its latest result's qualifier (Qualifier::none without
    // keep_qualifiers); in no set order.
    void visit(std::size_t name, const std::function<void(const std::string&, double, Qualifier)>& visit) const;
    // One sample's result of names[name]: its value (NaN for none) and its latest result's qualifier
    // (keep_qualifiers; Qualifier::none without); nullopt when the sample has no result of it.
    std::optional<std::pair<double, Qualifier>> at(const std::string& feature_id, std::size_t name) const;
    // One sample's values, one per name in order (NaN for none); nullptr when it has no result of
    // any. Valid while the object lives.
    const double* values(const std::string& feature_id) const;

private:
    // Each sample's row number (in the order met), nullopt for a sample without one; add_row gives
    // a sample its row (the next number) or returns the one it has, and whether it is new.
    std::optional<std::size_t> row_of(std::string_view sample) const;
    std::pair<std::size_t, bool> add_row(std::string_view sample);
    std::string_view sample_of(std::size_t row) const;
    // The value and qualifier at a place of the flat arrays, as at() gives them.
    std::optional<std::pair<double, Qualifier>> result_at(std::size_t at) const;

    std::vector<std::string> names_;
    // The samples' ids, each once, end to end (row r's ends at id_ends_[r]), and a table of row
    // numbers + 1 (0: free) by the ids' hashes, open-addressed, a power of two long and at most half
    // full: a hash map of 100,000 samples without a node or a string allocated for each.
    std::string ids_;
    std::vector<std::size_t> id_ends_;
    std::vector<std::uint32_t> slots_;
    // Each sample's row: its names_.size() values (NaN for none) and, with keep_qualifiers, the latest
    // result's qualifier of each (-1 where none converts), at row x names_.size() of the flat arrays.
    std::vector<double> values_;
    std::vector<signed char> qualifiers_;
    bool keep_qualifiers_ = false;
};

// The ANALYTE_UNIT name (Li_ppm, Au_ppb) that name is for the layer, as Filter takes it: not a field
// of the layer (compared without case), an analyte spelled as the vocabulary spells it and a unit;
// nullopt otherwise.
std::optional<std::string> assay_name(const LayerKind& kind, const std::string& name);

// Binds the filter's assay fields (if any) to the results of layer in store (as they were at as_of, when given).
void bind_assay_values(Filter& filter, Store& store, const std::string& layer, BelowLimit rule = BelowLimit::half,
                       const std::optional<std::string>& as_of = std::nullopt);

// The samples of layer the filter may match, read from the results' index by analyte, when it
// bounds an assay field from below (Filter::assay_lower_bound: Au_ppb > 100, alone or ANDed) at
// more than zero, and the results are those of now; nullopt otherwise (every feature is to be
// tried). For each analyte of the field's element and each unit, the bound is converted to that
// analyte and unit (loosened by a billionth against rounding) and the samples with a value, or a
// limit, at least that much are taken (Store::samples_reaching): a superset of those whose
// preferred result counts above the bound under any substitution rule, for the filter to decide.
std::optional<std::vector<std::string>> assay_candidates(const Filter& filter, Store& store, const std::string& layer,
                                                         const std::optional<std::string>& as_of = std::nullopt);

// As bind_assay_values, and when the filter has candidates (assay_candidates), binds the values of
// those samples only and returns them: the features to try; nullopt when every feature is.
std::optional<std::vector<std::string>> bind_assay_candidates(Filter& filter, Store& store, const std::string& layer,
                                                              BelowLimit rule = BelowLimit::half,
                                                              const std::optional<std::string>& as_of = std::nullopt);

} // namespace lode
