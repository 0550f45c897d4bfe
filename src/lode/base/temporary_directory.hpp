#pragma once
// A private folder under the system's temporary directory, removed with all it holds when the
// owner goes: where intermediate files (a report's map, the HTML WeasyPrint reads) are made.
#include <filesystem>
#include <string>

namespace lode {

class TemporaryDirectory {
public:
    // Throws Error when the folder cannot be created.
    explicit TemporaryDirectory(const std::string& prefix);
    TemporaryDirectory(const TemporaryDirectory&) = delete;
    TemporaryDirectory& operator=(const TemporaryDirectory&) = delete;
    ~TemporaryDirectory();

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace lode
