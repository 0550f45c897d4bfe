// Rendering a programme report: the report is first laid out as a plain document (sections of
// paragraphs and tables), which is then written as HTML or as Markdown, so that both formats say
// the same things in the same order. An empty section says so instead of disappearing.
#include "lode/report/report.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace lode {

namespace {

struct Table {
    std::vector<std::string> header;
    std::vector<bool> numeric;                  // right-aligned columns
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> flagged;                  // rows to draw attention to (overdue items)
};

struct Block {
    enum class Kind { paragraph, note, table, map, plan } kind = Kind::paragraph;
    std::string text;   // paragraph, note; the map's or the plan's caption
    Table table;
};

struct Section {
    std::string title;
    std::vector<Block> blocks;
};

struct Document {
    std::string title;
    std::vector<std::pair<std::string, std::string>> facts;   // label, value
    std::vector<Section> sections;
    std::string footer;
};

std::string fixed(double value, int decimals)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

// An assay as measured: up to ten significant digits, no trailing zeros.
std::string measured(double value)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

Block paragraph(std::string text) { return {Block::Kind::paragraph, std::move(text), {}}; }
Block note(std::string text) { return {Block::Kind::note, std::move(text), {}}; }
Block table(Table t) { return {Block::Kind::table, {}, std::move(t)}; }

Section milestones_section(const ProgrammeReport& r)
{
    Section s{"Phase and milestones", {}};
    s.blocks.push_back(paragraph("Current phase: " + (r.project.phase.empty() ? std::string("not recorded") : r.project.phase) + "."));
    if (r.milestones.empty()) {
        s.blocks.push_back(note("No milestones recorded."));
        return s;
    }
    Table t{{"Date", "Phase", "Milestone", "Status", "Document", "Source"}, {false, false, false, false, false, false}, {}, {}};
    for (const auto& m : r.milestones) {
        t.rows.push_back({m.date, m.phase, m.title, m.status, m.document, m.source});
        t.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

Section partners_section(const ProgrammeReport& r)
{
    Section s{"Partners and interests", {}};
    if (r.partners.empty()) {
        s.blocks.push_back(note("No partners recorded."));
        return s;
    }
    Table t{{"Partner", "Country", "Role", "Interest %"}, {false, false, false, true}, {}, {}};
    double sum = 0;
    bool any_interest = false;
    for (const auto& p : r.partners) {
        t.rows.push_back({p.organisation, p.country, p.role, p.pct ? fixed(*p.pct, 2) : "—"});
        t.flagged.push_back(false);
        if (p.pct) {
            any_interest = true;
            sum += *p.pct;
        }
    }
    s.blocks.push_back(table(std::move(t)));
    if (!any_interest)
        s.blocks.push_back(note("No equity interests recorded."));
    else
        s.blocks.push_back(paragraph("Interests recorded sum to " + fixed(sum, 2) + "%" +
                                     (std::abs(sum - 100) > 0.005 ? " (not 100%)." : ".")));
    if (r.terms.empty()) {
        s.blocks.push_back(note("No agreement terms recorded."));
        return s;
    }
    Table terms{{"Partner", "Term", "Text", "From", "Until", "Document", "Source"}, {false, false, false, false, false, false, false}, {}, {}};
    for (const auto& term : r.terms) {
        terms.rows.push_back({term.organisation, term.kind, term.text, term.starts, term.ends, term.document, term.source});
        terms.flagged.push_back(false);
    }
    s.blocks.push_back(paragraph("Agreement terms:"));
    s.blocks.push_back(table(std::move(terms)));
    return s;
}

std::string amount_text(const DueItem& item)
{
    if (!item.amount)
        return "";
    return fixed(*item.amount, 2) + (item.currency.empty() ? "" : " " + item.currency);
}

Section licences_section(const ProgrammeReport& r)
{
    Section s{"Licences and due items", {}};
    if (r.licences.empty()) {
        s.blocks.push_back(note("No licences recorded."));
        return s;
    }
    Table t{{"Licence", "Name", "Type", "Holder", "Jurisdiction", "Status", "Applied", "Granted", "Expiry", "Area km²"},
            {false, false, false, false, false, false, false, false, false, true},
            {},
            {}};
    double total = 0;
    for (const auto& l : r.licences) {
        t.rows.push_back({l.number.empty() ? l.id : l.number, l.name, l.type, l.holder, l.jurisdiction, l.status, l.applied, l.granted,
                          l.expiry, fixed(l.area_km2, 3)});
        t.flagged.push_back(false);
        total += l.area_km2;
    }
    s.blocks.push_back(table(std::move(t)));
    s.blocks.push_back(paragraph(std::to_string(r.licences.size()) + (r.licences.size() == 1 ? " licence" : " licences") + ", " +
                                 fixed(total, 3) +
                                 " km² in all (on the WGS84 ellipsoid; ground where licences overlap counts in each)."));

    Table interests{{"Licence", "Partner", "Role", "Interest %"}, {false, false, false, true}, {}, {}};
    for (const auto& l : r.licences)
        for (const auto& p : l.partners) {
            interests.rows.push_back({l.number.empty() ? l.id : l.number, p.organisation, p.role,
                                      p.pct ? fixed(*p.pct, 2) : "—"});
            interests.flagged.push_back(false);
        }
    if (!interests.rows.empty()) {
        s.blocks.push_back(paragraph("Interests in the licences:"));
        s.blocks.push_back(table(std::move(interests)));
    }

    Table due{{"Licence", "Item", "Description", "Due", "Amount", "State"}, {false, false, false, false, true, false}, {}, {}};
    std::vector<std::pair<const ReportLicence*, const DueItem*>> items;
    for (const auto& l : r.licences)
        for (const auto& item : l.due)
            items.emplace_back(&l, &item);
    std::stable_sort(items.begin(), items.end(), [](const auto& x, const auto& y) { return x.second->due < y.second->due; });
    std::size_t overdue = 0;
    for (const auto& [licence, item] : items) {
        const std::string number = licence->number.empty() ? licence->id : licence->number;
        const std::string state = item->overdue ? "OVERDUE by " + std::to_string(-item->days) + " d"
                                                : "in " + std::to_string(item->days) + " d";
        due.rows.push_back({number, item->kind, item->description, item->due, amount_text(*item), state});
        due.flagged.push_back(item->overdue);
        overdue += item->overdue ? 1 : 0;
    }
    if (due.rows.empty()) {
        s.blocks.push_back(note("No due items recorded on the programme's licences."));
        return s;
    }
    s.blocks.push_back(paragraph("What falls due, most urgent first:"));
    s.blocks.push_back(table(std::move(due)));
    s.blocks.push_back(paragraph(std::to_string(overdue) + " overdue on " + r.date + "."));
    return s;
}

Section commodities_section(const ProgrammeReport& r)
{
    Section s{"Features by commodity", {}};
    if (r.commodities.rows.empty()) {
        s.blocks.push_back(note("No features of the programme name a commodity or carry an assay."));
        return s;
    }
    Table t{{"Commodity"}, {false}, {}, {}};
    for (const auto& layer : r.commodities.layers) {
        t.header.push_back(layer);
        t.numeric.push_back(true);
    }
    for (const auto& row : r.commodities.rows) {
        std::vector<std::string> cells = {row.symbol == row.name ? row.symbol : row.symbol + " (" + row.name + ")"};
        for (auto count : row.counts)
            cells.push_back(std::to_string(count));
        t.rows.push_back(std::move(cells));
        t.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(t)));
    s.blocks.push_back(paragraph("A feature counts once for each commodity it lists (field commodities); a sample counts for each "
                                 "commodity it was assayed for."));
    return s;
}

Section other_layers_section(const ProgrammeReport& r)
{
    Section s{"Other layers", {}};
    if (r.other_layers.empty()) {
        s.blocks.push_back(note("No other layers hold features of the programme."));
        return s;
    }
    Table t{{"Layer", "Title", "Features"}, {false, false, true}, {}, {}};
    for (const auto& l : r.other_layers) {
        t.rows.push_back({l.name, l.title, std::to_string(l.features)});
        t.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

Section assays_section(const ProgrammeReport& r)
{
    Section s{"Best assays", {}};
    if (r.assays.empty()) {
        s.blocks.push_back(note("No assayed samples recorded."));
        return s;
    }
    Table t{{"Assay", "Commodity", "Rank", "Sample", "Value", "Unit", "Longitude", "Latitude", "Prospect"},
            {false, false, true, false, true, false, true, true, false},
            {},
            {}};
    for (const auto& a : r.assays)
        for (std::size_t i = 0; i < a.samples.size(); ++i) {
            const auto& sample = a.samples[i];
            t.rows.push_back({a.field, a.commodity, std::to_string(i + 1), sample.id, measured(sample.value), a.unit,
                              fixed(sample.longitude, 6), fixed(sample.latitude, 6), sample.prospect});
            t.flagged.push_back(false);
        }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

// lode assay stats -p CODE: one row per analyte and unit.
Section assay_statistics_section(const ProgrammeReport& r)
{
    Section s{"Assay statistics", {}};
    if (r.assay_statistics.empty()) {
        s.blocks.push_back(note("No assay results recorded."));
        return s;
    }
    s.blocks.push_back(paragraph("Each sample's latest result of the analyte (its element's oxides converted); a result below "
                                 "its detection limit counts as half the limit, one above an upper limit as the limit (as "
                                 "lode assay stats gives them). QC samples are judged below, not counted here."));
    Table t{{"Analyte", "Samples", "Below limit", "Above limit", "n", "Min", "Median", "Max"},
            {false, true, true, true, true, true, true, true}, {}, {}};
    auto number = [](double v) { return std::isnan(v) ? std::string() : measured(v); };
    for (const auto& a : r.assay_statistics) {
        t.rows.push_back({a.name, std::to_string(a.samples), std::to_string(a.below), std::to_string(a.above), std::to_string(a.counted),
                          number(a.min), number(a.median), number(a.max)});
        t.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

// lode qc -p CODE: one row per lab batch and analyte, a batch with a failure flagged.
Section qc_section(const ProgrammeReport& r)
{
    Section s{"QA/QC", {}};
    if (r.qc.summaries.empty()) {
        s.blocks.push_back(note("No QC results recorded (standards, blanks, duplicates)."));
        return s;
    }
    s.blocks.push_back(paragraph("Standards pass within 2 SD of their certified value, warn within 3 SD, fail beyond (or at a "
                                 "second warning in a row on one side); bias is their mean (value − certified) / certified. "
                                 "Blanks fail above 5 × the batch's detection limit. Duplicates by half the absolute relative "
                                 "difference (HARD). As lode qc judges them."));
    Table t{{"Batch", "Analyte", "Standards", "Pass", "Warning", "Fail", "Bias %", "Blanks", "Blank fail", "Duplicates",
             "HARD ≤ 10 %", "HARD ≤ 20 %", "Verdict"},
            {false, false, true, true, true, true, true, true, true, true, true, true, false}, {}, {}};
    for (const auto& q : r.qc.summaries) {
        t.rows.push_back({q.batch.empty() ? "(no batch)" : q.batch, q.analyte, std::to_string(q.standards),
                          std::to_string(q.standards_passed), std::to_string(q.standards_warned), std::to_string(q.standards_failed),
                          std::isnan(q.bias_pct) ? std::string() : fixed(q.bias_pct, 1), std::to_string(q.blanks),
                          std::to_string(q.blanks_failed), std::to_string(q.duplicates), std::to_string(q.within_10),
                          std::to_string(q.within_20), q.failed() ? "fail" : "pass"});
        t.flagged.push_back(q.failed());
    }
    s.blocks.push_back(table(std::move(t)));
    for (const auto& [batch, samples] : r.qc.failed_batches)
        s.blocks.push_back(note("Batch " + (batch.empty() ? std::string("(no batch)") : batch) + " failed; it holds " +
                                std::to_string(samples.size()) + " samples: " +
                                join(std::vector<std::string>(samples.begin(), samples.begin() + std::min<std::ptrdiff_t>(10, samples.size())), ", ") +
                                (samples.size() > 10 ? " …" : ".")));
    return s;
}

Section drilling_section(const ProgrammeReport& r)
{
    Section s{"Drilling", {}};
    const DrillingSummary& d = r.drilling;
    if (d.holes == 0) {
        s.blocks.push_back(note("No drillholes recorded."));
        return s;
    }
    s.blocks.push_back(paragraph(std::to_string(d.holes) + (d.holes == 1 ? " hole, " : " holes, ") + fixed(d.metres, 1) + " m drilled" +
                                 (d.without_depth ? " (" + std::to_string(d.without_depth) + " without a depth)" : "") + "; " +
                                 std::to_string(d.surveyed) + " with downhole surveys; " + std::to_string(d.intervals) +
                                 (d.intervals == 1 ? " interval" : " intervals") + " logged."));
    Table t{{"Year", "Type", "Holes", "Metres"}, {false, false, true, true}, {}, {}};
    for (const auto& g : d.by_year_type) {
        t.rows.push_back({g.year, g.type, std::to_string(g.holes), fixed(g.metres, 1)});
        t.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(t)));
    if (d.field.empty()) {
        std::vector<std::string> defaults;
        for (const auto& x : intercept_defaults())
            defaults.push_back(x.field);
        s.blocks.push_back(note("No intercepts: the intervals hold no grade field with a default cut-off (" + join(defaults, ", ") + ")."));
        return s;
    }
    s.blocks.push_back(paragraph("Significant intercepts of " + d.field + " ≥ " + measured(d.cutoff) + " " + d.unit + " (interval table " +
                                 d.table + "; at least " + measured(report_intercept_min_length) + " m, at most " +
                                 measured(report_intercept_max_dilution) + " m of internal dilution; down-hole lengths): " +
                                 std::to_string(d.intercepts) + " in all" +
                                 (d.best.empty() ? "." : "; the best by grade × length:")));
    if (d.best.empty())
        return s;
    Table b{{"Hole", "From m", "To m", "Length m", "Grade " + d.unit, "Intercept"}, {false, true, true, true, true, false}, {}, {}};
    for (const auto& x : d.best) {
        b.rows.push_back({x.hole, fixed(x.from, 1), fixed(x.to, 1), fixed(x.to - x.from, 1), fixed(x.grade, 2), x.text});
        b.flagged.push_back(false);
    }
    s.blocks.push_back(table(std::move(b)));
    return s;
}

Section conflicts_section(const ProgrammeReport& r)
{
    Section s{"Licence conflicts", {}};
    if (r.licences.empty()) {
        s.blocks.push_back(note("No licences recorded, so no conflicts to check."));
        return s;
    }
    if (r.conflicts.empty()) {
        s.blocks.push_back(note("No overlaps with licences of other holders or programmes."));
        return s;
    }
    Table t{{"Licence", "Overlaps licence", "Its holder", "Its programme", "Shared km²", "% of licence", "% of other"},
            {false, false, false, false, true, true, true},
            {},
            {}};
    for (const auto& c : r.conflicts) {
        t.rows.push_back({c.licence_number.empty() ? c.licence : c.licence_number, c.other_number.empty() ? c.other : c.other_number,
                          c.other_holder, c.other_project, fixed(c.area_km2, 3), fixed(c.pct_licence, 1), fixed(c.pct_other, 1)});
        t.flagged.push_back(true);
    }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

Section own_overlaps_section(const ProgrammeReport& r)
{
    Section s{"Overlaps among the programme's own licences", {}};
    if (r.licences.size() < 2) {
        s.blocks.push_back(note("Fewer than two licences recorded, so no overlaps among them to check."));
        return s;
    }
    if (r.own_overlaps.empty()) {
        s.blocks.push_back(note("None of the programme's own licences overlap."));
        return s;
    }
    s.blocks.push_back(note("Two licences of the same holder sharing ground are a cadastre problem (e.g. an application "
                            "lodged over the programme's own granted licence)."));
    Table t{{"Licence", "Its status", "Overlaps licence", "Its status", "Shared km²", "% of licence", "% of other"},
            {false, false, false, false, true, true, true},
            {},
            {}};
    for (const auto& o : r.own_overlaps) {
        t.rows.push_back({o.licence_number.empty() ? o.licence : o.licence_number, o.status,
                          o.other_number.empty() ? o.other : o.other_number, o.other_status, fixed(o.area_km2, 3),
                          fixed(o.pct_licence, 1), fixed(o.pct_other, 1)});
        t.flagged.push_back(true);
    }
    s.blocks.push_back(table(std::move(t)));
    return s;
}

// The drilling section with the plan of the holes at its end (none with the maps left out).
Section drilling_with_plan(const ProgrammeReport& r)
{
    Section s = drilling_section(r);
    const ReportDrillPlan& p = r.drill_plan;
    if (r.drilling.holes == 0 || (p.svg.empty() && p.unavailable.empty()))
        return s;
    if (p.svg.empty()) {
        s.blocks.push_back(note("Plan of the holes unavailable: " + p.unavailable + "."));
        return s;
    }
    s.blocks.push_back({Block::Kind::plan,
                        "Plan of the drillholes of " + r.project.code + ": collars, traces in plan and hole ids" +
                            (p.intercepts > 0 ? ", intercepts on the traces by grade class" : std::string()) + " (" + p.crs_name +
                            "; scale bar " + p.scale_bar + ")",
                        {}});
    return s;
}

Section map_section(const ProgrammeReport& r)
{
    Section s{"Location map", {}};
    if (r.map.png.empty()) {
        s.blocks.push_back(note("Map unavailable: " + r.map.unavailable + "."));
        return s;
    }
    s.blocks.push_back({Block::Kind::map, "Location map of " + r.project.code + " (" + r.map.crs_name + "; scale bar " + r.map.scale_bar + ")", {}});
    return s;
}

Document lay_out(const ProgrammeReport& r)
{
    Document d;
    d.title = r.project.code + " — " + r.project.name;
    auto fact = [&](const char* label, const std::string& value) {
        d.facts.emplace_back(label, value.empty() ? "not recorded" : value);
    };
    fact("Report date", r.date);
    fact("Phase", r.project.phase);
    fact("Host countries", r.project.host_countries);
    fact("Target commodities", r.project.commodities);
    fact("Start date", r.project.start_date);
    fact("Description", r.project.description);
    fact("Source", r.project.source);
    d.sections = {milestones_section(r), partners_section(r), licences_section(r), commodities_section(r), other_layers_section(r),
                  assays_section(r),    assay_statistics_section(r), qc_section(r), drilling_with_plan(r), conflicts_section(r), own_overlaps_section(r), map_section(r)};
    d.footer = "Programme report made by lode on " + r.date + ". Areas are on the WGS84 ellipsoid.";
    return d;
}

const char* const css = R"(
body { font-family: "Noto Sans", "Noto Sans CJK KR", "DejaVu Sans", sans-serif; font-size: 10pt; color: #1a1a1a; margin: 2em auto; max-width: 60em; }
h1 { font-size: 16pt; margin-bottom: 0.3em; }
h2 { font-size: 12.5pt; border-bottom: 1px solid #999; margin-top: 1.6em; }
table.facts th, table.facts td { border: none; background: none; padding: 0.1em 1em 0.1em 0; font-size: 10pt; }
table.facts th { white-space: nowrap; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 9pt; }
th, td { border: 1px solid #bbb; padding: 0.2em 0.45em; vertical-align: top; text-align: left; }
th { background: #eee; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.flagged td { background: #fde0dc; }
p.note { color: #555; font-style: italic; }
figure { margin: 0.6em 0; page-break-inside: avoid; }
figure img { max-width: 100%; border: 1px solid #bbb; }
footer { margin-top: 2em; font-size: 8pt; color: #666; }
@page { size: A4 landscape; margin: 12mm; }
h2 { page-break-after: avoid; }
@media print { body { margin: 0; max-width: none; } figure img { max-height: 160mm; } }
)";

std::string one_line(const std::string& text)
{
    std::string out;
    for (char c : text)
        out += (c == '\n' || c == '\r') ? ' ' : c;
    return out;
}

} // namespace

std::string escape_markdown_cell(const std::string& text)
{
    std::string out;
    for (char c : one_line(text)) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '\\': case '|': case '*': case '_': case '`': case '[': case ']':
            out += '\\';
            out += c;
            break;
        default: out += c;
        }
    }
    return out;
}

std::string base64(const std::vector<unsigned char>& bytes)
{
    static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
        std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
        if (n > 1)
            v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
        if (n > 2)
            v |= bytes[i + 2];
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += n > 1 ? alphabet[(v >> 6) & 63] : '=';
        out += n > 2 ? alphabet[v & 63] : '=';
    }
    return out;
}

std::string render_report_html(const ProgrammeReport& report)
{
    const Document d = lay_out(report);
    std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + xml_escape(d.title) +
                    "</title>\n<style>" + css + "</style>\n</head>\n<body>\n";
    h += "<h1>" + xml_escape(d.title) + "</h1>\n<table class=\"facts\">\n";
    for (const auto& [label, value] : d.facts)
        h += "<tr><th>" + xml_escape(label) + "</th><td>" + xml_escape(value) + "</td></tr>\n";
    h += "</table>\n";
    for (const auto& section : d.sections) {
        h += "<section>\n<h2>" + xml_escape(section.title) + "</h2>\n";
        for (const auto& block : section.blocks) {
            switch (block.kind) {
            case Block::Kind::paragraph: h += "<p>" + xml_escape(block.text) + "</p>\n"; break;
            case Block::Kind::note: h += "<p class=\"note\">" + xml_escape(block.text) + "</p>\n"; break;
            case Block::Kind::map:
                h += "<figure><img alt=\"" + xml_escape(block.text) + "\" src=\"data:image/png;base64," + base64(report.map.png) +
                     "\"><figcaption>" + xml_escape(block.text) + "</figcaption></figure>\n";
                break;
            case Block::Kind::plan:
                h += "<figure><img alt=\"" + xml_escape(block.text) + "\" src=\"data:image/svg+xml;base64," +
                     base64(std::vector<unsigned char>(report.drill_plan.svg.begin(), report.drill_plan.svg.end())) +
                     "\"><figcaption>" + xml_escape(block.text) + "</figcaption></figure>\n";
                break;
            case Block::Kind::table: {
                const Table& t = block.table;
                h += "<table>\n<thead><tr>";
                for (const auto& name : t.header)
                    h += "<th>" + xml_escape(name) + "</th>";
                h += "</tr></thead>\n<tbody>\n";
                for (std::size_t i = 0; i < t.rows.size(); ++i) {
                    h += t.flagged[i] ? "<tr class=\"flagged\">" : "<tr>";
                    for (std::size_t c = 0; c < t.rows[i].size(); ++c)
                        h += (t.numeric[c] ? "<td class=\"number\">" : "<td>") + xml_escape(t.rows[i][c]) + "</td>";
                    h += "</tr>\n";
                }
                h += "</tbody>\n</table>\n";
                break;
            }
            }
        }
        h += "</section>\n";
    }
    h += "<footer>" + xml_escape(d.footer) + "</footer>\n</body>\n</html>\n";
    return h;
}

std::string render_report_markdown(const ProgrammeReport& report, const std::string& map_href, const std::string& plan_href)
{
    const Document d = lay_out(report);
    std::string m = "# " + escape_markdown_cell(d.title) + "\n\n";
    for (const auto& [label, value] : d.facts)
        m += "- **" + escape_markdown_cell(label) + ":** " + escape_markdown_cell(value) + "\n";
    for (const auto& section : d.sections) {
        m += "\n## " + escape_markdown_cell(section.title) + "\n";
        for (const auto& block : section.blocks) {
            switch (block.kind) {
            case Block::Kind::paragraph: m += "\n" + escape_markdown_cell(block.text) + "\n"; break;
            case Block::Kind::note: m += "\n_" + escape_markdown_cell(block.text) + "_\n"; break;
            case Block::Kind::map:
                // The href is ours (a file name beside the document): only what would end the link is escaped.
                m += "\n![" + escape_markdown_cell(block.text) + "](<" + map_href + ">)\n";
                break;
            case Block::Kind::plan:
                if (!plan_href.empty())
                    m += "\n![" + escape_markdown_cell(block.text) + "](<" + plan_href + ">)\n";
                break;
            case Block::Kind::table: {
                const Table& t = block.table;
                m += "\n|";
                for (const auto& name : t.header)
                    m += " " + escape_markdown_cell(name) + " |";
                m += "\n|";
                for (bool numeric : t.numeric)
                    m += numeric ? " ---: |" : " --- |";
                m += "\n";
                for (std::size_t i = 0; i < t.rows.size(); ++i) {
                    m += "|";
                    for (const auto& cell : t.rows[i])
                        m += " " + (t.flagged[i] && !cell.empty() ? "**" + escape_markdown_cell(cell) + "**" : escape_markdown_cell(cell)) + " |";
                    m += "\n";
                }
                break;
            }
            }
        }
    }
    m += "\n---\n\n" + escape_markdown_cell(d.footer) + "\n";
    return m;
}

} // namespace lode
