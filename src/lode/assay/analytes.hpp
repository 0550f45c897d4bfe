#pragma once
// The analytes of assay results (layers/analytes.json): the elements with their IUPAC 2021
// standard atomic weights, oxides by formula, and sums (TREO). Element <-> oxide factors are
// computed here from the atomic weights, never typed in.
#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace lode {

struct Analyte {
    enum class Kind { element, oxide, sum };
    Kind kind = Kind::element;
    std::string symbol;        // "Li", "Li2O", "TREO": the stored form
    std::string name;          // "lithium", "lithium oxide"
    double molar_mass = 0;     // g/mol: the atomic weight, or the oxide's formula mass; 0 for a sum
    std::string element;       // the element an element or oxide carries ("Li" for Li2O)
    int atoms = 1;             // atoms of that element in the formula (2 for Li2O)
    std::vector<std::string> parts;   // a sum's analytes
};

class Analytes {
public:
    explicit Analytes(const nlohmann::json& definition);
    // The vocabulary file; lode::Error naming the file when it is missing or not valid.
    static Analytes load(const std::string& path);
    // layers/analytes.json of this lode's source tree (as default_layers_dir()).
    static const Analytes& built_in();

    // The analyte of this symbol: exactly, else without case (symbols are unique without case);
    // nullptr when none.
    const Analyte* find(std::string_view symbol) const;
    // As find, but lode::InputError "unknown analyte 'X' (did you mean ...)" when none.
    const Analyte& require(std::string_view symbol) const;

    // The factor that turns a mass fraction of `from` into one of `to` (multiply): 1 for the same
    // analyte; for an element and its oxide, the oxide's molar mass over atoms x the element's
    // atomic weight (Li -> Li2O 2.1527), and back its inverse; between two oxides of one element
    // through the element. lode::InputError when they carry different elements or either is a sum.
    double factor(const Analyte& from, const Analyte& to) const;

    const std::vector<Analyte>& all() const { return analytes_; }

private:
    std::vector<Analyte> analytes_;
};

} // namespace lode
