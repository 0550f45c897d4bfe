// Values as files come: dates in a source's format and as spreadsheet serials, aliases of allowed
// values, kind defaults checked when the kind is read, ids found by their common names, and the
// dry run's grouping of problems. Expected values computed by hand (or with Python, as noted).
#include "lode/base/dates.hpp"
#include "lode/base/text.hpp"
#include "lode/import/detail/field_plan.hpp"
#include "lode/import/problems.hpp"
#include "lode/import/values.hpp"
#include "lode/schema/layer_kind.hpp"

#include <doctest/doctest.h>

using namespace lode;

namespace {

std::string date_as(const std::string& text, const std::string& format)
{
    auto d = parse_date_as(text, format);
    return d ? to_string(*d) : "none";
}

FieldDef drill_type()
{
    const auto kind = parse_layer_kind(nlohmann::json::parse(R"({"name": "holes", "geometry": "Point", "fields": [
        {"name": "drill_type", "allowed": ["diamond", "RC", "RAB", "aircore"],
         "aliases": {"diamond": ["DD", "DDH", "diamond drill"], "RC": ["reverse circulation"], "aircore": ["AC", "air core"]}},
        {"name": "accuracy", "allowed": ["surveyed", "approximate"], "default": "approximate"}]})"),
                                       "test");
    return kind.fields.at(0);
}

} // namespace

TEST_CASE("dates in a source's format: day first, month first, dotted, month names, date-times kept as dates")
{
    CHECK(date_as("14/05/2024", "%d/%m/%Y") == "2024-05-14");
    CHECK(date_as("05/14/2024", "%m/%d/%Y") == "2024-05-14");
    CHECK(date_as("14.05.2024", "%d.%m.%Y") == "2024-05-14");
    CHECK(date_as("3/5/2024", "%d/%m/%Y") == "2024-05-03");          // one-digit day and month
    CHECK(date_as("14 May 2024", "%d %b %Y") == "2024-05-14");
    CHECK(date_as("14/05/2024 10:22", "%d/%m/%Y") == "2024-05-14");   // the time dropped
    CHECK(date_as("29/02/2024", "%d/%m/%Y") == "2024-02-29");         // 2024 is a leap year
    CHECK(date_as("29/02/2023", "%d/%m/%Y") == "none");
    CHECK(date_as("31/04/2024", "%d/%m/%Y") == "none");               // April has 30 days
    CHECK(date_as("05/14/2024", "%d/%m/%Y") == "none");               // month 14
    CHECK(date_as("14/05/2024x", "%d/%m/%Y") == "none");
    CHECK(is_date_format("%d/%m/%Y"));
    CHECK_FALSE(is_date_format("%d/%m"));
    CHECK_FALSE(is_date_format("%d/%m/%Y %H"));
    CHECK(is_import_date_format("excel"));
}

TEST_CASE("spreadsheet serial day numbers: 45000 is 2023-03-15")
{
    // Python: date(1899,12,30) + timedelta(45000) == date(2023, 3, 15); + timedelta(61) == date(1900, 3, 1);
    // + timedelta(2958465) == date(9999, 12, 31).
    CHECK(to_string(*spreadsheet_serial_date(45000)) == "2023-03-15");
    CHECK(to_string(*spreadsheet_serial_date(45000.75)) == "2023-03-15");   // 18:00 dropped
    CHECK(to_string(*spreadsheet_serial_date(61)) == "1900-03-01");
    CHECK(to_string(*spreadsheet_serial_date(2958465)) == "9999-12-31");
    CHECK_FALSE(spreadsheet_serial_date(60));
    CHECK_FALSE(spreadsheet_serial_date(20240514));   // YYYYMMDD is no serial

    FieldDef date;
    date.name = "sampled_on";
    date.type = FieldType::date;
    const Commodities none = Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    CHECK(std::get<std::string>(field_value(date, "", none, {}, 45000.0)) == "2023-03-15");
    CHECK(std::get<std::string>(field_value(date, "45000", none, {}, std::nullopt, ValueReading{"excel"})) == "2023-03-15");
    CHECK(std::get<std::string>(field_value(date, "2024-05-14T10:22:00", none, {})) == "2024-05-14");
    CHECK(std::get<std::string>(field_value(date, "2024-05-14 10:22", none, {})) == "2024-05-14");
    CHECK_THROWS_AS(field_value(date, "14/05/2024", none, {}), InputError);
    CHECK(std::get<std::string>(field_value(date, "14/05/2024", none, {}, std::nullopt, ValueReading{"%d/%m/%Y"})) == "2024-05-14");
}

TEST_CASE("aliases of allowed values: any case, spaces, hyphens — did you mean only among plausible ones")
{
    const FieldDef field = drill_type();
    const Commodities none = Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    auto value = [&](const std::string& text) { return std::get<std::string>(field_value(field, text, none, {})); };
    CHECK(value("DD") == "diamond");
    CHECK(value("ddh") == "diamond");
    CHECK(value("Diamond-Drill") == "diamond");
    CHECK(value("rc") == "RC");
    CHECK(value("Reverse  Circulation") == "RC");
    CHECK(value("air_core") == "aircore");
    try {
        value("XX");
        FAIL("XX accepted");
    } catch (const InputError& e) {
        CHECK(e.reason() == "'XX' is not one of: diamond, RC, RAB, aircore");   // no 'RC': every letter differs
    }
    try {
        value("diamnod");
        FAIL("diamnod accepted");
    } catch (const InputError& e) {
        CHECK(e.reason() == "'diamnod' is not one of: diamond, RC, RAB, aircore (did you mean 'diamond'?)");
    }
    CHECK(did_you_mean("DD", {"RC", "RAB"}).empty());
    CHECK(did_you_mean("RABB", {"RC", "RAB"}, {}, 1) == " (did you mean 'RAB'?)");
}

TEST_CASE("a kind's defaults and aliases are checked when the kind is read, naming the key")
{
    auto kind = [](const std::string& field) {
        return parse_layer_kind(nlohmann::json::parse(R"({"name": "k", "geometry": "Point", "fields": [)" + field + "]}"), "k.json");
    };
    auto refused = [&](const std::string& field) {
        try {
            kind(field);
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("accepted");
    };
    CHECK(kind(R"({"name": "n", "type": "integer", "default": 5, "min": 1})").fields[0].default_value == "5");
    CHECK(refused(R"({"name": "a", "allowed": ["x", "y"], "default": "z"})") ==
          "k.json: field 'a': \"default\": 'z' is not one of: x, y");
    CHECK(refused(R"({"name": "n", "type": "integer", "default": 2.5})") == "k.json: field 'n': \"default\": '2.5' is not a whole number");
    CHECK(refused(R"({"name": "n", "type": "real", "default": -1, "min": 0})") ==
          "k.json: field 'n': \"default\": '-1' is outside the field's range");
    CHECK(refused(R"({"name": "d", "type": "date", "default": "2024-02-30"})") ==
          "k.json: field 'd': \"default\": '2024-02-30' is not a date (YYYY-MM-DD)");
    CHECK(refused(R"({"name": "a", "allowed": ["x", "y"], "aliases": {"z": ["zz"]}})") ==
          "k.json: field 'a': \"aliases\": 'z' is not one of the field's allowed values (x, y)");
    CHECK(refused(R"({"name": "a", "allowed": ["x", "y"], "aliases": {"x": ["Y"]}})") ==
          "k.json: field 'a': \"aliases\".x: alias 'Y' already means 'y'");
    // A default fills what the source leaves empty.
    const Commodities none = Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    const auto accuracy = kind(R"({"name": "accuracy", "required": true, "allowed": ["surveyed", "approximate"], "default": "approximate"})").fields[0];
    CHECK(std::get<std::string>(field_value(accuracy, "", none, {})) == "approximate");
}

TEST_CASE("built-in kinds: accuracy has a default — what a geologist must know stays required")
{
    for (const auto& k : load_layer_kinds(default_layers_dir()))
        if (const FieldDef* accuracy = k.field("accuracy")) {
            CHECK_MESSAGE(accuracy->default_value == std::optional<std::string>("approximate"), k.name);
            CHECK_MESSAGE(!accuracy->required, k.name);
        }
    for (const auto& k : load_layer_kinds(default_layers_dir())) {
        if (k.name == "samples")
            CHECK(k.field("sample_type")->required);
        if (k.name == "licences")
            CHECK(k.field("licence_no")->required);
        if (k.name == "drillholes")
            CHECK(*k.field("drill_type")->allowed_match("DDH") == "diamond");
        if (k.name == "samples")
            CHECK(*k.field("sample_type")->allowed_match("stream sed") == "stream sediment");
    }
}

TEST_CASE("id fields are found by their common names, for the kind")
{
    using import_detail::detect_id_field;
    CHECK(detect_id_field({"Easting", "SampleID", "Au_ppb"}, "samples") == 1);
    CHECK(detect_id_field({"x", "Sample_No"}, "samples") == 1);
    CHECK(detect_id_field({"HoleID", "SampleID"}, "samples") == 1);     // a sample's hole is not its id
    CHECK(detect_id_field({"HoleID", "SampleID"}, "drillholes") == 0);
    CHECK(detect_id_field({"hole-id"}, "drillholes") == 0);
    CHECK(detect_id_field({"holder", "LIC_NO"}, "licences") == 1);
    CHECK(detect_id_field({"tenement_id"}, "licences") == 0);
    CHECK(detect_id_field({"ID", "SampleID"}, "samples") == 0);         // "id" first
    CHECK(detect_id_field({"SampleID"}, "prospects") == -1);
    CHECK(import_detail::extra_key("FID") == "source_fid");
}

TEST_CASE("problems are grouped by field and reason, the values apart, the first five ids kept")
{
    std::vector<Problem> problems;
    for (int i = 1; i <= 7; ++i)
        problems.push_back({i, "S" + std::to_string(i), "Li2O_pct", "'<0." + std::to_string(i) + "' is not a number"});
    problems.push_back({3, "S3", "depth_m", "5200 is outside the range 0..5000 m"});
    problems.push_back({9, "S9", "depth_m", "6000 is outside the range 0..5000 m"});
    problems.push_back({4, "S4", "", "invalid geometry: Self-intersection", Hint::make_valid});
    const auto groups = group_problems(problems);
    REQUIRE(groups.size() == 3);
    CHECK(groups[0].reason == "'…' is not a number");
    CHECK(groups[0].count == 7);
    CHECK(groups[0].first_ids == std::vector<std::string>{"S1", "S2", "S3", "S4", "S5"});
    CHECK(groups[0].values == std::vector<std::string>{"<0.1", "<0.2", "<0.3"});
    CHECK(groups[1].reason == "… is outside the range 0..5000 m");
    CHECK(groups[1].count == 2);
    CHECK(groups[2].hint == Hint::make_valid);
    CHECK(features_with_problems(problems) == 8);   // features 1-7 and 9
}

TEST_CASE("CSV cells as RFC 4180 writes them: quoted only when needed, quotes doubled, edge spaces kept")
{
    CHECK(lode::csv_cell("UZ24-L-01") == "UZ24-L-01");
    CHECK(lode::csv_cell("") == "");
    CHECK(lode::csv_cell("pegmatite, spodumene") == "\"pegmatite, spodumene\"");
    CHECK(lode::csv_cell("the \"Kuh\" vein") == "\"the \"\"Kuh\"\" vein\"");
    CHECK(lode::csv_cell("line 1\nline 2") == "\"line 1\nline 2\"");
    CHECK(lode::csv_cell(" leading") == "\" leading\"");
    CHECK(lode::csv_cell("trailing ") == "\"trailing \"");
    CHECK(lode::csv_cell("Ўзбекистон 김지우 Kilimanjaro") == "Ўзбекистон 김지우 Kilimanjaro");
}
