#include "lode/assay/column.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/base/text.hpp"

namespace lode {
namespace {

bool separator(char c) { return c == '_' || c == ' ' || c == '-'; }

std::string_view trim_separators(std::string_view s)
{
    s = trim(s);
    while (!s.empty() && separator(s.back()))
        s.remove_suffix(1);
    while (!s.empty() && separator(s.front()))
        s.remove_prefix(1);
    return trim(s);
}

// Splits "NAME UNIT" into name and unit text: "(unit)", "[unit]", a trailing "%", or the word
// after the last separator.
bool split_unit(std::string_view text, std::string_view& rest, std::string_view& unit)
{
    text = trim(text);
    if (text.empty())
        return false;
    const char close = text.back();
    if (close == ')' || close == ']') {
        const auto open = text.rfind(close == ')' ? '(' : '[');
        if (open == std::string_view::npos)
            return false;
        unit = text.substr(open + 1, text.size() - open - 2);
        rest = trim_separators(text.substr(0, open));
        return true;
    }
    // "g/t" and "g_t" hold a separator of their own.
    for (std::string_view two : {"g_t", "g-t"}) {
        if (text.size() > two.size() + 1 && lower(text.substr(text.size() - two.size())) == two &&
            separator(text[text.size() - two.size() - 1])) {
            unit = text.substr(text.size() - two.size());
            rest = trim_separators(text.substr(0, text.size() - two.size() - 1));
            return true;
        }
    }
    std::size_t at = text.size();
    while (at > 0 && !separator(text[at - 1]))
        --at;
    if (at == 0) {
        if (text.size() > 1 && text.back() == '%') {   // "Li2O%"
            unit = text.substr(text.size() - 1);
            rest = text.substr(0, text.size() - 1);
            return true;
        }
        return false;
    }
    unit = text.substr(at);
    rest = trim_separators(text.substr(0, at - 1));
    return true;
}

} // namespace

std::optional<AssayColumn> recognise_column(std::string_view name, const Analytes& analytes)
{
    std::string_view rest, unit_text;
    if (!split_unit(name, rest, unit_text) || rest.empty())
        return std::nullopt;
    const auto unit = parse_unit(unit_text);
    if (!unit)
        return std::nullopt;
    // The analyte is the last word; a method code (which may hold '-') before it.
    std::size_t at = rest.size();
    while (at > 0 && rest[at - 1] != '_' && rest[at - 1] != ' ')
        --at;
    const Analyte* analyte = analytes.find(rest.substr(at));
    std::string_view method = at == 0 ? std::string_view{} : trim_separators(rest.substr(0, at - 1));
    if (!analyte && at == 0) {   // "ME-MS61-Li": a method joined by '-'
        const auto dash = rest.rfind('-');
        if (dash != std::string_view::npos) {
            analyte = analytes.find(rest.substr(dash + 1));
            method = trim_separators(rest.substr(0, dash));
        }
    }
    if (!analyte)
        return std::nullopt;
    return AssayColumn{analyte->symbol, *unit, std::string(method)};
}

std::optional<AssayColumn> analyte_field(std::string_view name, const Analytes& analytes)
{
    const auto underscore = name.find('_');
    if (underscore == std::string_view::npos)
        return std::nullopt;
    const Analyte* analyte = analytes.find(name.substr(0, underscore));
    const auto unit = parse_unit(name.substr(underscore + 1));
    if (!analyte || !unit)
        return std::nullopt;
    return AssayColumn{analyte->symbol, *unit, {}};
}

std::string analyte_field_name(const std::string& analyte, Unit unit)
{
    return analyte + "_" + name_suffix(unit);
}

} // namespace lode
