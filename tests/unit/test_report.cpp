// lode report: the renderers (escaping, a row per licence, empty sections said out loud), the assay
// → commodity reading, and the gathering on a small store: licence areas and a conflict's shared
// area against the closed-form area of a latitude-longitude box on the ellipsoid.
#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/geos.hpp"
#include "lode/report/report.hpp"

#include <doctest/doctest.h>
#include <ogr_geometry.h>

#include <cmath>

namespace {

std::size_t occurrences(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size()))
        ++n;
    return n;
}

lode::DueItem due_item(const char* due, long days, const char* kind, const char* description, std::optional<double> amount,
                       const char* currency)
{
    lode::DueItem item;
    item.due = due;
    item.days = days;
    item.overdue = days < 0;
    item.kind = kind;
    item.description = description;
    item.amount = amount;
    item.currency = currency;
    return item;
}

lode::ProgrammeReport hand_made_report()
{
    lode::ProgrammeReport r;
    r.project = {"UZ-PEG", "Pegmatites <Li & REE> | Олмалиқ", "UZ", "Li;REE", "preliminary investigation", "", "desc", "src"};
    r.date = "2026-01-31";
    r.partners.push_back({"UZ-PEG", "KIGAM (한국지질자원연구원)", "KR", "lead", 60.0, ""});
    r.partners.push_back({"UZ-PEG", "Wizara ya Madini & Jiolojia | Tanzania", "TZ", "host-government agency", std::nullopt, ""});
    r.terms.push_back({0, "UZ-PEG", "KIGAM (한국지질자원연구원)", "priority right", "Korean companies' priority to take part in development", "2026", "", "JRA <draft>", ""});
    lode::ReportLicence a;
    a.id = "L-1";
    a.number = "PL 1/2024";
    a.name = "Mahenge Mashariki <east>";
    a.holder = "A & B | C";
    a.status = "granted";
    a.expiry = "2025-12-31";
    a.area_km2 = 12.3456;
    a.due.push_back(due_item("2025-12-31", -31, "expiry", "Licence expires", std::nullopt, ""));
    a.due.push_back(due_item("2026-06-30", 150, "rent", "Annual rent", 1500.0, "USD"));
    lode::ReportLicence b;
    b.id = "L-2";
    b.number = "PL 2/2024";
    b.status = "application";
    b.area_km2 = 3;
    b.due.push_back(due_item("2026-02-28", 28, "rent", "Rent 2026", 200.0, "TZS"));
    r.licences = {a, b};
    return r;
}

double box_area_m2(double west, double south, double east, double north)
{
    // Area of the ellipsoid between two parallels over a longitude span: the authalic-latitude
    // closed form, a reference independent of any polygon algorithm.
    const double a = 6378137.0, f = 1 / 298.257223563, b = a * (1 - f), e = std::sqrt(f * (2 - f));
    auto q = [&](double lat_deg) {
        const double s = std::sin(lat_deg * M_PI / 180);
        return s / (1 - e * e * s * s) + std::log((1 + e * s) / (1 - e * s)) / (2 * e);
    };
    return (east - west) * M_PI / 180 * b * b / 2 * (q(north) - q(south));
}

lode::Wkb box(double west, double south, double east, double north)
{
    OGRPolygon polygon;
    OGRLinearRing ring;
    ring.addPoint(west, south);
    ring.addPoint(east, south);
    ring.addPoint(east, north);
    ring.addPoint(west, north);
    ring.addPoint(west, south);
    polygon.addRing(&ring);
    OGRMultiPolygon multi;
    multi.addGeometry(&polygon);
    lode::Wkb out(multi.WkbSize());
    multi.exportToWkb(wkbNDR, out.data());
    return out;
}

lode::Feature licence(const std::string& id, const std::string& project, const std::string& holder, const lode::Wkb& wkb)
{
    lode::Feature f;
    f.id = id;
    f.project = project;
    f.attributes = {{"licence_no", std::string("No. " + id)}, {"holder", holder}, {"status", std::string("granted")},
                    {"accuracy", std::string("illustrative")}, {"expiry", std::string("2026-03-01")}};
    f.wkb = wkb;
    return f;
}

lode::Feature sample(const std::string& id, double lon, double lat, double li2o)
{
    OGRPoint p(lon, lat);
    lode::Feature f;
    f.id = id;
    f.project = "TEST";
    f.attributes = {{"sample_type", std::string("rock chip")}, {"li2o_pct", li2o}};
    f.wkb.resize(p.WkbSize());
    p.exportToWkb(wkbNDR, f.wkb.data());
    return f;
}

} // namespace

TEST_CASE("base64 of the RFC 4648 test vectors")
{
    auto of = [](const std::string& s) { return lode::base64(std::vector<unsigned char>(s.begin(), s.end())); };
    CHECK(of("") == "");
    CHECK(of("f") == "Zg==");
    CHECK(of("fo") == "Zm8=");
    CHECK(of("foo") == "Zm9v");
    CHECK(of("foob") == "Zm9vYg==");
    CHECK(of("fooba") == "Zm9vYmE=");
    CHECK(of("foobar") == "Zm9vYmFy");
}

TEST_CASE("HTML report escapes markup and keeps Hangul, Cyrillic and Swahili")
{
    const std::string html = lode::render_report_html(hand_made_report());
    CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
    CHECK(html.find("Pegmatites &lt;Li &amp; REE&gt; | Олмалиқ") != std::string::npos);
    CHECK(html.find("<Li") == std::string::npos);
    CHECK(html.find("KIGAM (한국지질자원연구원)") != std::string::npos);
    CHECK(html.find("Wizara ya Madini &amp; Jiolojia | Tanzania") != std::string::npos);
    CHECK(html.find("Mahenge Mashariki &lt;east&gt;") != std::string::npos);
    // One row per licence in the licence table, each starting with its number.
    CHECK(occurrences(html, "<tr><td>PL 1/2024</td><td>Mahenge Mashariki &lt;east&gt;</td>") == 1);
    CHECK(occurrences(html, "<tr><td>PL 2/2024</td><td></td>") == 1);
    CHECK(html.find("<td class=\"number\">12.346</td>") != std::string::npos);
    // The overdue expiry is flagged; the rent is open with its amount.
    CHECK(html.find("<tr class=\"flagged\"><td>PL 1/2024</td><td>expiry</td>") != std::string::npos);
    CHECK(html.find("1500.00 USD") != std::string::npos);
    CHECK(html.find("1 overdue on 2026-01-31.") != std::string::npos);
    // Most urgent first, by due date.
    const auto expiry = html.find("<td>Licence expires</td>"), rent_b = html.find("<td>Rent 2026</td>"),
               rent_a = html.find("<td>Annual rent</td>");
    REQUIRE(rent_a != std::string::npos);
    CHECK(expiry < rent_b);
    CHECK(rent_b < rent_a);
    CHECK(html.find("<td>2025-12-31</td><td class=\"number\"></td><td>OVERDUE by 31 d</td>") != std::string::npos);
    CHECK(html.find("<td class=\"number\">1500.00 USD</td><td>in 150 d</td>") != std::string::npos);
    CHECK(html.find("Interests recorded sum to 60.00% (not 100%).") != std::string::npos);
    CHECK(html.find("<td>priority right</td><td>Korean companies&apos; priority to take part in development</td><td>2026</td><td></td><td>JRA &lt;draft&gt;</td>") != std::string::npos);
    // Empty sections say so.
    CHECK(html.find("No milestones recorded.") != std::string::npos);
    CHECK(html.find("No assayed samples recorded.") != std::string::npos);
    CHECK(html.find("Map unavailable: ") != std::string::npos);
    CHECK(html.find("data:image/png") == std::string::npos);
}

TEST_CASE("HTML report embeds the map as a data URI")
{
    auto r = hand_made_report();
    r.map.png = {0x89, 'P', 'N', 'G'};
    r.map.crs_name = "WGS 84 / UTM zone 42N";
    const std::string html = lode::render_report_html(r);
    CHECK(html.find("src=\"data:image/png;base64,iVBORw==\"") != std::string::npos);
    CHECK(html.find("Map unavailable") == std::string::npos);
}

TEST_CASE("Markdown report: pipes escaped in cells, one table row per licence")
{
    CHECK(lode::escape_markdown_cell("a|b") == "a\\|b");
    CHECK(lode::escape_markdown_cell("<b> & c") == "&lt;b&gt; &amp; c");
    CHECK(lode::escape_markdown_cell("li2o_pct\nline") == "li2o\\_pct line");
    CHECK(lode::escape_markdown_cell("Олмалиқ 한국") == "Олмалиқ 한국");
    auto r = hand_made_report();
    r.map.png = {1, 2, 3};
    const std::string md = lode::render_report_markdown(r, "UZ-PEG_map.png");
    CHECK(md.find("# UZ-PEG — Pegmatites &lt;Li &amp; REE&gt; \\| Олмалиқ\n") != std::string::npos);
    CHECK(occurrences(md, "\n| PL 1/2024 | Mahenge Mashariki &lt;east&gt; |") == 1);
    CHECK(occurrences(md, "\n| PL 2/2024 |  | ") == 1);   // its licence row (no name); its due items follow
    CHECK(md.find("| A &amp; B \\| C |") != std::string::npos);
    CHECK(md.find("| Partner | Country | Role | Interest % |\n| --- | --- | --- | ---: |\n") != std::string::npos);
    CHECK(md.find("](<UZ-PEG_map.png>)") != std::string::npos);
    CHECK(md.find("_No milestones recorded._") != std::string::npos);
    // Every table line has as many unescaped pipes as its header.
    std::size_t start = md.find("| Licence | Name |");
    REQUIRE(start != std::string::npos);
    auto pipes = [](const std::string& line) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < line.size(); ++i)
            n += line[i] == '|' && (i == 0 || line[i - 1] != '\\');
        return n;
    };
    const std::size_t header_pipes = pipes(md.substr(start, md.find('\n', start) - start));
    for (std::size_t at = start; at < md.size() && md[at] == '|'; at = md.find('\n', at) + 1)
        CHECK(pipes(md.substr(at, md.find('\n', at) - at)) == header_pipes);
}

TEST_CASE("assay fields are read as their commodity")
{
    const auto vocabulary = lode::Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    CHECK(lode::assay_commodity("li2o_pct", vocabulary) == "Li");
    CHECK(lode::assay_commodity("ta2o5_ppm", vocabulary) == "Ta");
    CHECK(lode::assay_commodity("ceo2_ppm", vocabulary) == "Ce");
    CHECK(lode::assay_commodity("yb2o3_ppm", vocabulary) == "Yb");
    CHECK(lode::assay_commodity("y2o3_ppm", vocabulary) == "Y");
    CHECK(lode::assay_commodity("sn_ppm", vocabulary) == "Sn");
    CHECK(lode::assay_commodity("treo_ppm", vocabulary) == "REE");
    CHECK(lode::assay_commodity("depth_m", vocabulary) == "");
    CHECK(lode::assay_commodity("lab", vocabulary) == "");
}

TEST_CASE("report format from the output's extension")
{
    CHECK(lode::report_format_of("a/UZ.HTML") == lode::ReportFormat::html);
    CHECK(lode::report_format_of("UZ.md") == lode::ReportFormat::markdown);
    CHECK(lode::report_format_of("UZ.pdf") == lode::ReportFormat::pdf);
    CHECK_THROWS_AS(lode::report_format_of("UZ.docx"), lode::InputError);
    CHECK_THROWS_AS(lode::report_format_of("UZ"), lode::InputError);
}

TEST_CASE("gathered report: licence areas, a conflict with another holder's licence, best assays")
{
    test::TempDir dir;
    auto store = lode::create_store(dir / "r.sqlite", std::string(LODE_SOURCE_DIR) + "/layers");
    {
        auto txn = store->begin_write();
        store->add_project({"TEST", "Test programme", "TZ", "graphite", "MOU", "", "", ""});
        store->add_project({"OTHER", "Someone else", "TZ", "graphite", "MOU", "", "", ""});
        store->insert_feature("licences", licence("L-A", "TEST", "KIGAM", box(36.00, -8.00, 36.10, -7.90)));
        store->insert_feature("licences", licence("L-B", "OTHER", "Other Mining Ltd", box(36.05, -8.00, 36.15, -7.90)));
        store->insert_feature("licences", licence("L-C", "TEST", "KIGAM", box(36.08, -8.00, 36.12, -7.95)));   // own: no conflict with L-A
        store->insert_feature("samples", sample("S-1", 36.02, -7.95, 1.5));
        store->insert_feature("samples", sample("S-2", 36.30, -7.95, 2.5));
        store->insert_feature("samples", sample("S-3", 36.03, -7.96, 0.5));
        txn->commit();
    }
    lode::ReportOptions options;
    options.date = "2026-06-01";
    options.map = false;
    options.top_assays = 2;
    const auto r = lode::gather_report(*store, "TEST", options);
    REQUIRE(r.licences.size() == 2);
    CHECK(r.licences[0].id == "L-A");
    CHECK(r.licences[0].area_km2 == doctest::Approx(box_area_m2(36.00, -8.00, 36.10, -7.90) / 1e6).epsilon(1e-6));
    // Conflicts: L-A and L-C each with L-B; L-A with L-C is the programme's own.
    REQUIRE(r.conflicts.size() == 2);
    CHECK(r.conflicts[0].licence == "L-A");
    CHECK(r.conflicts[0].other == "L-B");
    CHECK(r.conflicts[0].other_holder == "Other Mining Ltd");
    CHECK(r.conflicts[0].other_project == "OTHER");
    CHECK(r.conflicts[0].area_km2 == doctest::Approx(box_area_m2(36.05, -8.00, 36.10, -7.90) / 1e6).epsilon(1e-6));
    CHECK(r.conflicts[0].pct_licence == doctest::Approx(50).epsilon(1e-4));
    CHECK(r.conflicts[1].licence == "L-C");
    CHECK(r.conflicts[1].area_km2 == doctest::Approx(box_area_m2(36.08, -8.00, 36.12, -7.95) / 1e6).epsilon(1e-6));
    // L-A with L-C: the programme's own licences (same holder), in their own table; L-C lies over
    // L-A from 36.08 to 36.10 °E, 8.00 to 7.95 °S.
    REQUIRE(r.own_overlaps.size() == 1);
    CHECK(r.own_overlaps[0].licence == "L-A");
    CHECK(r.own_overlaps[0].other == "L-C");
    CHECK(r.own_overlaps[0].area_km2 == doctest::Approx(box_area_m2(36.08, -8.00, 36.10, -7.95) / 1e6).epsilon(1e-6));
    CHECK(r.own_overlaps[0].pct_other == doctest::Approx(50).epsilon(1e-4));
    // The expiry (2026-03-01) is before the report's date: overdue.
    REQUIRE(r.licences[0].due.size() == 1);
    CHECK(r.licences[0].due[0].overdue);
    // Best Li2O: S-2 then S-1; samples assayed for Li: 3.
    REQUIRE(r.assays.size() == 1);
    CHECK(r.assays[0].field == "li2o_pct");
    REQUIRE(r.assays[0].samples.size() == 2);
    CHECK(r.assays[0].samples[0].id == "S-2");
    CHECK(r.assays[0].samples[1].id == "S-1");
    REQUIRE(r.commodities.layers == std::vector<std::string>{"licences", "samples"});
    CHECK(r.commodities.rows.size() == 1);
    CHECK(r.commodities.rows[0].symbol == "Li");
    CHECK(r.commodities.rows[0].counts == std::vector<std::int64_t>{0, 3});
    CHECK(r.map.unavailable == "left out on request");
    CHECK_THROWS_AS(lode::gather_report(*store, "NOPE", options), lode::NotFound);
    options.date = "2025-02-30";
    CHECK_THROWS_AS(lode::gather_report(*store, "TEST", options), lode::InputError);
}
