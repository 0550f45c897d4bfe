// The map page's JSON inside a <script> element: nothing a value holds can end the element or open
// a comment, and JSON.parse (here nlohmann's parser, as strict) reads every value back unchanged.
#include "lode/web/page.hpp"

#include <doctest/doctest.h>

#include <string>

TEST_CASE("map page: values cannot close the script element and parse back unchanged")
{
    const std::string hostile = "</script><script>alert(1)</script><!-- a & b > c \xE2\x80\xA8 \xE2\x80\xA9 "
                                "한국지질자원연구원 Тошкент Leseni ya madini </SCRIPT>";
    nlohmann::ordered_json value = {{"name", hostile}, {"</script>", 1}};
    const std::string text = lode::json_for_script(value);
    CHECK(text.find('<') == std::string::npos);
    CHECK(text.find('>') == std::string::npos);
    CHECK(text.find('&') == std::string::npos);
    CHECK(text.find("\xE2\x80\xA8") == std::string::npos);
    CHECK(text.find("\xE2\x80\xA9") == std::string::npos);
    CHECK(text.find("\\u003c/script\\u003e") != std::string::npos);
    const auto back = nlohmann::ordered_json::parse(text);
    CHECK(back == value);
    CHECK(back["name"].get<std::string>() == hostile);
    // UTF-8 stays UTF-8 (not \u escapes), so a page of names stays readable and small.
    CHECK(text.find("한국지질자원연구원") != std::string::npos);
}

TEST_CASE("map page: an .html or .htm output is a page")
{
    CHECK(lode::is_map_page("programme.html"));
    CHECK(lode::is_map_page("out/UZ.HTM"));
    CHECK_FALSE(lode::is_map_page("map.pdf"));
    CHECK_FALSE(lode::is_map_page("html"));
}
