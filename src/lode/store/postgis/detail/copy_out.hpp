#pragma once
// COPY (SELECT ...) TO STDOUT in PostgreSQL's binary format, read a row at a time: the server sends
// the rows as fast as it makes them (no round trip per block, as a cursor's FETCH has), and the
// reader decodes each row's fields in place (float8 and int8 from their big-endian bytes).
// While the rows come, the connection can run nothing else.
#include "lode/store/postgis/detail/pq.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace lode::pq {

class CopyOut {
public:
    // Starts COPY (select) TO STDOUT (FORMAT binary). COPY takes no parameters: any value the
    // SELECT needs is in its text (pq::literal, exact numbers). Throws Error with the server's message.
    CopyOut(PGconn* db, const std::string& select);
    // Reads what is left of the rows (the connection is usable again afterwards, in the same
    // transaction state as before); errors then are dropped.
    ~CopyOut();
    CopyOut(const CopyOut&) = delete;
    CopyOut& operator=(const CopyOut&) = delete;

    // The next row; false after the last (the COPY's end checked: Error with the server's message).
    bool next();
    bool is_null(int column) const { return field(column).size < 0; }
    // A text or bytea column's bytes (empty for NULL).
    std::string text(int column) const;
    void text(int column, std::string& out) const;   // into out, its capacity reused
    void bytes(int column, std::vector<unsigned char>& out) const;
    // A float8 column (NaN for NULL).
    double real(int column) const;
    // An int8 column (0 for NULL).
    std::int64_t integer(int column) const;

private:
    struct Field {
        const unsigned char* data;
        std::int32_t size;   // -1 for NULL
    };
    const Field& field(int column) const;   // Error past the row's columns
    void finish();
    void drain();
    int receive();   // the next CopyData message into message_: its size, or PQgetCopyData's -1 (the end) or -2
    PGconn* db_;
    Memory message_;   // the current CopyData message
    std::vector<Field> fields_;
    bool header_ = true, done_ = false;
};

} // namespace lode::pq
