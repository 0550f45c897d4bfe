#include "lode/store/spatialite/detail/rows.hpp"

#include "lode/base/error.hpp"

#include <spatialite.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>

namespace lode {

std::string quoted_identifier(const std::string& identifier)
{
    std::string out = "\"";
    for (char c : identifier) {
        if (c == '"')
            out += '"';
        out += c;
    }
    return out + "\"";
}

namespace {

// A little-endian, uncompressed 2D SpatiaLite BLOB (what lode writes) holds WKB's body as it is,
// only with 0x69 before each part of a collection where WKB has its byte-order byte, and a
// 39-byte header (SRID, MBR) and one end byte instead of WKB's byte-order byte: copied, the
// markers mended. False for anything else (compressed, Z/M, big-endian, foreign), which
// SpatiaLite's converters then read.
bool plain_blob_to_wkb(const unsigned char* blob, int size, Wkb& out)
{
    if constexpr (std::endian::native != std::endian::little)
        return false;
    if (size < 44 || blob[0] != 0x00 || blob[1] != 0x01 || blob[38] != 0x7C || blob[size - 1] != 0xFE)
        return false;
    out.resize(static_cast<std::size_t>(size) - 39);
    out[0] = 1;
    std::memcpy(out.data() + 1, blob + 39, static_cast<std::size_t>(size) - 40);
    std::size_t at = 1;
    auto count = [&](std::uint32_t& n) {
        if (at + 4 > out.size())
            return false;
        std::memcpy(&n, out.data() + at, 4);
        at += 4;
        return true;
    };
    auto points = [&](std::uint64_t n) {
        if (n > (out.size() - at) / 16)
            return false;
        at += 16 * n;
        return true;
    };
    std::function<bool(std::uint32_t)> body = [&](std::uint32_t type) {
        std::uint32_t n = 0;
        switch (type) {
        case 1: return points(1);
        case 2: return count(n) && points(n);
        case 3: {
            if (!count(n))
                return false;
            for (std::uint32_t r = 0; r < n; ++r) {
                std::uint32_t m = 0;
                if (!count(m) || !points(m))
                    return false;
            }
            return true;
        }
        case 4: case 5: case 6: {
            if (!count(n))
                return false;
            for (std::uint32_t k = 0; k < n; ++k) {
                std::uint32_t part = 0;
                if (at >= out.size() || out[at] != 0x69)
                    return false;
                out[at++] = 1;
                if (!count(part) || part != type - 3 || !body(part))
                    return false;
            }
            return true;
        }
        default: return false;
        }
    };
    std::uint32_t type = 0;
    return count(type) && body(type) && at == out.size();
}

} // namespace

// SpatiaLite's own BLOB to WKB: points (most rows of a big store) and lode's plain geometries read
// straight from the documented layout, everything else through SpatiaLite's converters.
void spatialite_blob_to_wkb(const sqlite::Statement& s, int column, Wkb& out)
{
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.handle(), column));
    const int size = sqlite3_column_bytes(s.handle(), column);
    if (!blob || size == 0) {   // NULL, as AsBinary(NULL) gives
        out.clear();
        return;
    }
    if (size == 60 && blob[0] == 0x00 && blob[1] == 0x01 && blob[38] == 0x7C && blob[39] == 1 && blob[40] == 0 &&
        blob[41] == 0 && blob[42] == 0 && blob[59] == 0xFE) {
        out.assign(21, 0);
        out[0] = 1;   // little-endian WKB Point
        out[1] = 1;
        std::memcpy(out.data() + 5, blob + 43, 16);
        return;
    }
    if (plain_blob_to_wkb(blob, size, out))
        return;
    gaiaGeomCollPtr geometry = gaiaFromSpatiaLiteBlobWkb(blob, static_cast<unsigned int>(size));
    if (!geometry)
        throw Error("corrupt SpatiaLite geometry");
    unsigned char* wkb = nullptr;
    int length = 0;
    gaiaToWkb(geometry, &wkb, &length);
    gaiaFreeGeomColl(geometry);
    out.assign(wkb, wkb + length);
    std::free(wkb);
}

namespace {

// The reverse of plain_blob_to_wkb: 2D little-endian WKB of the simple types and their Multi forms
// (what the importer makes) framed as SpatiaLite's BLOB without reading it into an object: the
// header (SRID, MBR), WKB's body with 0x69 for each part's byte-order byte, the end byte. The MBR is
// SpatiaLite's (gaiaMbrGeometry): of the points, the lines and the polygons' exterior rings. False
// for anything else (Z/M, big-endian, curves, collections, trailing bytes).
bool wkb_to_plain_blob(const Wkb& wkb, std::int32_t srid, Wkb& blob, BBox& box)
{
    if constexpr (std::endian::native != std::endian::little)
        return false;
    if (wkb.size() < 21 || wkb[0] != 1)
        return false;
    blob.resize(wkb.size() + 39);
    blob[0] = 0x00;
    blob[1] = 0x01;
    std::memcpy(blob.data() + 2, &srid, 4);
    blob[38] = 0x7C;
    std::memcpy(blob.data() + 39, wkb.data() + 1, wkb.size() - 1);
    blob.back() = 0xFE;
    double min_x = HUGE_VAL, min_y = HUGE_VAL, max_x = -HUGE_VAL, max_y = -HUGE_VAL;
    std::size_t at = 39;   // in blob
    const std::size_t end = blob.size() - 1;
    auto count = [&](std::uint32_t& n) {
        if (at + 4 > end)
            return false;
        std::memcpy(&n, blob.data() + at, 4);
        at += 4;
        return true;
    };
    auto points = [&](std::uint64_t n, bool widen) {
        if (n > (end - at) / 16)
            return false;
        for (std::uint64_t i = 0; widen && i < n; ++i) {
            double xy[2];
            std::memcpy(xy, blob.data() + at + 16 * i, 16);
            min_x = std::min(min_x, xy[0]);
            max_x = std::max(max_x, xy[0]);
            min_y = std::min(min_y, xy[1]);
            max_y = std::max(max_y, xy[1]);
        }
        at += 16 * n;
        return true;
    };
    std::function<bool(std::uint32_t)> body = [&](std::uint32_t type) {
        std::uint32_t n = 0;
        switch (type) {
        case 1: return points(1, true);
        case 2: return count(n) && points(n, true);
        case 3: {
            if (!count(n))
                return false;
            for (std::uint32_t r = 0; r < n; ++r) {
                std::uint32_t m = 0;
                if (!count(m) || !points(m, r == 0))
                    return false;
            }
            return true;
        }
        case 4: case 5: case 6: {
            if (!count(n))
                return false;
            for (std::uint32_t k = 0; k < n; ++k) {
                std::uint32_t part = 0;
                if (at >= end || blob[at] != 0x01)
                    return false;
                blob[at++] = 0x69;
                if (!count(part) || part != type - 3 || !body(part))
                    return false;
            }
            return true;
        }
        default: return false;
        }
    };
    std::uint32_t type = 0;
    if (!count(type) || !body(type) || at != end || !(min_x <= max_x))
        return false;
    box = BBox{min_x, min_y, max_x, max_y};
    const double mbr[4] = {min_x, min_y, max_x, max_y};
    std::memcpy(blob.data() + 6, mbr, 32);
    return true;
}

} // namespace

bool spatialite_blob_from_wkb(const Wkb& wkb, Wkb& blob, BBox& box)
{
    return wkb_to_plain_blob(wkb, 4326, blob, box);
}

std::string select_features(const LayerKind& kind, bool with_fid)
{
    std::string sql = "SELECT id, project";
    for (const auto& field : kind.fields)
        sql += ", " + quoted_identifier(field.name);
    return sql + ", extra, coalesce(imported_from, ''), geom" + (with_fid ? ", fid" : "") + " FROM " +
           quoted_identifier(kind.name);
}

Feature read_feature(const sqlite::Statement& s, const LayerKind& kind)
{
    Feature f;
    f.id = s.text(0);
    f.project = s.text(1);
    int i = 2;
    for (const auto& field : kind.fields)
        f.attributes[field.name] = s.value(i++);
    f.extra = nlohmann::json::parse(s.text(i++));
    f.imported_from = s.text(i++);
    spatialite_blob_to_wkb(s, i, f.wkb);
    return f;
}

} // namespace lode
