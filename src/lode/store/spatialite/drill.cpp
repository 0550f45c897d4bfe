// Downhole surveys and intervals in a SpatiaLite store (schema version 7): the tables
// drill_surveys and drill_intervals (schema.cpp, migrate_to_7), written and read here; their
// history triggers record every change, as for the register's tables.
#include "lode/store/spatialite/detail/store.hpp"

namespace lode {

namespace {

// "hole IN (?, ?, ...)" for the holes given, or "1" for every hole.
std::string holes_condition(const std::vector<std::string>& holes)
{
    if (holes.empty())
        return "1";
    std::string sql = "hole IN (";
    for (std::size_t i = 0; i < holes.size(); ++i)
        sql += i == 0 ? "?" : ", ?";
    return sql + ")";
}

void bind_holes(sqlite::Statement& s, const std::vector<std::string>& holes)
{
    for (std::size_t i = 0; i < holes.size(); ++i)
        s.bind(static_cast<int>(i + 1), holes[i]);
}

void bind_text_or_null(sqlite::Statement& s, int index, const std::string& text)
{
    if (text.empty())
        s.bind_null(index);
    else
        s.bind(index, text);
}

} // namespace

void SpatialiteStore::add_surveys(const std::vector<SurveyRecord>& rows)
{
    sqlite::Statement s(db_.get(), "INSERT INTO drill_surveys(hole, depth, azimuth, dip, method, surveyed_on) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& r : rows) {
        s.bind(1, r.hole).bind(2, r.depth).bind(3, r.azimuth).bind(4, r.dip);
        bind_text_or_null(s, 5, r.method);
        bind_text_or_null(s, 6, r.surveyed_on);
        s.run();
    }
}

void SpatialiteStore::add_intervals(const std::vector<IntervalRecord>& rows)
{
    sqlite::Statement s(db_.get(), "INSERT INTO drill_intervals(hole, tbl, depth_from, depth_to, fields) VALUES (?, ?, ?, ?, ?)");
    for (const auto& r : rows)
        s.bind(1, r.hole).bind(2, r.table).bind(3, r.from).bind(4, r.to).bind(5, r.fields.dump()).run();
}

std::vector<SurveyRecord> SpatialiteStore::surveys(const std::vector<std::string>& holes)
{
    sqlite::Statement s(db_.get(), "SELECT hole, depth, azimuth, dip, coalesce(method, ''), coalesce(surveyed_on, '') FROM drill_surveys WHERE " +
                                       holes_condition(holes) + " ORDER BY hole, depth");
    bind_holes(s, holes);
    std::vector<SurveyRecord> out;
    while (s.step())
        out.push_back({s.text(0), s.real(1), s.real(2), s.real(3), s.text(4), s.text(5)});
    return out;
}

std::vector<IntervalRecord> SpatialiteStore::intervals(const std::vector<std::string>& holes)
{
    sqlite::Statement s(db_.get(), "SELECT hole, tbl, depth_from, depth_to, fields FROM drill_intervals WHERE " + holes_condition(holes) +
                                       " ORDER BY hole, tbl, depth_from");
    bind_holes(s, holes);
    std::vector<IntervalRecord> out;
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.real(2), s.real(3), nlohmann::json::parse(s.text(4))});
    return out;
}

std::int64_t SpatialiteStore::delete_downhole(const std::vector<std::string>& holes)
{
    std::int64_t deleted = 0;
    for (const char* table : {"drill_surveys", "drill_intervals"}) {
        sqlite::Statement s(db_.get(), std::string("DELETE FROM ") + table + " WHERE hole = ?");
        for (const auto& hole : holes) {
            s.bind(1, hole).run();
            deleted += sqlite3_changes(db_.get());
        }
    }
    return deleted;
}

} // namespace lode
