#include "lode/store/location.hpp"

#include "lode/base/text.hpp"

#include <cctype>
#include <filesystem>
#include <vector>

namespace lode {

StoreLocation::StoreLocation(const std::string& given) : scheme_("spatialite"), target_(given)
{
    for (const std::string prefix : {"sqlite:", "spatialite:"})
        if (given.rfind(prefix, 0) == 0) {
            target_ = given.substr(prefix.size());
            return;
        }
    const auto colon = given.find("://");
    if (colon == std::string::npos || colon < 2)
        return;
    const std::string scheme = lower(given.substr(0, colon));
    for (const char c : scheme)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return;
    scheme_ = scheme == "postgres" ? "postgresql" : scheme;
}

std::string StoreLocation::display() const
{
    return is_file() ? std::filesystem::absolute(target_).string() : without_secrets(true);
}

std::string StoreLocation::without_password() const
{
    return is_file() ? std::filesystem::absolute(target_).string() : without_secrets(false);
}

// scheme://user:password@host/db?user=...&password=...&sslmode=...: without the password part and
// parameter, and with the user's too, without the user part and parameter.
std::string StoreLocation::without_secrets(bool user_too) const
{
    const auto start = target_.find("://") + 3;
    const auto query = target_.find('?', start);
    std::string address = target_.substr(0, query);
    const auto at = address.rfind('@');
    if (at != std::string::npos && at >= start && address.find('/', start) > at) {
        const auto colon = address.find(':', start);
        if (user_too)
            address.erase(start, at + 1 - start);
        else if (colon < at)
            address.erase(colon, at - colon);
    }
    if (query == std::string::npos)
        return address;
    std::vector<std::string> kept;
    for (const auto& parameter : split_any(target_.substr(query + 1), "&"))
        if (!parameter.empty() && lower(parameter).rfind("password=", 0) != 0 && (!user_too || lower(parameter).rfind("user=", 0) != 0))
            kept.push_back(parameter);
    return kept.empty() ? address : address + "?" + join(kept, "&");
}

bool StoreLocation::is_same_file(const std::string& path) const
{
    std::error_code ec;
    return is_file() && std::filesystem::equivalent(path, target_, ec);
}

} // namespace lode
