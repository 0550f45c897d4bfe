// The SpatiaLite backend: opening a store file, its version and the register over it.
#include "lode/store/spatialite/spatialite_store.hpp"

#include "lode/base/error.hpp"
#include "lode/store/spatialite/detail/register.hpp"
#include "lode/store/spatialite/detail/store.hpp"

#include <algorithm>
#include <exception>

namespace lode {

SpatialiteStore::SpatialiteStore(std::string path, bool create) : path_(std::move(path)), location_("sqlite:" + path_), db_(sqlite::open(path_, create))
{
    spatialite_init_ex(db_.get(), spatialite_.cache, 0);
    lock_wait_.path = path_;
    sqlite::wait_for_locks(db_.get(), lock_wait_);
    // WAL with synchronous=NORMAL is safe against corruption. Temporary files stay files: SQLite
    // keeps a statement journal in memory up to 64 KiB (every insert's, which fires SpatiaLite's
    // triggers) and only a bigger one (an UPDATE of a million history rows) in a temporary file;
    // with temp_store = MEMORY those grew with the import (about 130 bytes a feature). The page cache stays
    // SQLite's small default for reading, which streams: cached pages would only add memory
    // (and page faults) to a scan. A write transaction raises it (SqliteTransaction).
    sqlite::exec(db_.get(), "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA temp_store = FILE");
}

std::string SpatialiteStore::backend_version()
{
    sqlite::Statement s(db_.get(), "SELECT spatialite_version()");
    s.step();
    return "SQLite " + std::string(sqlite3_libversion()) + ", SpatiaLite " + s.text(0);
}

void SpatialiteStore::set_change_context(const ChangeContext& context)
{
    context_ = context;
    lock_wait_.limit = std::chrono::seconds(std::max(0, context_.wait_seconds));
    lock_wait_.waiting = context_.waiting;
    if (context_.user.empty())
        context_.user = login_name().empty() ? "unknown" : login_name();
    // Inside a write transaction: its later changes are recorded with this context (the import
    // link's start, history_context.since, stays).
    if (sqlite3_get_autocommit(db_.get()) == 0) {
        sqlite::Statement s(db_.get(), "UPDATE history_context SET at = ?, user = ?, note = ?");
        s.bind(1, history_now(context_.now)).bind(2, context_.user).bind(3, context_.note).run();
    }
}

std::int64_t SpatialiteStore::last_history_entry()
{
    sqlite::Statement s(db_.get(), "SELECT coalesce(max(id), 0) FROM " + entries_table(db_.get()));
    s.step();
    return s.integer(0);
}

// A caller's metadata sits in lode_meta under "client." and its key, apart from the store's own keys.
std::optional<std::string> SpatialiteStore::metadata(const std::string& key)
{
    sqlite::Statement s(db_.get(), "SELECT value FROM lode_meta WHERE key = ?");
    s.bind(1, "client." + key);
    if (!s.step())
        return std::nullopt;
    return s.text(0);
}

void SpatialiteStore::set_metadata(const std::string& key, const std::string& value)
{
    sqlite::Statement s(db_.get(), "INSERT OR REPLACE INTO lode_meta(key, value) VALUES (?, ?)");
    s.bind(1, "client." + key).bind(2, value).run();
}

std::unique_ptr<Store::Transaction> SpatialiteStore::begin_write()
{
    if (sqlite3_db_readonly(db_.get(), "main") == 1)
        throw Error(Where{path_, -1, "", ""}, "the store is read-only (the file or its folder cannot be written), so it cannot be changed");
    // A rollback undoes any layer made, changed or dropped in the transaction: read them again.
    const bool outermost = sqlite3_get_autocommit(db_.get()) != 0;
    auto txn = std::make_unique<SqliteTransaction>(
        db_.get(), &context_,
        [this, before = kinds_changes_, outermost] {
            open_import_.reset();   // its entry in the log is gone with the rest
            if (outermost) {
                in_write_ = false;
                index_pending_.clear();
            }
            if (kinds_changes_ != before)
                layers_changed();
        },
        [this, outermost] {
            if (!outermost)
                return;
            load_pending_indexes();
            in_write_ = false;
        });
    if (outermost)
        in_write_ = true;
    return txn;
}

Register& SpatialiteStore::the_register()
{
    if (!register_)
        register_ = make_spatialite_register(db_.get(), *this);
    return *register_;
}

std::unique_ptr<Store> open_spatialite_store(const std::string& path, const ChangeContext& context)
{
    auto store = std::make_unique<SpatialiteStore>(path, false);
    store->set_change_context(context);
    try {
        store->load_definitions();
    } catch (const NotFound&) {
        throw;
    } catch (const std::exception& e) {
        throw InputError(path + ": not a lode store (" + e.what() + ")");
    }
    store->migrate(current_schema_version);
    return store;
}

} // namespace lode
