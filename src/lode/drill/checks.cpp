#include "lode/drill/checks.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace lode::drill {
namespace {
std::string number(double d)
{
    std::ostringstream s;
    s << d;
    return s.str();
}

std::string metres(double d) { return number(d) + " m"; }
} // namespace

std::vector<Finding> check_hole(const HoleTables& t, std::optional<double> dogleg_limit)
{
    std::vector<Finding> out;
    auto add = [&](Finding::Kind kind, const std::string& table, double depth, std::string reason) {
        out.push_back({kind, t.hole, table, depth, std::move(reason)});
    };
    bool angles_ok = true;
    for (const Station& s : t.surveys) {
        if (s.depth > t.depth)
            add(Finding::Kind::error, "surveys", s.depth, "survey at " + metres(s.depth) + " is beyond the hole's depth " + metres(t.depth));
        if (s.dip < -90 || s.dip > 90) {
            angles_ok = false;
            add(Finding::Kind::error, "surveys", s.depth, "dip " + number(s.dip) + " is outside -90..90 (negative downwards)");
        }
        if (s.azimuth < 0 || s.azimuth > 360) {
            angles_ok = false;
            add(Finding::Kind::error, "surveys", s.depth, "azimuth " + number(s.azimuth) + " is outside 0..360");
        }
    }
    {
        std::vector<double> depths;
        for (const Station& s : t.surveys)
            depths.push_back(s.depth);
        std::sort(depths.begin(), depths.end());
        for (std::size_t i = 1; i < depths.size(); ++i)
            if (depths[i] == depths[i - 1]) {
                angles_ok = false;   // no trace through two directions at one depth
                add(Finding::Kind::error, "surveys", depths[i], "a second survey station at " + metres(depths[i]));
            }
    }
    std::vector<Interval> iv = t.intervals;
    std::stable_sort(iv.begin(), iv.end(), [](const Interval& a, const Interval& b) { return a.from < b.from; });
    for (std::size_t i = 0; i < iv.size(); ++i) {
        if (iv[i].from >= iv[i].to)
            add(Finding::Kind::error, t.interval_table, iv[i].from, "from " + metres(iv[i].from) + " is not above to " + metres(iv[i].to));
        if (iv[i].to > t.depth)
            add(Finding::Kind::error, t.interval_table, iv[i].to, "interval ends at " + metres(iv[i].to) + ", beyond the hole's depth " + metres(t.depth));
        if (i > 0 && iv[i].from < iv[i - 1].to)
            add(Finding::Kind::error, t.interval_table, iv[i].from, "interval " + metres(iv[i].from) + "-" + metres(iv[i].to) + " overlaps " + metres(iv[i - 1].from) + "-" + metres(iv[i - 1].to));
        else if (i > 0 && iv[i].from > iv[i - 1].to)
            add(Finding::Kind::gap, t.interval_table, iv[i - 1].to, "gap from " + metres(iv[i - 1].to) + " to " + metres(iv[i].from));
    }
    if (dogleg_limit && angles_ok) {
        std::vector<Station> sorted = t.surveys;
        std::stable_sort(sorted.begin(), sorted.end(), [](const Station& a, const Station& b) { return a.depth < b.depth; });
        const Trace trace(Collar{}, sorted);
        for (const TracePoint& p : trace.points())
            if (p.dogleg_severity > *dogleg_limit)
                add(Finding::Kind::warning, "surveys", p.station.depth, "dog-leg severity " + number(std::round(p.dogleg_severity * 100) / 100) + " degrees per 30 m above the limit of " + number(*dogleg_limit));
    }
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return a.kind != b.kind ? a.kind < b.kind : a.depth < b.depth;
    });
    return out;
}

InputError to_error(const Finding& f, const std::string& file)
{
    Where where;
    where.file = file;
    where.feature_id = f.hole;
    where.field = f.table;
    return InputError(where, "hole '" + f.hole + "' at " + metres(f.depth) + ": " + f.reason);
}

} // namespace lode::drill
