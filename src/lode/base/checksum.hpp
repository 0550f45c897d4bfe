#pragma once
#include <cstddef>
#include <string>

namespace lode {

// SHA-256 of a file's bytes as lowercase hex; for a multi-file source (a Shapefile) pass the
// main file: the import log records what the user named.
std::string sha256_file(const std::string& path);

// SHA-256 of bytes in memory (a geometry's WKB in the history) as lowercase hex.
std::string sha256_bytes(const unsigned char* data, std::size_t size);

} // namespace lode
