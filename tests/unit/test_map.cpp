// lode map: the projection chosen for an extent, the scale bar's truth at the map centre, the
// request's checks, and rendered PNGs whose pixels at the features' projected positions have the
// layers' style colours.
#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/geodesy.hpp"
#include "lode/map/render.hpp"
#include "lode/geo/quantity.hpp"

#include <cairo.h>
#include <doctest/doctest.h>
#include <ogr_geometry.h>

#include <cmath>
#include <filesystem>

namespace {

lode::Wkb wkb_of(const OGRGeometry& g)
{
    lode::Wkb out(g.WkbSize());
    g.exportToWkb(wkbNDR, out.data());
    return out;
}

lode::Feature sample(const std::string& id, double lon, double lat, const std::string& type)
{
    lode::Feature f;
    f.id = id;
    f.project = "TEST";
    f.attributes["sample_type"] = type;
    OGRPoint p(lon, lat);
    f.wkb = wkb_of(p);
    return f;
}

lode::Feature prospect(const std::string& id, double w, double s, double e, double n, const std::string& status)
{
    lode::Feature f;
    f.id = id;
    f.project = "TEST";
    f.attributes["name"] = std::string("Проспект ") + id;
    f.attributes["commodities"] = std::string("Li");
    f.attributes["accuracy"] = std::string("illustrative");
    f.attributes["status"] = status;
    OGRMultiPolygon mp;
    OGRPolygon poly;
    auto* ring = new OGRLinearRing();
    ring->addPoint(w, s);
    ring->addPoint(e, s);
    ring->addPoint(e, n);
    ring->addPoint(w, n);
    ring->addPoint(w, s);
    poly.addRingDirectly(ring);
    mp.addGeometry(&poly);
    f.wkb = wkb_of(mp);
    return f;
}

struct MapFixture {
    test::TempDir dir;
    std::unique_ptr<lode::Store> store = test::test_store(dir, lode::default_layers_dir());
    MapFixture()
    {
        store->insert_feature("samples", sample("S-ROCK", 64.60, 41.10, "rock chip"));
        store->insert_feature("samples", sample("S-STREAM", 64.90, 41.30, "stream sediment"));
        store->insert_feature("samples", sample("S-CORE", 64.75, 41.45, "core"));
        store->insert_feature("prospects", prospect("P1", 64.20, 40.90, 64.45, 41.15, "drilling"));
    }
};

struct Pixel {
    double r, g, b;
};

// The colour of the PNG pixel under page point (px, py).
Pixel pixel_at(cairo_surface_t* png, double px, double py, int dpi)
{
    const int x = static_cast<int>(std::floor(px * dpi / 72.0));
    const int y = static_cast<int>(std::floor(py * dpi / 72.0));
    REQUIRE(x >= 0);
    REQUIRE(y >= 0);
    REQUIRE(x < cairo_image_surface_get_width(png));
    REQUIRE(y < cairo_image_surface_get_height(png));
    const unsigned char* data = cairo_image_surface_get_data(png);
    const auto* p = reinterpret_cast<const std::uint32_t*>(data + y * cairo_image_surface_get_stride(png)) + x;
    return {((*p >> 16) & 0xff) / 255.0, ((*p >> 8) & 0xff) / 255.0, (*p & 0xff) / 255.0};
}

void check_colour(const Pixel& p, double r, double g, double b, double tolerance = 2.5 / 255)
{
    CHECK(std::fabs(p.r - r) <= tolerance);
    CHECK(std::fabs(p.g - g) <= tolerance);
    CHECK(std::fabs(p.b - b) <= tolerance);
}

} // namespace

TEST_CASE("a district-sized extent is drawn in the UTM zone of its centre, a larger one in a centred LAEA")
{
    CHECK(lode::choose_map_crs({64.3, 40.8, 69.8, 41.7}) == "EPSG:32642");     // Uzbekistan, 67°E
    CHECK(lode::choose_map_crs({118.8, -21.1, 119.0, -21.0}) == "EPSG:32750");  // Pilbara: MGA zone 50's UTM twin
    CHECK(lode::choose_map_crs({179, -17, -178, -16}) == "EPSG:32701");    // across the antimeridian: zone 1
    const std::string africa = lode::choose_map_crs({-20, -35, 50, 35});
    CHECK(africa.rfind("+proj=laea +lat_0=0.0000 +lon_0=15.0000", 0) == 0);
    CHECK(lode::MapProjection("EPSG:32642").name() == "WGS 84 / UTM zone 42N (EPSG:32642)");
    CHECK(lode::MapProjection(africa).name().find("Lambert azimuthal equal-area") == 0);
}

TEST_CASE("the scale bar's map length equals its label on the ground at the map centre, within 1%")
{
    for (const auto& [crs_, lon, lat] : {std::tuple{std::string("EPSG:32642"), 67.0, 41.2},    // on the central meridian: k = 0.9996
                                        std::tuple{std::string("EPSG:32642"), 71.5, 41.2},    // near the zone's edge: k > 1
                                        std::tuple{std::string("EPSG:3857"), 30.0, 60.0},     // Web Mercator at 60°N: k = 2
                                        std::tuple{lode::choose_map_crs({-20, -35, 50, 35}), 40.0, 20.0}}) {
        const std::string& crs = crs_;   // CAPTURE takes it in a lambda, which may not name a structured binding (clang 14)
        CAPTURE(crs);
        const lode::MapProjection projection(crs);
        double cx = 0, cy = 0;
        REQUIRE(projection.forward(lon, lat, cx, cy));
        const lode::ScaleBar bar = lode::scale_bar(projection, cx, cy, 30000);
        // The ground length of the bar's map length, measured independently by a geodesic between its ends.
        double lon1 = 0, lat1 = 0, lon2 = 0, lat2 = 0;
        REQUIRE(projection.inverse(cx - bar.map_length / 2, cy, lon1, lat1));
        REQUIRE(projection.inverse(cx + bar.map_length / 2, cy, lon2, lat2));
        const double ground = lode::geodesic_distance_m(lon1, lat1, lon2, lat2);
        CHECK(std::fabs(ground - bar.ground_m) / bar.ground_m < 0.01);
        CHECK(bar.map_length <= 30000);
        CHECK(bar.map_length > 30000 / 5.5 / (crs == "EPSG:3857" ? 1 : 1.01));
    }
    // The UTM scale factor shows: on the central meridian the bar is 0.9996 of its ground length.
    const lode::MapProjection utm("EPSG:32642");
    const lode::ScaleBar bar = lode::scale_bar(utm, 500000, 4560000, 30000);
    CHECK(bar.label == "20 km");
    CHECK(bar.map_length / bar.ground_m == doctest::Approx(0.9996).epsilon(1e-4));
    // Web Mercator at 60°N stretches 2×: a 10 km bar is 20 km long on the map.
    const lode::MapProjection mercator("EPSG:3857");
    double x = 0, y = 0;
    REQUIRE(mercator.forward(30, 60, x, y));
    const lode::ScaleBar stretched = lode::scale_bar(mercator, x, y, 30000);
    CHECK(stretched.label == "10 km");
    CHECK(stretched.map_length / stretched.ground_m == doctest::Approx(2.0).epsilon(0.01));
}

TEST_CASE("map requests are checked: bbox, extension, page")
{
    CHECK_THROWS_WITH_AS(lode::parse_bbox("70,40,64,42", true), doctest::Contains("west must be less than east"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_bbox("64,40,70,95", true), doctest::Contains("latitudes must lie within ±90"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_bbox("64,40,70", true), doctest::Contains("four numbers"), lode::InputError);
    CHECK_THROWS_WITH_AS(lode::parse_bbox("64,42,70,40", true), doctest::Contains("south must be less than north"), lode::InputError);
    const lode::BBox across = lode::parse_bbox("179,-17,-179,-16", true);
    CHECK(across.west == 179);
    CHECK(across.east == -179);
    CHECK_THROWS_WITH_AS(lode::map_format_of("m.jpg"), doctest::Contains("use .pdf, .svg, .png or .tif"), lode::InputError);
    CHECK(lode::map_format_of("M.PDF") == lode::MapFormat::pdf);
    CHECK(lode::map_format_of("plan.TIFF") == lode::MapFormat::tif);
    CHECK(lode::page_size("A4", true).width_pt == doctest::Approx(841.89));
    CHECK(lode::page_size("letter", false).height_pt == doctest::Approx(792));
    CHECK_THROWS_AS(lode::page_size("B5", true), lode::InputError);
}

TEST_CASE("a PNG map has each layer's style colour where its features are projected")
{
    MapFixture f;
    lode::MapOptions options;
    options.output = f.dir / "map.png";
    options.projects = {"TEST"};
    options.labels = "none";
    options.dpi = 150;
    const lode::MapReport report = lode::render_map(*f.store, options);
    CHECK(report.crs == "EPSG:32641");   // 64.55°E
    REQUIRE(report.layers.size() == 2);
    CHECK(report.layers[0].layer == "prospects");   // areas under points
    CHECK(report.layers[1].layer == "samples");

    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> png(
        cairo_image_surface_create_from_png(options.output.c_str()), &cairo_surface_destroy);
    REQUIRE(cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS);
    CHECK(cairo_image_surface_get_width(png.get()) == static_cast<int>(std::lround(841.89 * 150 / 72)));
    const lode::MapLayout& layout = *report.layout;
    double px = 0, py = 0;
    // Rock chip: #e41a1c circle; stream sediment: #377eb8 triangle; core: #4daf4a square.
    REQUIRE(layout.to_page(64.60, 41.10, px, py));
    check_colour(pixel_at(png.get(), px, py, 150), 0xe4 / 255.0, 0x1a / 255.0, 0x1c / 255.0);
    REQUIRE(layout.to_page(64.90, 41.30, px, py));
    check_colour(pixel_at(png.get(), px, py, 150), 0x37 / 255.0, 0x7e / 255.0, 0xb8 / 255.0);
    REQUIRE(layout.to_page(64.75, 41.45, px, py));
    check_colour(pixel_at(png.get(), px, py, 150), 0x4d / 255.0, 0xaf / 255.0, 0x4a / 255.0);
    // The drilling prospect: #cab2d6 at alpha 0x80 over the basemap's land.
    REQUIRE(layout.to_page(64.33, 41.04, px, py));   // off the graticule
    const Pixel inside = pixel_at(png.get(), px, py, 150);
    const double a = 0x80 / 255.0;
    check_colour(inside, 0xca / 255.0 * a + 0.965 * (1 - a), 0xb2 / 255.0 * a + 0.953 * (1 - a), 0xd6 / 255.0 * a + 0.93 * (1 - a),
                 3.0 / 255);
    // Its outline: #6a3d9a, on the west edge.
    REQUIRE(layout.to_page(64.20, 41.04, px, py));
    const Pixel edge = pixel_at(png.get(), px, py, 150);
    CHECK(edge.r < 0.6);
    CHECK(edge.g < 0.45);
}

TEST_CASE("a refused map leaves nothing behind")
{
    MapFixture f;
    lode::MapOptions options;
    options.output = f.dir / "empty.pdf";
    options.layers = {"drillholes"};
    CHECK_THROWS_WITH_AS(lode::render_map(*f.store, options), doctest::Contains("nothing to map: no feature matches (layers drillholes)"),
                         lode::InputError);
    options.layers.clear();
    options.projects = {"NOPE"};
    CHECK_THROWS(lode::render_map(*f.store, options));
    options.projects.clear();
    options.output = f.dir / "missing-folder/map.pdf";
    CHECK_THROWS_WITH_AS(lode::render_map(*f.store, options), doctest::Contains("cannot write here"), lode::InputError);
    for (const auto& e : std::filesystem::directory_iterator(f.dir.path))
        CHECK(e.path().filename().string().rfind("test.sqlite", 0) == 0);   // only the store
}

// ---- the programmes' overview (--all) ---------------------------------------------------------------

#include "lode/map/detail/canvas.hpp"

#include <GeographicLib/Geodesic.hpp>
#include <GeographicLib/GeodesicLine.hpp>
#include <fstream>

namespace {

// Two programmes with a partner each; the home institute and one partner have coordinates (Daegu and
// Dodoma, FACTS-geodata.md E and B), the other partner none.
struct OverviewFixture : MapFixture {
    std::string institutes = dir / "institutes.csv";
    OverviewFixture()
    {
        store->add_project({"TZ", "Tanzania test", "TZ", "graphite", "MOU", "", "", "test"});
        lode::Feature s = sample("S-TZ", 36.72, -8.68, "rock chip");
        s.project = "TZ";
        store->insert_feature("samples", s);
        store->add_partnership({"TEST", "Home Institute", "KR", "lead", "test"});
        store->add_partnership({"TZ", "Home Institute", "KR", "lead", "test"});
        store->add_partnership({"TZ", "Survey of Tanzania", "TZ", "host-government agency", "test"});
        store->add_partnership({"TEST", "Unlocated Ministry", "UZ", "host-government agency", "test"});
        std::ofstream(institutes) << "organisation,short_name,place,latitude,longitude,position,country,source,home\n"
                                     "Home Institute,HOME,Daegu,35.87167,128.60167,city point,South Korea,FACTS E,yes\n"
                                     "Survey of Tanzania,GST,Dodoma,-6.17306,35.74194,city point,Tanzania,FACTS B,\n"
                                     "Unlocated Ministry,UM,Tashkent,,,not found,Uzbekistan,FACTS D,\n";
    }
};

} // namespace

TEST_CASE("--all: the corridor is drawn along the geodesic, in the corridor colour at its midpoint")
{
    OverviewFixture f;
    lode::MapOptions options;
    options.output = f.dir / "programmes.png";
    options.all = true;
    options.institutes = f.institutes;
    options.dpi = 150;
    const lode::MapReport report = lode::render_map(*f.store, options);
    CHECK(report.crs == "EPSG:8857");
    REQUIRE(report.corridors.size() == 2);
    const auto gst = std::find_if(report.corridors.begin(), report.corridors.end(), [](const auto& c) { return c.to == "GST"; });
    REQUIRE(gst != report.corridors.end());
    CHECK(gst->from == "HOME");
    // Daegu → Dodoma on WGS 84, measured here independently.
    const auto& wgs84 = GeographicLib::Geodesic::WGS84();
    const GeographicLib::GeodesicLine line = wgs84.InverseLine(35.87167, 128.60167, -6.17306, 35.74194);
    CHECK(gst->km == doctest::Approx(line.Distance() / 1000).epsilon(1e-9));
    CHECK(gst->km == doctest::Approx(10614).epsilon(0.01));   // ~10,600 km (cf. KIGAM → Dodoma, 10,620 km)
    // The partner without a coordinate stands at its programme's area of interest, and a note says so.
    const auto um = std::find_if(report.corridors.begin(), report.corridors.end(), [](const auto& c) { return c.to == "UM"; });
    REQUIRE(um != report.corridors.end());
    CHECK(um->to_lon == doctest::Approx((64.20 + 64.90) / 2));
    CHECK(um->to_lat == doctest::Approx((40.90 + 41.45) / 2));
    REQUIRE(report.notes.size() == 1);
    CHECK(report.notes[0].find("UM has no sourced coordinate") != std::string::npos);
    CHECK(report.notes[0].find("TEST's area of interest") != std::string::npos);

    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> png(
        cairo_image_surface_create_from_png(options.output.c_str()), &cairo_surface_destroy);
    REQUIRE(cairo_surface_status(png.get()) == CAIRO_STATUS_SUCCESS);
    // The geodesic's midpoint (not the straight line's: that would lie ~1,000 km off over India).
    double lat = 0, lon = 0, px = 0, py = 0;
    line.Position(line.Distance() / 2, lat, lon);
    REQUIRE(report.layout->to_page(lon, lat, px, py));
    bool found = false;   // within a pixel of the projected midpoint: #b2182b
    for (int dx = -1; dx <= 1 && !found; ++dx)
        for (int dy = -1; dy <= 1 && !found; ++dy) {
            const Pixel p = pixel_at(png.get(), px + dx * 72.0 / 150, py + dy * 72.0 / 150, 150);
            found = std::fabs(p.r - 0xb2 / 255.0) < 0.05 && std::fabs(p.g - 0x18 / 255.0) < 0.05 && std::fabs(p.b - 0x2b / 255.0) < 0.05;
        }
    CHECK(found);
    // The chord's midpoint, far from the arc, is not corridor-coloured.
    double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
    REQUIRE(report.layout->to_page(128.60167, 35.87167, x1, y1));
    REQUIRE(report.layout->to_page(35.74194, -6.17306, x2, y2));
    const Pixel chord = pixel_at(png.get(), (x1 + x2) / 2, (y1 + y2) / 2, 150);
    CHECK_FALSE((std::fabs(chord.r - 0xb2 / 255.0) < 0.05 && std::fabs(chord.g - 0x18 / 255.0) < 0.05));
}

TEST_CASE("--all: refused without a home institute, or with selections")
{
    OverviewFixture f;
    lode::MapOptions options;
    options.output = f.dir / "programmes.pdf";
    options.all = true;
    options.institutes = f.institutes;
    options.home = "NOBODY";
    CHECK(test::contains(test::error_line<lode::InputError>([&] { lode::render_map(*f.store, options); }), "--home: no institute 'NOBODY'"));
    options.home = "gst";   // by short name, any case: then the Survey of Tanzania is home
    const lode::MapReport report = lode::render_map(*f.store, options);
    for (const auto& c : report.corridors)
        CHECK(c.from == "GST");
    options.projects = {"TEST"};
    CHECK(test::contains(test::error_line<lode::InputError>([&] { lode::render_map(*f.store, options); }), "--all maps every programme"));
}

TEST_CASE("credits cite a long source in a few words")
{
    CHECK(lode::map::concise_source("background article 004 (KIGAM 2025 Critical Minerals International Forum, INFOCM 2025, "
                                    "Conrad Seoul, 12 Dec 2025), shared/background/004_b7379e6af165184b.txt") ==
          "KIGAM background article 004 (12 Dec 2025)");
    CHECK(lode::map::concise_source("GSWA 1:250 000 sheet") == "GSWA 1:250 000 sheet");
    const std::string long_plain(90, 'x');
    CHECK(lode::map::concise_source("Survey notes " + long_plain).size() <= 64);
}

TEST_CASE("a dense layer is drawn once per visible cell but counted whole in the legend")
{
    MapFixture f;
    // 3,000 rock chips within 30 m of one another: one marker on the page, 3,000 in the legend.
    std::vector<lode::Feature> many;
    for (int i = 0; i < 3000; ++i)
        many.push_back(sample("D-" + std::to_string(i), 64.60 + (i % 60) * 1e-5, 41.10 + (i / 60) * 1e-5, "rock chip"));
    std::vector<const lode::Feature*> ptrs;
    for (const auto& m : many)
        ptrs.push_back(&m);
    {
        auto txn = f.store->begin_write();
        f.store->insert_features("samples", ptrs, lode::OnDuplicate::error);
        txn->commit();
    }
    // The lean read a dense layer is drawn from: geometry and the category's text.
    std::size_t rock = 0;
    f.store->scan("samples", {}, lode::Reading::geometries({}, "sample_type"), [&](lode::ScanRow& row) {
        rock += row.text == "rock chip";
        return true;
    });
    CHECK(rock == 3001);
    lode::MapOptions options;
    options.output = f.dir / "dense.png";
    options.layers = {"samples"};
    options.dpi = 100;
    const lode::MapReport report = lode::render_map(*f.store, options);
    REQUIRE(report.layers.size() == 1);
    CHECK(report.layers[0].features == 3003);
    CHECK(report.labels_placed == 0);   // too many to label
    REQUIRE(report.notes.size() == 1);
    CHECK(report.notes[0] == "Samples: 3003 features, too many to label");
    std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> png(
        cairo_image_surface_create_from_png(options.output.c_str()), &cairo_surface_destroy);
    double px = 0, py = 0;
    REQUIRE(report.layout->to_page(64.6003, 41.1002, px, py));
    check_colour(pixel_at(png.get(), px, py, 100), 0xe4 / 255.0, 0x1a / 255.0, 0x1c / 255.0);
}

TEST_CASE("map options are validated in one place, before the store is read")
{
    lode::MapOptions options;
    options.output = "x.pdf";
    CHECK_NOTHROW(lode::validate(options));
    options.dpi = 20;
    CHECK_THROWS_WITH_AS(lode::validate(options), doctest::Contains("20 is not within 36 to 1200"), lode::InputError);
    options.dpi = 200;
    options.all = true;
    options.projects = {"UZ-PEG"};
    CHECK_THROWS_WITH_AS(lode::validate(options), doctest::Contains("maps every programme"), lode::InputError);
    options.output = "x.doc";
    CHECK_THROWS_WITH_AS(lode::validate(options), doctest::Contains("cannot tell the format"), lode::InputError);
}
