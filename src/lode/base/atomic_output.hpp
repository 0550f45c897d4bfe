#pragma once
// Output written whole or not at all: files are made in a private folder beside where they belong
// and renamed into place when finished, so a failure or an interruption leaves no half-written file
// and never touches an existing one. Whatever was not moved goes with the folder.
#include <filesystem>
#include <string>

namespace lode {

class AtomicOutput {
public:
    // A fresh folder `.NAME.lode-XXXXXX` in `folder` (empty: the current folder), which must be on the
    // file system of the targets. Throws std::filesystem::filesystem_error when it cannot be made:
    // callers say what they were writing.
    AtomicOutput(const std::filesystem::path& folder, const std::string& name);
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    ~AtomicOutput();

    // Where the files are written.
    const std::filesystem::path& folder() const { return folder_; }
    std::filesystem::path operator/(const std::string& file) const { return folder_ / file; }

    // Renames FILE of folder() onto target; throws std::filesystem::filesystem_error.
    void commit(const std::string& file, const std::filesystem::path& target) const;

private:
    std::filesystem::path folder_;
};

} // namespace lode
