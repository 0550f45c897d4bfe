#include "lode/import/values.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/text.hpp"

#include <charconv>
#include <cmath>

namespace lode {

namespace {

std::string allowed_value(const FieldDef& field, const std::string& text, const Where& where)
{
    if (const std::string* match = field.allowed_match(text))
        return *match;
    std::vector<std::string> names = field.allowed;
    for (const auto& [value, aliases] : field.aliases)
        names.insert(names.end(), aliases.begin(), aliases.end());
    throw_input(where, "'" + text + "' is not one of: " + join(field.allowed, ", ") + did_you_mean(text, names, {}, 1));
}

// A date as the source writes it: a serial number, the source's format, or ISO 8601 with or
// without a time (GDAL's CSV writes 2024/05/14).
std::optional<Date> read_date(const std::string& text, std::optional<double> typed_number, const ValueReading& reading)
{
    if (typed_number)
        return spreadsheet_serial_date(*typed_number);
    if (reading.date_format == "excel") {
        if (auto number = parse_number(text))
            return spreadsheet_serial_date(*number);
    } else if (!reading.date_format.empty()) {
        if (auto date = parse_date_as(text, reading.date_format))
            return date;
    }
    if (text.size() >= 10 && (text.size() == 10 || text[10] == 'T' || text[10] == ' '))
        if (auto date = parse_date(std::string_view(text).substr(0, 10)))
            return date;
    if (text.size() == 10 && text[4] == '/' && text[7] == '/')
        return parse_date_as(text, "%Y/%m/%d");
    return std::nullopt;
}

} // namespace

bool is_import_date_format(const std::string& text) { return text == "excel" || is_date_format(text); }

Value field_value(const FieldDef& field, const std::string& given, const Commodities& vocabulary, const Where& where,
                  std::optional<double> typed_number, const ValueReading& reading)
{
    const std::string text(trim(given));
    if (text.empty() && !typed_number) {
        if (field.default_value)
            return field_value(field, *field.default_value, vocabulary, where, std::nullopt, reading);
        if (field.required)
            throw_input(where, "is required but empty");
        return {};
    }
    auto check_range = [&](double v) {
        if ((field.min && v < *field.min) || (field.max && v > *field.max))
            throw_input(where, text + " is outside the range " + (field.min ? to_text(*field.min) : "") + ".." +
                                   (field.max ? to_text(*field.max) : "") + (field.unit.empty() ? "" : " " + field.unit));
    };
    switch (field.type) {
    case FieldType::text:
        return field.allowed.empty() ? Value{text} : Value{allowed_value(field, text, where)};
    case FieldType::integer: {
        auto number = typed_number ? typed_number : parse_number(text);
        if (!number || std::floor(*number) != *number)
            throw_input(where, "'" + text + "' is not a whole number");
        check_range(*number);
        return static_cast<std::int64_t>(*number);
    }
    case FieldType::real: {
        auto number = typed_number ? typed_number : parse_number(text);
        if (!number)
            throw_input(where, "'" + text + "' is not a number");
        check_range(*number);
        return *number;
    }
    case FieldType::date: {
        auto date = read_date(text, typed_number, reading);
        if (!date) {
            const std::string how = typed_number || reading.date_format == "excel" ? "a spreadsheet serial date"
                                    : reading.date_format.empty()                 ? "YYYY-MM-DD"
                                                                                  : reading.date_format;
            throw_input(where, "'" + text + "' is not a valid date (" + how + ")");
        }
        return to_string(*date);
    }
    case FieldType::commodity:
    case FieldType::commodities:
        try {
            return field.type == FieldType::commodity ? vocabulary.normalise(text) : vocabulary.normalise_list(text);
        } catch (const InputError&) {
            throw;
        } catch (const Error& e) {
            throw_input(where, e.what());
        }
    }
    return {};
}

} // namespace lode
