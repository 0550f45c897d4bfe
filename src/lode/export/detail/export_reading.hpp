#pragma once
// What an export's two readings of a layer share (exporter.cpp): its plan (the kind, the --where,
// what the first reading found), which scanned rows are selected (Selector) and how the layer is
// read (scan_plan); and the first reading itself (survey.cpp).
#include "lode/export/assay_columns.hpp"
#include "lode/export/detail/extra_fields.hpp"
#include "lode/export/exporter.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/schema/filter.hpp"
#include "lode/store/store.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace lode::export_reading {

// One layer of the export: its kind, its --where, what the first reading found.
struct Plan {
    const LayerKind* kind = nullptr;
    std::optional<Filter> filter;
    std::vector<std::size_t> filter_fields;   // the kind's fields the filter reads (their indexes)
    // The features the filter may match, read from the assay results' index (bind_assay_candidates),
    // when it bounds an assay result; nullopt: every feature of the selection is tried.
    std::optional<std::vector<std::string>> candidates;
    std::int64_t count = 0;
    std::vector<ExtraColumn> extra;
    // of the features selected, for the long table of their results (--assays-long only: it grows
    // with the selection)
    std::unordered_set<std::string> ids;
    std::shared_ptr<BatchResults> results;   // the layer's assay results, read a batch of rows at a time
    AssaySurvey survey;                      // what the first reading found in the selected rows' results
    std::optional<AssayPivot> assays;        // the layer's assay results as columns
    std::vector<bool> filled;              // by the kind's field: some selected feature holds a value
    // The row's columns written (indexes into the full row: id, project, every field, extra, the
    // pivot's), all of them unless columns empty for the whole selection are left out.
    std::vector<std::size_t> written;
};

// Whether the plan's --where matches the scanned row, which is made a Feature of the fields the
// filter reads only (a samples row has some thirty).
inline bool filter_matches(const ScanRow& row, const Plan& plan)
{
    if (!plan.filter)
        return true;
    Feature f;
    f.id = row.id;
    f.project = row.project;
    for (const std::size_t i : plan.filter_fields)
        f.attributes.emplace(plan.kind->fields[i].name, row.values[i]);
    return plan.filter->matches(f);
}

// Which scanned rows an export selects: those its --where matches, and a bbox's (of their geometry).
class Selector {
public:
    explicit Selector(const Selection& selection)
    {
        if (selection.bbox) {
            const BBox& b = *selection.bbox;
            OGRLinearRing ring;
            ring.addPoint(b.west, b.south);
            ring.addPoint(b.east, b.south);
            ring.addPoint(b.east, b.north);
            ring.addPoint(b.west, b.north);
            ring.closeRings();
            box_.addRing(&ring);
        }
        has_box_ = selection.bbox.has_value();
    }

    // The row's geometry, read from its WKB, when it is selected (the store's scan matched
    // bounding boxes only); a Feature is built only for a --where.
    GeometryPtr select(const ScanRow& row, const Plan& plan) const
    {
        if (!filter_matches(row, plan))
            return nullptr;
        GeometryPtr geometry = geometry_from_wkb(row.wkb);
        if (has_box_ && !geometry->Intersects(&box_))
            return nullptr;
        return geometry;
    }

    // Whether the row is selected, reading its geometry only to test it against a bbox.
    bool selects(const ScanRow& row, const Plan& plan) const
    {
        if (has_box_)
            return select(row, plan) != nullptr;
        return filter_matches(row, plan);
    }

    // Whether a row's geometry must be read to select it (a bbox is given).
    bool reads_geometry() const { return has_box_; }

private:
    OGRPolygon box_;
    bool has_box_ = false;
};

// Reads the plan's layer in the selection: only its candidates, when it has some.
inline void scan_plan(Store& store, const Plan& plan, const Selection& selection, const Reading& reading,
                      const std::function<bool(ScanRow&)>& visit)
{
    if (plan.candidates)
        store.scan_ids(plan.kind->name, *plan.candidates, selection, reading, visit);
    else
        store.scan(plan.kind->name, selection, reading, visit);
}

// Rows read at a time for their assay results: a batch's rows and results are what an export keeps.
constexpr std::size_t row_batch = 2000;

// Whether the export selects some of a layer's features only (a project, a box, --where).
inline bool narrowed(const ExportOptions& options)
{
    return options.selection.project || options.selection.bbox || !options.where.empty();
}

// First reading: how many features, where they lie (widening extent, from the WKB's vertices: the
// geometry is read into an object only to test a bbox), which fields and extra columns some
// feature fills, and what the selected rows' assay results hold (Plan::survey). Returns how many
// features in all. A whole layer whose results are summarised is read in parts on both cores.
std::int64_t survey(Store& store, const ExportOptions& options, const Selector& selector, std::vector<Plan>& plans,
                    std::optional<BBox>& extent);

} // namespace lode::export_reading
