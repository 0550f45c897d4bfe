// The libpq layer of the PostGIS backend (detail/pq.hpp).
#include "lode/store/postgis/detail/pq.hpp"

#include "lode/base/error.hpp"
#include "lode/store/access.hpp"
#include "lode/store/retry.hpp"

#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <functional>
#include <map>
#include <mutex>

namespace lode::pq {

namespace {

thread_local ServerError last;

std::atomic<std::uint64_t> sent_statements{0};

constexpr std::size_t copy_piece_size = 1 << 16;   // a COPY's data sent in pieces of this size (Copy::end_row)
constexpr std::size_t copy_held_size = 1 << 23;    // at most this much kept while the server is busy (Copy::flush)

// The connections whose COPY was ended by finish_later, their answer not yet read (a closed one
// forgotten by ConnectionDeleter).
// With each, what its caller makes of its error (Copy::finish_later's on_error), if anything.
std::mutex awaited_mutex;
std::map<PGconn*, std::function<void(const Error&)>> awaited_copies;

// libpq's messages end in a newline and may run over lines: one line.
std::string one_line(const char* message)
{
    std::string out;
    for (const char* p = message ? message : ""; *p; ++p)
        out += (*p == '\n' || *p == '\r') ? ' ' : *p;
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

std::uint64_t big_endian(const unsigned char* p, int size)
{
    std::uint64_t v = 0;
    for (int i = 0; i < size; ++i)
        v = (v << 8) | p[i];
    return v;
}

} // namespace

void ConnectionDeleter::operator()(PGconn* c) const
{
    {
        const std::lock_guard<std::mutex> lock(awaited_mutex);
        awaited_copies.erase(c);
    }
    PQfinish(c);
}

bool awaited(PGconn* db)
{
    const std::lock_guard<std::mutex> lock(awaited_mutex);
    return awaited_copies.count(db) > 0;
}

Connection connect(const std::string& conninfo, const std::string& shown)
{
    Connection db(PQconnectdb(conninfo.c_str()));
    if (!db)
        throw Error(shown + ": cannot connect (out of memory)");
    if (PQstatus(db.get()) != CONNECTION_OK)
        throw Error(shown + ": cannot connect: " + one_line(PQerrorMessage(db.get())));
    return db;
}

std::string identifier(const std::string& name)
{
    std::string out = "\"";
    for (char c : name)
        out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string literal(const std::string& text)
{
    std::string out = "'";
    for (char c : text)
        out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

std::string array_literal(const std::vector<std::string>& values)
{
    std::string out = "{";
    for (const auto& v : values) {
        if (out.size() > 1)
            out += ',';
        out += '"';
        for (char c : v) {
            if (c == '"' || c == '\\')
                out += '\\';
            out += c;
        }
        out += '"';
    }
    return out + "}";
}

Params& Params::add(double number)
{
    if (std::isnan(number)) {
        values_.emplace_back(std::string("NaN"));
        return *this;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", number);
    values_.emplace_back(std::string(text));
    return *this;
}

Params& Params::add_bytes(const std::vector<unsigned char>& bytes)
{
    static const char digits[] = "0123456789abcdef";
    std::string text = "\\x";
    text.reserve(2 + bytes.size() * 2);
    for (unsigned char b : bytes) {
        text += digits[b >> 4];
        text += digits[b & 15];
    }
    values_.emplace_back(std::move(text));
    return *this;
}

std::string Result::text(int row, int column) const
{
    if (is_null(row, column))
        return {};
    return std::string(PQgetvalue(result_.get(), row, column), static_cast<std::size_t>(PQgetlength(result_.get(), row, column)));
}

const unsigned char* Result::bytes(int row, int column, std::size_t& size) const
{
    size = static_cast<std::size_t>(PQgetlength(result_.get(), row, column));
    return reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column));
}

std::int64_t Result::integer(int row, int column) const
{
    if (is_null(row, column))
        return 0;
    const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column));
    if (PQfformat(result_.get(), column) == 0)
        return std::stoll(reinterpret_cast<const char*>(p));
    switch (PQgetlength(result_.get(), row, column)) {
    case 8: return static_cast<std::int64_t>(big_endian(p, 8));
    case 4: return static_cast<std::int32_t>(big_endian(p, 4));
    case 2: return static_cast<std::int16_t>(big_endian(p, 2));
    default: throw Error("PostgreSQL: column " + std::to_string(column) + " is not an integer");
    }
}

double Result::real(int row, int column) const
{
    if (is_null(row, column))
        return std::numeric_limits<double>::quiet_NaN();
    const auto* p = reinterpret_cast<const unsigned char*>(PQgetvalue(result_.get(), row, column));
    if (PQfformat(result_.get(), column) == 0)
        return std::stod(reinterpret_cast<const char*>(p));
    const unsigned oid = type(column);
    if (oid == 701) {   // float8
        const std::uint64_t bits = big_endian(p, 8);
        double v;
        std::memcpy(&v, &bits, 8);
        return v;
    }
    if (oid == 700) {   // float4
        const auto bits = static_cast<std::uint32_t>(big_endian(p, 4));
        float v;
        std::memcpy(&v, &bits, 4);
        return v;
    }
    return static_cast<double>(integer(row, column));
}

std::int64_t Result::affected() const
{
    const char* n = PQcmdTuples(result_.get());
    return n && *n ? std::stoll(n) : 0;
}

namespace {

[[noreturn]] void fail(PGconn* db, const Result& result)
{
    auto field = [&](int code) {
        const char* v = result ? PQresultErrorField(result.get(), code) : nullptr;
        return one_line(v);
    };
    last = {field(PG_DIAG_SQLSTATE), field(PG_DIAG_MESSAGE_PRIMARY), field(PG_DIAG_MESSAGE_DETAIL),
            field(PG_DIAG_CONSTRAINT_NAME)};
    if (last.primary.empty())
        last.primary = one_line(PQerrorMessage(db));
    std::string message = "PostgreSQL: " + last.primary;
    // A conflict with other writers that the server asks to run again (the transaction is aborted).
    if (last.sqlstate == "40001" || last.sqlstate == "40P01")
        throw RetryableError(message, last.sqlstate);
    if (last.sqlstate == "42501")
        throw AccessRefused(message);   // a privilege or a policy the login lacks
    throw Error(message);
}

} // namespace

void settle(PGconn* db)
{
    std::function<void(const Error&)> on_error;
    {
        const std::lock_guard<std::mutex> lock(awaited_mutex);
        const auto at = awaited_copies.find(db);
        if (at == awaited_copies.end())
            return;
        on_error = std::move(at->second);
        awaited_copies.erase(at);
    }
    // (None: a statement sent since without settle, a rollback, took it.)
    const Result result = Result::next(db);
    if (!result)
        return;
    discard_results(db);
    if (result.status() == PGRES_COMMAND_OK)
        return;
    try {
        fail(db, result);
    } catch (const Error& e) {
        if (on_error)
            on_error(e);
        throw;
    }
}

namespace {

// Whether the server is still at a COPY ended by finish_later on db (its answer not yet come).
bool still_busy(PGconn* db)
{
    if (!awaited(db))
        return false;
    return PQconsumeInput(db) == 1 && PQisBusy(db) == 1;
}

} // namespace

std::uint64_t statements_sent() { return sent_statements.load(); }

Result exec(PGconn* db, const std::string& sql, const Params& params, bool text_results)
{
    settle(db);
    ++sent_statements;
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& v : params.values())
        values.push_back(v ? v->c_str() : nullptr);
    Result result(PQexecParams(db, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr,
                               text_results ? 0 : 1));
    if (result.status() != PGRES_COMMAND_OK && result.status() != PGRES_TUPLES_OK)
        fail(db, result);
    return result;
}

void exec_script(PGconn* db, const std::string& sql)
{
    settle(db);
    ++sent_statements;
    const Result result(PQexec(db, sql.c_str()));
    if (result.status() != PGRES_COMMAND_OK && result.status() != PGRES_TUPLES_OK)
        fail(db, result);
}

std::int64_t query_integer(PGconn* db, const std::string& sql, const Params& params)
{
    const Result r = exec(db, sql, params);
    if (r.rows() != 1)
        throw Error("PostgreSQL: expected one row from a query, got " + std::to_string(r.rows()));
    return r.integer(0, 0);
}

const ServerError& last_error() { return last; }

void raise(PGconn* db, const Result& result) { fail(db, result); }

void discard_results(PGconn* db)
{
    while (Result::next(db)) {
    }
}

Copy::Copy(PGconn* db, const std::string& copy_sql) : db_(db), sql_(copy_sql)
{
    buffer_.reserve(copy_piece_size + 4096);
}

void Copy::start()
{
    settle(db_);
    ++sent_statements;
    const Result result(PQexec(db_, sql_.c_str()));
    if (result.status() != PGRES_COPY_IN)
        fail(db_, result);
    started_ = true;
}

Copy::~Copy()
{
    if (done_ || !started_)
        return;
    PQputCopyEnd(db_, "abandoned");
    discard_results(db_);
}

void Copy::field(const std::string& text)
{
    separate();
    // The runs without a character to escape appended whole (most values have none).
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
        const char* run = p;
        while (p < end && *p != '\\' && *p != '\n' && *p != '\r' && *p != '\t')
            ++p;
        buffer_.append(run, static_cast<std::size_t>(p - run));
        if (p == end)
            break;
        buffer_ += '\\';
        buffer_ += *p == '\\' ? '\\' : *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
        ++p;
    }
}

void Copy::field(std::int64_t number)
{
    separate();
    char text[24];
    buffer_.append(text, std::to_chars(text, text + sizeof text, number).ptr);
}

void Copy::field(double number)
{
    separate();
    if (std::isnan(number)) {
        buffer_ += "NaN";
        return;
    }
    // The shortest text that reads back as the same double (the server's strtod gives it again),
    // not snprintf's 17 digits: a tenth of the instructions.
    char text[32];
    buffer_.append(text, std::to_chars(text, text + sizeof text, number).ptr);
}

void Copy::hex(const std::vector<unsigned char>& bytes)
{
    static const char digits[] = "0123456789ABCDEF";
    separate();
    for (unsigned char b : bytes) {
        buffer_ += digits[b >> 4];
        buffer_ += digits[b & 15];
    }
}

void Copy::end_row()
{
    buffer_ += '\n';
    first_ = true;
    // Sent in pieces of about 64 kB, not 1 MB: the server parses and writes a batch's first rows
    // while lode encodes the rest (held: the server asked again a piece later).
    if (buffer_.size() >= send_at_)
        flush();
}

void Copy::flush(bool all)
{
    if (!started_) {
        // While the server is still at the COPY ended before on the connection (finish_later),
        // this one's rows are kept, up to a bound: lode encodes them as the server writes those.
        if (!all && buffer_.size() < copy_held_size && still_busy(db_)) {
            send_at_ = buffer_.size() + copy_piece_size;
            return;
        }
        start();
        send_at_ = copy_piece_size;
    }
    if (buffer_.empty())
        return;
    if (PQputCopyData(db_, buffer_.data(), static_cast<int>(buffer_.size())) != 1)
        fail(db_, Result(nullptr));
    buffer_.clear();
}

void Copy::finish()
{
    flush(true);
    done_ = true;
    if (PQputCopyEnd(db_, nullptr) != 1)
        fail(db_, Result(nullptr));
    const Result result = Result::next(db_);
    discard_results(db_);
    if (result.status() != PGRES_COMMAND_OK)
        fail(db_, result);
}

void Copy::finish_later(std::function<void(const Error&)> on_error)
{
    flush(true);
    done_ = true;
    if (PQputCopyEnd(db_, nullptr) != 1)
        fail(db_, Result(nullptr));
    const std::lock_guard<std::mutex> lock(awaited_mutex);
    awaited_copies[db_] = std::move(on_error);
}

} // namespace lode::pq
