#pragma once
// Tabular output as an aligned table for people, or CSV / JSON for programs.
#include <nlohmann/json.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace lode::cli {

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<nlohmann::json>> rows;   // null prints empty; numbers stay numbers in JSON

    void print(std::ostream& out, const std::string& format) const;
};

// Terminal columns a UTF-8 string takes (East Asian wide characters count two).
std::size_t display_width(const std::string& text);

std::string csv_quote(const std::string& text);

// A number for people: up to `decimals` places, no trailing zeros.
std::string format_number(double value, int decimals);

} // namespace lode::cli
