#pragma once
// The checks' shared step, private to store/: a value from a fixed list.
#include <string>
#include <vector>

namespace lode {

// value as spelled in allowed, compared without case and surrounding blanks; else InputError
// "<what> '<value>' is not one of: ...", with the closest when suggest.
std::string one_of(const std::string& value, const std::vector<std::string>& allowed, const std::string& what, bool suggest);

} // namespace lode
