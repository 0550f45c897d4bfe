#include "lode/schema/commodities.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <fstream>

namespace lode {

Commodities::Commodities(const nlohmann::json& definition) : definition_(definition)
{
    for (const auto& c : definition.at("commodities")) {
        Commodity commodity;
        commodity.symbol = c.at("symbol").get<std::string>();
        commodity.name = c.value("name", "");
        commodity.group = c.value("group", "");
        if (c.contains("aliases"))
            commodity.aliases = c.at("aliases").get<std::vector<std::string>>();
        commodities_.push_back(std::move(commodity));
    }
}

Commodities Commodities::load(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error(path + ": commodity vocabulary not found");
    try {
        return Commodities(nlohmann::json::parse(in));
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not a valid commodity vocabulary: " + e.what());
    }
}

std::string Commodities::normalise(std::string_view text) const
{
    const std::string wanted = lower(trim(text));
    for (const auto& c : commodities_) {
        if (lower(c.symbol) == wanted || lower(c.name) == wanted)
            return c.symbol;
        for (const auto& alias : c.aliases)
            if (lower(alias) == wanted)
                return c.symbol;
    }
    std::string message = "unknown commodity '" + std::string(trim(text)) + "'";
    const auto matches = close_matches(text);
    if (!matches.empty())
        message += " (did you mean: " + join(matches, ", ") + "?)";
    throw Error(message);
}

std::string Commodities::normalise_list(std::string_view text) const
{
    std::vector<std::string> symbols;
    for (const auto& part : split_any(text, ",;|")) {
        if (trim(part).empty())
            continue;
        auto symbol = normalise(part);
        if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end())
            symbols.push_back(std::move(symbol));
    }
    return join(symbols, ";");
}

std::vector<std::string> Commodities::close_matches(std::string_view text, std::size_t limit) const
{
    const std::string wanted = lower(trim(text));
    struct Candidate {
        std::size_t distance;
        std::string shown;
    };
    std::vector<Candidate> candidates;
    auto consider = [&](const std::string& word, const Commodity& c) {
        const std::string candidate = lower(word);
        std::size_t distance = edit_distance(wanted, candidate);
        if (!wanted.empty() && candidate.starts_with(wanted))
            distance = std::min<std::size_t>(distance, 1);
        const std::size_t tolerance = std::max<std::size_t>(2, candidate.size() / 3);
        if (distance <= tolerance)
            candidates.push_back({distance, c.symbol + " (" + c.name + ")"});
    };
    for (const auto& c : commodities_) {
        consider(c.symbol, c);
        consider(c.name, c);
        for (const auto& alias : c.aliases)
            consider(alias, c);
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
    std::vector<std::string> out;
    for (const auto& c : candidates) {
        if (out.size() == limit)
            break;
        if (std::find(out.begin(), out.end(), c.shown) == out.end())
            out.push_back(c.shown);
    }
    return out;
}

} // namespace lode
