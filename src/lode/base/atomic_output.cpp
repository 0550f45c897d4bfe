#include "lode/base/atomic_output.hpp"

#include "lode/base/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <system_error>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

namespace lode {

namespace fs = std::filesystem;

namespace {

// What a symlink chain ends at (a path that may not exist); path itself when it is no symlink.
fs::path resolved(const fs::path& path)
{
    fs::path p = path;
    for (int hop = 0; hop < 40; ++hop) {   // SQLite's and the kernel's limit of links followed
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(p, ec)))
            return p;
        const fs::path next = fs::read_symlink(p, ec);
        if (ec)
            return p;
        p = next.is_absolute() ? next : p.parent_path() / next;
    }
    throw InputError(Where{path.string(), -1, "", ""}, "too many levels of symbolic links");
}

const char* kind_of(fs::file_type type)
{
    switch (type) {
    case fs::file_type::character: return "a character device";
    case fs::file_type::block: return "a block device";
    case fs::file_type::fifo: return "a FIFO";
    case fs::file_type::socket: return "a socket";
    default: return "not a regular file";
    }
}

// When the process `pid` started, in seconds since the epoch (Linux /proc); -1 when unknown.
double process_start(long pid)
{
    std::ifstream stat_file("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat_file, line))
        return -1;
    const auto close = line.rfind(')');
    if (close == std::string::npos)
        return -1;
    std::istringstream fields(line.substr(close + 1));
    std::string field;
    for (int i = 3; i <= 22 && fields >> field; ++i)   // field 22: start time, in ticks since boot
        if (i == 22) {
            std::ifstream boot_file("/proc/stat");
            std::string key;
            double boot = -1;
            while (boot_file >> key)
                if (key == "btime") {
                    boot_file >> boot;
                    break;
                }
            const long ticks = ::sysconf(_SC_CLK_TCK);
            if (boot < 0 || ticks <= 0)
                return -1;
            return boot + std::strtod(field.c_str(), nullptr) / static_cast<double>(ticks);
        }
    return -1;
}

// Whether a staging folder `.NAME.lode-tmp-PID-XXXXXX` at path, last written at `written`
// (seconds since the epoch), belongs to no running process.
bool stale(long pid, double written)
{
    if (pid <= 0)
        return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0)
        return errno == ESRCH;
    const double started = process_start(pid);
    return started >= 0 && started > written + 1;   // the PID was reused since
}

// Removes the staging folders for NAME in folder left by processes that are gone.
void remove_stale(const fs::path& folder, const std::string& name)
{
    const std::string prefix = "." + name + ".lode-tmp-";
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string entry = it->path().filename().string();
        if (entry.size() < prefix.size() + 8 || entry.compare(0, prefix.size(), prefix) != 0)
            continue;
        const std::string rest = entry.substr(prefix.size());   // PID-XXXXXX
        const auto dash = rest.find('-');
        if (dash == 0 || dash == std::string::npos || rest.size() - dash - 1 != 6 ||
            rest.find_first_not_of("0123456789") != dash)
            continue;
        struct stat st {};
        if (::lstat(it->path().c_str(), &st) != 0)
            continue;
        const double written = static_cast<double>(st.st_mtim.tv_sec) + static_cast<double>(st.st_mtim.tv_nsec) / 1e9;
        if (stale(std::strtol(rest.substr(0, dash).c_str(), nullptr, 10), written)) {
            std::error_code ignored;
            fs::remove_all(it->path(), ignored);
        }
    }
}

} // namespace

void check_replaceable(const fs::path& path)
{
    std::error_code ec;
    const fs::file_status status = fs::status(resolved(path), ec);
    if (!fs::exists(status) || fs::is_regular_file(status) || fs::is_directory(status))
        return;
    throw InputError(Where{path.string(), -1, "", ""},
                     std::string("is ") + kind_of(status.type()) + ", which lode never replaces; write to a regular file");
}

AtomicOutput::AtomicOutput(const fs::path& folder, const std::string& name)
{
    const fs::path where = folder.empty() ? fs::path(".") : folder;
    check_replaceable(folder.empty() ? fs::path(name) : folder / name);
    remove_stale(where, name);
    std::string pattern = (where / ("." + name + ".lode-tmp-" + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(pattern.data()))
        throw fs::filesystem_error("cannot create a folder", folder, std::error_code(errno, std::generic_category()));
    folder_ = pattern;
}

AtomicOutput::~AtomicOutput()
{
    std::error_code ignored;
    fs::remove_all(folder_, ignored);
}

void AtomicOutput::commit(const std::string& file, const fs::path& target) const
{
    check_replaceable(target);
    const fs::path destination = resolved(target);
    std::error_code ec;
    fs::rename(folder_ / file, destination, ec);
    if (ec != std::errc::cross_device_link) {
        if (ec)
            throw fs::filesystem_error("cannot move the finished file into place", folder_ / file, destination, ec);
        return;
    }
    // A symlink to another file system: copied beside the file it leads to, then renamed there.
    std::string copy = (destination.parent_path() / ("." + destination.filename().string() + ".lode-tmp-" +
                                                      std::to_string(::getpid()) + "-XXXXXX")).string();
    const int fd = ::mkstemp(copy.data());
    if (fd < 0)
        throw fs::filesystem_error("cannot write beside", destination, std::error_code(errno, std::generic_category()));
    ::close(fd);
    fs::copy_file(folder_ / file, copy, fs::copy_options::overwrite_existing, ec);
    if (!ec)
        fs::rename(copy, destination, ec);
    if (ec) {
        std::error_code ignored;
        fs::remove(copy, ignored);
        throw fs::filesystem_error("cannot move the finished file into place", folder_ / file, destination, ec);
    }
}

} // namespace lode
