#pragma once
#include <string>
#include <utility>
#include <vector>

namespace lode {

// (library, version) for lode and each library it was built with, as the running code reports.
std::vector<std::pair<std::string, std::string>> library_versions();

} // namespace lode
