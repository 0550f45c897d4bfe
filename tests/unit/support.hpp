#pragma once
// Shared by the unit tests: a temporary folder, and a store made from tests/data/layers, on every
// backend (StoreFixture) or on SpatiaLite (test_store, for the tests of importing, exporting,
// maps and reports, whose subject is not the store).
#include "error_text.hpp"
#include "lode/store/store.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <memory>
#include <string>
#include <vector>
#include <unistd.h>

namespace test {

struct TempDir {
    std::filesystem::path path;
    TempDir()
    {
        std::string pattern = (std::filesystem::temp_directory_path() / "lode-test-XXXXXX").string();
        path = ::mkdtemp(pattern.data());
    }
    ~TempDir() { std::filesystem::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

// The rows of a simple CSV (no quoted commas) after its header, as cells.
inline std::vector<std::vector<std::string>> read_csv(const std::string& path)
{
    std::ifstream in(path);
    std::vector<std::vector<std::string>> rows;
    std::string line;
    std::getline(in, line);   // header
    while (std::getline(in, line)) {
        std::vector<std::string> cells;
        std::stringstream ss(line);
        for (std::string cell; std::getline(ss, cell, ',');)
            cells.push_back(cell);
        rows.push_back(cells);
    }
    return rows;
}

// The line the CLI shows for the error E that call throws; empty when it throws none.
template <class E = lode::Error, class Call>
std::string error_line(Call&& call)
{
    try {
        call();
    } catch (const E& e) {
        return lode::cli::error_text(e);
    }
    return "";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::string data(const std::string& relative) { return std::string(LODE_TEST_DATA) + "/" + relative; }

// The store backends that the store-level unit tests run on: each test of the Store interface is
// TEST_CASE_TEMPLATE(name, Backend, LODE_TEST_BACKENDS) over a StoreFixture<Backend>, and names
// no file and no SQL. A backend type makes a fresh, empty place for one store and removes it with
// itself: location() names it. Today SpatiaLite; PostGIS (issue 16) adds its type to the list.
struct SpatiaLite {
    TempDir dir;
    lode::StoreLocation location() const { return lode::StoreLocation(dir / "test.sqlite"); }
};
#define LODE_TEST_BACKENDS test::SpatiaLite

// A fresh store on Backend: with the test layer kinds (points, areas) and one project, TEST; or
// with the layer kinds of layers_dir and nothing else. reopen() opens it again as another program would.
template <class Backend>
struct StoreFixture {
    Backend backend;
    std::unique_ptr<lode::Store> store;

    StoreFixture() : StoreFixture(data("layers"))
    {
        store->add_project({"TEST", "Test programme", "UZ", "Li", "MOU", "", "", ""});
    }
    explicit StoreFixture(const std::string& layers_dir, const lode::ChangeContext& context = {})
        : store(lode::create_store(backend.location(), layers_dir, context))
    {
    }
    std::unique_ptr<lode::Store> reopen(const lode::ChangeContext& context = {}) const
    {
        return lode::open_store(backend.location(), context);
    }
};

// A fresh SpatiaLite store (test.sqlite in dir) with the test layer kinds (points, areas) and one project, TEST.
inline std::unique_ptr<lode::Store> test_store(const TempDir& dir, const std::string& layers = data("layers"))
{
    auto store = lode::create_store(dir / "test.sqlite", layers);
    store->add_project({"TEST", "Test programme", "UZ", "Li", "MOU", "", "", ""});
    return store;
}

} // namespace test
