#include "lode/base/atomic_output.hpp"
#include "lode/base/temporary_directory.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;

namespace {

void write(const fs::path& path, const char* text)
{
    std::ofstream out(path, std::ios::binary);
    out << text;
}

std::string read(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entries(const fs::path& folder)
{
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(folder), fs::directory_iterator()));
}

} // namespace

TEST_CASE("atomic output: the target changes only on commit, and the staging folder goes with its owner")
{
    const lode::TemporaryDirectory dir("lode-atomic-test");
    const fs::path target = dir.path() / "out.txt";
    write(target, "old");
    {
        const lode::AtomicOutput output(dir.path(), "out.txt");
        CHECK(output.folder().parent_path() == dir.path());
        write(output / "out.txt", "new");
        write(output / "out.txt.aux", "part");
        CHECK(read(target) == "old");
        output.commit("out.txt", target);
        CHECK(read(target) == "new");
    }
    CHECK(entries(dir.path()) == 1);   // the uncommitted part went with the folder
    {
        const lode::AtomicOutput output(dir.path(), "out.txt");
        write(output / "out.txt", "abandoned");
    }
    CHECK(read(target) == "new");
    CHECK(entries(dir.path()) == 1);
}

TEST_CASE("atomic output: a folder that cannot be written in is refused with the reason")
{
    const lode::TemporaryDirectory dir("lode-atomic-test");
    const fs::path missing = dir.path() / "no" / "such";
    try {
        lode::AtomicOutput output(missing, "out.txt");
        FAIL("no error");
    } catch (const fs::filesystem_error& e) {
        CHECK(e.path1() == missing);
        CHECK(e.code() == std::errc::no_such_file_or_directory);
    }
}
