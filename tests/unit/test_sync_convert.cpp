// sync_fields::exactly_as (lode/sync_fields.hpp): a field copy's value carried to a field of another
// type on the server only where it stays the same value. Each expected value worked out by hand
// (2^53 = 9007199254740992 is the last integer from which every smaller one is a double; 2^63 - 1 =
// 9223372036854775807 the largest 64-bit integer; 0.30000000000000001 is closer to 0.3 than any
// other double, so a double that reads it prints as 0.3).
#include "lode/sync_fields.hpp"

#include <doctest/doctest.h>

#include <cstdint>

using lode::FieldType;
using lode::Value;
using lode::sync_fields::exactly_as;

TEST_CASE("exactly_as: an integer as a real only when a double holds it")
{
    CHECK(exactly_as(Value{std::int64_t{12}}, FieldType::real) == std::optional<Value>(Value{12.0}));
    CHECK(exactly_as(Value{std::int64_t{9007199254740992}}, FieldType::real) == std::optional<Value>(Value{9007199254740992.0}));
    CHECK_FALSE(exactly_as(Value{std::int64_t{9007199254740993}}, FieldType::real));
    CHECK_FALSE(exactly_as(Value{std::int64_t{9223372036854775807}}, FieldType::real));   // the double is 2^63: out of range back
    CHECK(exactly_as(Value{}, FieldType::real) == std::optional<Value>(Value{}));
}

TEST_CASE("exactly_as: anything as text, a real in its shortest text that reads back")
{
    CHECK(exactly_as(Value{std::int64_t{-7}}, FieldType::text) == std::optional<Value>(Value{std::string("-7")}));
    CHECK(exactly_as(Value{2.5}, FieldType::text) == std::optional<Value>(Value{std::string("2.5")}));
    CHECK(exactly_as(Value{0.1 + 0.2}, FieldType::text) == std::optional<Value>(Value{std::string("0.30000000000000004")}));
    CHECK(exactly_as(Value{std::string("2024-05-01")}, FieldType::text) == std::optional<Value>(Value{std::string("2024-05-01")}));
}

TEST_CASE("exactly_as: a text as a number only when it is one number that the type holds exactly")
{
    CHECK(exactly_as(Value{std::string("1.50")}, FieldType::real) == std::optional<Value>(Value{1.5}));
    CHECK(exactly_as(Value{std::string("+25e-1")}, FieldType::real) == std::optional<Value>(Value{2.5}));
    CHECK(exactly_as(Value{std::string("0.3")}, FieldType::real) == std::optional<Value>(Value{0.3}));
    CHECK_FALSE(exactly_as(Value{std::string("0.30000000000000001")}, FieldType::real));   // a digit no double keeps
    CHECK_FALSE(exactly_as(Value{std::string(" 12")}, FieldType::real));
    CHECK_FALSE(exactly_as(Value{std::string("pink")}, FieldType::real));
    CHECK_FALSE(exactly_as(Value{std::string("inf")}, FieldType::real));
    CHECK_FALSE(exactly_as(Value{std::string("0x10")}, FieldType::real));
    CHECK_FALSE(exactly_as(Value{std::string("1e999")}, FieldType::real));
    CHECK(exactly_as(Value{std::string("1e3")}, FieldType::integer) == std::optional<Value>(Value{std::int64_t{1000}}));
    CHECK(exactly_as(Value{std::string("12.0")}, FieldType::integer) == std::optional<Value>(Value{std::int64_t{12}}));
    CHECK(exactly_as(Value{std::string("-0")}, FieldType::integer) == std::optional<Value>(Value{std::int64_t{0}}));
    CHECK(exactly_as(Value{std::string("9223372036854775807")}, FieldType::integer) ==
          std::optional<Value>(Value{std::int64_t{9223372036854775807}}));
    CHECK_FALSE(exactly_as(Value{std::string("9223372036854775808")}, FieldType::integer));
    CHECK_FALSE(exactly_as(Value{std::string("12.5")}, FieldType::integer));
    CHECK_FALSE(exactly_as(Value{std::string("")}, FieldType::integer));
}

TEST_CASE("exactly_as: no other conversion (a real as an integer, anything as a date)")
{
    CHECK_FALSE(exactly_as(Value{3.0}, FieldType::integer));
    CHECK_FALSE(exactly_as(Value{std::string("2024-05-01")}, FieldType::date));
    CHECK_FALSE(exactly_as(Value{std::int64_t{3}}, FieldType::commodity));
}
