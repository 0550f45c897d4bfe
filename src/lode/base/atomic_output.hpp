#pragma once
// Output written whole or not at all: files are made in a private folder beside where they belong
// and renamed into place when finished, so a failure or an interruption leaves no half-written file
// and never touches an existing one. Whatever was not moved goes with the folder.
//
// What may be replaced: a regular file. A symlink is written through (the file it leads to is
// replaced, the link kept); a device, FIFO or socket is refused, never replaced.
//
// The folder is named `.NAME.lode-tmp-PID-XXXXXX` (PID: this process). A process killed before it
// could remove its folder leaves it behind; the next AtomicOutput for the same NAME in the same
// folder removes every such folder whose process is gone (no process with that PID, or one
// started after the folder was last written, so the PID was reused).
#include <filesystem>
#include <string>

namespace lode {

class AtomicOutput {
public:
    // A fresh folder `.NAME.lode-tmp-PID-XXXXXX` in `folder` (empty: the current folder), which must
    // be on the file system of the targets, after removing stale ones (see above). Throws
    // std::filesystem::filesystem_error when it cannot be made (callers say what they were
    // writing), and InputError when folder/NAME exists and is not a regular file, a folder or a
    // symlink to one of them.
    AtomicOutput(const std::filesystem::path& folder, const std::string& name);
    AtomicOutput(const AtomicOutput&) = delete;
    AtomicOutput& operator=(const AtomicOutput&) = delete;
    ~AtomicOutput();

    // Where the files are written.
    const std::filesystem::path& folder() const { return folder_; }
    std::filesystem::path operator/(const std::string& file) const { return folder_ / file; }

    // Moves FILE of folder() onto target, or onto the file a symlink target leads to (copied beside
    // it first when that is on another file system). InputError when what is there is not a
    // regular file or a folder; std::filesystem::filesystem_error when the move fails.
    void commit(const std::string& file, const std::filesystem::path& target) const;

private:
    std::filesystem::path folder_;
};

// Refuses (InputError naming path) an existing path that AtomicOutput may not replace: anything
// but a regular file or a folder, after following symlinks. Nothing there passes.
void check_replaceable(const std::filesystem::path& path);

} // namespace lode
