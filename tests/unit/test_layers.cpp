// Layers made at any time: the store's checks, one transaction with what follows, the history.
#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/store/store.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>

using namespace lode;

namespace {

LayerKind kind_named(Store& store, const std::string& name)
{
    nlohmann::json definition = store.layer_kind("points").definition;
    definition["name"] = name;
    return parse_layer_kind(definition, "test");
}

bool has_layer(Store& store, const std::string& name)
{
    const auto& kinds = store.layer_kinds();
    return std::any_of(kinds.begin(), kinds.end(), [&](const LayerKind& k) { return k.name == name; });
}

} // namespace

TEST_CASE_TEMPLATE("a layer created inside a transaction that rolls back is gone, from the store and its kinds", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    {
        auto txn = store->begin_write();
        store->create_layer(kind_named(*store, "camps"));   // a savepoint of txn
        CHECK(has_layer(*store, "camps"));
    }
    CHECK_FALSE(has_layer(*store, "camps"));
    store->create_layer(kind_named(*store, "camps"));
    CHECK(has_layer(*store, "camps"));
    HistoryQuery query;
    query.table = "layer_kinds";
    const auto entries = store->history(query);
    REQUIRE(entries.size() == 1);   // the rolled-back create left no entry
    CHECK(entries[0].action == "insert");
    CHECK(entries[0].key == "camps");
}

TEST_CASE_TEMPLATE("layer names: a lowercase identifier, not a layer's or a table's", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    CHECK_THROWS_WITH_AS(store->create_layer(kind_named(*store, "Camps 2")),
                         doctest::Contains("did you mean 'camps_2'"), InputError);
    CHECK_THROWS_WITH_AS(store->create_layer(kind_named(*store, "areas")), doctest::Contains("already exists"), InputError);
    CHECK_THROWS_WITH_AS(store->create_layer(kind_named(*store, "projects")), doctest::Contains("taken by a table"), InputError);
    CHECK_THROWS_WITH_AS(store->rename_layer("areas", "points"), doctest::Contains("already exists"), InputError);
}

TEST_CASE_TEMPLATE("drop is refused while features remain; rename and drop of the licences layer are refused", Backend, LODE_TEST_BACKENDS)
{
    test::StoreFixture<Backend> fixture;
    auto& store = fixture.store;
    Feature f;
    f.id = "P1";
    f.project = "TEST";
    f.wkb = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};   // POINT(0 0)
    store->insert_feature("points", f);
    try {
        store->drop_layer("points", false);
        FAIL("drop of a layer with a feature was not refused");
    } catch (const InputError& e) {
        CHECK(e.hint() == Hint::with_features);
        CHECK(test::contains(e.what(), "still holds 1 feature"));
    }
    CHECK(has_layer(*store, "points"));
    store->drop_layer("points", true);
    CHECK_FALSE(has_layer(*store, "points"));
    CHECK_FALSE(Store::relied_on("licences").empty());
    CHECK(Store::relied_on("traverses").empty());
}

TEST_CASE("a kind definition's misspelt or missing key is named")
{
    nlohmann::json definition = {{"name", "x"}, {"geometry", "Point"}, {"fields", {{{"name", "a"}, {"requried", true}}}}};
    CHECK_THROWS_WITH(parse_layer_kind(definition, "k.json"),
                      "k.json: fields[0]: unknown key 'requried' (did you mean 'required'?)");
    definition = {{"name", "x"}, {"fields", nlohmann::json::array()}};
    CHECK_THROWS_WITH(parse_layer_kind(definition, "k.json"), "k.json: the key 'geometry' is missing");
    definition = {{"name", "x"}, {"geometry", "Point"}, {"fields", {{{"name", "a"}, {"required", "yes"}}}}};
    CHECK_THROWS_WITH(parse_layer_kind(definition, "k.json"), "k.json: field 'a': key 'required' is not true or false");
}
