// The PostGIS backend: connecting to a store, its versions, transactions.
#include "lode/store/postgis/postgis_store.hpp"

#include "lode/base/error.hpp"
#include "lode/base/text.hpp"
#include "lode/store/postgis/detail/store.hpp"

namespace lode {

std::pair<std::string, std::string> postgis_address(const StoreLocation& location)
{
    const std::string& url = location.target();
    const auto query = url.find('?');
    std::string schema = "public";
    if (query == std::string::npos)
        return {url, schema};
    std::vector<std::string> kept;
    for (const auto& parameter : split_any(url.substr(query + 1), "&")) {
        if (lower(parameter).rfind("schema=", 0) == 0)
            schema = parameter.substr(7);
        else if (!parameter.empty())
            kept.push_back(parameter);
    }
    if (schema.empty())
        throw InputError(location.display() + ": the schema parameter is empty");
    return {url.substr(0, query) + (kept.empty() ? "" : "?" + join(kept, "&")), schema};
}

PostgisTransaction::PostgisTransaction(PGconn* db, const ChangeContext* context, std::function<void()> rolled_back, bool snapshot)
    : db_(db), nested_(PQtransactionStatus(db) != PQTRANS_IDLE), rolled_back_(std::move(rolled_back))
{
    pq::exec_script(db_, nested_ ? "SAVEPOINT lode_nested" : snapshot ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
    if (!context)
        return;
    try {
        if (nested_)
            mark_history_since(db_);
        else
            set_history_context(db_, *context);
    } catch (...) {
        PQclear(PQexec(db_, nested_ ? "ROLLBACK TO lode_nested; RELEASE lode_nested" : "ROLLBACK"));
        throw;
    }
}

PostgisTransaction::~PostgisTransaction()
{
    if (done_)
        return;
    PGresult* r = PQexec(db_, nested_ ? "ROLLBACK TO lode_nested; RELEASE lode_nested" : "ROLLBACK");
    PQclear(r);
    if (rolled_back_)
        try {
            rolled_back_();
        } catch (...) {
        }
}

void PostgisTransaction::commit()
{
    pq::exec_script(db_, nested_ ? "RELEASE lode_nested" : "COMMIT");
    done_ = true;
}

PostgisStore::PostgisStore(const StoreLocation& location) : location_(location)
{
    schema_ = postgis_address(location).second;
    db_ = connect();
}

pq::Connection PostgisStore::connect() const
{
    pq::Connection db = pq::connect(postgis_address(location_).first, location_.display());
    // lode's tables in the store's schema; PostGIS's functions where the database keeps them.
    pq::exec(db.get(), "SELECT set_config('search_path', $1, false)", pq::Params().add(pq::identifier(schema_) + ", public"));
    pq::exec_script(db.get(), "SET client_min_messages = warning; SET DateStyle = ISO");
    return db;
}

int PostgisStore::schema_version()
{
    const pq::Result r = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = 'schema_version'");
    return r.rows() == 1 ? std::stoi(r.text(0, 0)) : 0;
}

std::string PostgisStore::backend_version()
{
    const pq::Result r = pq::exec(db_.get(), "SELECT current_setting('server_version'), postgis_lib_version()");
    std::string server = r.text(0, 0);
    server = server.substr(0, server.find(' '));   // "15.18 (Debian 15.18-0+deb12u1)": the number
    return "PostgreSQL " + server + ", PostGIS " + r.text(0, 1);
}

std::unique_ptr<Store::Transaction> PostgisStore::begin_write()
{
    // A rollback undoes any layer made, changed or dropped in the transaction: read them again.
    return std::make_unique<PostgisTransaction>(db_.get(), &context_, [this, before = kinds_changes_] {
        if (open_import_ && PQtransactionStatus(db_.get()) == PQTRANS_IDLE)
            renumber_imports();
        // Its entry in the log is gone with the rest (a savepoint's rollback: if it began there).
        if (open_import_ && (PQtransactionStatus(db_.get()) == PQTRANS_IDLE ||
                             pq::query_integer(db_.get(), "SELECT count(*) FROM imports WHERE id = $1", pq::Params().add(open_import_->id)) == 0))
            open_import_.reset();
        if (!open_import_) {
            reserved_import_.reset();   // its number unused
            import_open_ = false;
        } else {   // (a savepoint's rollback: what it wrote, and the locks it took, are gone)
            open_import_->bound.clear();
            open_import_->written_ids.clear();
            open_import_->known_layer.clear();
        }
        if (kinds_changes_ != before)
            load_definitions();
    });
}

std::unique_ptr<Store::Transaction> PostgisStore::begin_snapshot_write()
{
    return std::make_unique<PostgisTransaction>(
        db_.get(), &context_,
        [this, before = kinds_changes_] {
            if (kinds_changes_ != before)
                load_definitions();
        },
        true);
}

void PostgisStore::renumber_imports()
{
    // Only while no other transaction holds an import not yet committed (each holds a lock on the
    // log from its INSERT on: NOWAIT, else the gap stays), and only by a login that may take the lock.
    try {
        pq::exec_script(db_.get(), "BEGIN; LOCK TABLE imports IN SHARE ROW EXCLUSIVE MODE NOWAIT");
        pq::exec(db_.get(), "SELECT setval(pg_get_serial_sequence($1, 'id'), coalesce(max(id), 0) + 1, false) FROM imports",
                 pq::Params().add(pq::identifier(schema_) + ".imports"));
        pq::exec_script(db_.get(), "COMMIT");
    } catch (const Error&) {
        PQclear(PQexec(db_.get(), "ROLLBACK"));
    }
}

void PostgisStore::set_change_context(const ChangeContext& context)
{
    context_ = context;
    if (context_.user.empty())
        context_.user = login_name().empty() ? "unknown" : login_name();
    // Inside a write transaction: its later changes are recorded with this context (lode.since,
    // where an import's link begins, stays).
    if (PQtransactionStatus(db_.get()) == PQTRANS_INTRANS)
        pq::exec(db_.get(), "SELECT set_config('lode.user', $1, true), set_config('lode.note', $2, true), set_config('lode.at', $3, true)",
                 pq::Params().add(context_.user).add(context_.note).add(history_now(context_.now)));
}

std::int64_t PostgisStore::last_history_entry()
{
    return pq::query_integer(db_.get(), "SELECT coalesce(max(id), 0) FROM history_log");
}

// A caller's metadata sits in lode_meta under "client." and its key, apart from the store's own keys.
std::optional<std::string> PostgisStore::metadata(const std::string& key)
{
    const pq::Result r = pq::exec(db_.get(), "SELECT value FROM lode_meta WHERE key = $1", pq::Params().add("client." + key));
    if (r.rows() == 0)
        return std::nullopt;
    return r.text(0, 0);
}

void PostgisStore::set_metadata(const std::string& key, const std::string& value)
{
    pq::exec(db_.get(), "INSERT INTO lode_meta(key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             pq::Params().add("client." + key).add(value));
}

std::string PostgisStore::login()
{
    return pq::exec(db_.get(), "SELECT session_user::text").text(0, 0);
}

void create_postgis_store(const StoreLocation& location, const std::string& layers_dir, const ChangeContext& context,
                          const FillStore& fill)
{
    const auto kinds = load_layer_kinds(layers_dir);
    const auto vocabulary = Commodities::load(layers_dir + "/commodities.json");
    PostgisStore store(location);
    store.set_change_context(context);
    // PostgreSQL's DDL is transactional: the schema, the tables and what fill writes commit
    // together or not at all (also when the connection is lost on the way).
    const auto txn = store.begin_write();
    store.create_tables(kinds, vocabulary, history_now(context.now));
    if (fill) {
        store.check_version();
        store.load_definitions();
        fill(store);
    }
    txn->commit();
}

std::unique_ptr<Store> open_postgis_store(const StoreLocation& location, const ChangeContext& context)
{
    auto store = std::make_unique<PostgisStore>(location);
    store->set_change_context(context);
    refuse_ungranted(store->db(), store->schema(), location.display());   // a login of the server without a grant
    store->check_version();   // brings an older layout of the current store model up to date
    store->load_definitions();
    return store;
}

} // namespace lode
