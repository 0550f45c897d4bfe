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
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace lode {

struct AnalyteFound;

class AssayPivot {
public:
    // found: the analytes and units of the layer's results (analytes_found). names: ANALYTE_UNIT
    // names chosen, in that order (an empty column when no exported sample has a result); empty:
    // every name of found that an exported sample has a result of. exported: the ids of the
    // features written. InputError naming Setting::analytes for a name that is not ANALYTE_UNIT.
    AssayPivot(Store& store, const LayerKind& kind, const std::vector<AnalyteFound>& found,
               const std::vector<std::string>& names, BelowLimit rule, const std::unordered_set<std::string>& exported,
               const std::optional<std::string>& as_of = std::nullopt);

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
    // Fills the feature's row: the fields' columns (fields_at: the index of the layer's first
    // field in row) and then appends the pivot's own columns, in the order of fields().
    void fill(const std::string& id, std::vector<Value>& row, std::size_t fields_at) const;

private:
    struct Column {
        std::string name;                  // ANALYTE_UNIT
        std::optional<std::size_t> field;  // the layer's field of that name, which it fills
        std::string written;               // the column's name: the field's, or the name
        bool qualifier = false;            // a NAME_qualifier column beside it
        std::size_t at = 0;                // its name's index in values_
    };
    std::vector<Column> columns_;
    std::unique_ptr<AssayValues> values_;
};

// The pivot of a layer's exported features; nullopt when the layer holds no assay results.
std::optional<AssayPivot> pivot_layer(Store& store, const LayerKind& kind, const std::vector<std::string>& names,
                                      BelowLimit rule, const std::unordered_set<std::string>& exported,
                                      const std::optional<std::string>& as_of = std::nullopt);

// The ANALYTE_UNIT name that text is (Li_ppm for li_PPM), or InputError naming Setting::analytes
// with what is wrong and the closest of the names found ("did you mean 'Li_ppm'?").
std::string pivot_name(const std::string& text, const std::vector<AnalyteFound>& found);

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
