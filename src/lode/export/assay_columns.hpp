#pragma once
// The assay results of an exported layer (store/assay_values.hpp), written two ways:
//   pivoted  one Real column per analyte and unit (Li_ppm, Au_ppb, Li2O_pct) in the layer, each
//            sample's value as --where compares it: its latest result of the element, converted from
//            any unit and oxide; a result below its detection limit by the rule (half the limit by
//            default), one above an upper limit as the limit, insufficient sample (IS) and not
//            analysed (NA) as none. Beside a value column, a text column NAME_qualifier ("<", ">",
//            "IS", "NA"; empty for a measured value) where any exported sample's result carries a
//            qualifier. A name that is a field of the layer (the samples' li2o_pct) fills that
//            field's column: the results' value where the sample has a result, else the field's.
//   long     every result of the exported samples, one row each, as a table: sample_id, analyte,
//            value, unit, qualifier, limit, as_written, counts_as, method, lab, batch, assayed_on,
//            layer (GeoPackage: the table assay_results; the other formats: a CSV beside,
//            VectorWriter::add_table).
#include "lode/assay/result.hpp"
#include "lode/export/vector_writer.hpp"
#include "lode/store/assay_values.hpp"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace lode {

// Reads a layer's results for batches of its samples (AssayQuery::samples; an export reads its rows'
// results a few thousand rows at a time, so that its memory does not grow with the layer). As of a
// date (history form, which rebuilds the layer's results whole on every reading), they are read
// once and kept by sample: such an export's memory grows with the layer's results.
class BatchResults {
public:
    BatchResults(Store& store, std::string layer, std::optional<std::string> as_of);
    // The results the query asks for (its samples: not empty), by sample and then as written.
    void read(const AssayQuery& query, const std::function<bool(const AssayRecord&)>& visit);
    ReadAssays reader();
    const std::string& layer() const { return layer_; }
    const std::optional<std::string>& as_of() const { return as_of_; }

private:
    Store& store_;
    std::string layer_;
    std::optional<std::string> as_of_;
    std::optional<std::unordered_map<std::string, std::vector<AssayRecord>>> kept_;   // as of a date
};

// The vocabulary's analytes of the groups of these ANALYTE_UNIT names (an export's --analytes): all
// that an export reads of the results; nullopt when some name is not one, or none is given (every
// analyte of the layer is then surveyed).
std::optional<std::vector<std::string>> named_analytes(const std::vector<std::string>& names);

// What an export's first reading finds in the results of the samples it selects, a batch at a time:
// the ANALYTE_UNIT names the results hold, and by analyte_group whether a sample has a result
// and whether a sample's latest result carries a qualifier (<, >, IS, NA).
class AssaySurvey {
public:
    void read(BatchResults& results, const std::vector<std::string>& samples);
    // What the results of every feature of the layer hold, now (Store::summarise_assays), when
    // none is qualified: then each sample's latest result is unqualified too, and the survey is
    // as a reading of every sample's results would have made it. False (nothing taken) otherwise.
    bool take_unqualified(const std::vector<AssayKindHeld>& held);
    // Only the results of these analytes (vocabulary symbols) are surveyed from now: those of the
    // groups of the names an export was given (names() then holds only theirs); empty: every one.
    void only(std::vector<std::string> analytes) { analytes_ = std::move(analytes); }
    const std::set<std::string>& names() const { return names_; }
    bool any(const std::string& group) const;
    bool qualified(const std::string& group) const;

private:
    struct Seen {
        bool any = false, qualified = false;
    };
    std::set<std::string> names_;
    std::map<std::string, Seen> groups_;
    std::vector<std::string> analytes_;   // only()
};

class AssayPivot {
public:
    // names: ANALYTE_UNIT names chosen, in that order (an empty column when no exported sample has
    // a result); empty: every name of found (the layer's results' names) that an exported sample has
    // a result of. survey: the first reading of the exported samples' results. InputError naming
    // Setting::analytes for a name that is not ANALYTE_UNIT.
    AssayPivot(const LayerKind& kind, const std::vector<std::string>& found, const std::vector<std::string>& names,
               BelowLimit rule, const AssaySurvey& survey, std::shared_ptr<BatchResults> results);

    bool empty() const { return columns_.empty(); }
    // The columns of the results, in order: "Au_ppb", "Au_ppb_qualifier", "Li2O_pct (in li2o_pct)"
    // for a name that fills a field's column.
    std::vector<std::string> described() const;
    // The columns the pivot adds after the layer's others (the names that are no field, and the
    // qualifier columns).
    std::vector<FieldSpec> fields() const;
    // The names of those columns, for the layer's other columns to keep clear of.
    std::vector<std::string> column_names() const;
    // The indexes (in the kind's fields) of the fields whose columns the results fill.
    std::vector<std::size_t> filled_fields() const;
    // Reads the results of a batch of the exported samples, for fill (nothing when there are no
    // columns to fill). The batch's values are its own: one thread may fill rows of a batch while
    // another loads the next.
    std::unique_ptr<AssayValues> load(const std::vector<std::string>& ids) const;
    // Fills the feature's row from its batch's values (load): the fields' columns (fields_at: the
    // index of the layer's first field in row) and then appends the pivot's own columns, in the
    // order of fields().
    void fill(const AssayValues* batch, const std::string& id, std::vector<Value>& row, std::size_t fields_at) const;

private:
    struct Column {
        std::string name;                  // ANALYTE_UNIT
        std::optional<std::size_t> field;  // the layer's field of that name, which it fills
        std::string written;               // the column's name: the field's, or the name
        bool qualifier = false;            // a NAME_qualifier column beside it
        std::size_t at = 0;                // its name's index in wanted_
    };
    std::vector<Column> columns_;
    std::vector<std::string> wanted_;
    BelowLimit rule_;
    std::shared_ptr<BatchResults> results_;
};

// The ANALYTE_UNIT names of the results of the layer's features (not of QC samples), read a batch
// of features at a time (as AssaySurvey::names, of every feature of the layer).
std::set<std::string> layer_assay_names(Store& store, BatchResults& results);

// The ANALYTE_UNIT name that text is (Li_ppm for li_PPM), or InputError naming Setting::analytes
// with what is wrong and the closest of the names found ("did you mean 'Li_ppm'?").
std::string pivot_name(const std::string& text, const std::vector<std::string>& found);

// How the pivoted values were made, for provenance: "each sample's latest result ...".
std::string describe_pivot(BelowLimit rule);

// One layer's exported features whose results the long table holds.
struct AssayTableLayer {
    std::string layer;
    const std::unordered_set<std::string>* exported = nullptr;
};

// Writes the long table of the layers' exported features' results into writer (add_table);
// returns its number in the writer and the rows written.
std::pair<std::size_t, std::int64_t> write_assay_table(VectorWriter& writer, Store& store,
                                                       const std::vector<AssayTableLayer>& layers, BelowLimit rule,
                                                       const std::optional<std::string>& as_of = std::nullopt);

} // namespace lode
