#include "lode/base/value.hpp"

#include <cmath>
#include <cstdio>

namespace lode {

std::string to_text(const Value& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    if (const auto* d = std::get_if<double>(&v)) {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.15g", *d);
        return buffer;
    }
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    return "";
}

double as_number(const Value& v)
{
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return static_cast<double>(*i);
    return std::nan("");
}

} // namespace lode
