// A report's PDF: the self-contained HTML laid out by WeasyPrint (Debian's `weasyprint`), which
// runs as a child process in a private folder and is killed if it takes too long.
#include "lode/report/report.hpp"

#include "lode/base/error.hpp"
#include "lode/base/temporary_directory.hpp"
#include "lode/base/text.hpp"

#include <chrono>
#include <csignal>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace lode {

namespace {

std::string read_text(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The last non-empty line WeasyPrint wrote: its error, without the traceback before it.
std::string last_line(const std::string& text)
{
    const auto lines = split_any(text, "\n");
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (!trim(*it).empty())
            return std::string(trim(*it));
    return "";
}

} // namespace

std::vector<unsigned char> html_to_pdf(const std::string& html, int timeout_seconds)
{
    const TemporaryDirectory folder("lode-report-pdf");
    const auto html_path = folder.path() / "report.html";
    const auto pdf_path = folder.path() / "report.pdf";
    const auto log_path = folder.path() / "weasyprint.log";
    {
        std::ofstream out(html_path, std::ios::binary);
        out << html;
        if (!out.flush())
            throw Error(html_path.string() + ": cannot write the HTML for WeasyPrint");
    }
    const std::string program = "weasyprint";
    const std::string html_arg = html_path.string(), pdf_arg = pdf_path.string(), log_arg = log_path.string();
    const pid_t pid = ::fork();
    if (pid < 0)
        throw Error("cannot start WeasyPrint: fork failed");
    if (pid == 0) {
        // The child: its own process group (so that a timeout ends whatever it started too); its
        // output goes to the log, never to lode's terminal.
        ::setpgid(0, 0);
        const int log = ::open(log_arg.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (log >= 0) {
            ::dup2(log, STDOUT_FILENO);
            ::dup2(log, STDERR_FILENO);
        }
        ::execlp(program.c_str(), program.c_str(), "--quiet", "--encoding", "utf-8", html_arg.c_str(), pdf_arg.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::setpgid(pid, pid);   // also here, so that the group exists whichever of the two runs first
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
    int status = 0;
    for (;;) {
        const pid_t done = ::waitpid(pid, &status, WNOHANG);
        if (done == pid)
            break;
        if (done < 0)
            throw Error("WeasyPrint: lost track of the child process");
        if (std::chrono::steady_clock::now() >= deadline) {
            if (::kill(-pid, SIGKILL) != 0)
                ::kill(pid, SIGKILL);
            ::waitpid(pid, &status, 0);
            throw Error("WeasyPrint did not finish the PDF within " + std::to_string(timeout_seconds) + " s");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw Error("cannot run WeasyPrint to make the PDF (install Debian's weasyprint package, or write .html or .md)");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        const std::string why = last_line(read_text(log_path));
        throw Error("WeasyPrint failed to make the PDF" + (why.empty() ? std::string() : ": " + why));
    }
    const std::string pdf = read_text(pdf_path);
    if (pdf.rfind("%PDF", 0) != 0)
        throw Error("WeasyPrint wrote no PDF");
    return std::vector<unsigned char>(pdf.begin(), pdf.end());
}

} // namespace lode
