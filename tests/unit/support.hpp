#pragma once
// Shared by the unit tests: a temporary folder, and a store made from tests/data/layers.
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

// A fresh store with the test layer kinds (points, areas) and one project, TEST.
inline std::unique_ptr<lode::Store> test_store(const TempDir& dir, const std::string& layers = data("layers"))
{
    auto store = lode::create_store(dir / "test.sqlite", layers);
    store->add_project({"TEST", "Test programme", "UZ", "Li", "MOU", "", "", ""});
    return store;
}

} // namespace test
