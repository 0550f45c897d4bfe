#include "lode/schema/commodities.hpp"
#include "lode/base/error.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

namespace {
const lode::Commodities& vocabulary()
{
    static const auto commodities = lode::Commodities::load(std::string(LODE_SOURCE_DIR) + "/layers/commodities.json");
    return commodities;
}
} // namespace

TEST_CASE("all 17 rare-earth elements are in the vocabulary individually, with the group names")
{
    // The 17 REEs: Sc, Y and the 15 lanthanides La..Lu (IUPAC).
    const std::set<std::string> rare_earths = {"Sc", "Y", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu",
                                               "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu"};
    std::set<std::string> found;
    for (const auto& c : vocabulary().all())
        if (rare_earths.count(c.symbol))
            found.insert(c.symbol);
    CHECK(found == rare_earths);
    for (const char* group : {"REE", "LREE", "HREE"})
        CHECK(vocabulary().normalise(group) == group);
}

TEST_CASE("commodities are accepted by symbol, name or alias and stored by symbol")
{
    CHECK(vocabulary().normalise("lithium") == "Li");
    CHECK(vocabulary().normalise(" Dysprosium ") == "Dy");
    CHECK(vocabulary().normalise("cesium") == "Cs");
    CHECK(vocabulary().normalise("high-purity silicon") == "HPSi");
    CHECK(vocabulary().normalise("Graphite") == "graphite");
    CHECK(vocabulary().normalise_list("Li, Ta;lithium | REE") == "Li;Ta;REE");
    for (const char* critical : {"lithium", "cobalt", "nickel", "graphite", "gallium", "germanium", "titanium",
                                 "niobium", "tantalum", "tin", "tungsten", "copper"})
        CHECK_NOTHROW(vocabulary().normalise(critical));
}

TEST_CASE("an unknown commodity is an error that lists the close matches")
{
    try {
        vocabulary().normalise("lithum");
        FAIL("no error for 'lithum'");
    } catch (const lode::Error& e) {
        const std::string message = e.what();
        CHECK(message.find("unknown commodity 'lithum'") != std::string::npos);
        CHECK(message.find("Li (lithium)") != std::string::npos);
    }
    CHECK_THROWS_AS(vocabulary().normalise("unobtainium"), lode::Error);
    CHECK_THROWS_AS(vocabulary().normalise_list("Li;kryptonite"), lode::Error);
}
