#pragma once
#include <cstdint>
#include <string>
#include <variant>

namespace lode {

// An attribute value as stored: NULL, integer, real or text (dates are ISO text).
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

inline bool is_null(const Value& v) { return std::holds_alternative<std::monostate>(v); }

std::string to_text(const Value& v);

// A numeric value as a double; NaN for NULL and text.
double as_number(const Value& v);

} // namespace lode
