#pragma once
// A progress bar on stderr, drawn only when stderr is a terminal (stdout stays clean for pipes).
#include <cstdint>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace lode::cli {

class ProgressBar {
public:
    explicit ProgressBar(std::string label) : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1) {}
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;
    ~ProgressBar() { finish(); }

    void update(std::int64_t done, std::int64_t total)
    {
        if (!enabled_ || total <= 0)
            return;
        const int percent = static_cast<int>(100 * done / total);
        if (percent == last_percent_)
            return;
        last_percent_ = percent;
        const int filled = percent * 30 / 100;
        std::fprintf(stderr, "\r%s [%s%s] %3d%% %lld/%lld", label_.c_str(), std::string(static_cast<size_t>(filled), '#').c_str(),
                     std::string(static_cast<size_t>(30 - filled), ' ').c_str(), percent, static_cast<long long>(done),
                     static_cast<long long>(total));
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
    std::string label_;
    bool enabled_;
    bool drawn_ = false;
    int last_percent_ = -1;
};

} // namespace lode::cli
