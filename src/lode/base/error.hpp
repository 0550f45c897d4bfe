#pragma once
// Errors carry their context (file, feature, field) as text already composed, so that the CLI
// prints exactly one line. Library code throws; only the CLI's main() turns errors into output.
#include <stdexcept>
#include <string>

namespace lode {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Bad input data: a file, a feature or a field that lode refuses.
class InputError : public Error {
public:
    using Error::Error;
};

// A request that names something the store does not have (layer, project, feature).
class NotFound : public Error {
public:
    using Error::Error;
};

// Where in a source a problem lies; renders as "file: feature 12 (id 'X'): field 'f': ".
struct Where {
    std::string file;
    long long feature = -1;      // FID or index in the source; -1 when not about one feature
    std::string feature_id;      // lode id when known
    std::string field;

    std::string prefix() const;
};

[[noreturn]] void throw_input(const Where& where, const std::string& reason);

} // namespace lode
