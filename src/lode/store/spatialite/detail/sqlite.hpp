#pragma once
// Owners of sqlite3 handles: a connection and a prepared statement.
#include "lode/base/value.hpp"

#include <sqlite3.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lode::sqlite {

struct ConnectionCloser {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Connection = std::unique_ptr<sqlite3, ConnectionCloser>;

// SQLite's process-wide settings; effective only before SQLite initialises itself (the first
// connection, or SpatiaLite's first cache), a no-op after. open() calls it.
void configure();
// Opens path; create=false refuses a missing file instead of making an empty one. An existing
// store that cannot be written (the file, or its folder, where SQLite makes the -wal and -shm
// files of a WAL database) opens read-only: `mode=ro`, or `immutable=1` where no other
// program can be writing it either (a read-only file system, or a folder nobody has made a -shm
// in) and no -wal holds changes; sqlite3_db_readonly() tells. Writes then fail as read_only_error.
Connection open(const std::string& path, bool create);

// How long a statement waits for another connection's lock (installed with wait_for_locks);
// after `limit`, SQLITE_BUSY, which the statement reports as "being written by another program".
struct LockWait {
    std::chrono::seconds limit{60};
    std::string path;                                   // the store's file, to find who holds it
    std::function<void(const std::string&)> waiting;   // called once, when a wait has lasted a second,
                                                        // with lock_holder(path)
    std::chrono::steady_clock::time_point began{};
    bool told = false;
};
// Installs wait as db's busy handler; wait must outlive db.
void wait_for_locks(sqlite3* db, LockWait& wait);
// Who else holds a lock on the store at path (the file, or its -wal/-shm files of WAL mode), as
// "NAME, process PID, running since YYYY-MM-DD HH:MM UTC", several joined by "; "; empty when
// nobody else does or the system does not say (read from Linux's /proc/locks).
std::string lock_holder(const std::string& path);

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql);

    Statement& bind(int index, const Value& value);
    Statement& bind(int index, const std::string& text);
    Statement& bind(int index, const char* text) { return bind(index, std::string(text)); }
    Statement& bind(int index, std::int64_t number);
    Statement& bind(int index, double number);
    Statement& bind_null(int index);
    Statement& bind_blob(int index, const std::vector<unsigned char>& bytes);
    // The same, not copied (SQLITE_STATIC): the text, value or bytes must outlive the next run.
    Statement& bind_text_static(int index, std::string_view text);
    Statement& bind_static(int index, const Value& value);
    Statement& bind_blob_static(int index, const std::vector<unsigned char>& bytes);

    bool step();       // true while a row is available
    void run();        // steps to completion
    // Steps to completion and resets, keeping the bindings (not cleared: for a statement run row
    // after row, every parameter bound again before each run).
    void run_rebound();
    void reset();

    bool is_null(int column) const;
    std::string text(int column) const;
    // The same, without a copy: valid until the next step (a caller assigns it to a string it reuses).
    std::string_view text_view(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    // The number, NaN for NULL (one call into SQLite, not is_null's and real's two).
    double real_or_nan(int column) const;
    std::vector<unsigned char> blob(int column) const;
    Value value(int column) const;
    int columns() const;
    std::string column_name(int column) const;
    sqlite3_stmt* handle() const { return stmt_.get(); }

private:
    struct Finalizer {
        void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
    };
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
    std::string sql_;
};

void exec(sqlite3* db, const std::string& sql);
std::int64_t query_integer(sqlite3* db, const std::string& sql);

} // namespace lode::sqlite
