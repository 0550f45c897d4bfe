#pragma once
// A lab file's results added to samples the store holds already: the common case, the positions
// from the field, the results weeks later from the lab. The file needs no coordinates; its rows are
// matched to the layer's features by the sample id column.
#include "lode/import/importer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lode {

// What import_assays did (or, with dry_run, would do).
struct AssayImportReport {
    std::int64_t rows = 0;                   // rows read (samples and QC rows)
    std::int64_t samples = 0;                // distinct samples of the layer given results
    std::string sample_field;                // the source column holding the sample ids
    std::vector<AnalyteCount> analytes;      // the assay columns, in source order, with their counts
    std::map<std::string, std::int64_t> qc_samples;   // QC rows kept as QC samples, by type
    std::vector<std::string> other_columns;  // neither the sample id, nor QC or batch, nor an analyte: not read
    // Sample ids of the file that the layer (of options.project, when given) does not hold, in file
    // order, each once; the whole file is refused when there is any (a dry run lists them).
    std::vector<std::string> unknown_samples;
    // Results of a sample, analyte, method and batch the store holds already: the same (unit and text
    // as written) are skipped; different ones replace those (options.replace_results) or refuse the file.
    std::int64_t identical = 0, replaced = 0;
    std::int64_t qc_known = 0;               // QC samples the layer holds already as the file has them (kept)
    std::vector<ProblemGroup> problems;      // a dry run: every problem of the file, grouped
    std::int64_t problem_count = 0, problem_features = 0;
    double seconds = 0;
};

// Reads every row of options.file (a table: CSV, XLSX, ODS, or any source GDAL reads; geometry and
// coordinates are not read), its sample id from options.id_field or a column named as sample ids
// are (SampleID, sample_no ...), its results from the columns named as labs name them (and
// options.assay_columns, assay_units, negative_is_below as import_features reads them), the batch
// and QC columns as import_features finds them. Every result goes to the feature of that id in
// options.layer (of options.project, when given); a QC row (standard, blank, duplicate) becomes a
// QC sample of the layer with its results. All in one write transaction, recorded in the imports
// log: a file the log holds already for the layer is refused unless options.again. A result whose
// sample, analyte, method and batch (a lab's certificate; empty when the file names none) the store
// holds a result of already is skipped when it is the same (unit and text as written), else refused
// naming the first such results, or with options.replace_results written in place of the stored
// ones (an undo of the import restores them). A QC sample the layer holds already of the same type,
// material and original is kept as it is; of another, refused. Refused with
// InputError (the store unchanged): any unknown sample id (the error lists them), any cell that is
// not a result, a row without a sample id. The rows are read, checked and written a batch at a time
// (memory does not grow with the file) inside the one transaction, rolled back whole on the first
// of these. With dry_run nothing is written and the problems and unknown ids come back in the report.
AssayImportReport import_assays(Store& store, const ImportOptions& options);

} // namespace lode
