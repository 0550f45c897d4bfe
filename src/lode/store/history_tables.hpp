#pragma once
// The tables besides the layers whose changes every backend's history records (store/history.hpp).

namespace lode {

// The tables besides the layers whose changes every backend records, when the store has them.
// layer_kinds records the layers made, changed and dropped (lode layer create, add-field, rename, drop);
// vocabularies the values a store added to its vocabularies (schema version 6); drill_surveys and
// drill_intervals the downhole tables (schema version 7); qc_samples, reference_materials and
// assay_results the QA/QC tables and the results (schema version 10; a result is named
// SAMPLE/ANALYTE, its row_id is its number, and its insert records only that key, as a feature's).
inline constexpr const char* history_tables[] = {"projects", "partners", "project_partners", "licence_partners",
                                      "obligations", "agreement_terms", "milestones", "layer_kinds", "vocabularies",
                                      "drill_surveys", "drill_intervals", "qc_samples",
                                      "reference_materials", "assay_results"};

} // namespace lode
