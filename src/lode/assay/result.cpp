#include "lode/assay/result.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

namespace lode {
namespace {

double positive_limit(std::string_view text, std::string_view cell)
{
    const auto limit = parse_number(text);
    if (!limit || !(*limit > 0))
        throw InputError("'" + printable(cell) + "': the limit '" + printable(trim(text)) +
                         "' is not a positive number");
    return *limit;
}

} // namespace

const char* to_string(Qualifier qualifier)
{
    switch (qualifier) {
    case Qualifier::none: return "";
    case Qualifier::below: return "<";
    case Qualifier::above: return ">";
    case Qualifier::insufficient: return "IS";
    case Qualifier::not_analysed: return "NA";
    }
    return "?";
}

std::optional<Qualifier> parse_qualifier(std::string_view text)
{
    for (auto q : {Qualifier::none, Qualifier::below, Qualifier::above, Qualifier::insufficient,
                   Qualifier::not_analysed})
        if (text == to_string(q))
            return q;
    return std::nullopt;
}

std::optional<AssayResult> parse_result(std::string_view cell, const ResultParsing& parsing)
{
    const std::string_view text = trim(cell);
    if (text.empty())
        return std::nullopt;
    AssayResult result;
    result.text = std::string(text);
    const char first = text.front();
    // (a lab's cell is mostly a number: the words below begin with none of its characters)
    const bool number_like = (first >= '0' && first <= '9') || first == '.';
    const std::string word = number_like ? std::string() : lower(text);
    if (word == "bdl" || word == "nd" || word == "n.d." || word == "bld" || word == "<dl" || word == "<lod") {
        result.qualifier = Qualifier::below;
        return result;
    }
    if (word == "is" || word == "i.s.") {
        result.qualifier = Qualifier::insufficient;
        return result;
    }
    if (word == "na" || word == "n/a" || word == "nr" || word == "n.a.") {
        result.qualifier = Qualifier::not_analysed;
        return result;
    }
    if (text.front() == '<' || text.front() == '>') {
        result.qualifier = text.front() == '<' ? Qualifier::below : Qualifier::above;
        result.limit = positive_limit(text.substr(1), text);
        return result;
    }
    const auto number = parse_number(text);
    if (!number)
        throw InputError("'" + printable(text) +
                         "' is not an assay result (a number, <LIMIT, >LIMIT, BDL, ND, IS or NA)");
    if (*number < 0 || (*number == 0 && std::signbit(*number))) {
        if (!parsing.negative_is_below || *number == 0)
            throw InputError("'" + printable(text) + "' is negative (" + mention(Setting::negative_is_below) +
                         " reads a negative result as below the detection limit of its magnitude)");
        result.qualifier = Qualifier::below;
        result.limit = -*number;
        return result;
    }
    result.value = *number;
    return result;
}

const char* to_string(BelowLimit rule)
{
    switch (rule) {
    case BelowLimit::half: return "half";
    case BelowLimit::zero: return "zero";
    case BelowLimit::limit: return "limit";
    case BelowLimit::null: return "null";
    }
    return "?";
}

const char* describe(BelowLimit rule)
{
    switch (rule) {
    case BelowLimit::half: return "half the limit";
    case BelowLimit::zero: return "zero";
    case BelowLimit::limit: return "the limit";
    case BelowLimit::null: return "no number";
    }
    return "?";
}

std::optional<BelowLimit> parse_below_limit(std::string_view text)
{
    const std::string t = lower(trim(text));
    for (auto rule : {BelowLimit::half, BelowLimit::zero, BelowLimit::limit, BelowLimit::null})
        if (t == to_string(rule))
            return rule;
    return std::nullopt;
}

std::optional<double> substituted(const AssayResult& result, BelowLimit rule)
{
    switch (result.qualifier) {
    case Qualifier::none:
        return result.value;
    case Qualifier::below:
        if (rule == BelowLimit::zero)
            return 0.0;
        if (rule == BelowLimit::null || std::isnan(result.limit))
            return std::nullopt;
        return rule == BelowLimit::half ? result.limit / 2 : result.limit;
    case Qualifier::above:
        if (std::isnan(result.limit))
            return std::nullopt;
        return result.limit;
    case Qualifier::insufficient:
    case Qualifier::not_analysed:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace lode
