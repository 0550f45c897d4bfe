#include "lode/spatialite_rows.hpp"

#include "lode/error.hpp"

#include <spatialite.h>

#include <cstdlib>
#include <cstring>

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

// SpatiaLite's own BLOB to WKB: points (most rows of a big store) read straight from the
// documented layout, everything else through SpatiaLite's converters.
void spatialite_blob_to_wkb(const sqlite::Statement& s, int column, Wkb& out)
{
    const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(s.handle(), column));
    const int size = sqlite3_column_bytes(s.handle(), column);
    if (size == 60 && blob[0] == 0x00 && blob[1] == 0x01 && blob[38] == 0x7C && blob[39] == 1 && blob[40] == 0 &&
        blob[41] == 0 && blob[42] == 0 && blob[59] == 0xFE) {
        out.assign(21, 0);
        out[0] = 1;   // little-endian WKB Point
        out[1] = 1;
        std::memcpy(out.data() + 5, blob + 43, 16);
        return;
    }
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

std::string select_features(const LayerKind& kind, bool with_fid)
{
    std::string sql = "SELECT id, project";
    for (const auto& field : kind.fields)
        sql += ", " + quoted_identifier(field.name);
    return sql + ", extra, coalesce(imported_from, ''), AsBinary(geom)" + (with_fid ? ", fid" : "") + " FROM " +
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
    f.wkb = s.blob(i);
    return f;
}

} // namespace lode
