#include "lode/schema/filter.hpp"

#include "lode/assay/analytes.hpp"
#include "lode/assay/column.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"
#include "lode/base/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string_view>
#include <variant>

namespace lode {

// The parsed expression. AND and OR hold all their operands in one node, so that a long flat
// chain is shallow; only parentheses and NOT nest, and the parser bounds them by max_depth.
struct Filter::Node {
    enum class Kind { any_of, all_of, negation, compare, between, in_list, like, has, is_null };
    enum class Op { eq, ne, lt, le, gt, ge };
    enum class Source { id, project, attribute, assay };
    enum class Truth { no, yes, unknown };   // SQL's three-valued logic

    struct Literal {
        bool is_number = false;
        bool is_integer = false;      // written without '.' or exponent, and fits in 64 bits
        std::int64_t integer = 0;
        double real = 0;              // also set for integers
        std::string text;             // quoted text, normalised (dates, commodities)
    };

    struct Field {
        std::string name;
        FieldType type = FieldType::text;
        Source source = Source::attribute;
    };

    Kind kind = Kind::all_of;
    bool negated = false;             // NOT BETWEEN, NOT IN, NOT LIKE, NOT HAS, IS NOT NULL
    Field field;
    Op op = Op::eq;
    std::vector<Literal> values;      // compare: 1, between: 2, in_list: 1 or more, has: 1
    std::vector<char32_t> pattern;    // like: code points, ASCII letters folded, with wildcards
    std::vector<std::unique_ptr<const Node>> children;

    Truth evaluate(const Feature& feature, const AssayLookup* lookup) const;
};

namespace {

using Node = Filter::Node;
using Truth = Node::Truth;

constexpr char32_t any_run = 0xFFFFFFFF;   // LIKE '%'
constexpr char32_t any_one = 0xFFFFFFFE;   // LIKE '_'

// ---- UTF-8

// The code point at s[i], advancing i past it. A byte that does not start a valid sequence is a
// unit of its own, above U+10FFFF so that it never equals a real code point.
char32_t decode(std::string_view s, std::size_t& i)
{
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    if (lead < 0x80) {
        length = 1;
        cp = lead;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = static_cast<char32_t>(lead & 0x1F);
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = static_cast<char32_t>(lead & 0x0F);
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = static_cast<char32_t>(lead & 0x07);
    }
    bool valid = length != 0 && i + length <= s.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        valid = (c & 0xC0) == 0x80;
        cp = (cp << 6) | static_cast<char32_t>(c & 0x3F);
    }
    if (!valid) {
        ++i;
        return 0x110000 + lead;
    }
    i += length;
    return cp;
}

char32_t fold(char32_t c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

// The 1-based column of byte offset in source, counting code points.
std::size_t column_of(std::string_view source, std::size_t offset)
{
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < source.size();) {
        decode(source, i);
        ++column;
    }
    return column;
}

// Text for a message: at most 40 code points, control characters as '?'.
std::string shown(std::string_view s)
{
    std::string out;
    std::size_t count = 0;
    for (std::size_t i = 0; i < s.size();) {
        if (++count > 40)
            return out + "…";
        const std::size_t start = i;
        const char32_t c = decode(s, i);
        if (c < 0x20 || c == 0x7F || c > 0x10FFFF)
            out += '?';
        else
            out.append(s.substr(start, i - start));
    }
    return out;
}

bool same_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return fold(static_cast<unsigned char>(x)) == fold(static_cast<unsigned char>(y)); });
}

// ---- Tokens

enum class TokenType { word, number, text, symbol, end, bad };

struct Token {
    TokenType type = TokenType::end;
    std::size_t offset = 0;    // bytes into the expression
    std::size_t length = 0;
    std::string value;         // word, symbol; bad: the message
    Node::Literal literal;     // number, text
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_word_start(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_word_char(char c) { return is_word_start(c) || is_digit(c); }

class Lexer {
public:
    explicit Lexer(std::string_view source) : s_(source) {}

    // The tokens up to the end, or up to the first that cannot be read (a `bad` token, last).
    std::vector<Token> tokens()
    {
        std::vector<Token> out;
        for (;;) {
            while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r' ||
                                      s_[i_] == '\f' || s_[i_] == '\v'))
                ++i_;
            out.push_back(next());
            if (out.back().type == TokenType::end || out.back().type == TokenType::bad)
                return out;
        }
    }

private:
    std::string_view s_;
    std::size_t i_ = 0;

    char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
    bool starts_number(std::size_t i) const { return is_digit(at(i)) || (at(i) == '.' && is_digit(at(i + 1))); }

    Token make(TokenType type, std::size_t start)
    {
        Token t;
        t.type = type;
        t.offset = start;
        t.length = i_ - start;
        if (type == TokenType::word || type == TokenType::symbol)
            t.value = std::string(s_.substr(start, i_ - start));
        return t;
    }

    Token bad(std::size_t start, std::string message)
    {
        Token t;
        t.type = TokenType::bad;
        t.offset = start;
        t.value = std::move(message);
        return t;
    }

    Token next()
    {
        const std::size_t start = i_;
        if (i_ == s_.size())
            return make(TokenType::end, start);
        const char c = s_[i_];
        const std::string_view rest = s_.substr(i_);
        for (const char* curly : {"\u2018", "\u2019", "\u201C", "\u201D"})
            if (rest.starts_with(curly))
                return bad(start, "write text in straight single quotes ('), not curly quotes");
        if (is_word_start(c)) {
            while (i_ < s_.size() && is_word_char(s_[i_]))
                ++i_;
            return make(TokenType::word, start);
        }
        if (starts_number(i_) || ((c == '-' || c == '+') && starts_number(i_ + 1)))
            return number();
        if (c == '\'')
            return text();
        if (rest.starts_with("=="))
            return bad(start, "'==' is not an operator; use '='");
        for (const char* symbol : {"<=", ">=", "<>", "!=", "=", "<", ">", "(", ")", ","}) {
            if (rest.starts_with(symbol)) {
                i_ += std::char_traits<char>::length(symbol);
                return make(TokenType::symbol, start);
            }
        }
        if (rest.starts_with("&&"))
            return bad(start, "use AND instead of '&&'");
        if (rest.starts_with("||"))
            return bad(start, "use OR instead of '||'");
        if (c == '"')
            return bad(start, "write text in single quotes, not double quotes");
        if (c == '-' || c == '+')
            return bad(start, std::string("'") + c + "' must be followed by a number");
        if (c == '!')
            return bad(start, "unexpected character '!' (use NOT, or != for 'not equal')");
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            static const char hex[] = "0123456789ABCDEF";
            return bad(start, std::string("unexpected character U+00") + hex[byte >> 4] + hex[byte & 0xF]);
        }
        return bad(start, std::string("unexpected character '") + c + "'");
    }

    Token number()
    {
        const std::size_t start = i_;
        if (s_[i_] == '-' || s_[i_] == '+')
            ++i_;
        bool integral = true;
        while (is_digit(at(i_)))
            ++i_;
        if (at(i_) == '.') {
            integral = false;
            ++i_;
            while (is_digit(at(i_)))
                ++i_;
        }
        if ((at(i_) == 'e' || at(i_) == 'E') &&
            (is_digit(at(i_ + 1)) || ((at(i_ + 1) == '-' || at(i_ + 1) == '+') && is_digit(at(i_ + 2))))) {
            integral = false;
            i_ += 2;
            while (is_digit(at(i_)))
                ++i_;
        }
        if (is_word_char(at(i_)) || at(i_) == '.') {
            while (is_word_char(at(i_)) || at(i_) == '.')
                ++i_;
            return bad(start, "malformed number '" + shown(s_.substr(start, i_ - start)) + "'");
        }
        Token t = make(TokenType::number, start);
        std::string_view digits = s_.substr(start, i_ - start);
        if (digits.front() == '+')
            digits.remove_prefix(1);   // from_chars takes '-' but not '+'
        Node::Literal& literal = t.literal;
        literal.is_number = true;
        const char* first = digits.data();
        const char* last = digits.data() + digits.size();
        if (integral) {
            auto [p, ec] = std::from_chars(first, last, literal.integer);
            if (ec == std::errc{} && p == last) {
                literal.is_integer = true;
                literal.real = static_cast<double>(literal.integer);
                return t;
            }
        }
        auto [p, ec] = std::from_chars(first, last, literal.real);
        if (ec != std::errc{} || p != last || !std::isfinite(literal.real))
            return bad(start, "number '" + shown(s_.substr(start, i_ - start)) + "' is out of range");
        return t;
    }

    Token text()
    {
        const std::size_t start = i_++;
        std::string value;
        for (;;) {
            const std::size_t quote = s_.find('\'', i_);
            if (quote == std::string_view::npos)
                return bad(start, "unterminated string");
            value.append(s_.substr(i_, quote - i_));
            i_ = quote + 1;
            if (at(i_) != '\'')
                break;
            value += '\'';   // '' is a quote inside the text
            ++i_;
        }
        Token t = make(TokenType::text, start);
        t.literal.text = std::move(value);
        return t;
    }
};

// ---- Parser

using NodePtr = std::unique_ptr<Node>;

const char* const reserved_words[] = {"and", "or", "not", "between", "in", "like", "has", "is", "null"};

class Parser {
public:
    Parser(std::string_view source, const LayerKind& kind, const Commodities* vocabulary)
        : source_(source), tokens_(Lexer(source).tokens()), kind_(kind), vocabulary_(vocabulary)
    {
    }

    NodePtr parse()
    {
        if (current().type == TokenType::end)
            fail(current(), "the expression is empty");
        NodePtr root = parse_or();
        if (current().type != TokenType::end) {
            if (is_symbol(current(), ")"))
                fail(current(), "unexpected ')'");
            expected("AND or OR");
        }
        return root;
    }

private:
    std::string_view source_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    const LayerKind& kind_;
    const Commodities* vocabulary_;
    int depth_ = 0;

    // Counts one level of parentheses or NOT for as long as it lives.
    class Nesting {
    public:
        Nesting(Parser& parser, const Token& at) : parser_(parser)
        {
            if (parser_.depth_ == Filter::max_depth)
                parser_.fail(at, "nesting deeper than " + std::to_string(Filter::max_depth) + " levels");
            ++parser_.depth_;
        }
        ~Nesting() { --parser_.depth_; }
        Nesting(const Nesting&) = delete;
        Nesting& operator=(const Nesting&) = delete;

    private:
        Parser& parser_;
    };

    // The token at hand; a token the lexer could not read is reported when the parser gets to it.
    const Token& current() const
    {
        const Token& t = tokens_[pos_];
        if (t.type == TokenType::bad)
            fail(t, t.value);
        return t;
    }

    void advance()
    {
        if (pos_ + 1 < tokens_.size())
            ++pos_;
    }

    [[noreturn]] void fail(const Token& at, const std::string& what) const
    {
        throw InputError(mention(Setting::where) + ": column " + std::to_string(column_of(source_, at.offset)) + ": " + what);
    }

    [[noreturn]] void expected(const std::string& what) const
    {
        const Token& t = current();
        fail(t, "expected " + what + (t.type == TokenType::end ? "" : ", found " + describe(t)));
    }

    std::string_view raw(const Token& t) const { return source_.substr(t.offset, t.length); }

    std::string describe(const Token& t) const
    {
        switch (t.type) {
        case TokenType::end: return "the end of the expression";
        case TokenType::number: return "the number " + shown(raw(t));
        case TokenType::text: return "the text " + shown(raw(t));
        default: return "'" + shown(raw(t)) + "'";
        }
    }

    std::string column(const Token& t) const { return std::to_string(column_of(source_, t.offset)); }

    static bool is_keyword(const Token& t, std::string_view word)
    {
        return t.type == TokenType::word && same_ignoring_case(t.value, word);
    }

    static bool is_reserved(const Token& t)
    {
        return std::any_of(std::begin(reserved_words), std::end(reserved_words),
                           [&](const char* word) { return is_keyword(t, word); });
    }

    static bool is_symbol(const Token& t, std::string_view symbol)
    {
        return t.type == TokenType::symbol && t.value == symbol;
    }

    static NodePtr make(Node::Kind kind)
    {
        auto node = std::make_unique<Node>();
        node->kind = kind;
        return node;
    }

    // or = and { OR and }
    NodePtr parse_or()
    {
        NodePtr first = parse_and();
        if (!is_keyword(current(), "or"))
            return first;
        NodePtr node = make(Node::Kind::any_of);
        node->children.push_back(std::move(first));
        while (is_keyword(current(), "or")) {
            advance();
            node->children.push_back(parse_and());
        }
        return node;
    }

    // and = not { AND not }
    NodePtr parse_and()
    {
        NodePtr first = parse_not();
        if (!is_keyword(current(), "and"))
            return first;
        NodePtr node = make(Node::Kind::all_of);
        node->children.push_back(std::move(first));
        while (is_keyword(current(), "and")) {
            advance();
            node->children.push_back(parse_not());
        }
        return node;
    }

    // not = NOT not | '(' or ')' | predicate
    NodePtr parse_not()
    {
        const Token& t = current();
        if (is_keyword(t, "not")) {
            Nesting nesting(*this, t);
            advance();
            NodePtr node = make(Node::Kind::negation);
            node->children.push_back(parse_not());
            return node;
        }
        if (is_symbol(t, "(")) {
            Nesting nesting(*this, t);
            advance();
            NodePtr inner = parse_or();
            if (!is_symbol(current(), ")"))
                expected("')' to close the '(' at column " + column(t));
            advance();
            return inner;
        }
        return parse_predicate();
    }

    std::optional<Node::Field> find_field(std::string_view name) const
    {
        for (const bool exact : {true, false}) {
            const auto same = [&](std::string_view candidate) {
                return exact ? candidate == name : same_ignoring_case(candidate, name);
            };
            if (same("id"))
                return Node::Field{"id", FieldType::text, Node::Source::id};
            if (same("project"))
                return Node::Field{"project", FieldType::text, Node::Source::project};
            for (const auto& f : kind_.fields)
                if (same(f.name)) {
                    if (std::find(attribute_fields_.begin(), attribute_fields_.end(), f.name) == attribute_fields_.end())
                        attribute_fields_.push_back(f.name);
                    return Node::Field{f.name, f.type, Node::Source::attribute};
                }
        }
        // An analyte spelled as the vocabulary spells it (Li_ppm, Li2O_pct; li2o_pct is a field's
        // name, which a layer without that field does not have).
        if (const auto assay = analyte_field(name, Analytes::built_in());
            assay && name.substr(0, assay->analyte.size()) == assay->analyte) {
            const std::string spelled = analyte_field_name(assay->analyte, assay->unit);
            if (std::find(assay_fields_.begin(), assay_fields_.end(), spelled) == assay_fields_.end())
                assay_fields_.push_back(spelled);
            return Node::Field{spelled, FieldType::real, Node::Source::assay};
        }
        return std::nullopt;
    }

public:
    mutable std::vector<std::string> assay_fields_;   // the ANALYTE_UNIT names found, each once
    mutable std::vector<std::string> attribute_fields_;   // the layer's fields found, each once

private:

    [[noreturn]] void unknown_field(const Token& t) const
    {
        std::vector<std::string> names = {"id", "project"};
        for (const auto& f : kind_.fields)
            names.push_back(f.name);
        // Close by edit distance, or starting with what was typed ("li2o" for li2o_pct).
        const std::string wanted = lower(t.value);
        std::vector<std::pair<std::size_t, std::string>> scored;
        for (const auto& name : names) {
            std::size_t distance = edit_distance(wanted, name);
            if (wanted.size() >= 2 && name.starts_with(wanted))
                distance = std::min<std::size_t>(distance, 1);
            if (distance <= std::max<std::size_t>(2, name.size() / 3))
                scored.emplace_back(distance, name);
        }
        std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        std::vector<std::string> close;
        for (const auto& [distance, name] : scored)
            if (close.size() < 3)
                close.push_back(name);
        const std::string hint = close.empty() ? "the fields are: " + join(names, ", ") : "did you mean: " + join(close, ", ") + "?";
        fail(t, "unknown field '" + shown(t.value) + "' (" + hint + ")");
    }

    static bool is_numeric(FieldType type) { return type == FieldType::integer || type == FieldType::real; }
    static bool is_commodity(FieldType type) { return type == FieldType::commodity || type == FieldType::commodities; }

    // A value for field at the current token, checked against its type and normalised.
    Node::Literal value(const Node::Field& field, const std::string& after)
    {
        const Token& t = current();
        if (is_keyword(t, "null"))
            fail(t, "use IS NULL or IS NOT NULL to test for a missing value");
        if (t.type == TokenType::word && find_field(t.value))
            fail(t, "expected a value after " + after + ", found the field '" + shown(t.value) +
                        "' (a field is compared with a value, not with another field)");
        if (t.type == TokenType::word && !is_reserved(t) && !is_numeric(field.type))
            fail(t, "expected a value after " + after + ", found " + describe(t) + " (write text in single quotes: '" +
                        shown(t.value) + "')");
        if (t.type != TokenType::number && t.type != TokenType::text)
            expected("a value after " + after);
        Node::Literal literal = t.literal;
        const std::string name = "'" + field.name + "'";
        const std::string type = to_string(field.type);
        if (is_numeric(field.type) && !literal.is_number)
            fail(t, name + " is " + (field.type == FieldType::integer ? "an " : "a ") + type +
                        " field, so the value must be a number, not " + shown(raw(t)));
        if (field.type == FieldType::date) {
            if (literal.is_number)
                fail(t, name + " is a date field, so the value must be a quoted date 'YYYY-MM-DD'");
            if (!parse_iso_date(literal.text))
                fail(t, shown(raw(t)) + " is not a valid date (YYYY-MM-DD)");
        }
        if (!is_numeric(field.type) && literal.is_number)
            fail(t, name + " is a " + type + " field, so the value must be quoted: '" + shown(raw(t)) + "'");
        if (is_commodity(field.type) && vocabulary_) {
            try {
                literal.text = field.type == FieldType::commodity ? vocabulary_->normalise(literal.text)
                                                                   : vocabulary_->normalise_list(literal.text);
            } catch (const Error& e) {
                fail(t, e.what());
            }
        }
        advance();
        return literal;
    }

    // predicate = field ( op value | [NOT] BETWEEN | [NOT] IN | [NOT] LIKE | [NOT] HAS | IS [NOT] NULL )
    NodePtr parse_predicate()
    {
        const Token& name = current();
        if (name.type != TokenType::word || (is_reserved(name) && !find_field(name.value)))
            expected("a field name");
        const auto found = find_field(name.value);
        if (!found)
            unknown_field(name);
        const Node::Field field = *found;
        advance();

        static const std::pair<const char*, Node::Op> operators[] = {
            {"=", Node::Op::eq}, {"!=", Node::Op::ne}, {"<>", Node::Op::ne}, {"<", Node::Op::lt},
            {"<=", Node::Op::le}, {">", Node::Op::gt}, {">=", Node::Op::ge}};
        const Token& t = current();
        for (const auto& [symbol, op] : operators) {
            if (!is_symbol(t, symbol))
                continue;
            if (is_commodity(field.type) && op != Node::Op::eq && op != Node::Op::ne)
                fail(t, "'" + t.value + "' does not apply to the " + to_string(field.type) + " field '" + field.name +
                            "' (use =, !=, IN or HAS)");
            advance();
            NodePtr node = make(Node::Kind::compare);
            node->field = field;
            node->op = op;
            node->values.push_back(value(field, "'" + t.value + "'"));
            return node;
        }

        bool negated = false;
        if (is_keyword(t, "not")) {
            advance();
            negated = true;
            const Token& k = current();
            if (!is_keyword(k, "between") && !is_keyword(k, "in") && !is_keyword(k, "like") && !is_keyword(k, "has"))
                expected("BETWEEN, IN, LIKE or HAS after NOT");
        }
        const Token& k = current();
        NodePtr node;
        if (is_keyword(k, "between")) {
            if (is_commodity(field.type))
                fail(k, "BETWEEN does not apply to the " + std::string(to_string(field.type)) + " field '" + field.name +
                            "' (use =, !=, IN or HAS)");
            advance();
            node = make(Node::Kind::between);
            node->field = field;
            node->values.push_back(value(field, "BETWEEN"));
            if (!is_keyword(current(), "and"))
                expected("AND between the two values of BETWEEN");
            advance();
            node->values.push_back(value(field, "AND"));
        } else if (is_keyword(k, "in")) {
            advance();
            if (!is_symbol(current(), "("))
                expected("'(' after IN");
            advance();
            node = make(Node::Kind::in_list);
            node->field = field;
            node->values.push_back(value(field, "'('"));
            for (;;) {
                if (is_symbol(current(), ",")) {
                    advance();
                    node->values.push_back(value(field, "','"));
                } else if (is_symbol(current(), ")")) {
                    advance();
                    break;
                } else {
                    expected("',' or ')' in the IN list");
                }
            }
        } else if (is_keyword(k, "like")) {
            if (is_numeric(field.type))
                fail(k, "LIKE applies to text, and '" + field.name + "' is " +
                            (field.type == FieldType::integer ? "an " : "a ") + to_string(field.type) + " field");
            advance();
            const Token& p = current();
            if (p.type != TokenType::text)
                expected("a quoted pattern after LIKE");
            node = make(Node::Kind::like);
            node->field = field;
            node->pattern = compile_like(p.literal.text);
            advance();
        } else if (is_keyword(k, "has")) {
            if (!is_commodity(field.type))
                fail(k, "HAS applies to commodity fields, and '" + field.name + "' is " +
                            (field.type == FieldType::integer ? "an " : "a ") + to_string(field.type) + " field");
            advance();
            const Token& c = current();
            if (c.type != TokenType::text)
                expected("a quoted commodity after HAS");
            Node::Literal literal;
            literal.text = std::string(trim(c.literal.text));
            if (vocabulary_) {
                try {
                    literal.text = vocabulary_->normalise(c.literal.text);
                } catch (const Error& e) {
                    fail(c, e.what());
                }
            }
            node = make(Node::Kind::has);
            node->field = field;
            node->values.push_back(std::move(literal));
            advance();
        } else if (is_keyword(k, "is")) {
            advance();
            if (is_keyword(current(), "not")) {
                advance();
                negated = true;
                if (!is_keyword(current(), "null"))
                    expected("NULL after IS NOT");
            } else if (!is_keyword(current(), "null")) {
                expected("NULL or NOT NULL after IS");
            }
            advance();
            node = make(Node::Kind::is_null);
            node->field = field;
        } else {
            expected("an operator after '" + field.name + "' (=, !=, <>, <, <=, >, >=, BETWEEN, IN, LIKE, HAS or IS)");
        }
        node->negated = negated;
        return node;
    }

    static std::vector<char32_t> compile_like(std::string_view pattern)
    {
        std::vector<char32_t> out;
        for (std::size_t i = 0; i < pattern.size();) {
            const char32_t c = decode(pattern, i);
            if (c == '%') {
                if (out.empty() || out.back() != any_run)
                    out.push_back(any_run);
            } else {
                out.push_back(c == '_' ? any_one : fold(c));
            }
        }
        return out;
    }
};

// ---- Evaluation

// An attribute as seen by the evaluator, without copying text.
using View = std::variant<std::monostate, std::int64_t, double, std::string_view>;

View view_of(const Feature& feature, const Node::Field& field, const AssayLookup* lookup)
{
    if (field.source == Node::Source::assay) {
        if (!lookup)
            return std::monostate{};   // no results bound: no feature has a value
        const auto value = lookup->value(feature.id, field.name);
        return value ? View(*value) : View(std::monostate{});
    }
    if (field.source == Node::Source::id)
        return std::string_view(feature.id);
    if (field.source == Node::Source::project)
        return std::string_view(feature.project);
    const auto it = feature.attributes.find(field.name);
    if (it == feature.attributes.end())
        return std::monostate{};
    return std::visit(
        [](const auto& v) -> View {
            if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>)
                return std::string_view(v);
            else
                return v;
        },
        it->second);
}

bool is_null_view(const View& v) { return std::holds_alternative<std::monostate>(v); }

// The attribute's text: stored text, or a number written out.
std::string_view text_of(const View& v, std::string& scratch)
{
    if (const auto* s = std::get_if<std::string_view>(&v))
        return *s;
    if (const auto* i = std::get_if<std::int64_t>(&v))
        scratch = to_text(Value(*i));
    else if (const auto* d = std::get_if<double>(&v))
        scratch = to_text(Value(*d));
    return scratch;
}

template <typename T>
int three_way(T a, T b)
{
    return a < b ? -1 : (b < a ? 1 : 0);
}

// How a non-null attribute orders against literal: -1, 0, 1, or nothing when they do not
// compare (text in a numeric field, NaN).
std::optional<int> order(const View& v, const Node::Literal& literal)
{
    if (literal.is_number) {
        if (const auto* i = std::get_if<std::int64_t>(&v)) {
            if (literal.is_integer)
                return three_way(*i, literal.integer);
            return three_way(static_cast<double>(*i), literal.real);
        }
        if (const auto* d = std::get_if<double>(&v)) {
            if (std::isnan(*d))
                return std::nullopt;
            return three_way(*d, literal.real);
        }
        return std::nullopt;
    }
    std::string scratch;
    const int c = text_of(v, scratch).compare(literal.text);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

bool like(std::string_view text, const std::vector<char32_t>& pattern)
{
    // Greedy matching that backtracks only to the last '%': O(text × pattern) at worst.
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t s = 0, p = 0, star = none, mark = 0;
    while (s < text.size()) {
        std::size_t next = s;
        const char32_t c = fold(decode(text, next));
        if (p < pattern.size() && (pattern[p] == any_one || pattern[p] == c)) {
            s = next;
            ++p;
        } else if (p < pattern.size() && pattern[p] == any_run) {
            star = p++;
            mark = s;
        } else if (star != none) {
            p = star + 1;
            decode(text, mark);
            s = mark;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == any_run)
        ++p;
    return p == pattern.size();
}

bool has(std::string_view list, std::string_view symbol)
{
    const auto parts = split_any(list, ";,|");
    return std::any_of(parts.begin(), parts.end(), [&](const std::string& part) { return same_ignoring_case(part, symbol); });
}

Truth truth(bool b) { return b ? Truth::yes : Truth::no; }

Truth negate(Truth t)
{
    if (t == Truth::unknown)
        return t;
    return t == Truth::yes ? Truth::no : Truth::yes;
}

Truth negate_if(bool negated, Truth t) { return negated ? negate(t) : t; }

} // namespace

Node::Truth Node::evaluate(const Feature& feature, const AssayLookup* lookup) const
{
    switch (kind) {
    case Kind::any_of: {
        Truth result = Truth::no;
        for (const auto& child : children) {
            const Truth t = child->evaluate(feature, lookup);
            if (t == Truth::yes)
                return t;
            if (t == Truth::unknown)
                result = t;
        }
        return result;
    }
    case Kind::all_of: {
        Truth result = Truth::yes;
        for (const auto& child : children) {
            const Truth t = child->evaluate(feature, lookup);
            if (t == Truth::no)
                return t;
            if (t == Truth::unknown)
                result = t;
        }
        return result;
    }
    case Kind::negation:
        return negate(children.front()->evaluate(feature, lookup));
    default:
        break;
    }

    const View v = view_of(feature, field, lookup);
    if (kind == Kind::is_null)
        return negate_if(negated, truth(is_null_view(v)));
    if (is_null_view(v))
        return Truth::unknown;
    switch (kind) {
    case Kind::compare: {
        const auto o = order(v, values.front());
        if (!o)
            return Truth::unknown;
        switch (op) {
        case Op::eq: return truth(*o == 0);
        case Op::ne: return truth(*o != 0);
        case Op::lt: return truth(*o < 0);
        case Op::le: return truth(*o <= 0);
        case Op::gt: return truth(*o > 0);
        case Op::ge: return truth(*o >= 0);
        }
        return Truth::unknown;
    }
    case Kind::between: {
        const auto low = order(v, values[0]);
        const auto high = order(v, values[1]);
        if (!low || !high)
            return Truth::unknown;
        return negate_if(negated, truth(*low >= 0 && *high <= 0));
    }
    case Kind::in_list: {
        Truth result = Truth::no;
        for (const auto& value : values) {
            const auto o = order(v, value);
            if (!o)
                result = Truth::unknown;
            else if (*o == 0)
                return negate_if(negated, Truth::yes);
        }
        return negate_if(negated, result);
    }
    case Kind::like: {
        std::string scratch;
        return negate_if(negated, truth(lode::like(text_of(v, scratch), pattern)));
    }
    case Kind::has: {
        std::string scratch;
        return negate_if(negated, truth(lode::has(text_of(v, scratch), values.front().text)));
    }
    default:
        return Truth::unknown;
    }
}

Filter Filter::parse(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary)
{
    Filter filter;
    filter.text_ = expression;
    Parser parser(filter.text_, kind, vocabulary);
    filter.root_ = parser.parse();
    filter.assay_fields_ = std::move(parser.assay_fields_);
    filter.attribute_fields_ = std::move(parser.attribute_fields_);
    return filter;
}

Filter Filter::parse_for_layer(const std::string& expression, const LayerKind& kind, const Commodities* vocabulary,
                               bool layers_chosen)
{
    try {
        return parse(expression, kind, vocabulary);
    } catch (const InputError& e) {
        throw InputError("layer '" + kind.name + "': " + e.reason(), layers_chosen ? e.hint() : Hint::choose_layers);
    }
}

std::optional<Filter::AssayBound> Filter::assay_lower_bound() const
{
    const auto bound = [](const Node& n) -> std::optional<AssayBound> {
        if (n.field.source != Node::Source::assay || n.values.empty() || !n.values.front().is_number)
            return std::nullopt;
        const double v = n.values.front().real;
        if (n.kind == Node::Kind::compare && (n.op == Node::Op::gt || n.op == Node::Op::ge || n.op == Node::Op::eq))
            return AssayBound{n.field.name, v, n.op != Node::Op::gt};
        if (n.kind == Node::Kind::between && !n.negated)
            return AssayBound{n.field.name, v, true};
        return std::nullopt;
    };
    if (!root_)
        return std::nullopt;
    if (root_->kind != Node::Kind::all_of)
        return bound(*root_);
    for (const auto& child : root_->children)
        if (const auto b = bound(*child))
            return b;
    return std::nullopt;
}

bool Filter::matches(const Feature& feature) const
{
    return !root_ || root_->evaluate(feature, lookup_.get()) == Node::Truth::yes;
}

} // namespace lode
