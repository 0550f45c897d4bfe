#include "error_text.hpp"
#include "lode/schema/commodities.hpp"
#include "lode/base/error.hpp"
#include "lode/schema/filter.hpp"
#include "lode/schema/layer_kind.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

namespace {

const lode::LayerKind& kind(const std::string& name)
{
    static const auto kinds = lode::load_layer_kinds(std::string(LODE_SOURCE_DIR) + "/layers");
    for (const auto& k : kinds)
        if (k.name == name)
            return k;
    throw std::logic_error("no layer kind '" + name + "' in layers/");
}

const lode::Commodities& vocabulary()
{
    static const auto commodities = lode::Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    return commodities;
}

lode::Feature feature(std::map<std::string, lode::Value> attributes, std::string id = "F-1", std::string project = "UZ-PEG")
{
    lode::Feature f;
    f.id = std::move(id);
    f.project = std::move(project);
    f.attributes = std::move(attributes);
    return f;
}

// A rock-chip sample with no lab recorded.
const lode::Feature& sample()
{
    static const auto f = feature({{"sample_type", std::string("rock chip")},
                                   {"sampled_on", std::string("2024-05-14")},
                                   {"lithology", std::string("spodumene pegmatite")},
                                   {"li2o_pct", 1.45},
                                   {"ta2o5_ppm", 120.0},
                                   {"lab", lode::Value{}}},
                                  "UZ-S-001", "UZ-PEG");
    return f;
}

bool where(const std::string& layer, const std::string& expression, const lode::Feature& f,
           const lode::Commodities* commodities = &vocabulary())
{
    return lode::Filter::parse(expression, kind(layer), commodities).matches(f);
}

bool on_sample(const std::string& expression) { return where("samples", expression, sample()); }

// The message of the error parsing expression gives, or "" when it parses.
std::string error_of(const std::string& layer, const std::string& expression)
{
    try {
        lode::Filter::parse(expression, kind(layer), &vocabulary());
        return "";
    } catch (const lode::InputError& e) {
        return lode::cli::error_text(e);
    }
}

} // namespace

TEST_CASE("filter: comparison operators on real, integer, text and date fields")
{
    CHECK(on_sample("li2o_pct = 1.45"));
    CHECK_FALSE(on_sample("li2o_pct = 1.4"));
    CHECK(on_sample("li2o_pct != 1.4"));
    CHECK(on_sample("li2o_pct <> 1.4"));
    CHECK_FALSE(on_sample("li2o_pct <> 1.45"));
    CHECK(on_sample("li2o_pct < 2"));
    CHECK_FALSE(on_sample("li2o_pct < 1.45"));
    CHECK(on_sample("li2o_pct <= 1.45"));
    CHECK(on_sample("li2o_pct > 1"));
    CHECK_FALSE(on_sample("li2o_pct > 1.45"));
    CHECK(on_sample("li2o_pct >= 1.45"));
    CHECK(on_sample("ta2o5_ppm = 120"));   // an integer literal against a real value
    CHECK(on_sample("ta2o5_ppm>=1.2e2"));
    CHECK(on_sample("ta2o5_ppm > -5"));
    CHECK(on_sample("ta2o5_ppm < +121"));

    const auto area = feature({{"scale", std::int64_t{50000}}, {"year", std::int64_t{2019}}});
    CHECK(where("survey_areas", "year = 2019", area));
    CHECK(where("survey_areas", "year > 2018.5", area));
    CHECK_FALSE(where("survey_areas", "year < 2019", area));
    CHECK(where("survey_areas", "scale >= 50000 AND scale <= 50000", area));
    CHECK(where("survey_areas", "year = 2019.0", area));

    const auto hole = feature({{"dip_deg", -60.0}, {"depth_m", 120.0}});
    CHECK(where("drillholes", "dip_deg = -60", hole));
    CHECK(where("drillholes", "dip_deg < -59.5", hole));
    CHECK_FALSE(where("drillholes", "dip_deg > -.5", hole));

    // Text compares exactly, by code point; '' is a quote.
    CHECK(on_sample("lithology = 'spodumene pegmatite'"));
    CHECK_FALSE(on_sample("lithology = 'Spodumene pegmatite'"));
    CHECK(on_sample("sample_type < 'soil'"));
    CHECK(on_sample("sample_type > 'channel'"));
    CHECK(where("prospects", "name = 'O''Brien''s find'", feature({{"name", std::string("O'Brien's find")}})));

    // Dates compare as dates.
    CHECK(on_sample("sampled_on = '2024-05-14'"));
    CHECK(on_sample("sampled_on >= '2024-01-01'"));
    CHECK(on_sample("sampled_on < '2024-12-31'"));
    CHECK_FALSE(on_sample("sampled_on < '2024-05-14'"));
    CHECK(on_sample("sampled_on > '2023-12-31' AND sampled_on <= '2024-05-14'"));
}

TEST_CASE("filter: BETWEEN, IN, LIKE and IS NULL")
{
    CHECK(on_sample("li2o_pct BETWEEN 1 AND 2"));
    CHECK(on_sample("li2o_pct BETWEEN 1.45 AND 1.45"));   // both ends included
    CHECK_FALSE(on_sample("li2o_pct BETWEEN 1.5 AND 2"));
    CHECK_FALSE(on_sample("li2o_pct BETWEEN 2 AND 1"));
    CHECK(on_sample("li2o_pct NOT BETWEEN 1.5 AND 2"));
    CHECK(on_sample("sampled_on BETWEEN '2024-01-01' AND '2024-06-30'"));
    CHECK(on_sample("li2o_pct BETWEEN 1 AND 2 AND ta2o5_ppm BETWEEN 100 AND 200"));

    CHECK(on_sample("sample_type IN ('soil', 'rock chip')"));
    CHECK_FALSE(on_sample("sample_type IN ('soil', 'stream sediment')"));
    CHECK(on_sample("sample_type NOT IN ('soil')"));
    CHECK_FALSE(on_sample("sample_type NOT IN ('soil', 'rock chip')"));
    CHECK(on_sample("ta2o5_ppm IN (100, 120, 140)"));
    CHECK(on_sample("ta2o5_ppm IN (120)"));
    CHECK(on_sample("sampled_on IN ('2024-05-14')"));

    CHECK(on_sample("lithology LIKE 'spodumene%'"));
    CHECK(on_sample("lithology LIKE 'SPODUMENE%'"));   // ASCII letters ignore case
    CHECK(on_sample("lithology LIKE '%Pegmatite'"));
    CHECK(on_sample("lithology LIKE '%dum%'"));
    CHECK(on_sample("lithology LIKE 'spodumene_pegmatite'"));
    CHECK(on_sample("lithology LIKE '%%%'"));
    CHECK(on_sample("lithology LIKE 's%e%e%e'"));
    CHECK_FALSE(on_sample("lithology LIKE 's%e%e%x'"));
    CHECK_FALSE(on_sample("lithology LIKE '%peg'"));
    CHECK_FALSE(on_sample("lithology LIKE 'spodumene'"));
    CHECK_FALSE(on_sample("lithology LIKE ''"));
    CHECK(on_sample("lithology NOT LIKE 'granite%'"));
    CHECK(on_sample("sampled_on LIKE '2024-%'"));

    CHECK(on_sample("lab IS NULL"));
    CHECK_FALSE(on_sample("lab IS NOT NULL"));
    CHECK(on_sample("lithology IS NOT NULL"));
    CHECK_FALSE(on_sample("lithology IS NULL"));
    CHECK(on_sample("be_ppm IS NULL"));   // an attribute missing from the map is NULL too
}

TEST_CASE("filter: LIKE matches code points in Cyrillic and Korean text, ignoring case for ASCII only")
{
    const auto traverse = feature({{"name", std::string("1-marshrut / 1-маршрут")},
                                   {"crew", std::string("KIGAM 한국지질자원연구원 현장조사팀 (illustrative)")}});
    CHECK(where("traverses", "name LIKE '%маршрут'", traverse));
    CHECK(where("traverses", "name LIKE '1-MARSHRUT / 1-маршрут'", traverse));
    CHECK(where("traverses", "name LIKE '%/ 1-м_ршрут'", traverse));
    CHECK(where("traverses", "name LIKE '%1-_______'", traverse));      // 7 Cyrillic letters, 7 '_'
    CHECK_FALSE(where("traverses", "name LIKE '%1-________'", traverse));
    CHECK_FALSE(where("traverses", "name LIKE '%МАРШРУТ'", traverse));   // Cyrillic case is not folded
    CHECK(where("traverses", "crew LIKE 'kigam 한국_질자원%'", traverse));
    CHECK(where("traverses", "crew LIKE '%현장조사팀 (%)'", traverse));
    CHECK_FALSE(where("traverses", "crew LIKE '%한국_자원%'", traverse));

    // '_' is one code point, not one byte: 한국 is two code points and six bytes.
    const auto korean = feature({{"name", std::string("한국")}});
    CHECK(where("traverses", "name LIKE '__'", korean));
    CHECK(where("traverses", "name LIKE '한_'", korean));
    CHECK(where("traverses", "name LIKE '_국'", korean));
    CHECK_FALSE(where("traverses", "name LIKE '_'", korean));
    CHECK_FALSE(where("traverses", "name LIKE '___'", korean));
    CHECK_FALSE(where("traverses", "name LIKE '______'", korean));
}

TEST_CASE("filter: HAS finds a commodity by symbol, name or alias")
{
    const auto area = feature({{"commodities", std::string("Li;Ta;Cs")}});
    CHECK(where("survey_areas", "commodities HAS 'lithium'", area));
    CHECK(where("survey_areas", "commodities HAS 'Li'", area));
    CHECK(where("survey_areas", "commodities HAS 'LI'", area));
    CHECK(where("survey_areas", "commodities HAS 'tantalum'", area));
    CHECK(where("survey_areas", "commodities HAS 'cesium'", area));   // an alias of Cs
    CHECK(where("survey_areas", "commodities HAS ' Cs '", area));
    CHECK_FALSE(where("survey_areas", "commodities HAS 'REE'", area));
    CHECK_FALSE(where("survey_areas", "commodities HAS 'tin'", area));
    CHECK(where("survey_areas", "commodities NOT HAS 'REE'", area));
    CHECK(where("survey_areas", "NOT commodities HAS 'REE'", area));
    CHECK(where("survey_areas", "commodities = 'lithium, tantalum; cesium'", area));   // a normalised list
    CHECK(where("survey_areas", "commodities LIKE '%Ta%'", area));

    const auto occurrence = feature({{"main_commodity", std::string("Li")}, {"commodities", std::string("Li;Ta;REE")}});
    CHECK(where("occurrences", "main_commodity HAS 'lithium'", occurrence));
    CHECK(where("occurrences", "main_commodity = 'lithium'", occurrence));
    CHECK(where("occurrences", "main_commodity IN ('tin', 'lithium')", occurrence));
    CHECK(where("occurrences", "main_commodity != 'Ta'", occurrence));
    CHECK(where("occurrences", "commodities HAS 'rare earth elements' OR commodities HAS 'REE'", occurrence));

    // Without a vocabulary the literal is a symbol, compared ignoring ASCII case.
    CHECK(where("survey_areas", "commodities HAS 'li'", area, nullptr));
    CHECK_FALSE(where("survey_areas", "commodities HAS 'lithium'", area, nullptr));
}

TEST_CASE("filter: NOT binds tighter than AND, and AND tighter than OR")
{
    // yes: li2o_pct > 1, no: lab = 'ALS', no: ta2o5_ppm > 500
    CHECK(on_sample("li2o_pct > 1 OR sample_type = 'soil' AND ta2o5_ppm > 500"));       // a OR (b AND c)
    CHECK_FALSE(on_sample("(li2o_pct > 1 OR sample_type = 'soil') AND ta2o5_ppm > 500"));
    CHECK(on_sample("sample_type = 'soil' AND ta2o5_ppm > 500 OR li2o_pct > 1"));       // (b AND c) OR a
    CHECK_FALSE(on_sample("NOT li2o_pct > 1 OR ta2o5_ppm > 500"));                       // (NOT a) OR c
    CHECK(on_sample("NOT (li2o_pct > 5 OR ta2o5_ppm > 500)"));
    CHECK_FALSE(on_sample("NOT sample_type = 'soil' AND ta2o5_ppm > 500"));              // (NOT b) AND c
    CHECK(on_sample("NOT (sample_type = 'soil' AND ta2o5_ppm > 500)"));
    CHECK(on_sample("NOT NOT li2o_pct > 1"));
    CHECK(on_sample("((((li2o_pct > 1))))"));
    CHECK(on_sample("li2o_pct > 5 OR ta2o5_ppm > 500 OR sample_type = 'soil' OR lithology LIKE 'spod%'"));
    CHECK_FALSE(on_sample("li2o_pct > 1 AND ta2o5_ppm > 100 AND sample_type = 'rock chip' AND lithology = 'x'"));
    // BETWEEN's AND is not the logical AND.
    CHECK(on_sample("li2o_pct BETWEEN 1 AND 2 AND ta2o5_ppm BETWEEN 100 AND 130 OR li2o_pct < 0"));
}

TEST_CASE("filter: a NULL attribute makes a comparison unknown, and only IS NULL is true of it")
{
    // lab is NULL: every comparison, its negation and NOT of it are not true (SQL's logic).
    CHECK_FALSE(on_sample("lab = 'ALS'"));
    CHECK_FALSE(on_sample("lab != 'ALS'"));
    CHECK_FALSE(on_sample("NOT lab = 'ALS'"));
    CHECK_FALSE(on_sample("lab < 'zzz'"));
    CHECK_FALSE(on_sample("lab IN ('ALS', 'SGS')"));
    CHECK_FALSE(on_sample("lab NOT IN ('ALS', 'SGS')"));
    CHECK_FALSE(on_sample("lab LIKE '%'"));
    CHECK_FALSE(on_sample("lab NOT LIKE 'x%'"));
    CHECK_FALSE(on_sample("be_ppm BETWEEN 0 AND 1000000"));
    CHECK_FALSE(on_sample("be_ppm NOT BETWEEN 0 AND 1"));
    CHECK(on_sample("lab = 'ALS' OR lab IS NULL"));
    CHECK(on_sample("lab = 'ALS' OR li2o_pct > 1"));              // unknown OR true
    CHECK_FALSE(on_sample("lab = 'ALS' AND li2o_pct > 1"));       // unknown AND true
    CHECK(on_sample("NOT (lab = 'ALS' AND li2o_pct > 5)"));       // NOT (unknown AND false)
    CHECK_FALSE(on_sample("NOT (lab = 'ALS' OR li2o_pct > 5)"));  // NOT (unknown OR false)
    CHECK_FALSE(on_sample("NOT (lab = 'ALS' OR li2o_pct > 1)"));  // NOT (unknown OR true)

    const auto empty = feature({});
    CHECK_FALSE(where("survey_areas", "commodities HAS 'Li'", empty));
    CHECK_FALSE(where("survey_areas", "commodities NOT HAS 'Li'", empty));
    CHECK(where("survey_areas", "commodities IS NULL AND year IS NULL", empty));
    CHECK_FALSE(where("survey_areas", "year > 0 OR year <= 0", empty));
}

TEST_CASE("filter: keywords and field names ignore case, and id and project are fields")
{
    CHECK(on_sample("li2o_pct between 1 and 2 and lab is null"));
    CHECK(on_sample("Li2O_Pct Between 1 And 2 Or Not lab Is Null"));
    CHECK(on_sample("sample_type not in ('soil') and lithology not like 'x%'"));
    CHECK(on_sample("id = 'UZ-S-001'"));
    CHECK(on_sample("id LIKE 'uz-s-%'"));
    CHECK(on_sample("project IN ('AU-CMM', 'UZ-PEG')"));
    CHECK_FALSE(on_sample("project = 'AU-CMM'"));
    CHECK(on_sample("id IS NOT NULL"));
    CHECK(on_sample("\tli2o_pct\n>\r1  "));

    const auto filter = lode::Filter::parse("li2o_pct > 1", kind("samples"), nullptr);
    CHECK(filter.text() == "li2o_pct > 1");
    CHECK(lode::Filter().matches(sample()));   // no filter: everything
}

TEST_CASE("filter: errors name the 1-based column, in code points, of the offending token")
{
    CHECK(error_of("samples", "li2o_pct > 1 OR li2o > 2") ==
          "--where: column 17: unknown field 'li2o' (did you mean: li2o_pct?)");
    CHECK(error_of("samples", "li2o_pct >") == "--where: column 11: expected a value after '>'");
    CHECK(error_of("samples", "li2o_pct > AND lab IS NULL") ==
          "--where: column 12: expected a value after '>', found 'AND'");
    CHECK(error_of("samples", "'abc") == "--where: column 1: unterminated string");
    CHECK(error_of("prospects", "name = 'Greenbushes") == "--where: column 8: unterminated string");
    CHECK(error_of("samples", "NOT (li2o_pct > 12))") == "--where: column 20: unexpected ')'");
    CHECK(error_of("samples", "(li2o_pct > 1") == "--where: column 14: expected ')' to close the '(' at column 1");
    CHECK(error_of("samples", "li2o_pct > 1 lab IS NULL") == "--where: column 14: expected AND or OR, found 'lab'");
    CHECK(error_of("samples", "") == "--where: column 1: the expression is empty");
    CHECK(error_of("samples", "lab IS") == "--where: column 7: expected NULL or NOT NULL after IS");
    CHECK(error_of("samples", "lab IS NOT 5") == "--where: column 12: expected NULL after IS NOT, found the number 5");
    CHECK(error_of("samples", "lab = NULL") == "--where: column 7: use IS NULL or IS NOT NULL to test for a missing value");
    CHECK(error_of("samples", "li2o_pct IN (1, 2") == "--where: column 18: expected ',' or ')' in the IN list");
    CHECK(error_of("samples", "li2o_pct IN 1") == "--where: column 13: expected '(' after IN, found the number 1");
    CHECK(error_of("samples", "li2o_pct IN ()") == "--where: column 14: expected a value after '(', found ')'");
    CHECK(error_of("samples", "li2o_pct BETWEEN 1 OR 2") ==
          "--where: column 20: expected AND between the two values of BETWEEN, found 'OR'");
    CHECK(error_of("samples", "li2o_pct NOT = 1") ==
          "--where: column 14: expected BETWEEN, IN, LIKE or HAS after NOT, found '='");
    CHECK(error_of("samples", "li2o_pct") ==
          "--where: column 9: expected an operator after 'li2o_pct' (=, !=, <>, <, <=, >, >=, BETWEEN, IN, LIKE, HAS or IS)");
    CHECK(error_of("samples", "AND lab IS NULL") == "--where: column 1: expected a field name, found 'AND'");
    CHECK(error_of("samples", "5 > li2o_pct") == "--where: column 1: expected a field name, found the number 5");
    CHECK(error_of("prospects", "status = granted") ==
          "--where: column 10: expected a value after '=', found 'granted' (write text in single quotes: 'granted')");
    CHECK(error_of("samples", "li2o_pct > high") == "--where: column 12: expected a value after '>', found 'high'");
    CHECK(error_of("samples", "li2o_pct > ta2o5_ppm") ==
          "--where: column 12: expected a value after '>', found the field 'ta2o5_ppm' (a field is compared with a value, not with another field)");
    CHECK(error_of("prospects", "name = \"Greenbushes\"") == "--where: column 8: write text in single quotes, not double quotes");
    CHECK(error_of("samples", "li2o_pct = 1 && lab IS NULL") == "--where: column 14: use AND instead of '&&'");
    CHECK(error_of("samples", "li2o_pct == 1") == "--where: column 10: '==' is not an operator; use '='");
    CHECK(error_of("samples", "li2o_pct > 1e999") == "--where: column 12: number '1e999' is out of range");
    CHECK(error_of("samples", "li2o_pct > 1.2.3") == "--where: column 12: malformed number '1.2.3'");
    CHECK(error_of("samples", "li2o_pct > 1 ; drop table samples") == "--where: column 14: unexpected character ';'");
    CHECK(error_of("samples", "xyz = 1").starts_with("--where: column 1: unknown field 'xyz' (the fields are: id, project, sample_type,"));

    // Columns count code points, not bytes.
    CHECK(error_of("traverses", "name LIKE 'маршрут' AND crew = 5") ==
          "--where: column 32: 'crew' is a text field, so the value must be quoted: '5'");
    CHECK(error_of("traverses", "crew = '한국' AND nmae = 'x'") ==
          "--where: column 17: unknown field 'nmae' (did you mean: name?)");
    CHECK(error_of("traverses", "name = '한국지질자원연구원") == "--where: column 8: unterminated string");
    CHECK(error_of("traverses", "crew = ‘KIGAM’") ==
          "--where: column 8: write text in straight single quotes ('), not curly quotes");
}

TEST_CASE("filter: literals are checked against the field's type when parsing")
{
    CHECK(error_of("samples", "sampled_on < '2025-02-30'") ==
          "--where: column 14: '2025-02-30' is not a valid date (YYYY-MM-DD)");
    CHECK(error_of("samples", "sampled_on < '2025-2-3'") ==
          "--where: column 14: '2025-2-3' is not a valid date (YYYY-MM-DD)");
    CHECK(error_of("samples", "sampled_on BETWEEN '2024-01-01' AND 2025") ==
          "--where: column 37: 'sampled_on' is a date field, so the value must be a quoted date 'YYYY-MM-DD'");
    CHECK(error_of("samples", "lithology = 12") ==
          "--where: column 13: 'lithology' is a text field, so the value must be quoted: '12'");
    CHECK(error_of("samples", "li2o_pct >= 'high'") ==
          "--where: column 13: 'li2o_pct' is a real field, so the value must be a number, not 'high'");
    CHECK(error_of("survey_areas", "year IN (2019, '2020')") ==
          "--where: column 16: 'year' is an integer field, so the value must be a number, not '2020'");
    CHECK(error_of("samples", "id = 7") == "--where: column 6: 'id' is a text field, so the value must be quoted: '7'");
    CHECK(error_of("samples", "li2o_pct LIKE '1%'") == "--where: column 10: LIKE applies to text, and 'li2o_pct' is a real field");
    CHECK(error_of("samples", "lithology LIKE 5") ==
          "--where: column 16: expected a quoted pattern after LIKE, found the number 5");
    CHECK(error_of("prospects", "name HAS 'Li'") ==
          "--where: column 6: HAS applies to commodity fields, and 'name' is a text field");
    CHECK(error_of("occurrences", "main_commodity < 'Li'") ==
          "--where: column 16: '<' does not apply to the commodity field 'main_commodity' (use =, !=, IN or HAS)");
    CHECK(error_of("occurrences", "commodities BETWEEN 'Li' AND 'Ta'") ==
          "--where: column 13: BETWEEN does not apply to the commodities field 'commodities' (use =, !=, IN or HAS)");
    CHECK(error_of("occurrences", "commodities HAS 3") ==
          "--where: column 17: expected a quoted commodity after HAS, found the number 3");

    // An unknown commodity lists the close matches of the vocabulary.
    const std::string unknown = error_of("occurrences", "commodities HAS 'lithum'");
    CHECK(unknown.starts_with("--where: column 17: unknown commodity 'lithum' (did you mean: "));
    CHECK(unknown.find("Li (lithium)") != std::string::npos);
    CHECK(error_of("occurrences", "main_commodity = 'kryptonite'").starts_with("--where: column 18: unknown commodity 'kryptonite'"));
    CHECK(error_of("occurrences", "commodities = 'Li;unobtainium'").starts_with("--where: column 15: unknown commodity 'unobtainium'"));
}

TEST_CASE("filter: nesting is bounded, long flat chains are not")
{
    std::string deep;
    for (int i = 0; i < lode::Filter::max_depth; ++i)
        deep += "(";
    deep += "lab IS NULL";
    for (int i = 0; i < lode::Filter::max_depth; ++i)
        deep += ")";
    CHECK(on_sample(deep));
    CHECK(error_of("samples", "(" + deep + ")") == "--where: column 65: nesting deeper than 64 levels");

    std::string nots;
    for (int i = 0; i < lode::Filter::max_depth; ++i)
        nots += "NOT ";
    CHECK(on_sample(nots + "lab IS NULL"));
    CHECK(error_of("samples", "NOT " + nots + "lab IS NULL") == "--where: column 257: nesting deeper than 64 levels");
    CHECK(error_of("samples", std::string(100000, '(')) == "--where: column 65: nesting deeper than 64 levels");

    std::string chain = "li2o_pct > 5";
    for (int i = 0; i < 20000; ++i)
        chain += i % 2 ? " OR ta2o5_ppm > 500" : " AND lab = 'x'";
    chain += " OR id = 'UZ-S-001'";
    CHECK(on_sample(chain));
    std::string list = "ta2o5_ppm IN (0";
    for (int i = 1; i <= 20000; ++i)
        list += ", " + std::to_string(i);
    CHECK(on_sample(list + ")"));
}

TEST_CASE("filter: fuzzed and truncated expressions only ever throw lode::InputError")
{
    const std::vector<std::string> fragments = {
        "li2o_pct", "lab", "sampled_on", "lithology", "id", "project", "commodities", "main_commodity", "nosuch",
        "AND", "or", "Not", "BETWEEN", "in", "LIKE", "has", "IS", "null", "(", ")", ",", "=", "!=", "<>", "<", "<=",
        ">", ">=", "==", "!", "&&", "||", "'x'", "'2024-05-14'", "'2025-02-30'", "'%a_'", "''''", "'lithium'",
        "'Li;Ta'", "'", "\"", "1", "-2.5", "1e999", "1e", ".5", "+", "-", "9223372036854775808", "маршрут",
        "'한국'", "‘", std::string("\0", 1), "\xff", "\xe2\x80", "\t", "  ", ";", "%", "_"};
    const std::vector<std::string> valid = {
        "li2o_pct >= 1.2 AND lab IN ('ALS', 'SGS')",
        "lithology LIKE 'Greenb%' OR NOT (sampled_on < '2024-01-01')",
        "commodities HAS 'lithium' AND main_commodity IS NOT NULL",
        "NOT (id = 'a''b' OR project NOT IN ('UZ-PEG')) AND name LIKE '%маршрут_'",
        "li2o_pct BETWEEN -1 AND +2.5e1 AND sampled_on NOT BETWEEN '2024-01-01' AND '2024-12-31'"};

    const std::vector<lode::Feature> features = {
        sample(),
        feature({}),
        feature({{"li2o_pct", std::string("abc")},   // values of the wrong type never make a match fail
                 {"lab", std::int64_t{5}},
                 {"sampled_on", 3.5},
                 {"lithology", std::numeric_limits<double>::quiet_NaN()},
                 {"commodities", std::string("Li;;Ta")},
                 {"main_commodity", std::int64_t{1}}},
                "", ""),
        feature({{"li2o_pct", std::numeric_limits<double>::quiet_NaN()}, {"name", std::string("\xff\xfe")}}),
    };

    std::mt19937 random(20250917);
    auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(random); };

    std::vector<std::string> expressions;
    for (int i = 0; i < 3000; ++i) {
        std::string e;
        const std::size_t count = 1 + pick(16);
        for (std::size_t k = 0; k < count; ++k)
            e += fragments[pick(fragments.size())] + (pick(4) ? " " : "");
        expressions.push_back(e);
    }
    for (int i = 0; i < 1000; ++i) {
        std::string e(pick(24), ' ');
        for (char& c : e)
            c = static_cast<char>(pick(256));
        expressions.push_back(e);
    }
    // Well-formed expressions on samples, so that evaluation is exercised too.
    const std::vector<std::string> predicates = {
        "li2o_pct > 1", "li2o_pct BETWEEN 1 AND 2", "lab IS NULL", "lab IS NOT NULL", "lithology LIKE '%peg%'",
        "sampled_on >= '2024-01-01'", "id IN ('a', 'UZ-S-001')", "project NOT LIKE 'AU%'", "lab NOT IN ('x')",
        "li2o_pct != -3", "sample_type = 'soil'", "ta2o5_ppm IN (1, 120)",
        "sampled_on NOT BETWEEN '2024-01-01' AND '2024-02-01'"};
    for (int i = 0; i < 1000; ++i) {
        std::string e;
        const std::size_t count = 1 + pick(6);
        for (std::size_t k = 0; k < count; ++k) {
            if (k)
                e += pick(2) ? " AND " : " OR ";
            if (!pick(3))
                e += "NOT ";
            e += pick(4) ? predicates[pick(predicates.size())] : "(" + predicates[pick(predicates.size())] + ")";
        }
        expressions.push_back(e);
    }
    for (const auto& v : valid) {
        for (std::size_t cut = 0; cut <= v.size(); ++cut)
            expressions.push_back(v.substr(0, cut));
        for (int i = 0; i < 200; ++i) {
            std::string e = v;
            e[pick(e.size())] = static_cast<char>(pick(256));
            expressions.push_back(e);
        }
    }

    std::size_t parsed = 0, refused = 0;
    for (const auto& e : expressions) {
        for (const char* layer : {"samples", "occurrences", "traverses"}) {
            try {
                const auto filter = lode::Filter::parse(e, kind(layer), &vocabulary());
                for (const auto& f : features)
                    filter.matches(f);
                ++parsed;
            } catch (const lode::InputError& error) {
                ++refused;
                const std::string message = lode::cli::error_text(error);
                INFO("expression: ", e, " message: ", message);
                REQUIRE(message.starts_with("--where: column "));
                REQUIRE(message.find('\n') == std::string::npos);
                const long column = std::stol(message.substr(16));
                REQUIRE(column >= 1);
                REQUIRE(static_cast<std::size_t>(column) <= e.size() + 1);
            } catch (const std::exception& other) {
                FAIL("expression '", e, "' threw something other than lode::InputError: ", other.what());
            }
        }
    }
    CHECK(expressions.size() > 6000);
    CHECK(parsed > 100);
    CHECK(refused > 1000);
    MESSAGE(expressions.size(), " expressions on 3 layers: ", parsed, " parsed, ", refused, " refused");
}
