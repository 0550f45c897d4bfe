#include "lode/import/problems.hpp"

#include <algorithm>
#include <set>

namespace lode {

Problem Problem::from(const Error& error)
{
    return Problem{error.where().feature, error.where().feature_id, error.where().field, error.reason(), error.hint(), error.share()};
}

std::string reason_pattern(const std::string& reason, std::vector<std::string>* values)
{
    std::string text = reason.substr(0, std::min(reason.find(" (did you mean"), reason.find(" (features ")));
    // A leading number ("12.5 is outside the range 0..100").
    const std::size_t space = text.find(' ');
    if (space != std::string::npos && space > 0 &&
        text.find_first_not_of("0123456789.eE+-") >= space && text.find_first_of("0123456789") < space) {
        if (values)
            values->push_back(text.substr(0, space));
        text = "…" + text.substr(space);
    }
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const std::size_t close = text[i] == '\'' ? text.find('\'', i + 1) : std::string::npos;
        if (close == std::string::npos) {
            out += text[i];
            continue;
        }
        if (values)
            values->push_back(text.substr(i + 1, close - i - 1));
        out += "'…'";
        i = close;
    }
    return out;
}

std::vector<ProblemGroup> group_problems(const std::vector<Problem>& problems)
{
    std::vector<ProblemGroup> groups;
    for (const auto& p : problems) {
        std::vector<std::string> values;
        const std::string pattern = reason_pattern(p.reason, &values);
        auto group = std::find_if(groups.begin(), groups.end(),
                                  [&](const ProblemGroup& g) { return g.field == p.field && g.reason == pattern; });
        if (group == groups.end()) {
            groups.push_back(ProblemGroup{p.field, pattern, p.hint, 0, {}, {}});
            group = groups.end() - 1;
        }
        ++group->count;
        if (group->first_ids.size() < 5)
            group->first_ids.push_back(!p.feature_id.empty() ? p.feature_id
                                       : p.feature >= 0      ? "feature " + std::to_string(p.feature)
                                                             : "(source)");
        for (const auto& v : values)
            if (group->values.size() < 3 && std::find(group->values.begin(), group->values.end(), v) == group->values.end())
                group->values.push_back(v);
    }
    return groups;
}

std::int64_t features_with_problems(const std::vector<Problem>& problems)
{
    std::set<long long> features;
    for (const auto& p : problems)
        features.insert(p.feature);
    return static_cast<std::int64_t>(features.size());
}

void refuse_problems(const std::vector<Problem>& problems, const std::string& file)
{
    const Problem& first = problems.front();
    const std::vector<Problem> rest(problems.begin() + 1, problems.end());
    std::string note;
    if (!rest.empty()) {
        const auto features = features_with_problems(rest);
        note = "(and " + std::to_string(rest.size()) + " more problem" + (rest.size() > 1 ? "s" : "") + " in " +
               std::to_string(features) + " feature" + (features > 1 ? "s" : "") + "; " + mention(Setting::dry_run) +
               " lists them)";
    }
    throw InputError(Where{file, first.feature, first.feature_id, first.field}, first.reason, first.hint, note, first.share);
}

} // namespace lode
