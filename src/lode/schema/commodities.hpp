#pragma once
// The controlled vocabulary of commodities (layers/commodities.json).
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lode {

struct Commodity {
    std::string symbol;       // stored form: "Li", "Dy", "graphite", "REE"
    std::string name;         // "lithium"
    std::string group;        // "LREE", "HREE", "REE" for the rare earths
    std::vector<std::string> aliases;
};

class Commodities {
public:
    explicit Commodities(const nlohmann::json& definition);
    static Commodities load(const std::string& path);

    // The stored symbol for a symbol, name or alias (case-insensitive); throws lode::Error
    // "unknown commodity 'X' (did you mean: a, b?)" otherwise.
    std::string normalise(std::string_view text) const;

    // A list separated by ',', ';' or '|': each normalised, duplicates dropped, joined by ';'.
    std::string normalise_list(std::string_view text) const;

    // Symbols, names and aliases closest to text, best first.
    std::vector<std::string> close_matches(std::string_view text, std::size_t limit = 3) const;

    const std::vector<Commodity>& all() const { return commodities_; }
    const nlohmann::json& definition() const { return definition_; }

private:
    nlohmann::json definition_;
    std::vector<Commodity> commodities_;
};

} // namespace lode
