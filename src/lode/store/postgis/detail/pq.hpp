#pragma once
// A thin RAII layer over libpq for the PostGIS backend: an owned connection, an owned result read
// by row and column (binary results: text as its bytes, int8/int4 and float8 decoded), parameters
// always sent apart from the SQL text (never built into it), and COPY FROM STDIN.
// Error messages carry the server's primary message and the store's display name (never the
// password a connection string may hold).
#include <libpq-fe.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lode {
class Error;
}

namespace lode::pq {

// Closes the connection, and forgets it among those awaited (settle): a connection made later at
// the same address is not taken for it.
struct ConnectionDeleter {
    void operator()(PGconn* c) const;
};
using Connection = std::unique_ptr<PGconn, ConnectionDeleter>;

// Connects with a libpq connection string or URL (libpq itself reads the PG* variables and
// ~/.pgpass); `shown` names the store in errors. Throws Error when the server cannot be reached.
Connection connect(const std::string& conninfo, const std::string& shown);

// A double-quoted SQL identifier ("a""b" for a"b).
std::string identifier(const std::string& name);

// A single-quoted SQL string literal ('it''s'), for the few places SQL cannot take a parameter
// (a trigger's arguments); standard_conforming_strings is on in every supported server.
std::string literal(const std::string& text);

// A text[] literal of the values ({"a","b \"c"}), to send as one parameter ($1::text[]).
std::string array_literal(const std::vector<std::string>& values);

// Parameters of a statement, each sent as text (NULL where absent): $1, $2, ... in order.
class Params {
public:
    Params& add(const std::string& text) { values_.emplace_back(text); return *this; }
    Params& add(const char* text) { values_.emplace_back(std::string(text)); return *this; }
    Params& add(std::int64_t number) { values_.emplace_back(std::to_string(number)); return *this; }
    Params& add(double number);
    Params& add_bytes(const std::vector<unsigned char>& bytes);   // a bytea as \x hex
    Params& add_null() { values_.emplace_back(std::nullopt); return *this; }
    std::size_t size() const { return values_.size(); }
    const std::vector<std::optional<std::string>>& values() const { return values_; }

private:
    std::vector<std::optional<std::string>> values_;
};

// A block of memory libpq allocated for the caller (a CopyData message), freed with PQfreemem.
struct MemoryDeleter {
    void operator()(char* p) const { PQfreemem(p); }
};
using Memory = std::unique_ptr<char, MemoryDeleter>;

// An owned result (PQclear when it goes); null where libpq returned none.
class Result {
public:
    explicit Result(PGresult* result) : result_(result) {}
    // The connection's next result of the command it runs (null when there is none left).
    static Result next(PGconn* db) { return Result(PQgetResult(db)); }
    explicit operator bool() const { return result_ != nullptr; }
    ExecStatusType status() const { return result_ ? PQresultStatus(result_.get()) : PGRES_FATAL_ERROR; }
    int rows() const { return PQntuples(result_.get()); }
    bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) == 1; }
    // A text, varchar or bytea column's bytes (empty for NULL).
    std::string text(int row, int column) const;
    const unsigned char* bytes(int row, int column, std::size_t& size) const;
    // An int2/int4/int8 column (0 for NULL).
    std::int64_t integer(int row, int column) const;
    // A float8/float4 column, or an integer one (NaN for NULL).
    double real(int row, int column) const;
    // The column's type as a PostgreSQL type OID (20 int8, 701 float8, 25 text...).
    unsigned type(int column) const { return PQftype(result_.get(), column); }
    // Rows changed by an INSERT, UPDATE or DELETE.
    std::int64_t affected() const;
    PGresult* get() const { return result_.get(); }

private:
    struct Deleter {
        void operator()(PGresult* r) const { PQclear(r); }
    };
    std::unique_ptr<PGresult, Deleter> result_;
};

// Runs one statement with its parameters; results in binary form (Result's readers) unless
// text_results. Throws RetryableError (retry.hpp) for a serialization failure or a deadlock, else
// Error, with the server's message (and its detail, without the values of a
// row, which may be anyone's data).
Result exec(PGconn* db, const std::string& sql, const Params& params = {}, bool text_results = false);
// Runs SQL without parameters (several statements allowed).
void exec_script(PGconn* db, const std::string& sql);
// The one value of a one-row, one-column query (an integer).
std::int64_t query_integer(PGconn* db, const std::string& sql, const Params& params = {});

// Waits for the answer to a COPY ended by finish_later on this connection, if one is awaited, and
// throws its Error as finish would. exec, exec_script, query_integer, Copy and CopyOut call it first.
void settle(PGconn* db);

// How many statements this process has sent (exec, exec_script, Copy), on any connection: a caller
// that noted what the database held after its statement knows it still holds it while this is
// unchanged.
std::uint64_t statements_sent();
// Whether a COPY ended by finish_later on this connection is still awaited (settle has not read its
// answer). False once the connection is closed.
bool awaited(PGconn* db);
// Throws the Error (or RetryableError) of a failed result as exec does (a null result: the
// connection's own message).
[[noreturn]] void raise(PGconn* db, const Result& result);
// Reads and drops the connection's results left of the command it runs, so that it can run another.
void discard_results(PGconn* db);

// The SQLSTATE of the error a statement failed with, kept by exec's Error in this form.
struct ServerError {
    std::string sqlstate, primary, detail, constraint;
};
// The last server error exec() threw on this thread.
const ServerError& last_error();

// COPY ... FROM STDIN in text format: rows are added field by field, sent in blocks of about 64 kB.
// The COPY itself is sent with its first block (its error thrown there, or by finish): while the
// server is still at a COPY ended before on the connection by finish_later, the rows are kept (up
// to 8 MB) rather than waited for, so that lode encodes them as the server writes the others.
class Copy {
public:
    Copy(PGconn* db, const std::string& copy_sql);
    ~Copy();
    Copy(const Copy&) = delete;
    Copy& operator=(const Copy&) = delete;
    void field(const std::string& text);   // escaped as COPY's text format needs
    void field(std::int64_t number);
    void field(double number);
    void null() { separate(); buffer_.append("\\N", 2); }
    // Hex text of bytes (a geometry's EWKB reads so).
    void hex(const std::vector<unsigned char>& bytes);
    void end_row();
    void finish();   // ends the COPY; throws Error with the server's message when it failed
    // Ends the COPY without waiting for the server's answer: the server goes on with the rows (and
    // the table's statement triggers) while the caller prepares what comes next, and the next
    // statement on the connection (settle) waits for it first and throws its error, if any, there:
    // on_error, if given, is called with it first (and may throw another in its place).
    void finish_later(std::function<void(const Error&)> on_error = {});

private:
    void separate()
    {
        if (!first_)
            buffer_ += '\t';
        first_ = false;
    }
    void start();   // sends the COPY statement
    // Sends the rows held; all: also while the server is busy (the COPY sent first).
    void flush(bool all = false);
    PGconn* db_;
    std::string sql_;
    std::string buffer_;
    std::size_t send_at_ = 1 << 16;   // the rows' size at which end_row sends them (flush)
    bool first_ = true, done_ = false, started_ = false;
};

} // namespace lode::pq
