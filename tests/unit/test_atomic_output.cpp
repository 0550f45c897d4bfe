#include "lode/base/atomic_output.hpp"
#include "lode/base/temporary_directory.hpp"

#include "lode/base/error.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

TEST_CASE("atomic output: a symlink is written through, a FIFO or a device is refused and kept")
{
    const lode::TemporaryDirectory dir("lode-atomic-test");
    fs::create_directory(dir.path() / "real");
    write(dir.path() / "real" / "data.txt", "old");
    fs::create_symlink("real/data.txt", dir.path() / "link.txt");
    {
        const lode::AtomicOutput output(dir.path(), "link.txt");
        write(output / "link.txt", "new");
        output.commit("link.txt", dir.path() / "link.txt");
    }
    CHECK(fs::is_symlink(fs::symlink_status(dir.path() / "link.txt")));
    CHECK(fs::read_symlink(dir.path() / "link.txt") == "real/data.txt");
    CHECK(read(dir.path() / "real" / "data.txt") == "new");
    CHECK(entries(dir.path()) == 2);
    CHECK(entries(dir.path() / "real") == 1);

    // A dangling link makes the file it names.
    fs::create_symlink("real/made.txt", dir.path() / "dangling.txt");
    {
        const lode::AtomicOutput output(dir.path(), "dangling.txt");
        write(output / "dangling.txt", "made");
        output.commit("dangling.txt", dir.path() / "dangling.txt");
    }
    CHECK(fs::is_symlink(fs::symlink_status(dir.path() / "dangling.txt")));
    CHECK(read(dir.path() / "real" / "made.txt") == "made");

    const fs::path fifo = dir.path() / "pipe";
    REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
    CHECK_THROWS_WITH_AS(lode::AtomicOutput(dir.path(), "pipe"), doctest::Contains("is a FIFO, which lode never replaces"),
                         lode::InputError);
    fs::create_symlink("pipe", dir.path() / "to-pipe");
    CHECK_THROWS_AS(lode::AtomicOutput(dir.path(), "to-pipe"), lode::InputError);
    {
        const lode::AtomicOutput output(dir.path(), "out");
        write(output / "out", "x");
        CHECK_THROWS_AS(output.commit("out", fifo), lode::InputError);
        CHECK_THROWS_WITH_AS(output.commit("out", "/dev/null"), "/dev/null: is a character device, which lode never replaces; write to a regular file",
                             lode::InputError);
    }
    CHECK(fs::is_fifo(fs::symlink_status(fifo)));
    CHECK(fs::is_character_file(fs::symlink_status("/dev/null")));
    CHECK(entries(dir.path()) == 5);   // real, link.txt, dangling.txt, pipe, to-pipe: no staging folder left
}

TEST_CASE("atomic output: staging folders of processes that are gone are removed, those of live ones kept")
{
    const lode::TemporaryDirectory dir("lode-atomic-test");
    const pid_t child = ::fork();
    if (child == 0)
        ::_exit(0);
    REQUIRE(child > 0);
    ::waitpid(child, nullptr, 0);   // a PID no process has now
    const std::string dead = std::to_string(child), live = std::to_string(::getpid());
    const fs::path gone = dir.path() / (".out.txt.lode-tmp-" + dead + "-abcdef");
    const fs::path reused = dir.path() / (".out.txt.lode-tmp-1-abcdef");   // PID 1 started after 1970
    const fs::path running = dir.path() / (".out.txt.lode-tmp-" + live + "-abcdef");
    const fs::path other = dir.path() / (".other.txt.lode-tmp-" + dead + "-abcdef");
    const fs::path unlike = dir.path() / (".out.txt.lode-tmp-" + dead + "-abc");
    for (const auto& folder : {gone, reused, running, other, unlike}) {
        fs::create_directory(folder);
        write(folder / "out.txt", "partial");
    }
    const struct timespec long_ago[2] = {{1000, 0}, {1000, 0}};   // long before PID 1 started
    REQUIRE(::utimensat(AT_FDCWD, reused.c_str(), long_ago, 0) == 0);
    {
        const lode::AtomicOutput output(dir.path(), "out.txt");
        const std::string name = output.folder().filename().string();
        CHECK(name.rfind(".out.txt.lode-tmp-" + live + "-", 0) == 0);
        CHECK(name.size() == (".out.txt.lode-tmp-" + live + "-").size() + 6);
        CHECK_FALSE(fs::exists(gone));
        CHECK_FALSE(fs::exists(reused));
        CHECK(fs::exists(running / "out.txt"));
        CHECK(fs::exists(other / "out.txt"));
        CHECK(fs::exists(unlike / "out.txt"));
    }
    CHECK(entries(dir.path()) == 3);
}
