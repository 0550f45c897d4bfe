// An export's first reading of each layer (export_layers, exporter.cpp): its features counted,
// their extent, the fields and extra columns some feature fills, what their assay results hold.
#include "lode/export/detail/export_reading.hpp"

#include "lode/base/threads.hpp"
#include "lode/geo/shape.hpp"

#include <algorithm>
#include <map>
#include <string_view>

namespace lode::export_reading {

namespace {

void widen(std::optional<BBox>& box, const BBox& e)
{
    if (!box) {
        box = e;
        return;
    }
    box->west = std::min(box->west, e.west);
    box->south = std::min(box->south, e.south);
    box->east = std::max(box->east, e.east);
    box->north = std::max(box->north, e.north);
}

// The rows a first reading of a whole layer reads whole, to know the fields filled before the rest.
constexpr std::size_t probe_rows = 256;

// What a first reading found in the rows it read: of one part of a layer read in parts, or of all.
struct Found {
    std::int64_t count = 0;
    std::optional<BBox> extent;
    std::vector<bool> filled;                 // by the kind's field
    std::size_t unfilled = 0;                 // fields not yet found filled
    std::vector<ExtraColumn> extra;           // in the order first met
    std::map<std::string, std::size_t, std::less<>> extra_at;   // key -> index in extra
    std::unordered_set<std::string> ids;      // --assays-long only

    explicit Found(std::size_t fields) : filled(fields, false), unfilled(fields) {}

    void see(const ScanRow& row)
    {
        ++count;
        widen(extent, envelope_from_wkb(row.wkb));
        for (std::size_t i = 0; unfilled > 0 && i < filled.size(); ++i)
            if (!filled[i] && !is_null(row.values[i])) {
                filled[i] = true;
                --unfilled;
            }
        visit_extra(row.extra, [&](std::string_view key, const nlohmann::json& value) { column(key).see(value); });
    }
    // Fields known to be filled (by rows read before): they need not be read again.
    void known_filled(const std::vector<bool>& known)
    {
        for (std::size_t i = 0; i < filled.size() && i < known.size(); ++i)
            if (known[i] && !filled[i]) {
                filled[i] = true;
                --unfilled;
            }
    }
    ExtraColumn& column(std::string_view key)
    {
        auto at = extra_at.find(key);
        if (at == extra_at.end()) {
            at = extra_at.emplace(std::string(key), extra.size()).first;
            extra.push_back(ExtraColumn{std::string(key), std::string(key)});
        }
        return extra[at->second];
    }
    // What a later part found (the parts laid end to end are the storage order, so the extra
    // columns stay in the order a reading in one part meets them).
    void add(const Found& later)
    {
        count += later.count;
        if (later.extent)
            widen(extent, *later.extent);
        for (std::size_t i = 0; i < filled.size(); ++i)
            filled[i] = filled[i] || later.filled[i];
        for (const auto& c : later.extra)
            column(c.key).add(c);
        ids.insert(later.ids.begin(), later.ids.end());
    }
};

} // namespace

// The first reading (detail/export_reading.hpp).
std::int64_t survey(Store& store, const ExportOptions& options, const Selector& selector, std::vector<Plan>& plans,
                    std::optional<BBox>& extent)
{
    std::int64_t total = 0;
    // Every feature of a layer as it is now: its results are surveyed by one aggregate, unless
    // some are qualified (whether a sample's latest result is needs the results read).
    const bool whole = !narrowed(options) && !options.selection.as_of;
    for (auto& plan : plans) {
        const std::size_t fields = plan.kind->fields.size();
        plan.results = std::make_shared<BatchResults>(store, plan.kind->name, options.selection.as_of);
        if (const auto named = named_analytes(options.analytes))
            plan.survey.only(*named);   // the pivot's columns are those names: only their groups surveyed
        const bool summarised = whole && plan.survey.take_unqualified(store.summarise_assays(plan.kind->name));
        std::vector<Found> found;
        found.reserve(2);
        found.emplace_back(fields);
        if (summarised) {
            // The first rows tell which fields are filled (most are filled in every row or in
            // none); the layer is then read in parts without them, and without the ids unless
            // --assays-long keeps them.
            std::vector<bool> known(fields, false);
            std::size_t rows = 0;
            store.scan(plan.kind->name, options.selection, Reading::rows(), [&](ScanRow& row) {
                for (std::size_t i = 0; i < fields; ++i)
                    known[i] = known[i] || !is_null(row.values[i]);
                return ++rows < probe_rows;
            });
            found[0].known_filled(known);
            found.emplace_back(fields);
            found[1].known_filled(known);
            Reading reading = Reading::rows();
            reading.ids = options.assays_long;
            reading.unread = known;
            reading.parts = std::min<std::size_t>(2, cores());
            store.scan(plan.kind->name, options.selection, reading, [&](ScanRow& row) {
                Found& part = found.at(row.part);
                part.see(row);
                if (options.assays_long)
                    part.ids.insert(row.id);
                return true;
            });
            found[0].add(found[1]);
        } else {
            std::vector<std::string> batch;   // ids whose results the survey reads next
            scan_plan(store, plan, options.selection, Reading::rows(), [&](ScanRow& row) {
                if (!selector.selects(row, plan))
                    return true;
                found[0].see(row);
                if (options.assays_long)
                    found[0].ids.insert(row.id);
                batch.push_back(row.id);
                if (batch.size() == row_batch) {
                    plan.survey.read(*plan.results, batch);
                    batch.clear();
                }
                return true;
            });
            plan.survey.read(*plan.results, batch);
        }
        Found& all = found[0];
        plan.count = all.count;
        plan.filled = std::move(all.filled);
        plan.extra = std::move(all.extra);
        plan.ids = std::move(all.ids);
        if (all.extent)
            widen(extent, *all.extent);
        total += plan.count;
    }
    return total;
}

} // namespace lode::export_reading
