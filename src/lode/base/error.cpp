#include "lode/base/error.hpp"

namespace lode {

std::string Where::prefix() const
{
    std::string out;
    if (!file.empty())
        out += file + ": ";
    if (feature >= 0) {
        out += "feature " + std::to_string(feature);
        if (!feature_id.empty())
            out += " (id '" + feature_id + "')";
        out += ": ";
    } else if (!feature_id.empty()) {
        out += "feature '" + feature_id + "': ";
    }
    if (!field.empty())
        out += "field '" + field + "': ";
    return out;
}

void throw_input(const Where& where, const std::string& reason) { throw InputError(where.prefix() + reason); }

} // namespace lode
