#include "support.hpp"

#include "lode/base/error.hpp"
#include "lode/store/location.hpp"

#include <doctest/doctest.h>

#include <filesystem>

TEST_CASE("a store location is a file unless a scheme names another backend")
{
    const lode::StoreLocation plain("team.sqlite");
    CHECK(plain.is_file());
    CHECK(plain.scheme() == "spatialite");
    CHECK(plain.target() == "team.sqlite");
    CHECK(plain.display() == std::filesystem::absolute("team.sqlite").string());
    for (const char* given : {"sqlite:team.sqlite", "spatialite:team.sqlite"}) {
        const lode::StoreLocation prefixed(given);
        CHECK(prefixed.is_file());
        CHECK(prefixed.target() == "team.sqlite");
    }
    CHECK(lode::StoreLocation("C:/stores/team.sqlite").is_file());
    const lode::StoreLocation shared("postgres://geo:secret@db.example.org:5432/lode");
    CHECK_FALSE(shared.is_file());
    CHECK(shared.scheme() == "postgresql");
}

TEST_CASE("a store location is displayed without credentials")
{
    CHECK(lode::StoreLocation("postgresql://geo:secret@db.example.org/lode").display() == "postgresql://db.example.org/lode");
    CHECK(lode::StoreLocation("postgresql://db.example.org/lode?user=geo&password=secret&sslmode=require").display() ==
          "postgresql://db.example.org/lode?sslmode=require");
    CHECK(lode::StoreLocation("postgresql://geo@db.example.org/lode?password=secret").display() == "postgresql://db.example.org/lode");
}

TEST_CASE("a store location without its password keeps its user (where a field copy connects again)")
{
    CHECK(lode::StoreLocation("postgresql://geo:secret@db.example.org:5433/lode?schema=team").without_password() ==
          "postgresql://geo@db.example.org:5433/lode?schema=team");
    CHECK(lode::StoreLocation("postgresql://db.example.org/lode?user=geo&password=secret&sslmode=require").without_password() ==
          "postgresql://db.example.org/lode?user=geo&sslmode=require");
    CHECK(lode::StoreLocation("postgresql://geo@db.example.org/lode").without_password() == "postgresql://geo@db.example.org/lode");
    CHECK(lode::StoreLocation("postgresql://db.example.org/lode").without_password() == "postgresql://db.example.org/lode");
}

TEST_CASE("a store location knows its own file, through another path to it")
{
    test::TempDir dir;
    test::test_store(dir);
    const lode::StoreLocation location(dir / "test.sqlite");
    CHECK(location.is_same_file(dir / "test.sqlite"));
    CHECK(location.is_same_file((dir.path / "." / "test.sqlite").string()));
    CHECK_FALSE(location.is_same_file(dir / "other.gpkg"));
    CHECK_FALSE(lode::StoreLocation("postgresql://db.example.org/lode").is_same_file(dir / "test.sqlite"));
}

TEST_CASE("a location with no backend in this lode is refused, naming the scheme and no password")
{
    try {
        lode::open_store("mysql://geo:secret@db.example.org/lode");
        FAIL("opened a MySQL store");
    } catch (const lode::NotFound& e) {
        const std::string message = e.what();
        CHECK(message.find("no backend for 'mysql'") != std::string::npos);
        CHECK(message.find("secret") == std::string::npos);
    }
    CHECK_THROWS_AS(lode::create_store("mysql://db.example.org/lode", test::data("layers")), lode::NotFound);
}

TEST_CASE("a PostgreSQL server that cannot be reached is named without the password")
{
    // Port 1 of this machine: nothing listens there, so libpq fails at once.
    try {
        lode::open_store("postgresql://geo:secret@127.0.0.1:1/lode?password=secret2&schema=team");
        FAIL("opened a store on port 1");
    } catch (const lode::Error& e) {
        const std::string message = e.what();
        CHECK(message.find("postgresql://127.0.0.1:1/lode?schema=team: cannot connect") == 0);
        CHECK(message.find("secret") == std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
}
