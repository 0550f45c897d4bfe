#pragma once
// How a source's fields reach a layer (private to import/): each kind field from a source field,
// a constant (--set or the kind's default) or nothing; the ids; the fields kept in extra; and, for
// a table without geometry, the columns its points are built from.
#include "lode/assay/column.hpp"
#include "lode/assay/qc.hpp"
#include "lode/assay/result.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/import/importer.hpp"

#include <optional>
#include <string>
#include <vector>

namespace lode::import_detail {

// A source column holding assay results: its analyte, unit and method.
struct AssayPlanColumn {
    int source = -1;
    AssayColumn column;
};

struct MappedField {
    const FieldDef* field = nullptr;
    int source = -1;                       // source field index; -1: none
    std::optional<std::string> constant;   // given for every feature (set_values)
    // A source column of assay results: each cell is read as a result and its value converted
    // (times factor, then from the column's unit to the field's); a result below or above a limit
    // leaves the field empty (the result keeps it).
    std::optional<AssayColumn> assay;
    double factor = 1;
    Unit field_unit = Unit::ppm;
    // The value of an empty cell (or of no source field), and of the constant: the same for every
    // feature, made once; nullopt where the field refuses it (each feature's reading then says why).
    std::optional<Value> when_empty, constant_value;
};

// The QC columns of a lab file (qc_columns.cpp): each a source column (found by its common names,
// or mapped with field_map as qc_type, qc_original, crm, batch) or a constant (set_values); -1 and
// empty: none. A layer's own field of one of those names is a field, not a QC column.
struct QcColumn {
    int source = -1;
    std::string constant;
};
struct QcPlan {
    QcColumn type, original, crm, batch;
    int sample_type = -1;   // the column filling the sample_type field: a QC code there makes a QC row
    int lab = -1;           // the column filling the lab field (the lab of a QC row's results)
};

// The QC targets field_map and set_values take besides the layer's fields (those it lacks).
bool is_qc_target(const LayerKind& kind, const std::string& target);

struct FieldPlan {
    std::vector<MappedField> mapped;
    std::vector<std::size_t> name_rank;    // of each of mapped, its place among them by field name
    int id_index = -1;                     // -1: ids numbered in the file
    std::vector<int> extra;
    int x_index = -1, y_index = -1;        // a source without geometry: its coordinate columns
    int wkt_index = -1;                    //   or its WKT column
    std::vector<AssayPlanColumn> assays;   // the columns of assay results (also those filling a field)
    ResultParsing parsing;
    QcPlan qc;
};

// The assay columns of the source (named as labs name them, or given: options.assay_columns,
// assay_units), marked used; and of the fields in plan.mapped they fill, the conversion.
void plan_assays(const std::vector<std::string>& source_names, const ImportOptions& options, FieldPlan& plan,
                 std::vector<bool>& used);

// The source's field names (index order).
// A name as common (and drillers') column names are compared: lower case, without spaces, '-', '_'
// and '.'.
std::string name_key(const std::string& name);
std::vector<std::string> field_names(const OGRFeatureDefn& defn);

// The id field's index by its common names ("id", "SampleID", "hole_id", "lic_no"...: case, spaces,
// '-' and '_' ignored), for the layer kind's name; -1 when there is none.
int detect_id_field(const std::vector<std::string>& source_names, const std::string& kind_name);

// has_geometry: the source has geometries (columns_read_by_driver: GDAL built them from the
// coordinate columns, as its CSV driver does). Settles the plan; throws InputError naming the setting for an unknown or doubly given field, a
// --set value the field refuses, or coordinate columns given to a source with geometry.
FieldPlan plan_fields(const OGRFeatureDefn& defn, bool has_geometry, bool columns_read_by_driver, const LayerKind& kind, const Commodities& vocabulary,
                      const ImportOptions& options, const ValueReading& reading);

// The name a source field takes in extra ("fid" is the source's feature number: "source_fid").
std::string extra_key(const std::string& source_name);

// The feature's attributes and extra, and its assay results (of layer, for out.id) added to results;
// each field's problem goes to problems (none hides another). out may be a feature read before with
// the same plan (its attributes then take their values in place: no entry made or searched) or a
// new one.
void read_attributes(const OGRFeature& f, const FieldPlan& plan, const Commodities& vocabulary, const ValueReading& reading,
                     const Where& where, Feature& out, std::vector<Problem>& problems,
                     const std::string& layer = {}, std::vector<AssayRecord>* results = nullptr);

// A table's point (from the coordinate columns) or WKT geometry, in the source's CRS; throws InputError.
// Column names taken as coordinates or WKT in a table, after GDAL's CSV driver conventions: the
// default names of a CSV's open options and of the points made for any source without geometry.
extern const std::vector<std::string> x_names, y_names, wkt_names;

// The QC columns of the source (marks them used); InputError naming the setting for a --set
// qc_type value that is not a QC type.
void plan_qc(const std::vector<std::string>& source_names, const LayerKind& kind, const ImportOptions& options, FieldPlan& plan,
             std::vector<bool>& used);

// The row's QC sample (type, original, crm; layer, id and project the caller's), or nullopt for a
// primary sample; a problem for a type that is none of qc_type_codes(), a duplicate without its
// original or a standard without its material. The row's batch goes to batch.
std::optional<QcSample> read_qc(const OGRFeature& f, const FieldPlan& plan, const Where& where, std::vector<Problem>& problems,
                                std::string& batch);

// The assay results of a row (a QC sample's: no fields read), of layer, for sample id, with lab.
void read_results(const OGRFeature& f, const FieldPlan& plan, const Where& where, const std::string& layer, const std::string& id,
                  const std::string& lab, std::vector<Problem>& problems, std::vector<AssayRecord>& results);

GeometryPtr table_geometry(const OGRFeature& f, const FieldPlan& plan, const Where& where);

// Counts a result read into its column's count (of the same analyte, unit and method): results,
// below and above a limit.
void count_result(std::vector<AnalyteCount>& counts, const AssayRecord& r);

} // namespace lode::import_detail
