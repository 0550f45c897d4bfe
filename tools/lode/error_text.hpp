#pragma once
// The words of lode's errors on the command line: the library's errors name settings and hints,
// which only the CLI words as its options and commands.
#include "lode/base/error.hpp"

#include <string>

namespace lode::cli {

// The option that sets a library setting, e.g. "--s-srs" for Setting::source_crs.
const char* option_name(Setting setting);

// The error as one line (without "lode: error: "): "file: feature N (id 'X'): field 'f': reason
// (hint)", the reason's settings named as options.
std::string error_text(const Error& error);

// What to do about a problem with that hint, as options (for lode import --dry-run's list), e.g.
// "--make-valid"; field: the field the problem is about. Empty when no option helps.
std::string suggested_options(Hint hint, const std::string& field);

} // namespace lode::cli
