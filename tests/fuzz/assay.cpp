// Assay cells and column names (assay/result.*, assay/column.*): any text is parsed as a lab's
// result (the first byte choosing whether negatives are below-limit results) and recognised as a
// column name. What is accepted must hold together: a value is finite and not negative, a limit
// positive, the text kept is the cell trimmed, the substituted number within [0, limit]; a column
// names a vocabulary analyte, and its ANALYTE_UNIT name reads back as the same analyte and unit.
#include "fuzz.hpp"
#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"
#include "lode/assay/result.hpp"
#include "lode/base/text.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size == 0)
        return 0;
    const lode::Analytes& analytes = lode::Analytes::built_in();
    const lode::ResultParsing parsing{(data[0] & 1) != 0};
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    fuzz::refused_cleanly([&] {
        const auto result = lode::parse_result(text, parsing);
        if (!result) {
            fuzz::require(lode::trim(text).empty(), "a non-empty cell read as empty", text);
            return;
        }
        fuzz::require(result->text == lode::trim(text), "the original text not kept", text);
        if (result->qualifier == lode::Qualifier::none)
            fuzz::require(std::isfinite(result->value) && result->value >= 0, "a value negative or not finite", text);
        else
            fuzz::require(std::isnan(result->value), "a qualified result with a value", text);
        if (!std::isnan(result->limit))
            fuzz::require(std::isfinite(result->limit) && result->limit > 0, "a limit not positive", text);
        for (auto rule : {lode::BelowLimit::half, lode::BelowLimit::zero, lode::BelowLimit::limit, lode::BelowLimit::null}) {
            const auto number = lode::substituted(*result, rule);
            if (number && result->qualifier == lode::Qualifier::below)
                fuzz::require(*number == 0 || (*number > 0 && *number <= result->limit),
                              "a substitute outside [0, limit]", text);
        }
    });
    fuzz::refused_cleanly([&] {
        const auto column = lode::recognise_column(text, analytes);
        if (!column)
            return;
        fuzz::require(analytes.find(column->analyte) != nullptr, "a column of an unknown analyte", text);
        const auto again = lode::analyte_field(lode::analyte_field_name(column->analyte, column->unit), analytes);
        fuzz::require(again && again->analyte == column->analyte && again->unit == column->unit,
                      "an ANALYTE_UNIT name that does not read back", text);
    });
    return 0;
}
