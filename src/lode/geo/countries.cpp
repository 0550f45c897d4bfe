#include "lode/geo/countries.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/geos.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace lode {

namespace {

// ISO 3166-1 alpha-2 and numeric codes, five characters each ("UZ860"), from Debian's iso-codes
// (/usr/share/iso-codes/json/iso_3166-1.json, 249 entries). Natural Earth's `iso_n3` holds the same
// numeric codes.
constexpr const char* iso_codes =
    "AD020AE784AF004AG028AI660AL008AM051AO024AQ010AR032AS016AT040AU036AW533AX248AZ031BA070BB052BD050BE056"
    "BF854BG100BH048BI108BJ204BL652BM060BN096BO068BQ535BR076BS044BT064BV074BW072BY112BZ084CA124CC166CD180"
    "CF140CG178CH756CI384CK184CL152CM120CN156CO170CR188CU192CV132CW531CX162CY196CZ203DE276DJ262DK208DM212"
    "DO214DZ012EC218EE233EG818EH732ER232ES724ET231FI246FJ242FK238FM583FO234FR250GA266GB826GD308GE268GF254"
    "GG831GH288GI292GL304GM270GN324GP312GQ226GR300GS239GT320GU316GW624GY328HK344HM334HN340HR191HT332HU348"
    "ID360IE372IL376IM833IN356IO086IQ368IR364IS352IT380JE832JM388JO400JP392KE404KG417KH116KI296KM174KN659"
    "KP408KR410KW414KY136KZ398LA418LB422LC662LI438LK144LR430LS426LT440LU442LV428LY434MA504MC492MD498ME499"
    "MF663MG450MH584MK807ML466MM104MN496MO446MP580MQ474MR478MS500MT470MU480MV462MW454MX484MY458MZ508NA516"
    "NC540NE562NF574NG566NI558NL528NO578NP524NR520NU570NZ554OM512PA591PE604PF258PG598PH608PK586PL616PM666"
    "PN612PR630PS275PT620PW585PY600QA634RE638RO642RS688RU643RW646SA682SB090SC690SD729SE752SG702SH654SI705"
    "SJ744SK703SL694SM674SN686SO706SR740SS728ST678SV222SX534SY760SZ748TC796TD148TF260TG768TH764TJ762TK772"
    "TL626TM795TN788TO776TR792TT780TV798TW158TZ834UA804UG800UM581US840UY858UZ860VA336VC670VE862VG092VI850"
    "VN704VU548WF876WS882YE887YT175ZA710ZM894ZW716";

struct PreparedDeleter {
    GEOSContextHandle_t context;
    void operator()(const GEOSPreparedGeometry* p) const { GEOSPreparedGeom_destroy_r(context, p); }
};
using Prepared = std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter>;

constexpr double km_per_degree = 111.32;   // of latitude, and of longitude at the equator

} // namespace

void drop_world_spanning_parts(OGRGeometry& g)
{
    if (wkbFlatten(g.getGeometryType()) != wkbMultiPolygon)
        return;
    auto& parts = *g.toMultiPolygon();
    for (int i = parts.getNumGeometries() - 1; i >= 0; --i) {
        OGREnvelope e;
        parts.getGeometryRef(i)->getEnvelope(&e);
        if (e.MaxX - e.MinX > 180 && e.MinY > -60)
            parts.removeGeometry(i);
    }
}

std::string iso_numeric(const std::string& alpha2)
{
    if (alpha2.size() != 2)
        return {};
    const std::string_view codes(iso_codes);
    for (std::size_t i = 0; i + 5 <= codes.size(); i += 5)
        if (std::toupper(static_cast<unsigned char>(alpha2[0])) == codes[i] &&
            std::toupper(static_cast<unsigned char>(alpha2[1])) == codes[i + 1])
            return std::string(codes.substr(i + 2, 3));
    return {};
}

struct Countries::Impl {
    struct Country {
        std::string name, iso_n3;
        BBox box;
        Geos::Geometry geometry;
        mutable Prepared prepared;       // made on first use
        mutable Geos::Geometry widened;  // the geometry buffered by a margin, on first use
        mutable Prepared prepared_widened;
        mutable double widened_by = -1;  // degrees
    };
    Geos geos;
    std::vector<Country> countries;

    const GEOSPreparedGeometry* prepared(const Country& c) const
    {
        if (!c.prepared)
            c.prepared = Prepared(GEOSPrepare_r(geos.handle(), c.geometry.get()), {geos.handle()});
        return c.prepared.get();
    }
    Geos::Geometry point(double lon, double lat) const
    {
        return Geos::Geometry(GEOSGeom_createPointFromXY_r(geos.handle(), lon, lat), {geos.handle()});
    }
};

Countries::Countries(const std::string& gpkg) : impl_(std::make_unique<Impl>())
{
    register_gdal();
    if (!std::filesystem::exists(gpkg))
        throw InputError(gpkg + ": no such file (the basemap of countries)");
    QuietGdal quiet;
    Dataset ds(static_cast<GDALDataset*>(GDALOpenEx(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr)));
    OGRLayer* layer = ds ? ds->GetLayerByName("countries") : nullptr;
    if (!layer || layer->GetLayerDefn()->GetFieldIndex("name") < 0 || layer->GetLayerDefn()->GetFieldIndex("iso_n3") < 0)
        throw InputError(gpkg + ": not a basemap of countries (a layer 'countries' with fields name and iso_n3)");
    for (FeaturePtr f(layer->GetNextFeature()); f; f.reset(layer->GetNextFeature())) {
        const OGRGeometry* g = f->GetGeometryRef();
        if (!g || g->IsEmpty())
            continue;
        OGREnvelope e;
        g->getEnvelope(&e);
        impl_->countries.push_back({f->GetFieldAsString("name"), f->GetFieldAsString("iso_n3"),
                                    BBox{e.MinX, e.MinY, e.MaxX, e.MaxY}, impl_->geos.read(geometry_to_wkb(*g)),
                                    Prepared(nullptr, {impl_->geos.handle()}), Geos::Geometry(nullptr, {impl_->geos.handle()}),
                                    Prepared(nullptr, {impl_->geos.handle()})});
    }
}

Countries::~Countries() = default;

std::string Countries::name_at(double lon, double lat) const
{
    const auto point = impl_->point(lon, lat);
    for (const auto& c : impl_->countries)
        if (lon >= c.box.west && lon <= c.box.east && lat >= c.box.south && lat <= c.box.north &&
            GEOSPreparedIntersects_r(impl_->geos.handle(), impl_->prepared(c), point.get()) == 1)
            return c.name;
    return {};
}

Countries::Area Countries::area(const std::vector<std::string>& alpha2, double margin_km) const
{
    Area out;
    out.margin_km = margin_km;
    std::vector<std::string> names;
    for (const auto& code : alpha2) {
        const std::string numeric = iso_numeric(code);
        if (numeric.empty())
            continue;
        for (std::size_t i = 0; i < impl_->countries.size(); ++i) {
            const auto& c = impl_->countries[i];
            if (c.iso_n3 != numeric)
                continue;
            if (out.members.empty())
                out.box = c.box;
            out.box = {std::min(out.box.west, c.box.west), std::min(out.box.south, c.box.south),
                       std::max(out.box.east, c.box.east), std::max(out.box.north, c.box.north)};
            out.members.push_back(i);
            if (names.empty() || std::find(names.begin(), names.end(), c.name) == names.end())
                names.push_back(c.name);
        }
    }
    // "Australia" rather than "Australia and Ashmore and Cartier Is.": the first name of each code.
    std::vector<std::string> shown;
    for (const auto& code : alpha2)
        for (std::size_t i : out.members)
            if (impl_->countries[i].iso_n3 == iso_numeric(code)) {
                shown.push_back(impl_->countries[i].name);
                break;
            }
    for (std::size_t i = 0; i < shown.size(); ++i)
        out.names += (i == 0 ? "" : i + 1 == shown.size() ? " and " : ", ") + shown[i];
    return out;
}

bool Countries::contains(const Area& area, double lon, double lat) const
{
    const auto point = impl_->point(lon, lat);
    const GEOSContextHandle_t h = impl_->geos.handle();
    for (std::size_t i : area.members) {
        const auto& c = impl_->countries[i];
        const double poleward = std::min(80.0, std::max(std::fabs(c.box.south), std::fabs(c.box.north)));
        const double margin = area.margin_km / (km_per_degree * std::cos(poleward * M_PI / 180));
        if (lon < c.box.west - margin || lon > c.box.east + margin || lat < c.box.south - margin || lat > c.box.north + margin)
            continue;
        if (GEOSPreparedIntersects_r(h, impl_->prepared(c), point.get()) == 1)
            return true;
        if (margin <= 0)
            continue;
        if (c.widened_by != margin) {
            c.prepared_widened.reset();
            c.widened = Geos::Geometry(GEOSBuffer_r(h, c.geometry.get(), margin, 4), {h});
            if (!c.widened)
                throw Error("GEOS cannot widen " + c.name + " by " + std::to_string(area.margin_km) + " km");
            c.prepared_widened = Prepared(GEOSPrepare_r(h, c.widened.get()), {h});
            c.widened_by = margin;
        }
        if (GEOSPreparedIntersects_r(h, c.prepared_widened.get(), point.get()) == 1)
            return true;
    }
    return false;
}

} // namespace lode
