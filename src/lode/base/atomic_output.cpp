#include "lode/base/atomic_output.hpp"

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace lode {

namespace fs = std::filesystem;

AtomicOutput::AtomicOutput(const fs::path& folder, const std::string& name)
{
    std::string pattern = ((folder.empty() ? fs::path(".") : folder) / ("." + name + ".lode-XXXXXX")).string();
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
    fs::rename(folder_ / file, target);
}

} // namespace lode
