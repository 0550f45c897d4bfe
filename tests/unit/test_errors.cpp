// Errors as data: the library fills in where a problem lies and names a hint; the CLI alone
// words settings and hints as its options and commands.
#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/import/importer.hpp"
#include "lode/store/history.hpp"

#include <doctest/doctest.h>

#include <fstream>

namespace {

template <class E, class Call>
E caught(Call&& call)
{
    try {
        call();
    } catch (const E& e) {
        return e;
    }
    FAIL("nothing thrown");
    return E("");
}

lode::ImportOptions import_options(const std::string& file, const std::string& layer)
{
    lode::ImportOptions options;
    options.file = file;
    options.layer = layer;
    options.project = "TEST";
    options.source_crs = "EPSG:4326";
    return options;
}

} // namespace

TEST_CASE("a refused feature's error holds the file, the feature, its id and the field")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string file = dir / "bad_grade.csv";
    std::ofstream(file) << "X,Y,id,grade\n69.6,40.85,G-1,1.5\n69.7,40.85,G-2,abc\n";
    const auto e = caught<lode::InputError>([&] { lode::import_features(*store, import_options(file, "points")); });
    CHECK(e.where().file == file);
    CHECK(e.where().feature == 2);
    CHECK(e.where().feature_id == "G-2");
    CHECK(e.where().field == "grade");
    CHECK(e.reason() == "'abc' is not a number");
    CHECK(e.hint() == lode::Hint::none);
    CHECK(std::string(e.what()) == file + ": feature 2 (id 'G-2'): field 'grade': 'abc' is not a number");
}

TEST_CASE("an invalid geometry names the make-valid hint, which only the CLI words")
{
    test::TempDir dir;
    auto store = test::test_store(dir);
    const std::string file = test::data("bad/prospects_bowtie.geojson");
    const auto e = caught<lode::InputError>([&] { lode::import_features(*store, import_options(file, "areas")); });
    CHECK(e.where().file == file);
    CHECK(e.where().feature_id == "BAD-P03");
    CHECK(e.hint() == lode::Hint::make_valid);
    CHECK(std::string(e.what()).find("--make-valid") == std::string::npos);
    CHECK(lode::cli::error_text(e) == std::string(e.what()) + " (repair it with --make-valid)");
}

TEST_CASE("the CLI renders context, settings as options and the hint in one line")
{
    const lode::InputError e(lode::Where{"a.csv", 3, "S-1", "li2o_pct"}, "is outside the range 0..100", lode::Hint::on_duplicate);
    CHECK(lode::cli::error_text(e) == "a.csv: feature 3 (id 'S-1'): field 'li2o_pct': is outside the range 0..100"
                                      " (use --on-duplicate skip or update)");

    const lode::InputError crs(lode::mention(lode::Setting::source_crs) + " 'EPSG:1' is not a CRS that PROJ knows");
    CHECK(std::string(crs.what()) == "source_crs 'EPSG:1' is not a CRS that PROJ knows");
    CHECK(lode::cli::error_text(crs) == "--s-srs 'EPSG:1' is not a CRS that PROJ knows");

    const lode::NotFound store(lode::Where{"x.sqlite", -1, "", ""}, "no lode store here", lode::Hint::create_store);
    CHECK(std::string(store.what()) == "x.sqlite: no lode store here");
    CHECK(lode::cli::error_text(store) == "x.sqlite: no lode store here (create one with 'lode init --db x.sqlite')");
}

TEST_CASE("how many features share a problem is data: the CLI words it before the hint, the note after")
{
    const lode::InputError e(lode::Where{"p.geojson", 1, "P2", ""}, "has no geometry", lode::Hint::skip_empty,
                             "(and 2 more problems in 2 features; " + lode::mention(lode::Setting::dry_run) + " lists them)",
                             lode::Share{3, 5});
    CHECK(e.share().features == 3);
    CHECK(e.share().of == 5);
    CHECK(e.reason() == "has no geometry");   // the count is not patched into the reason
    CHECK(lode::cli::error_text(e) == "p.geojson: feature 1 (id 'P2'): has no geometry; 3 of 5 features have none "
                                      "(skip them with --skip-empty) (and 2 more problems in 2 features; --dry-run lists them)");
    CHECK(std::string(e.what()) == "p.geojson: feature 1 (id 'P2'): has no geometry; 3 of 5 features "
                                   "(and 2 more problems in 2 features; dry_run lists them)");
    const lode::InputError uncounted(lode::Where{"p.geojson", 1, "P2", ""}, "has no geometry", lode::Hint::skip_empty);
    CHECK(lode::cli::error_text(uncounted) == "p.geojson: feature 1 (id 'P2'): has no geometry (skip them with --skip-empty)");
}

TEST_CASE("UTF-8 is checked byte by byte and shown printable on one line")
{
    // Valid: ASCII, Uzbek Cyrillic (2 bytes), Korean (3), an emoji (4).
    CHECK(lode::invalid_utf8_at("Истиқбол 광산 Mgodi 🪨") == std::string::npos);
    // Invalid: a lone 0xFF, a truncated sequence at the end, a stray continuation byte, an overlong
    // '/' (C0 AF), a UTF-16 surrogate (ED A0 80), beyond U+10FFFF (F4 90 80 80).
    CHECK(lode::invalid_utf8_at("gran\xffite") == 4);
    CHECK(lode::invalid_utf8_at("ab\xc3") == 2);
    CHECK(lode::invalid_utf8_at("a\x80") == 1);
    CHECK(lode::invalid_utf8_at("\xc0\xaf") == 0);
    CHECK(lode::invalid_utf8_at("x\xed\xa0\x80") == 1);
    CHECK(lode::invalid_utf8_at("\xf4\x90\x80\x80") == 0);
    CHECK(lode::printable("gran\xffite") == "gran\\xffite");
    CHECK(lode::printable("\x1b[31mred\x07\nnext\x7f") == "\\x1b[31mred\\x07\\x0anext\\x7f");
    CHECK(lode::printable("\xc2\x9b" "2J") == "\\xc2\\x9b2J");   // C1 CSI
    CHECK(lode::printable("Тошкент 서울 é") == "Тошкент 서울 é");
    // In XML (KML, QML, a map's page): markup escaped, a control character XML 1.0 refuses replaced
    // by U+FFFD, tab, line feed and carriage return kept, Cyrillic and Korean as they are.
    CHECK(lode::xml_escape("a<b & \"c\" 'd'>") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;");
    CHECK(lode::xml_escape("Li\x01 ppm\x1b\t\n\rТошкент 서울") == "Li\xEF\xBF\xBD ppm\xEF\xBF\xBD\t\n\rТошкент 서울");

    // The CLI's line escapes what the data put in it.
    const lode::InputError e(lode::Where{"a\nb.csv", 1, "S\x1b", "f"}, "'\x07' is not one of: x");
    CHECK(lode::cli::error_text(e) == "a\\x0ab.csv: feature 1 (id 'S\\x1b'): field 'f': '\\x07' is not one of: x");
}

TEST_CASE("every setting has an option and a library name")
{
    for (unsigned char code = 1; code <= lode::last_setting; ++code) {
        const auto setting = static_cast<lode::Setting>(code);
        CHECK(std::string(lode::cli::option_name(setting)) != "?");
        CHECK(std::string(lode::to_string(setting)) != "?");
        CHECK(lode::word_mentions("x " + lode::mention(setting) + " y", lode::cli::option_name) ==
              "x " + std::string(lode::cli::option_name(setting)) + " y");
    }
}

TEST_CASE("a bad fixed clock is refused when a change is recorded, naming LODE_NOW on the command line")
{
    const auto e = caught<lode::InputError>([] { lode::history_now("2025-13-01"); });
    CHECK(lode::cli::error_text(e) ==
          "LODE_NOW '2025-13-01' is not a UTC date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
}

TEST_CASE("did you mean: the closest names, else the list, else nothing")
{
    const std::vector<std::string> layers{"samples", "prospects", "occurrences"};
    CHECK(lode::did_you_mean("sample", layers) == " (did you mean: samples?)");
    CHECK(lode::did_you_mean("sample", layers, {}, 1) == " (did you mean 'samples'?)");
    CHECK(lode::did_you_mean("zzzzzzzz", layers, "layers") == " (layers: samples, prospects, occurrences)");
    CHECK(lode::did_you_mean("zzzzzzzz", layers).empty());
    CHECK(lode::did_you_mean("Geo Survey, TZ", {"Geo Survey, TZA", "Mines, TZ"}, {}, 3, "; ") ==
          " (did you mean: Geo Survey, TZA?)");
}
