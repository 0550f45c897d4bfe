#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/export/exporter.hpp"
#include "lode/geo/reprojection.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/import/importer.hpp"
#include "lode/export/qgis_style.hpp"
#include "lode/export/vector_writer.hpp"

#include <cpl_minixml.h>
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <tuple>
#include <sstream>

namespace {

namespace fs = std::filesystem;

std::string slurp(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::size_t count(const std::string& text, const std::string& what)
{
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
        ++n;
    return n;
}

std::vector<std::string> files_in(const fs::path& dir)
{
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

lode::Wkb point(double lon, double lat)
{
    OGRPoint p(lon, lat);
    return lode::geometry_to_wkb(p);
}

lode::WriterOptions to(const std::string& path)
{
    lode::WriterOptions options;
    options.path = path;
    return options;
}

lode::FieldSpec field(const std::string& name, OGRFieldType type = OFTString)
{
    lode::FieldSpec spec;
    spec.name = name;
    spec.type = type;
    return spec;
}

lode::LayerSpec points_spec(std::vector<lode::FieldSpec> extra = {})
{
    lode::LayerSpec spec;
    spec.name = "points";
    spec.geometry = wkbPoint;
    spec.id_field = "id";
    spec.fields = {field("id")};
    spec.fields[0].not_null = spec.fields[0].unique = true;
    spec.fields.insert(spec.fields.end(), extra.begin(), extra.end());
    return spec;
}

} // namespace

TEST_CASE("the format comes from --format or from OUT's extension")
{
    CHECK(lode::format_from_extension("a/b.GPKG") == lode::VectorFormat::gpkg);
    CHECK(lode::format_from_extension("x.json") == lode::VectorFormat::geojson);
    CHECK(lode::format_from_extension("x.geojsonl") == lode::VectorFormat::geojsonseq);
    CHECK(lode::format_from_extension("x.fgb") == lode::VectorFormat::fgb);
    CHECK_FALSE(lode::format_from_extension("x.xyz"));
    CHECK(lode::parse_vector_format("SHP") == lode::VectorFormat::shp);
    CHECK_THROWS_WITH_AS(lode::parse_vector_format("dxf"), doctest::Contains("unknown format 'dxf' (formats: gpkg, geojson"),
                         lode::InputError);
    test::TempDir dir;
    CHECK_THROWS_WITH_AS(lode::VectorWriter(to(dir / "out.xyz")), doctest::Contains("cannot tell the format"), lode::InputError);
    lode::WriterOptions mismatch = to(dir / "out.gpkg");
    mismatch.format = lode::VectorFormat::geojson;
    CHECK_THROWS_WITH_AS(lode::VectorWriter{mismatch}, doctest::Contains("the extension says gpkg"), lode::InputError);
    CHECK(files_in(dir.path).empty());
}

TEST_CASE("--t-srs: exported coordinates land within 1 cm of cs2cs (Minna, Arc 1960, Pulkovo 1942, GDA2020)")
{
    // The reference points go the other way here: from cs2cs's longitude/latitude back to the local
    // CRS, where they must meet the easting/northing cs2cs started from.
    const auto references = test::read_csv(test::data("crs/cs2cs_reference.csv"));
    REQUIRE(references.size() >= 12);
    for (const auto& ref : references) {
        const double lon = std::stod(ref[5]), lat = std::stod(ref[6]);
        auto crs = lode::parse_crs(ref[2], "--t-srs");
        lode::FromWgs84 transform(*crs, lode::BBox{lon, lat, lon, lat});
        CHECK_FALSE(transform.is_identity());
        CHECK_FALSE(transform.operation().empty());
        OGRPoint p(lon, lat);
        REQUIRE(transform.apply(p));
        INFO(ref[0] << " " << ref[1] << " with " << transform.operation() << ": " << p.getX() << "," << p.getY());
        CHECK(std::abs(p.getX() - std::stod(ref[3])) <= 0.01);
        CHECK(std::abs(p.getY() - std::stod(ref[4])) <= 0.01);
    }
}

TEST_CASE("--t-srs refuses a CRS made for elsewhere, and one PROJ can only reach by a ballpark guess")
{
    const lode::BBox tanzania{36.6, -8.8, 36.9, -8.5};
    auto pulkovo = lode::parse_crs("EPSG:28412", "--t-srs");
    CHECK_THROWS_WITH_AS(lode::FromWgs84(*pulkovo, tanzania), doctest::Contains("the data lie outside it"), lode::InputError);
    // Krassowsky's ellipsoid without a datum: only a ballpark transformation exists.
    auto bare = lode::parse_crs("+proj=tmerc +lon_0=69 +k=1 +x_0=500000 +ellps=krass +units=m", "--t-srs");
    CHECK_THROWS_WITH_AS(lode::FromWgs84(*bare, lode::BBox{69.5, 40.8, 69.8, 41}), doctest::Contains("only a ballpark one"),
                         lode::InputError);
    auto wgs84 = lode::parse_crs("EPSG:4326", "--t-srs");
    CHECK(lode::FromWgs84(*wgs84, tanzania).is_identity());
}

TEST_CASE("the QGIS style of every layer kind is well-formed QML with its categories, a catch-all, labels and units")
{
    for (const auto& kind : lode::load_layer_kinds(lode::default_layers_dir())) {
        CAPTURE(kind.name);
        const std::string qml = lode::qgis_qml(kind);
        CPLXMLNode* root = CPLParseXMLString(qml.c_str());
        CHECK(root != nullptr);
        CPLDestroyXMLNode(root);
        const auto style = lode::layer_style(kind);
        CHECK(qml.find("type=\"categorizedSymbol\" attr=\"" + style.category_field + "\"") != std::string::npos);
        CHECK(count(qml, "<category ") == style.categories.size() + 1);
        CHECK(count(qml, "<symbol ") == style.categories.size() + 1);
        CHECK(qml.find("fieldName=\"" + style.label_field + "\"") != std::string::npos);
        CHECK(qml.find("labelsEnabled=\"1\"") != std::string::npos);
        for (const auto& c : style.categories)
            CHECK(qml.find("value=\"" + c.value + "\" label=\"" + c.label + "\"") != std::string::npos);
    }
    auto samples = lode::load_layer_kinds(lode::default_layers_dir());
    const auto& kind = *std::find_if(samples.begin(), samples.end(), [](const auto& k) { return k.name == "samples"; });
    CHECK(lode::qgis_qml(kind).find("<alias field=\"li2o_pct\" name=\"li2o_pct (%)\"/>") != std::string::npos);
    // "#e41a1c" (rock chip) in QGIS's r,g,b,a
    CHECK(lode::qgis_qml(kind).find("value=\"228,26,28,255\"") != std::string::npos);
    // A Shapefile's shortened names are the ones the sidecar style uses.
    CHECK(lode::qgis_qml(kind, {{"sample_type", "sample_typ"}}).find("attr=\"sample_typ\"") != std::string::npos);
}

TEST_CASE("a bad style names the layer and the property")
{
    auto kinds = lode::load_layer_kinds(test::data("layers"));
    lode::LayerKind kind = kinds.front();
    kind.style = {{"category_field", "name"}, {"categories", {{{"value", "a"}, {"fill", "red"}}}}};
    CHECK_THROWS_WITH_AS(lode::layer_style(kind), doctest::Contains("fill 'red' is not a colour"), lode::Error);
    kind.style = {{"category_field", "colour"}};
    CHECK_THROWS_WITH_AS(lode::layer_style(kind), doctest::Contains("has no field 'colour'"), lode::Error);
    kind.style = nlohmann::json::object();   // no style: one symbol, no labels
    const std::string qml = lode::qgis_qml(kind);
    CHECK(qml.find("type=\"singleSymbol\"") != std::string::npos);
    CHECK(qml.find("labelsEnabled=\"0\"") != std::string::npos);
}

TEST_CASE("nothing appears at OUT before commit, and nothing is left when the writer is not committed")
{
    test::TempDir dir;
    const std::string out = dir / "points.geojson";
    {
        lode::VectorWriter writer(to(out));
        const auto layer = writer.add_layer(points_spec());
        writer.write(layer, {std::string("P-1")}, point(69.6, 40.85));
        CHECK_FALSE(fs::exists(out));
        REQUIRE(files_in(dir.path).size() == 1);   // the temporary folder
        CHECK(files_in(dir.path).front().starts_with(".points.geojson.lode-"));
    }
    CHECK(files_in(dir.path).empty());

    lode::VectorWriter writer(to(out));
    const auto layer = writer.add_layer(points_spec());
    writer.write(layer, {std::string("P-1")}, point(69.6, 40.85));
    const auto written = writer.commit();
    CHECK(written == std::vector<std::string>{out});
    CHECK(files_in(dir.path) == std::vector<std::string>{"points.geojson"});
}

TEST_CASE("an existing OUT is refused without overwrite, and replaced only by a finished file with it")
{
    test::TempDir dir;
    const std::string out = dir / "points.fgb";
    std::ofstream(out) << "old";
    CHECK(test::contains(test::error_line<lode::InputError>([&] { lode::VectorWriter(to(out)); }), "exists (use --overwrite to replace it)"));
    lode::WriterOptions options = to(out);
    options.overwrite = true;
    {
        lode::VectorWriter writer(options);
        writer.add_layer(points_spec());
        // not committed: the old file stays
    }
    CHECK(slurp(out) == "old");
    lode::VectorWriter writer(options);
    writer.write(writer.add_layer(points_spec()), {std::string("P-1")}, point(1, 2));
    writer.commit();
    CHECK(slurp(out) != "old");
    CHECK(files_in(dir.path) == std::vector<std::string>{"points.fgb"});
}

TEST_CASE("Shapefile: long field names are shortened uniquely and reported, and text over 254 bytes is refused")
{
    test::TempDir dir;
    lode::VectorWriter writer(to(dir / "points.shp"));
    const auto layer = writer.add_layer(points_spec({field("main_commodity"), field("main_commodity_2"), field("Олмалиқ_шимоли")}));
    REQUIRE(writer.renamed().size() == 3);
    CHECK(writer.renamed()[0].written_as == "main_commo");
    CHECK(writer.renamed()[1].written_as == "main_com_1");
    CHECK(writer.renamed()[2].written_as == "Олмал");   // 10 bytes, whole characters
    writer.write(layer, {std::string("P-1"), std::string("Li"), lode::Value{}, std::string("x")}, point(1, 2));
    CHECK_THROWS_WITH_AS(writer.write(layer, {std::string("P-2"), std::string(255, 'a'), lode::Value{}, lode::Value{}}, point(1, 2)),
                         doctest::Contains("feature 'P-2': field 'main_commodity': 255 bytes of text; a Shapefile field holds at most 254"),
                         lode::InputError);
    // GDAL only warns when a number does not fit its DBF field (and writes another): refused.
    lode::VectorWriter numbers(to(dir / "numbers.shp"));
    const auto n = numbers.add_layer(points_spec({field("grade", OFTReal)}));
    numbers.write(n, {std::string("P-1"), 1.25}, point(1, 2));
    CHECK_THROWS_WITH_AS(numbers.write(n, {std::string("P-2"), 1e300}, point(1, 2)),
                         doctest::Contains("feature 'P-2': a Shapefile cannot hold it: Value 1.00000000000000005e+300 of field grade"),
                         lode::InputError);
}

TEST_CASE("GeoJSON: RFC 7946 (WGS 84 only, right-hand rule, no crs), 7 decimals unless --precision says otherwise")
{
    test::TempDir dir;
    lode::WriterOptions projected = to(dir / "a.geojson");
    projected.target_crs = "EPSG:32637";
    CHECK_THROWS_WITH_AS(lode::VectorWriter{projected}, doctest::Contains("GeoJSON is always WGS 84"), lode::InputError);

    // A clockwise ring, as a store may hold it.
    OGRPolygon polygon;
    OGRLinearRing ring;
    for (auto [x, y] : std::vector<std::pair<double, double>>{{0, 0}, {0, 1.123456789}, {1, 1}, {1, 0}, {0, 0}})
        ring.addPoint(x, y);
    polygon.addRing(&ring);
    OGRMultiPolygon multi;
    multi.addGeometry(&polygon);
    for (auto [precision, expected] : std::vector<std::pair<std::optional<int>, std::string>>{{std::nullopt, "1.1234568"}, {3, "1.123"}}) {
        lode::WriterOptions options = to(dir / "areas.geojson");
        options.precision = precision;
        options.overwrite = true;
        lode::VectorWriter writer(options);
        lode::LayerSpec spec = points_spec({field("grade", OFTReal)});
        spec.geometry = wkbMultiPolygon;
        writer.write(writer.add_layer(spec), {std::string("A-1"), 1.5}, lode::geometry_to_wkb(multi));
        writer.commit();
        const auto json = nlohmann::json::parse(slurp(dir / "areas.geojson"));
        CHECK_FALSE(json.contains("crs"));
        const auto& feature = json.at("features").at(0);
        CHECK(feature.at("id") == "A-1");
        CHECK(feature.at("properties").at("grade").is_number());
        CHECK(slurp(dir / "areas.geojson").find(expected + " ]") != std::string::npos);
        // counterclockwise: (0,0) then (1,0)
        // RFC 7946 mode writes a one-part MultiPolygon as a Polygon: find the exterior ring either way.
        const auto& first = feature.at("geometry").at("coordinates").at(0);
        const auto& exterior = first.at(0).at(0).is_array() ? first.at(0) : first;
        CHECK(exterior.at(1).at(0) == 1.0);
        CHECK(exterior.at(1).at(1) == 0.0);
    }
}

TEST_CASE("KML: a Document a layer with its styles shared, placemarks with name, styleUrl and typed ExtendedData, written as it goes")
{
    test::TempDir dir;
    const std::string out = dir / "sites.kml";
    lode::VectorWriter writer(to(out));
    lode::LayerSpec spec = points_spec({field("name"), field("grade", OFTReal), field("holes", OFTInteger), field("sampled_on", OFTDate)});
    spec.title = "Sites & camps";
    spec.styles = {{"c0", "<IconStyle><color>ff8a29e7</color></IconStyle>"}, {"default", "<IconStyle><color>ff737373</color></IconStyle>"}};
    const auto layer = writer.add_layer(spec);
    writer.write(layer, {std::string("S-1"), std::string("Мурунтов <\"a\" & 'b'>"), 1.5, std::int64_t{3}, std::string("2024-05-01")}, point(64.5775, 41.4958333333), "c0");
    writer.write(layer, {std::string("S-2"), lode::Value{}, lode::Value{}, lode::Value{}, lode::Value{}}, point(69.6, 40.85), "default");
    CHECK_THROWS_WITH(writer.write(layer, {std::string("S-3"), lode::Value{}, lode::Value{}, lode::Value{}, lode::Value{}}, point(1, 2), "c9"),
                      doctest::Contains("feature 'S-3': no KML style named 'c9'"));

    // A second layer: lines, one a one-part multi-geometry, written as its one line.
    lode::LayerSpec lines = points_spec();
    lines.name = "tracks";
    lines.geometry = wkbMultiLineString;
    const auto second = writer.add_layer(lines);
    OGRLineString line;
    line.addPoint(1, 2);
    line.addPoint(3, 4);
    OGRMultiLineString multi;
    multi.addGeometry(&line);
    writer.write(second, {std::string("T-1")}, lode::geometry_to_wkb(multi));
    CHECK_THROWS_WITH(writer.write(layer, {std::string("S-4"), lode::Value{}, lode::Value{}, lode::Value{}, lode::Value{}}, point(1, 2)),
                      doctest::Contains("feature 'S-4': a KML file's layers are written one after another"));
    CHECK_FALSE(fs::exists(out));
    writer.commit();

    const std::string kml = slurp(out);
    CPLXMLNode* root = CPLParseXMLString(kml.c_str());
    REQUIRE(root != nullptr);
    CPLDestroyXMLNode(root);
    CHECK(kml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n<Document id=\"root_doc\">\n"
                          "<Document id=\"points\">\n<name>Sites &amp; camps</name>\n"
                          "<Style id=\"points.c0\"><IconStyle><color>ff8a29e7</color></IconStyle></Style>\n"
                          "<Style id=\"points.default\"><IconStyle><color>ff737373</color></IconStyle></Style>\n"
                          "<Schema name=\"points\" id=\"points.schema\">\n<SimpleField name=\"id\" type=\"string\"/>\n"
                          "<SimpleField name=\"grade\" type=\"float\"/>\n<SimpleField name=\"holes\" type=\"int\"/>\n"
                          "<SimpleField name=\"sampled_on\" type=\"string\"/>\n</Schema>\n"));
    // The name field is the placemark's <name>; NULLs are left out; coordinates to 7 decimals.
    CHECK(kml.find("<Placemark>\n<name>Мурунтов &lt;&quot;a&quot; &amp; &apos;b&apos;&gt;</name>\n<styleUrl>#points.c0</styleUrl>\n"
                   "<ExtendedData><SchemaData schemaUrl=\"#points.schema\">\n<SimpleData name=\"id\">S-1</SimpleData>\n"
                   "<SimpleData name=\"grade\">1.5</SimpleData>\n<SimpleData name=\"holes\">3</SimpleData>\n"
                   "<SimpleData name=\"sampled_on\">2024-05-01</SimpleData>\n</SchemaData></ExtendedData>\n"
                   "<Point><coordinates>64.5775,41.4958333</coordinates></Point>\n</Placemark>\n") != std::string::npos);
    CHECK(kml.find("<Placemark>\n<styleUrl>#points.default</styleUrl>\n<ExtendedData><SchemaData schemaUrl=\"#points.schema\">\n"
                   "<SimpleData name=\"id\">S-2</SimpleData>\n</SchemaData></ExtendedData>\n") != std::string::npos);
    CHECK(count(kml, "<Placemark>") == 3);
    CHECK(kml.find("</Document>\n<Document id=\"tracks\">\n<name>tracks</name>\n") != std::string::npos);
    CHECK(kml.find("<LineString><coordinates>1,2 3,4</coordinates></LineString>") != std::string::npos);
    CHECK(kml.ends_with("</Placemark>\n</Document>\n</Document>\n</kml>\n"));
}

TEST_CASE("KML styles: one a category and the default, colours as aabbggrr, a feature's by its category's value")
{
    lode::LayerStyle style;
    style.fallback.fill = "#737373";
    style.categories = {{"Li", "Lithium", {}}, {"Au", "Gold", {}}};
    style.categories[0].symbol.fill = "#E7298A";
    style.categories[0].symbol.size = 3.2;
    style.categories[1].symbol.stroke = "#ff7f00";
    style.categories[1].symbol.fill = "#fdbf6f80";
    const auto points = lode::kml_styles(style, lode::GeometryType::point);
    REQUIRE(points.size() == 3);
    CHECK(points[0].first == "c0");
    CHECK(points[0].second == "<IconStyle><color>ff8a29e7</color><scale>1.28</scale><Icon>"
                              "<href>http://maps.google.com/mapfiles/kml/shapes/shaded_dot.png</href></Icon></IconStyle>");
    CHECK(points[2].first == "default");
    const auto polygons = lode::kml_styles(style, lode::GeometryType::multipolygon);
    CHECK(polygons[1].second == "<LineStyle><color>ff007fff</color><width>0.850394</width></LineStyle><PolyStyle><color>806fbffd</color></PolyStyle>");
    CHECK(lode::kml_styles(style, lode::GeometryType::multilinestring)[1].second == "<LineStyle><color>ff007fff</color><width>0.850394</width></LineStyle>");
    CHECK(lode::kml_style_name(style, "Au") == "c1");
    CHECK(lode::kml_style_name(style, "Cu") == "default");
    CHECK(lode::kml_style_name(style, "") == "default");
}

TEST_CASE("an export writes the layers, the programmes and a default QGIS style per layer, and refuses what matches nothing")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    lode::ImportOptions import;
    import.file = test::data("formats/points.geojson");
    import.layer = "points";
    import.project = "TEST";
    lode::import_features(*store, import);

    lode::ExportOptions options;
    options.output.path = dir / "test.gpkg";
    std::vector<std::pair<std::int64_t, std::int64_t>> calls;
    const auto report = lode::export_layers(*store, options, [&](std::int64_t done, std::int64_t total) { calls.emplace_back(done, total); });
    REQUIRE(report.layers.size() == 1);   // areas has no feature: left out
    CHECK(report.layers[0].layer == "points");
    CHECK(report.layers[0].features == 3);
    CHECK(report.projects == 1);
    CHECK(report.styles == "layer_styles");
    CHECK(calls.back() == std::pair<std::int64_t, std::int64_t>{3, 3});

    lode::register_gdal();
    lode::Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(options.output.path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    CHECK(ds->GetLayerByName("points")->GetFeatureCount() == 3);
    CHECK(ds->GetLayerByName("projects")->GetFeatureCount() == 1);
    OGRLayer* styles = ds->GetLayerByName("layer_styles");
    REQUIRE(styles);
    lode::FeaturePtr style(styles->GetNextFeature());
    REQUIRE(style);
    CHECK(std::string(style->GetFieldAsString("f_table_name")) == "points");
    CHECK(std::string(style->GetFieldAsString("f_geometry_column")) == "geom");
    CHECK(style->IsFieldSetAndNotNull(style->GetFieldIndex("f_table_schema")));
    CHECK(style->GetFieldAsInteger("useAsDefault") == 1);
    CHECK(std::string(ds->GetMetadataItem("lode_version")) == LODE_VERSION);
    CHECK(std::string(ds->GetLayerByName("points")->GetLayerDefn()->GetFieldDefn(5)->GetNameRef()) == "found");
    CHECK(ds->GetLayerByName("points")->GetLayerDefn()->GetFieldDefn(5)->GetType() == OFTDate);

    options.selection.bbox = lode::BBox{0, 0, 1, 1};
    options.output.path = dir / "none.gpkg";
    CHECK_THROWS_WITH_AS(lode::export_layers(*store, options), doctest::Contains("nothing to export"), lode::InputError);
    CHECK_FALSE(fs::exists(options.output.path));
}

TEST_CASE("a source's other fields come out as typed columns, whether the store's text is read as a flat object of strings or parsed")
{
    // F-3's extra holds strings and nulls only (read without a JSON document); F-1's and F-2's hold
    // numbers, an escaped quote and a list (parsed). The columns and values are the source's.
    test::TempDir dir;
    auto store = test::test_store(dir);
    const fs::path source = dir / "extra.geojson";
    std::ofstream(source) << R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "F-1", "note": "plain", "flag": true, "remark": "say \"hi\"", "count": 3, "ratio": 0.5, "tags": ["a", "b"]}, "geometry": {"type": "Point", "coordinates": [69.6, 40.85]}},
{"type": "Feature", "properties": {"id": "F-2", "note": "ünïcode é", "flag": false, "remark": null, "count": null, "ratio": 2, "tags": null}, "geometry": {"type": "Point", "coordinates": [9.0833, 9.5667]}},
{"type": "Feature", "properties": {"id": "F-3", "note": "x", "flag": null}, "geometry": {"type": "Point", "coordinates": [36.71667, -8.68222]}}
]})";
    lode::ImportOptions import;
    import.file = source.string();
    import.layer = "points";
    import.project = "TEST";
    lode::import_features(*store, import);

    lode::ExportOptions options;
    options.output.path = dir / "extra.gpkg";
    lode::export_layers(*store, options);
    lode::register_gdal();
    lode::Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(options.output.path.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr)));
    REQUIRE(ds);
    OGRLayer* points = ds->GetLayerByName("points");
    REQUIRE(points);
    OGRFeatureDefn* defn = points->GetLayerDefn();
    const std::vector<std::tuple<std::string, OGRFieldType, OGRFieldSubType>> expected = {
        {"count", OFTInteger64, OFSTNone}, {"flag", OFTInteger, OFSTBoolean}, {"note", OFTString, OFSTNone},
        {"ratio", OFTReal, OFSTNone},      {"remark", OFTString, OFSTNone},   {"tags", OFTString, OFSTJSON}};
    const int first = defn->GetFieldIndex("count");
    REQUIRE(first >= 0);
    REQUIRE(defn->GetFieldCount() == first + 6);   // in the order of their names, after the kind's fields
    for (int i = 0; i < 6; ++i) {
        CHECK(std::string(defn->GetFieldDefn(first + i)->GetNameRef()) == std::get<0>(expected[i]));
        CHECK(defn->GetFieldDefn(first + i)->GetType() == std::get<1>(expected[i]));
        CHECK(defn->GetFieldDefn(first + i)->GetSubType() == std::get<2>(expected[i]));
    }
    std::map<std::string, lode::FeaturePtr> by_id;
    for (lode::FeaturePtr f(points->GetNextFeature()); f; f.reset(points->GetNextFeature()))
        by_id[f->GetFieldAsString("id")] = std::move(f);
    REQUIRE(by_id.size() == 3);
    auto null = [&](const std::string& id, const char* field) { return !by_id.at(id)->IsFieldSetAndNotNull(defn->GetFieldIndex(field)); };
    const OGRFeature& f1 = *by_id.at("F-1");
    CHECK(f1.GetFieldAsInteger64("count") == 3);
    CHECK(f1.GetFieldAsInteger("flag") == 1);
    CHECK(std::string(f1.GetFieldAsString("note")) == "plain");
    CHECK(f1.GetFieldAsDouble("ratio") == 0.5);
    CHECK(std::string(f1.GetFieldAsString("remark")) == "say \"hi\"");
    CHECK(std::string(f1.GetFieldAsString("tags")) == R"(["a","b"])");
    const OGRFeature& f2 = *by_id.at("F-2");
    CHECK(null("F-2", "count"));
    CHECK(f2.GetFieldAsInteger("flag") == 0);
    CHECK(std::string(f2.GetFieldAsString("note")) == "ünïcode é");
    CHECK(f2.GetFieldAsDouble("ratio") == 2.0);
    CHECK(null("F-2", "remark"));
    CHECK(null("F-2", "tags"));
    CHECK(std::string(by_id.at("F-3")->GetFieldAsString("note")) == "x");
    for (const char* field : {"count", "flag", "ratio", "remark", "tags"})
        CHECK(null("F-3", field));
}
