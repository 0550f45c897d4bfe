#include "lode/store/history.hpp"

#include "lode/base/dates.hpp"
#include "lode/base/error.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <pwd.h>
#include <unistd.h>

namespace lode {

namespace {

bool digits(std::string_view s)
{
    for (char c : s)
        if (c < '0' || c > '9')
            return false;
    return !s.empty();
}

} // namespace

std::optional<std::string> parse_history_time(std::string_view text, bool end)
{
    if (!text.empty() && (text.back() == 'Z' || text.back() == 'z'))
        text.remove_suffix(1);
    if (text.size() < 10 || !parse_iso_date(text.substr(0, 10)))
        return std::nullopt;
    const std::string date(text.substr(0, 10));
    if (text.size() == 10)
        return date + (end ? "T23:59:59.999Z" : "T00:00:00.000Z");
    if (text[10] != 'T' && text[10] != 't' && text[10] != ' ')
        return std::nullopt;
    const std::string_view time = text.substr(11);
    if ((time.size() != 5 && time.size() != 8) || time[2] != ':' || (time.size() == 8 && time[5] != ':'))
        return std::nullopt;
    const std::string_view hh = time.substr(0, 2), mm = time.substr(3, 2);
    const std::string_view ss = time.size() == 8 ? time.substr(6, 2) : (end ? "59" : "00");
    if (!digits(hh) || !digits(mm) || !digits(ss) || std::stoi(std::string(hh)) > 23 || std::stoi(std::string(mm)) > 59 ||
        std::stoi(std::string(ss)) > 59)
        return std::nullopt;
    return date + "T" + std::string(hh) + ":" + std::string(mm) + ":" + std::string(ss) + (end ? ".999Z" : ".000Z");
}

std::string history_now(const std::string& fixed)
{
    if (!fixed.empty()) {
        if (auto at = parse_history_time(fixed, false))
            return *at;
        throw InputError(mention(Setting::now) + " '" + fixed + "' is not a UTC date or date-time (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    }
    const auto now = std::chrono::system_clock::now();
    const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buffer[40];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
    char out[48];
    std::snprintf(out, sizeof out, "%s.%03dZ", buffer, static_cast<int>(millis));
    return out;
}

std::string login_name()
{
    if (const char* login = getlogin(); login && *login)
        return login;
    // No controlling terminal (cron, CI): the account's name.
    if (const passwd* account = getpwuid(geteuid()); account && account->pw_name)
        return account->pw_name;
    return {};
}

} // namespace lode
