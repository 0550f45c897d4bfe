// lode checkout: one programme of a store copied into a new SpatiaLite file that remembers where it
// came from (lode/sync.hpp).
#include "lode/sync.hpp"

#include "lode/base/error.hpp"
#include "lode/store/retry.hpp"

#include <filesystem>

namespace lode {

nlohmann::json CheckoutOrigin::to_json() const
{
    return {{"server", server},
            {"project", project},
            {"login", login},
            {"server_position", server_position},
            {"server_pending", server_pending},
            {"field_position", field_position},
            {"checked_out_at", checked_out_at},
            {"synced_at", synced_at},
            {"syncs", syncs},
            {"held", [this] {
                 nlohmann::json list = nlohmann::json::array();
                 for (const auto& h : held)
                     list.push_back({{"table", h.table}, {"unit", h.unit}, {"to", h.to}, {"action", h.change.action},
                                     {"user", h.change.user}, {"at", h.change.at}});
                 return list;
             }()}};
}

CheckoutOrigin CheckoutOrigin::from_json(const nlohmann::json& json)
{
    CheckoutOrigin o;
    o.server = json.at("server").get<std::string>();
    o.project = json.at("project").get<std::string>();
    o.login = json.value("login", "");
    o.server_position = json.at("server_position").get<std::int64_t>();
    o.field_position = json.at("field_position").get<std::int64_t>();
    o.server_pending = json.value("server_pending", "");
    o.checked_out_at = json.value("checked_out_at", "");
    o.synced_at = json.value("synced_at", "");
    o.syncs = json.value("syncs", std::int64_t{0});
    if (json.contains("held"))
        for (const auto& h : json.at("held"))
            o.held.push_back({h.at("table").get<std::string>(), h.at("unit").get<std::string>(), h.value("to", ""),
                              {h.value("action", ""), h.value("user", ""), h.value("at", "")}});
    return o;
}

CheckoutOrigin checkout_origin(Store& field, const std::string& name)
{
    const auto text = field.metadata("checkout");
    if (!text)
        throw InputError(Where{name, -1, "", ""}, "is not a field copy (lode checkout makes one): it has no store to sync with");
    const auto json = nlohmann::json::parse(*text, nullptr, false);
    try {
        return CheckoutOrigin::from_json(json);
    } catch (const nlohmann::json::exception& e) {
        throw InputError(Where{name, -1, "", ""}, std::string("its record of the checkout is damaged (") + e.what() + ")");
    }
}

namespace {

CheckoutReport checkout_once(const StoreLocation& from, const std::string& project, const std::string& file, const ChangeContext& context)
{
    const StoreLocation to(file);
    if (!to.is_file())
        throw InputError(Where{to.display(), -1, "", ""}, "a field copy is a SpatiaLite file, not a server's store");
    std::error_code ec;
    if (std::filesystem::exists(std::filesystem::symlink_status(file, ec)))
        throw InputError(Where{file, -1, "", ""}, "exists already: a checkout makes a new file");
    auto server = open_store(from, context);
    if (from.is_file() && to.is_same_file(from.target()))
        throw InputError(Where{file, -1, "", ""}, "is the store checked out from");

    CheckoutReport report;
    CheckoutOrigin& origin = report.origin;
    origin.server = from.without_password();
    origin.project = project;
    origin.login = server->login();
    // The position before anything is read: a change made on the server while the copy is read is
    // then pulled again by the first sync (the same state: nothing to do), never missed; nor one
    // whose transaction took its history number before and committed after (HistoryPosition).
    const HistoryPosition position = server->history_position();
    origin.server_position = position.entry;
    origin.server_pending = position.pending;
    origin.checked_out_at = history_now(context.now);

    // Made in a private folder beside the file and moved into place when whole (create_store).
    create_store_like(*server, to, context, [&](Store& copy) {
        copy_contents(*server, copy, project, report.copy);
        origin.field_position = copy.last_history_entry();
        copy.set_metadata("checkout", origin.to_json().dump());
    });
    return report;
}

} // namespace

CheckoutReport checkout(const StoreLocation& from, const std::string& project, const std::string& file, const ChangeContext& context)
{
    // A server may refuse a reading as conflicting (a hot standby's query cancelled by the
    // replication it conflicts with, SQLSTATE 40001): the copy is made again from the start (a
    // refused run left no file).
    return with_retries([&] { return checkout_once(from, project, file, context); });
}

} // namespace lode
