#include "lode/assay/analytes.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <cctype>
#include <fstream>
#include <map>

#ifndef LODE_LAYERS_DIR
#error "LODE_LAYERS_DIR must name the source tree's layers folder"
#endif

namespace lode {
namespace {

// "Pr6O11" -> {{"Pr", 6}, {"O", 11}}; element symbols are an upper-case letter and an optional
// lower-case one, each followed by an optional count.
std::vector<std::pair<std::string, int>> parse_formula(const std::string& formula)
{
    std::vector<std::pair<std::string, int>> out;
    std::size_t i = 0;
    while (i < formula.size()) {
        if (!std::isupper(static_cast<unsigned char>(formula[i])))
            throw Error("formula '" + formula + "': expected an element symbol at '" + formula.substr(i) + "'");
        std::string symbol(1, formula[i++]);
        if (i < formula.size() && std::islower(static_cast<unsigned char>(formula[i])))
            symbol += formula[i++];
        int count = 0;
        while (i < formula.size() && std::isdigit(static_cast<unsigned char>(formula[i])))
            count = count * 10 + (formula[i++] - '0');
        out.emplace_back(symbol, count == 0 ? 1 : count);
    }
    return out;
}

} // namespace

Analytes::Analytes(const nlohmann::json& definition)
{
    std::map<std::string, double> weights;
    for (const auto& e : definition.at("elements")) {
        Analyte a;
        a.kind = Analyte::Kind::element;
        a.symbol = e.at("symbol").get<std::string>();
        a.name = e.at("name").get<std::string>();
        a.molar_mass = e.at("atomic_weight").get<double>();
        a.element = a.symbol;
        weights[a.symbol] = a.molar_mass;
        analytes_.push_back(std::move(a));
    }
    for (const auto& o : definition.at("oxides")) {
        Analyte a;
        a.kind = Analyte::Kind::oxide;
        a.symbol = o.at("formula").get<std::string>();
        a.name = o.at("name").get<std::string>();
        for (const auto& [symbol, count] : parse_formula(a.symbol)) {
            const auto weight = weights.find(symbol);
            if (weight == weights.end())
                throw Error("oxide '" + a.symbol + "': element '" + symbol + "' has no atomic weight");
            a.molar_mass += count * weight->second;
            if (symbol != "O") {
                if (!a.element.empty())
                    throw Error("oxide '" + a.symbol + "': carries two elements");
                a.element = symbol;
                a.atoms = count;
            }
        }
        if (a.element.empty())
            throw Error("oxide '" + a.symbol + "': carries no element besides oxygen");
        analytes_.push_back(std::move(a));
    }
    for (const auto& s : definition.value("sums", nlohmann::json::array())) {
        Analyte a;
        a.kind = Analyte::Kind::sum;
        a.symbol = s.at("symbol").get<std::string>();
        a.name = s.at("name").get<std::string>();
        a.parts = s.at("parts").get<std::vector<std::string>>();
        analytes_.push_back(std::move(a));
    }
    std::map<std::string, std::string> seen;
    for (const auto& a : analytes_) {
        const auto [at, fresh] = seen.emplace(lower(a.symbol), a.symbol);
        if (!fresh)
            throw Error("analyte '" + a.symbol + "' is '" + at->second + "' without case");
    }
    for (const auto& a : analytes_)
        for (const auto& part : a.parts)
            if (!find(part))
                throw Error("sum '" + a.symbol + "': unknown analyte '" + part + "'");
}

Analytes Analytes::load(const std::string& path)
{
    std::ifstream in(path);
    if (!in)
        throw Error(path + ": analyte vocabulary not found");
    try {
        return Analytes(nlohmann::json::parse(in));
    } catch (const nlohmann::json::exception& e) {
        throw Error(path + ": not a valid analyte vocabulary: " + e.what());
    } catch (const Error& e) {
        throw Error(path + ": " + e.what());
    }
}

const Analytes& Analytes::built_in()
{
    static const Analytes analytes = load(std::string(LODE_LAYERS_DIR) + "/analytes.json");
    return analytes;
}

const Analyte* Analytes::find(std::string_view symbol) const
{
    for (const auto& a : analytes_)
        if (a.symbol == symbol)
            return &a;
    const std::string wanted = lower(symbol);
    for (const auto& a : analytes_)
        if (lower(a.symbol) == wanted)
            return &a;
    return nullptr;
}

const Analyte& Analytes::require(std::string_view symbol) const
{
    if (const Analyte* a = find(symbol))
        return *a;
    std::vector<std::string> symbols;
    for (const auto& a : analytes_)
        symbols.push_back(a.symbol);
    throw InputError("unknown analyte '" + printable(symbol) + "'" + did_you_mean(symbol, symbols));
}

double Analytes::factor(const Analyte& from, const Analyte& to) const
{
    if (from.symbol == to.symbol)
        return 1.0;
    if (from.kind == Analyte::Kind::sum || to.kind == Analyte::Kind::sum || from.element != to.element)
        throw InputError(from.symbol + " cannot be converted to " + to.symbol);
    // Mass of the element per mass of each: element 1, oxide atoms x weight / molar mass.
    const double element_weight = find(from.element)->molar_mass;
    const auto element_share = [&](const Analyte& a) {
        return a.kind == Analyte::Kind::element ? 1.0 : a.atoms * element_weight / a.molar_mass;
    };
    return element_share(from) / element_share(to);
}

} // namespace lode
