// Downhole surveys and intervals in a PostGIS store (store model 7, PostGIS layout 2): the tables
// drill_surveys and drill_intervals (schema.cpp, create_drill_tables), keyed as SpatiaLite's are
// (hole and depth; hole, table and from), written in bulk through COPY (detail/bulk_rows.hpp) and read here. The intervals'
// fields are jsonb. Both are recorded in the history (history.cpp: the row trigger, keyed as SpatiaLite keys them).
#include "lode/store/postgis/detail/bulk_rows.hpp"
#include "lode/store/postgis/detail/store.hpp"

#include "lode/base/error.hpp"

namespace lode {

namespace {

// A row refused by the tables' unique key: the server's detail (which names the key), as the
// importer's own check of the same key would.
[[noreturn]] void rethrow_duplicate_row(const std::string& table, const Error& /*caught*/)
{
    const auto& server = pq::last_error();
    if (server.sqlstate != "23505")
        throw;   // as thrown (a RetryableError stays one)
    throw InputError(table + ": " + (server.detail.empty() ? server.primary : server.detail));
}

// "WHERE hole = ANY($1)" for the holes given, nothing for every hole.
std::string holes_condition(const std::vector<std::string>& holes, pq::Params& params)
{
    if (holes.empty())
        return "";
    params.add(pq::array_literal(holes));
    return " WHERE hole = ANY($1::text[])";
}

} // namespace

void PostgisStore::add_surveys(const std::vector<SurveyRecord>& rows)
{
    if (rows.empty())
        return;
    try {
        BulkRows bulk(db_.get(), "drill_surveys", "hole, depth, azimuth, dip, method, surveyed_on",
                      "format('the survey of hole %L at %s m', hole, depth)");
        pq::Copy& copy = bulk.copy();
        for (const auto& r : rows) {
            copy.field(r.hole);
            copy.field(r.depth);
            copy.field(r.azimuth);
            copy.field(r.dip);
            if (r.method.empty())
                copy.null();
            else
                copy.field(r.method);
            if (r.surveyed_on.empty())
                copy.null();
            else
                copy.field(r.surveyed_on);
            copy.end_row();
        }
        bulk.finish();
    } catch (const Error& e) {
        rethrow_duplicate_row("downhole surveys", e);
    }
}

void PostgisStore::add_intervals(const std::vector<IntervalRecord>& rows)
{
    if (rows.empty())
        return;
    try {
        BulkRows bulk(db_.get(), "drill_intervals", "hole, tbl, depth_from, depth_to, fields",
                      "format('the %s interval of hole %L from %s m', tbl, hole, depth_from)");
        pq::Copy& copy = bulk.copy();
        for (const auto& r : rows) {
            copy.field(r.hole);
            copy.field(r.table);
            copy.field(r.from);
            copy.field(r.to);
            copy.field(r.fields.dump());
            copy.end_row();
        }
        bulk.finish();
    } catch (const Error& e) {
        rethrow_duplicate_row("downhole intervals", e);
    }
}

// Ordered as SpatiaLite orders them (its text compares bytes: COLLATE "C").
std::vector<SurveyRecord> PostgisStore::surveys(const std::vector<std::string>& holes)
{
    pq::Params params;
    const std::string where = holes_condition(holes, params);
    const pq::Result r = pq::exec(db_.get(), "SELECT hole, depth, azimuth, dip, coalesce(method, ''), coalesce(surveyed_on::text, '')"
                                             " FROM drill_surveys" + where + " ORDER BY hole COLLATE \"C\", depth",
                                  params);
    std::vector<SurveyRecord> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.real(i, 1), r.real(i, 2), r.real(i, 3), r.text(i, 4), r.text(i, 5)});
    return out;
}

std::vector<IntervalRecord> PostgisStore::intervals(const std::vector<std::string>& holes)
{
    pq::Params params;
    const std::string where = holes_condition(holes, params);
    const pq::Result r = pq::exec(db_.get(), "SELECT hole, tbl, depth_from, depth_to, fields::text FROM drill_intervals" + where +
                                                 " ORDER BY hole COLLATE \"C\", tbl COLLATE \"C\", depth_from",
                                  params);
    std::vector<IntervalRecord> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i)
        out.push_back({r.text(i, 0), r.text(i, 1), r.real(i, 2), r.real(i, 3), nlohmann::json::parse(r.text(i, 4))});
    return out;
}

std::int64_t PostgisStore::delete_downhole(const std::vector<std::string>& holes)
{
    if (holes.empty())
        return 0;
    pq::Params params;
    params.add(pq::array_literal(holes));
    return pq::exec(db_.get(), "DELETE FROM drill_surveys WHERE hole = ANY($1::text[])", params).affected() +
           pq::exec(db_.get(), "DELETE FROM drill_intervals WHERE hole = ANY($1::text[])", params).affected();
}

} // namespace lode
