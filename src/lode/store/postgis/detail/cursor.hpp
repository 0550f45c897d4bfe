// A cursor over a query's rows on a PostGIS store (reads.cpp's scans, carry.cpp's history).
#pragma once

#include "lode/store/postgis/detail/pq.hpp"

#include <atomic>
#include <string>

namespace lode {

// A cursor over a query's rows, fetched in blocks of binary rows; inside the caller's transaction,
// or one of its own (committed at the end, with any write a visit made in it; rolled back when a
// visit throws).
class Cursor {
public:
    Cursor(PGconn* db, const std::string& sql, const pq::Params& params) : db_(db)
    {
        static std::atomic<unsigned> cursors{0};
        name_ = "lode_scan_" + std::to_string(++cursors);
        own_ = PQtransactionStatus(db_) == PQTRANS_IDLE;
        if (own_)
            pq::exec_script(db_, "BEGIN");
        try {
            pq::exec(db_, "DECLARE " + name_ + " NO SCROLL CURSOR FOR " + sql, params);
        } catch (...) {
            if (own_)
                PQclear(PQexec(db_, "ROLLBACK"));
            throw;
        }
    }
    ~Cursor()
    {
        if (done_)
            return;
        if (own_)
            PQclear(PQexec(db_, "ROLLBACK"));
        else
            PQclear(PQexec(db_, ("CLOSE " + name_).c_str()));
    }
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;
    // The next block of rows; empty at the end.
    pq::Result fetch() { return pq::exec(db_, "FETCH FORWARD 5000 FROM " + name_); }
    void close()
    {
        pq::exec_script(db_, own_ ? "COMMIT" : "CLOSE " + name_);
        done_ = true;
    }

private:
    PGconn* db_;
    std::string name_;
    bool own_ = false, done_ = false;
};

} // namespace lode
