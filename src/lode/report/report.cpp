// Gathering a programme's report from the store: licences and their areas, features by commodity,
// best assays, conflicts with other licences, the location map. The register's sections (milestones,
// interests, obligations) are filled by gather_register_sections, in register_section.cpp.
#include "lode/geo/polygon_area.hpp"
#include "lode/report/report.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/map/render.hpp"
#include "lode/query/spatial_query.hpp"
#include "lode/base/temporary_directory.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

namespace lode {

namespace {

bool has_layer(Store& store, const std::string& name)
{
    const auto& kinds = store.layer_kinds();
    return std::any_of(kinds.begin(), kinds.end(), [&](const LayerKind& k) { return k.name == name; });
}

std::string text_of(const Feature& f, const std::string& field)
{
    const auto it = f.attributes.find(field);
    return it == f.attributes.end() ? std::string() : to_text(it->second);
}

std::optional<double> number_of(const Feature& f, const std::string& field)
{
    const auto it = f.attributes.find(field);
    if (it == f.attributes.end())
        return std::nullopt;
    if (const auto* d = std::get_if<double>(&it->second))
        return *d;
    if (const auto* i = std::get_if<std::int64_t>(&it->second))
        return static_cast<double>(*i);
    return std::nullopt;
}

std::vector<ReportLicence> read_licences(Store& store, const std::string& code)
{
    std::vector<ReportLicence> licences;
    if (!has_layer(store, "licences"))
        return licences;
    Selection selection;
    selection.project = code;
    store.scan("licences", selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        ReportLicence l;
        l.id = f.id;
        l.number = text_of(f, "licence_no");
        l.name = text_of(f, "name");
        l.type = text_of(f, "licence_type");
        l.holder = text_of(f, "holder");
        l.jurisdiction = text_of(f, "jurisdiction");
        l.status = text_of(f, "status");
        l.applied = text_of(f, "applied");   // the register's application date, where the store has it
        l.granted = text_of(f, "granted");
        l.expiry = text_of(f, "expiry");
        l.area_km2 = f.wkb.empty() ? 0 : area_m2_lonlat_edges(f.wkb) / 1e6;
        licences.push_back(std::move(l));
        return true;
    });
    std::sort(licences.begin(), licences.end(), [](const ReportLicence& a, const ReportLicence& b) { return a.id < b.id; });
    return licences;
}

// The assay fields of a layer kind: numbers with a unit that measure a vocabulary commodity.
std::vector<std::pair<const FieldDef*, std::string>> assay_fields(const LayerKind& kind, const Commodities& vocabulary)
{
    std::vector<std::pair<const FieldDef*, std::string>> fields;
    for (const auto& field : kind.fields) {
        if ((field.type != FieldType::real && field.type != FieldType::integer) || (field.unit != "%" && field.unit != "ppm" && field.unit != "ppb" && field.unit != "g/t"))
            continue;
        if (auto commodity = assay_commodity(field.name, vocabulary); !commodity.empty())
            fields.emplace_back(&field, commodity);
    }
    return fields;
}

// Features per commodity: layers with a `commodities` field count the features that list the
// commodity; layers with assay fields count the features assayed for it.
CommodityCounts count_by_commodity(Store& store, const std::string& code, const Commodities& vocabulary)
{
    std::map<std::string, std::map<std::string, std::int64_t>> counts;   // layer → symbol → count
    std::vector<std::string> layers;
    Selection selection;
    selection.project = code;
    for (const auto& kind : store.layer_kinds()) {
        const FieldDef* listed = kind.field("commodities");
        const bool lists = listed && listed->type == FieldType::commodities;
        const auto assays = assay_fields(kind, vocabulary);
        if (!lists && assays.empty())
            continue;
        auto& per_symbol = counts[kind.name];
        std::int64_t features = 0;
        store.scan(kind.name, selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
            const Feature& f = scanned.feature;
            ++features;
            std::set<std::string> symbols;
            if (lists)
                for (const auto& s : split_any(text_of(f, "commodities"), ";"))
                    if (const auto symbol = std::string(trim(s)); !symbol.empty())
                        symbols.insert(symbol);
            for (const auto& [field, symbol] : assays)
                if (number_of(f, field->name))
                    symbols.insert(symbol);
            for (const auto& s : symbols)
                ++per_symbol[s];
            return true;
        });
        if (features > 0)
            layers.push_back(kind.name);
    }
    CommodityCounts result;
    result.layers = layers;
    for (const auto& commodity : vocabulary.all()) {
        CommodityCounts::Row row{commodity.symbol, commodity.name, {}};
        std::int64_t total = 0;
        for (const auto& layer : layers) {
            const auto& per_symbol = counts[layer];
            const auto it = per_symbol.find(commodity.symbol);
            row.counts.push_back(it == per_symbol.end() ? 0 : it->second);
            total += row.counts.back();
        }
        if (total > 0)
            result.rows.push_back(std::move(row));
    }
    return result;
}

std::vector<BestAssays> best_assays(Store& store, const std::string& code, const Commodities& vocabulary, std::size_t top)
{
    std::vector<BestAssays> result;
    if (!has_layer(store, "samples") || top == 0)
        return result;
    const auto fields = assay_fields(store.layer_kind("samples"), vocabulary);
    Selection selection;
    selection.project = code;
    // The programme's prospects, to say which one holds each sample.
    std::vector<std::pair<std::string, Shape>> prospects;
    if (has_layer(store, "prospects"))
        store.scan("prospects", selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
            const Feature& f = scanned.feature;
            prospects.emplace_back(f.id, shape_from_wkb(f.wkb));
            return true;
        });
    std::vector<std::vector<AssaySample>> per_field(fields.size());
    store.scan("samples", selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        const Shape point = shape_from_wkb(f.wkb);
        for (std::size_t k = 0; k < fields.size(); ++k)
            if (const auto value = number_of(f, fields[k].first->name))
                per_field[k].push_back({f.id, *value, point.x(), point.y(), {}});
        return true;
    });
    for (std::size_t k = 0; k < fields.size(); ++k) {
        auto& samples = per_field[k];
        if (samples.empty())
            continue;
        const std::size_t n = std::min(top, samples.size());
        std::partial_sort(samples.begin(), samples.begin() + static_cast<std::ptrdiff_t>(n), samples.end(),
                          [](const AssaySample& a, const AssaySample& b) { return a.value != b.value ? a.value > b.value : a.id < b.id; });
        samples.resize(n);
        for (auto& s : samples)
            for (const auto& [id, shape] : prospects)
                if (locate_in_polygons(shape, s.longitude, s.latitude) >= 0) {
                    s.prospect = id;
                    break;
                }
        result.push_back({fields[k].first->name, fields[k].first->unit, fields[k].second, std::move(samples)});
    }
    return result;
}

// The programme's licences against every licence near them: pairs sharing area with a licence of
// another programme or another holder (conflicts), and pairs of the programme's own licences of the
// same holder (own overlaps, each pair once).
void licence_overlaps(Store& store, const std::string& code, const std::vector<ReportLicence>& ours,
                      std::vector<LicenceConflict>& conflicts, std::vector<OwnLicenceOverlap>& own)
{
    if (ours.empty())
        return;
    LoadOptions load_ours;
    load_ours.selection.project = code;
    load_ours.build_index = false;
    load_ours.keep_wkb = true;   // the shared areas are measured on the intersections
    const QueryLayer a = load_query_layer(store, "licences", load_ours);
    if (a.size() == 0)
        return;
    BBox around = a.boxes.front();
    for (const auto& box : a.boxes)
        around = {std::min(around.west, box.west), std::min(around.south, box.south), std::max(around.east, box.east),
                  std::max(around.north, box.north)};
    LoadOptions load_near;
    load_near.selection.bbox = around;
    load_near.keep_wkb = true;
    const QueryLayer b = load_query_layer(store, "licences", load_near);

    struct Other {
        std::string number, holder;
    };
    std::map<std::string, Other> others;
    store.scan("licences", load_near.selection, Reading::features().taken_in(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        others[f.id] = {text_of(f, "licence_no"), text_of(f, "holder")};
        return true;
    });
    std::map<std::string, const ReportLicence*> by_id;
    for (const auto& l : ours)
        by_id[l.id] = &l;

    for (const auto& m : find_pairs(a, &b, PairOptions{})) {
        const QueryRow& x = a.rows[m.a];
        const QueryRow& y = b.rows[m.b];
        const std::string& y_project = b.project(m.b);
        if (x.id == y.id || !m.area_m2 || *m.area_m2 <= 0)
            continue;   // itself, or only touching
        const ReportLicence& mine = *by_id.at(x.id);
        const Other& other = others[y.id];
        if (y_project == code) {
            if (y.id < x.id)
                continue;   // a pair already met the other way round
            if (other.holder == mine.holder) {
                const ReportLicence& theirs = *by_id.at(y.id);
                own.push_back({x.id, mine.number, mine.status, y.id, theirs.number, theirs.status, *m.area_m2 / 1e6,
                               m.pct_a.value_or(0), m.pct_b.value_or(0)});
                continue;
            }
        }
        conflicts.push_back({x.id, mine.number, y.id, other.number, other.holder, y_project, *m.area_m2 / 1e6,
                             m.pct_a.value_or(0), m.pct_b.value_or(0)});
    }
    std::sort(conflicts.begin(), conflicts.end(), [](const LicenceConflict& p, const LicenceConflict& q) {
        return std::tie(p.licence, p.other) < std::tie(q.licence, q.other);
    });
    std::sort(own.begin(), own.end(), [](const OwnLicenceOverlap& p, const OwnLicenceOverlap& q) {
        return std::tie(p.licence, p.other) < std::tie(q.licence, q.other);
    });
}

ReportMap draw_map(Store& store, const std::string& code, const ReportOptions& options, const std::string& date)
{
    ReportMap map;
    if (!options.map) {
        map.unavailable = "left out on request";
        return map;
    }
    MapOptions m;
    m.projects = {code};
    m.dpi = options.map_dpi;
    m.basemap = options.basemap;
    m.date = date;
    try {
        MapReport drawn;
        map.png = draw_report_figure(store, m, "map.png", drawn);
        map.crs_name = drawn.crs_name;
        map.scale_bar = drawn.scale_bar.label;
    } catch (const Error& e) {
        // No features to map (or no basemap) is a fact about the programme, not a failed report.
        map.png.clear();
        map.unavailable = e.what();
    }
    return map;
}

} // namespace

std::vector<unsigned char> draw_report_figure(Store& store, MapOptions& m, const std::string& name, MapReport& drawn)
{
    const TemporaryDirectory folder("lode-report");
    m.output = (folder.path() / name).string();
    drawn = render_map(store, m);
    std::ifstream in(m.output, std::ios::binary);
    std::vector<unsigned char> bytes(std::istreambuf_iterator<char>(in), {});
    if (bytes.empty())
        throw Error(m.output + ": the map came out empty");
    return bytes;
}

std::string assay_commodity(const std::string& field, const Commodities& vocabulary)
{
    const std::string name = lower(field);
    // Total rare-earth oxides is the one assay not named after an element's oxide.
    if (name.rfind("treo", 0) == 0)
        return "REE";
    // An oxide or element assay starts with the element's symbol: the longest symbol that fits
    // (yb2o3 is Yb, not Y), followed by a digit, 'o' (oxide) or '_' (the unit).
    std::string best;
    for (const auto& c : vocabulary.all()) {
        const std::string symbol = lower(c.symbol);
        if (symbol.size() > 2 || symbol.size() <= best.size() || name.compare(0, symbol.size(), symbol) != 0 || name.size() == symbol.size())
            continue;
        const char next = name[symbol.size()];
        if (std::isdigit(static_cast<unsigned char>(next)) || next == 'o' || next == '_')
            best = c.symbol;
    }
    return best;
}

ProgrammeReport gather_report(Store& store, const std::string& code, const ReportOptions& options)
{
    ProgrammeReport report;
    store.require_project(code, report.project);
    report.date = to_string(today(options.date.empty() ? std::nullopt : std::optional(options.date), mention(Setting::date)));
    const Commodities& vocabulary = store.commodities();
    report.licences = read_licences(store, report.project.code);
    report.commodities = count_by_commodity(store, report.project.code, vocabulary);
    report.assays = best_assays(store, report.project.code, vocabulary, options.top_assays);
    if (has_layer(store, "samples")) {
        AssayStatsOptions stats;
        stats.project = report.project.code;
        report.assay_statistics = assay_stats(store, stats);
        QcFilter qc;
        qc.project = report.project.code;
        report.qc = judge_layer_qc(store, "samples", qc);
    }
    licence_overlaps(store, report.project.code, report.licences, report.conflicts, report.own_overlaps);
    // The layers with features of the programme that neither the licences nor the commodity table cover.
    const auto counts = store.feature_counts(report.project.code);
    for (const auto& kind : store.layer_kinds()) {
        const auto it = counts.find(kind.name);
        const auto& covered = report.commodities.layers;
        if (it != counts.end() && it->second > 0 && kind.name != licences_layer &&
            std::find(covered.begin(), covered.end(), kind.name) == covered.end())
            report.other_layers.push_back({kind.name, kind.title, it->second});
    }
    gather_register_sections(store, report);
    report.drilling = gather_drilling(store, report.project.code, options.top_intercepts);
    report.drill_plan = draw_drill_plan(store, report.project.code, report.drilling, options, report.date);
    report.map = draw_map(store, report.project.code, options, report.date);
    return report;
}

ReportFormat report_format_of(const std::string& path)
{
    const std::string ext = lower(std::filesystem::path(path).extension().string());
    if (ext == ".html" || ext == ".htm")
        return ReportFormat::html;
    if (ext == ".md" || ext == ".markdown")
        return ReportFormat::markdown;
    if (ext == ".pdf")
        return ReportFormat::pdf;
    throw InputError(path + ": unsupported report format '" + (ext.empty() ? std::string("(no extension)") : ext) +
                     "' (use .html, .md or .pdf)");
}

} // namespace lode
