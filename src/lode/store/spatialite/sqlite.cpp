#include "lode/store/spatialite/detail/sqlite.hpp"

#include "lode/base/error.hpp"

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace lode::sqlite {

namespace {

// What went wrong with the store, in words a user can act on: SQLite's message without the SQL.
std::string store_failure(sqlite3* db)
{
    if (!db)
        return "out of memory";
    switch (sqlite3_extended_errcode(db) & 0xff) {
    case SQLITE_FULL: return "the disk is full; the store was not changed";
    case SQLITE_NOTADB: return "is not a lode store (not an SQLite database)";
    case SQLITE_CORRUPT: return "the store is damaged (" + std::string(sqlite3_errmsg(db)) + ")";
    case SQLITE_READONLY: return "the store cannot be written (" + std::string(sqlite3_errmsg(db)) + ")";
    case SQLITE_LOCKED: return "the store is being written by another program; try again";
    case SQLITE_IOERR: return "the store cannot be read or written (input/output error)";
    case SQLITE_CANTOPEN: return "the store cannot be opened";
    default: return "the store refused the operation (" + std::string(sqlite3_errmsg(db)) + ")";
    }
}

// The store's file, for the error's where.
std::string store_file(sqlite3* db)
{
    const char* name = db ? sqlite3_db_filename(db, "main") : nullptr;
    return name ? name : "";
}

// Errors of every store rather than of one statement: a lock held too long, a read-only store.
void fail_for_store(sqlite3* db, int code)
{
    if ((code & 0xff) == SQLITE_BUSY) {
        const std::string file = store_file(db);
        const std::string holder = lock_holder(file);
        throw Error(Where{file, -1, "", ""},
                    "the store is being written by another program" + (holder.empty() ? std::string() : " (" + holder + ")") +
                        ", which held it longer than " + mention(Setting::wait) + " allows",
                    Hint::wait);
    }
    if (code == SQLITE_READONLY)   // a write refused (the extended codes are SQLite failing to read)
        throw Error(Where{store_file(db), -1, "", ""}, "the store is read-only (the file or its folder cannot be written), so it cannot be changed");
}

[[noreturn]] void fail(sqlite3* db, const std::string& path = {})
{
    if (db)
        fail_for_store(db, sqlite3_extended_errcode(db));
    throw Error(Where{path.empty() ? store_file(db) : path, -1, "", ""}, store_failure(db));
}

int wait_a_little(void* data, int count)
{
    auto& wait = *static_cast<LockWait*>(data);
    const auto now = std::chrono::steady_clock::now();
    if (count == 0) {
        wait.began = now;
        wait.told = false;
    }
    if (now - wait.began >= wait.limit)
        return 0;
    if (!wait.told && now - wait.began >= std::chrono::seconds(1)) {
        wait.told = true;
        if (wait.waiting)
            wait.waiting(lock_holder(wait.path));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(count < 10 ? 5 : 50));
    return 1;
}

// A process as "NAME, process PID, running since YYYY-MM-DD HH:MM UTC", from /proc; the start
// time left out where /proc/PID/stat or /proc/stat do not say.
std::string describe_process(long pid)
{
    const std::string dir = "/proc/" + std::to_string(pid);
    std::string name;
    std::getline(std::ifstream(dir + "/comm"), name);
    if (name.empty())
        name = "a program";
    std::string said = name + ", process " + std::to_string(pid);
    // /proc/PID/stat: "PID (COMM) STATE ..." with starttime the 22nd field, in clock ticks after boot;
    // COMM may hold spaces and parentheses, so the fields are counted after the last ')'.
    std::string stat;
    std::getline(std::ifstream(dir + "/stat"), stat);
    const auto close = stat.rfind(')');
    long long boot = 0;
    for (std::ifstream proc_stat("/proc/stat"); proc_stat && !boot;) {
        std::string key;
        proc_stat >> key;
        if (key == "btime")
            proc_stat >> boot;
        else
            proc_stat.ignore(1 << 20, '\n');
    }
    if (close != std::string::npos && boot > 0) {
        std::istringstream fields(stat.substr(close + 1));
        std::string field;
        for (int i = 3; i <= 22 && fields >> field; ++i)
            if (i == 22) {
                const std::time_t started = static_cast<std::time_t>(boot + std::stoll(field) / sysconf(_SC_CLK_TCK));
                std::tm utc{};
                char when[32];
                if (gmtime_r(&started, &utc) && std::strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &utc))
                    said += std::string(", running since ") + when;
            }
    }
    return said;
}

// "file:" URI of path (RFC 3986: %, ? and # escaped, as SQLite reads them).
std::string file_uri(const std::string& path)
{
    std::string uri = "file:";
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            static const char hex[] = "0123456789ABCDEF";
            uri += '%';
            uri += hex[static_cast<unsigned char>(c) >> 4];
            uri += hex[static_cast<unsigned char>(c) & 15];
        } else {
            uri += c;
        }
    }
    return uri;
}

// How an existing store file may be opened: "" (read and write), "mode=ro" or "immutable=1".
std::string read_only_mode(const std::string& path)
{
    namespace fs = std::filesystem;
    const fs::path file(path);
    const std::string folder = file.has_parent_path() ? file.parent_path().string() : ".";
    const bool file_writable = ::access(path.c_str(), W_OK) == 0;
    const bool folder_writable = ::access(folder.c_str(), W_OK) == 0;
    if (file_writable && folder_writable)
        return "";
    struct statvfs fs_info {};
    const bool read_only_fs = ::statvfs(path.c_str(), &fs_info) == 0 && (fs_info.f_flag & ST_RDONLY) != 0;
    std::error_code ec;
    const bool has_shm = fs::exists(path + "-shm", ec);
    const auto wal_size = fs::file_size(path + "-wal", ec);
    const bool wal_holds_changes = !ec && wal_size > 0;
    // Without a -shm, a WAL database opens read-only only if SQLite may make one, or is told it is
    // immutable (https://sqlite.org/wal.html#readonly); immutable ignores a -wal, so not with one.
    if (!wal_holds_changes && (read_only_fs || (!folder_writable && !has_shm)))
        return "immutable=1";
    return "mode=ro";
}

} // namespace

void wait_for_locks(sqlite3* db, LockWait& wait) { sqlite3_busy_handler(db, wait_a_little, &wait); }

std::string lock_holder(const std::string& path)
{
    // The files whose locks say who writes: the store and, in WAL mode, its -shm (the write lock)
    // and -wal. /proc/locks names each lock's file as MAJOR:MINOR:INODE (major and minor in hex).
    std::set<std::string> files;
    for (const char* suffix : {"", "-shm", "-wal"}) {
        struct stat st {};
        if (!path.empty() && ::stat((path + suffix).c_str(), &st) == 0) {
            char id[64];
            std::snprintf(id, sizeof id, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev), static_cast<unsigned long long>(st.st_ino));
            files.insert(id);
        }
    }
    std::set<long> holders;
    std::ifstream locks("/proc/locks");
    for (std::string line; std::getline(locks, line);) {
        // "1: POSIX  ADVISORY  WRITE 4321 fd:00:2531452 120 120"; " -> " lines are waiters, not holders.
        std::istringstream fields(line);
        std::string number, kind, mode, access, pid, file;
        if (line.find("->") != std::string::npos || !(fields >> number >> kind >> mode >> access >> pid >> file))
            continue;
        const long id = std::strtol(pid.c_str(), nullptr, 10);
        if (files.count(file) && id > 0 && id != static_cast<long>(::getpid()))
            holders.insert(id);
    }
    std::string said;
    for (long pid : holders)
        said += (said.empty() ? "" : "; ") + describe_process(pid);
    return said;
}

void configure()
{
    // SQLite's memory statistics take a global mutex on every allocation, which the two
    // connections of a split read (one per thread) would contend for; lode reads no statistics.
    static std::once_flag configured;
    // A statement journal (what a statement with triggers writes so that it can be undone alone)
    // is kept in memory; by default SQLite moves it to a temporary file past 64 KiB, and that file
    // then serves every later statement of the transaction: a bulk import's per-row writes went
    // through a system call per page journalled (75 pwrite calls a sample, most of its time). A
    // spill size of 8 MiB made SQLite 3.40 fail a 144,000-result lab import with SQLITE_FULL (its
    // spilled journal wrote 0 bytes and took that for a full disk; tests/cli/assays_bulk.sh), so
    // the journal is never spilled: its size is the pages one statement changes that existed before
    // it, and lode's bulk statements are batches.
    std::call_once(configured, [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, -1);
    });
}

Connection open(const std::string& path, bool create)
{
    if (!create && !std::filesystem::exists(path))
        throw NotFound(Where{path, -1, "", ""}, "no lode store here", Hint::create_store);
    configure();
    sqlite3* raw = nullptr;
    // A connection is never used by two threads at once (a split read opens its own), so it needs
    // no mutex of its own.
    const std::string read_only = create ? "" : read_only_mode(path);
    const int flags = SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0) |
                      (read_only.empty() ? SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    const std::string name = read_only.empty() ? path : file_uri(path) + "?" + read_only;
    const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    Connection db(raw);
    if (rc != SQLITE_OK)
        fail(db.get(), path);
    sqlite3_extended_result_codes(db.get(), 1);
    return db;
}

Statement::Statement(sqlite3* db, const std::string& sql) : db_(db), sql_(sql)
{
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
        fail(db);
    stmt_.reset(raw);
}

Statement& Statement::bind(int index, const Value& value)
{
    if (const auto* i = std::get_if<std::int64_t>(&value))
        return bind(index, *i);
    if (const auto* d = std::get_if<double>(&value))
        return bind(index, *d);
    if (const auto* s = std::get_if<std::string>(&value))
        return bind(index, *s);
    return bind_null(index);
}

Statement& Statement::bind_static(int index, const Value& value)
{
    if (const auto* s = std::get_if<std::string>(&value))
        return bind_text_static(index, *s);
    return bind(index, value);
}

Statement& Statement::bind_text_static(int index, std::string_view text)
{
    sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind_blob_static(int index, const std::vector<unsigned char>& bytes)
{
    sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    return *this;
}

Statement& Statement::bind(int index, const std::string& text)
{
    sqlite3_bind_text(stmt_.get(), index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bind(int index, std::int64_t number)
{
    sqlite3_bind_int64(stmt_.get(), index, number);
    return *this;
}

Statement& Statement::bind(int index, double number)
{
    sqlite3_bind_double(stmt_.get(), index, number);
    return *this;
}

Statement& Statement::bind_null(int index)
{
    sqlite3_bind_null(stmt_.get(), index);
    return *this;
}

Statement& Statement::bind_blob(int index, const std::vector<unsigned char>& bytes)
{
    sqlite3_bind_blob(stmt_.get(), index, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    fail(db_);
}

void Statement::run()
{
    run_rebound();
    sqlite3_clear_bindings(stmt_.get());
}

void Statement::run_rebound()
{
    while (step()) {
    }
    sqlite3_reset(stmt_.get());
}

void Statement::reset()
{
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }

std::string Statement::text(int column) const
{
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)))
             : std::string();
}

std::string_view Statement::text_view(int column) const
{
    const auto* p = sqlite3_column_text(stmt_.get(), column);
    return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column)))
             : std::string_view();
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }

double Statement::real(int column) const { return sqlite3_column_double(stmt_.get(), column); }

double Statement::real_or_nan(int column) const
{
    sqlite3_value* v = sqlite3_column_value(stmt_.get(), column);
    return sqlite3_value_type(v) == SQLITE_NULL ? std::nan("") : sqlite3_value_double(v);
}

std::vector<unsigned char> Statement::blob(int column) const
{
    const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
    const int n = sqlite3_column_bytes(stmt_.get(), column);
    return p ? std::vector<unsigned char>(p, p + n) : std::vector<unsigned char>();
}

Value Statement::value(int column) const
{
    switch (sqlite3_column_type(stmt_.get(), column)) {
    case SQLITE_INTEGER: return integer(column);
    case SQLITE_FLOAT: return real(column);
    case SQLITE_NULL: return std::monostate{};
    default: return text(column);
    }
}

int Statement::columns() const { return sqlite3_column_count(stmt_.get()); }

std::string Statement::column_name(int column) const { return sqlite3_column_name(stmt_.get(), column); }

void exec(sqlite3* db, const std::string& sql)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        sqlite3_free(message);
        fail(db);
    }
}

std::int64_t query_integer(sqlite3* db, const std::string& sql)
{
    Statement s(db, sql);
    return s.step() ? s.integer(0) : 0;
}

} // namespace lode::sqlite
