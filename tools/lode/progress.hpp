#pragma once
// A progress bar on stderr for imports and exports, drawn only when stderr is a terminal (stdout
// stays clean for pipes) and only once the work has taken a few seconds: the share done, the rows
// a second and an estimate of the time left.
#include "lode/base/text.hpp"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace lode::cli {

// The bar's line after `seconds` of work: "LABEL [#########                     ]  30% 300,000/1,000,000
// 25,000/s, about 28 s left" (the estimate at the rate so far; minutes past 90 s: "about 3 min left").
inline std::string progress_line(const std::string& label, std::int64_t done, std::int64_t total, double seconds)
{
    const int percent = total > 0 ? static_cast<int>(100 * done / total) : 0;
    const int filled = percent * 30 / 100;
    char share[16];
    std::snprintf(share, sizeof share, "%3d%%", percent);
    std::string line = label + " [" + std::string(static_cast<std::size_t>(filled), '#') +
                       std::string(static_cast<std::size_t>(30 - filled), ' ') + "] " + share + " " + grouped(done) + "/" +
                       grouped(total);
    if (seconds > 0 && done > 0) {
        const double rate = static_cast<double>(done) / seconds;
        const double left = static_cast<double>(total - done) / rate;
        line += " " + grouped(static_cast<std::int64_t>(rate + 0.5)) + "/s, about " +
                (left > 90 ? std::to_string(static_cast<std::int64_t>(left / 60 + 0.5)) + " min"
                           : std::to_string(static_cast<std::int64_t>(left + 0.5)) + " s") +
                " left";
    }
    return line;
}

class ProgressBar {
public:
    // Drawn after `after` of work (none for work that ends sooner), redrawn at most 5 times a second.
    explicit ProgressBar(std::string label, std::chrono::milliseconds after = std::chrono::seconds(2))
        : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1), after_(after), started_(Clock::now())
    {
    }
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    ~ProgressBar() { finish(); }

    void update(std::int64_t done, std::int64_t total)
    {
        if (!enabled_ || total <= 0)
            return;
        const auto now = Clock::now();
        if (now - started_ < after_ || (drawn_ && now - last_ < std::chrono::milliseconds(200) && done < total))
            return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - started_).count();
        std::fprintf(stderr, "\r%s\033[K", progress_line(label_, done, total, seconds).c_str());
        std::fflush(stderr);
        drawn_ = true;
    }

    void finish()
    {
        if (drawn_)
            std::fprintf(stderr, "\r\033[K");
        drawn_ = false;
    }

private:
    using Clock = std::chrono::steady_clock;
    std::string label_;
    bool enabled_;
    std::chrono::milliseconds after_;
    Clock::time_point started_, last_{};
    bool drawn_ = false;
};

} // namespace lode::cli
