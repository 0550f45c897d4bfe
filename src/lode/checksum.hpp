#pragma once
#include <string>

namespace lode {

// SHA-256 of a file's bytes as lowercase hex; for a multi-file source (a Shapefile) pass the
// main file: the import log records what the user named.
std::string sha256_file(const std::string& path);

} // namespace lode
