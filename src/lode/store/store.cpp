#include "lode/store/store.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

namespace lode {

const std::vector<std::string>& project_phases()
{
    static const std::vector<std::string> phases = {"MOU", "preliminary investigation", "joint research",
                                                    "development", "completed"};
    return phases;
}

const std::vector<std::string>& partner_roles()
{
    static const std::vector<std::string> roles = {"lead", "operator", "research partner",
                                                   "host-government agency", "university", "funder"};
    return roles;
}

const LayerKind& Store::layer_kind(const std::string& name)
{
    std::vector<std::string> names;
    for (const auto& kind : layer_kinds()) {
        if (kind.name == name)
            return kind;
        names.push_back(kind.name);
    }
    throw NotFound("unknown layer '" + name + "'" + did_you_mean(name, names, "layers"));
}

const Project& Store::require_project(const std::string& code, Project& storage)
{
    if (auto project = find_project(code)) {
        storage = std::move(*project);
        return storage;
    }
    std::vector<std::string> codes;
    for (const auto& p : projects())
        codes.push_back(p.code);
    const std::string message = "unknown project '" + code + "'";
    if (codes.empty())
        throw NotFound(message, Hint::add_first_project);
    throw NotFound(message + did_you_mean(code, codes, "projects"));
}

} // namespace lode
