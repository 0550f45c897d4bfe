#include "lode/export/detail/extra_fields.hpp"

#include <vector>

namespace lode {

namespace {

// Reads text as a flat JSON object of strings without escapes, booleans and nulls, its keys in
// ascending order (as a parsed object's items come), calling visit(key, value) for each; false,
// having called nothing, when it is something else.
bool visit_flat_object(std::string_view text, const std::function<void(std::string_view, const nlohmann::json&)>& visit)
{
    struct Field {
        std::string_view key, text;   // text: a string's characters, or the literal
        bool string;
    };
    std::vector<Field> fields;   // checked whole before the first visit
    std::size_t at = 0;
    auto space = [&] {
        while (at < text.size() && (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r'))
            ++at;
    };
    auto plain_string = [&](std::string_view& out) {
        if (at >= text.size() || text[at] != '"')
            return false;
        const std::size_t end = text.find('"', at + 1);
        if (end == std::string_view::npos)
            return false;
        out = text.substr(at + 1, end - at - 1);
        for (const char c : out)
            if (c == '\\' || static_cast<unsigned char>(c) < 0x20)
                return false;
        at = end + 1;
        return true;
    };
    space();
    if (at >= text.size() || text[at++] != '{')
        return false;
    space();
    if (at < text.size() && text[at] == '}')
        ++at;
    else
        for (;;) {
            Field f{};
            if (!plain_string(f.key) || (!fields.empty() && !(fields.back().key < f.key)))
                return false;
            space();
            if (at >= text.size() || text[at++] != ':')
                return false;
            space();
            if (at < text.size() && text[at] == '"') {
                if (!plain_string(f.text))
                    return false;
                f.string = true;
            } else {
                bool literal = false;
                for (const std::string_view word : {"true", "false", "null"})
                    if (text.substr(at, word.size()) == word) {
                        f.text = word;
                        at += word.size();
                        literal = true;
                        break;
                    }
                if (!literal)
                    return false;
                f.string = false;
            }
            fields.push_back(f);
            space();
            if (at < text.size() && text[at] == ',') {
                ++at;
                space();
                continue;
            }
            if (at < text.size() && text[at] == '}') {
                ++at;
                break;
            }
            return false;
        }
    space();
    if (at != text.size())
        return false;
    for (const Field& f : fields)
        visit(f.key, f.string ? nlohmann::json(f.text) : f.text == "null" ? nlohmann::json() : nlohmann::json(f.text == "true"));
    return true;
}

} // namespace

void visit_extra(const std::string& extra, const std::function<void(std::string_view, const nlohmann::json&)>& visit)
{
    if (extra.empty() || extra == "{}" || visit_flat_object(extra, visit))
        return;
    const nlohmann::json parsed = nlohmann::json::parse(extra);
    for (const auto& [key, value] : parsed.items())
        visit(std::string_view(key), value);
}

void ExtraColumn::see(const nlohmann::json& v)
{
    if (v.is_null())
        return;
    any = true;
    integers = integers && v.is_number_integer();
    numbers = numbers && v.is_number();
    booleans = booleans && v.is_boolean();
    structured = structured && v.is_structured();
}

void ExtraColumn::add(const ExtraColumn& later)
{
    integers = integers && later.integers;
    numbers = numbers && later.numbers;
    booleans = booleans && later.booleans;
    structured = structured && later.structured;
    any = any || later.any;
}

OGRFieldType ExtraColumn::type() const
{
    if (!any || structured)
        return OFTString;
    return booleans ? OFTInteger : integers ? OFTInteger64 : numbers ? OFTReal : OFTString;
}

FieldSpec ExtraColumn::spec() const
{
    if (any && structured)
        return field_spec(name, OFTString, OFSTJSON);
    return field_spec(name, type(), any && booleans ? OFSTBoolean : OFSTNone);
}

Value ExtraColumn::value(const nlohmann::json& v) const
{
    if (v.is_null())
        return {};
    const OGRFieldType t = type();
    if (t == OFTInteger)
        return static_cast<std::int64_t>(v.get<bool>() ? 1 : 0);
    if (t == OFTInteger64)
        return v.get<std::int64_t>();
    if (t == OFTReal)
        return v.get<double>();
    return v.is_string() ? v.get<std::string>() : v.dump();
}

} // namespace lode
