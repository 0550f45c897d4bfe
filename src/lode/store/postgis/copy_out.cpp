// COPY ... TO STDOUT (FORMAT binary), read a row at a time (detail/copy_out.hpp).
#include "lode/store/postgis/detail/copy_out.hpp"

#include "lode/base/error.hpp"
#include "lode/store/postgis/detail/pq.hpp"

#include <cmath>
#include <cstring>
#include <limits>

namespace lode::pq {

namespace {

// The file header of the binary format: the signature, 4 bytes of flags, 4 of extension length.
constexpr unsigned char signature[] = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', 0xff, '\r', '\n', 0};
constexpr std::size_t signature_size = sizeof signature;

std::uint32_t be32(const unsigned char* p)
{
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::uint64_t be64(const unsigned char* p) { return (std::uint64_t{be32(p)} << 32) | be32(p + 4); }

[[noreturn]] void malformed(const char* what)
{
    throw Error(std::string("PostgreSQL: a binary COPY row could not be read (") + what + ")");
}

} // namespace

CopyOut::CopyOut(PGconn* db, const std::string& select) : db_(db)
{
    settle(db_);
    const Result result(PQexec(db_, ("COPY (" + select + ") TO STDOUT (FORMAT binary)").c_str()));
    if (result.status() != PGRES_COPY_OUT)
        raise(db_, result);
}

CopyOut::~CopyOut()
{
    try {
        if (!done_)
            drain();
    } catch (...) {   // the connection's state is libpq's to report on its next use
    }
}

int CopyOut::receive()
{
    message_.reset();
    char* buffer = nullptr;
    const int size = PQgetCopyData(db_, &buffer, 0);
    message_.reset(buffer);
    return size;
}

void CopyOut::drain()
{
    while (receive() > 0) {
    }
    message_.reset();
    done_ = true;
    discard_results(db_);
}

void CopyOut::finish()
{
    done_ = true;
    const Result result = Result::next(db_);
    discard_results(db_);
    if (result.status() != PGRES_COMMAND_OK)
        raise(db_, result);
}

bool CopyOut::next()
{
    if (done_)
        return false;
    const unsigned char* p = nullptr;
    const unsigned char* end = nullptr;
    for (;;) {
        const int size = receive();
        if (size == -1) {   // the COPY ended (without its trailer: the server's error)
            finish();
            malformed("no end marker");
        }
        if (size < 0) {
            finish();   // throws the server's (or the connection's) message
            raise(db_, Result(nullptr));
        }
        p = reinterpret_cast<const unsigned char*>(message_.get());
        end = p + size;
        if (header_) {   // in the first row's message (or a message of its own)
            if (static_cast<std::size_t>(size) < signature_size + 8 || std::memcmp(p, signature, signature_size) != 0)
                malformed("no header");
            const std::uint32_t extension = be32(p + signature_size + 4);
            p += signature_size + 8;
            if (static_cast<std::size_t>(end - p) < extension)
                malformed("header cut short");
            p += extension;
            header_ = false;
        }
        if (p < end)
            break;
    }
    if (end - p < 2)
        malformed("row cut short");
    const auto count = static_cast<std::int16_t>((p[0] << 8) | p[1]);
    p += 2;
    if (count == -1) {   // the trailer; the COPY's end follows
        while (receive() > 0) {
        }
        message_.reset();
        finish();
        return false;
    }
    fields_.resize(static_cast<std::size_t>(count));
    for (auto& field : fields_) {
        if (end - p < 4)
            malformed("row cut short");
        field.size = static_cast<std::int32_t>(be32(p));
        p += 4;
        field.data = p;
        if (field.size < -1)
            malformed("a negative field length");
        if (field.size > 0) {
            if (end - p < field.size)
                malformed("field cut short");
            p += field.size;
        }
    }
    return true;
}

const CopyOut::Field& CopyOut::field(int column) const
{
    if (column < 0 || static_cast<std::size_t>(column) >= fields_.size())
        malformed("no such column");
    return fields_[static_cast<std::size_t>(column)];
}

std::string CopyOut::text(int column) const
{
    const Field& f = field(column);
    if (f.size <= 0)
        return {};
    return std::string(reinterpret_cast<const char*>(f.data), static_cast<std::size_t>(f.size));
}

void CopyOut::text(int column, std::string& out) const
{
    const Field& f = field(column);
    if (f.size <= 0)
        out.clear();
    else
        out.assign(reinterpret_cast<const char*>(f.data), static_cast<std::size_t>(f.size));
}

void CopyOut::bytes(int column, std::vector<unsigned char>& out) const
{
    const Field& f = field(column);
    if (f.size <= 0)
        out.clear();
    else
        out.assign(f.data, f.data + f.size);
}

double CopyOut::real(int column) const
{
    const Field& f = field(column);
    if (f.size < 0)
        return std::numeric_limits<double>::quiet_NaN();
    if (f.size != 8)
        malformed("a float8 column is not 8 bytes");
    const std::uint64_t bits = be64(f.data);
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
}

std::int64_t CopyOut::integer(int column) const
{
    const Field& f = field(column);
    if (f.size < 0)
        return 0;
    if (f.size != 8)
        malformed("an int8 column is not 8 bytes");
    return static_cast<std::int64_t>(be64(f.data));
}

} // namespace lode::pq
