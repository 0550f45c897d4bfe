#include "command.hpp"
#include "output.hpp"

#include "lode/geo/polygon_area.hpp"
#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/geodesy.hpp"
#include "lode/query/spatial_query.hpp"

#include <iostream>

namespace lode::cli {

namespace {

nlohmann::json cell(const Value& v)
{
    if (const auto* i = std::get_if<std::int64_t>(&v))
        return *i;
    if (const auto* d = std::get_if<double>(&v))
        return *d;
    if (const auto* s = std::get_if<std::string>(&v))
        return *s;
    return nullptr;
}

class Show final : public Command {
public:
    const char* name() const override { return "show"; }
    const char* description() const override { return "Show one feature: its attributes (with units) and a summary of its geometry"; }
    const char* examples() const override
    {
        return "  lode show occurrences AU-OCC-GREENBUSHES\n  lode show samples NGK-SS-0001 --all\n  lode show samples NGK-SS-0001 --as-of 2025-03-01\n  lode show prospects UZ-P01 --format json";
    }

    void setup(CLI::App& app) override
    {
        add_db_option(app);
        app.add_option("LAYER", layer_, "Layer name")->required();
        app.add_option("ID", id_, "Feature id")->required();
        add_format_option(app, format_, {"table", "json"});
        app.add_flag("--all", all_, "Also list the empty fields");
        app.add_option("--as-of", as_of_, "The feature as it was at this UTC date (its end) or date-time, from the history")
            ->option_text("DATE");
    }

    int run() override
    {
        auto store = open_store();
        const LayerKind& kind = store->layer_kind(layer_);
        const std::string as_of = as_of_.empty() ? "" : parse_as_of(as_of_);
        auto feature = as_of.empty() ? store->find_feature(layer_, id_) : store->find_feature_as_of(layer_, id_, as_of);
        if (!feature)
            throw NotFound("layer '" + layer_ + "' has no feature '" + id_ + "'" + (as_of.empty() ? "" : " as of " + as_of));

        Table table{{"field", "value", "unit"}, {}};
        table.rows.push_back({"id", feature->id, nullptr});
        table.rows.push_back({"project", feature->project, nullptr});
        std::size_t empty = 0;
        for (const auto& field : kind.fields) {
            const Value& value = feature->attributes.at(field.name);
            // A sample has dozens of assay fields, most of them empty: people see the filled ones.
            if (is_null(value) && !all_ && format_ == "table") {
                ++empty;
                continue;
            }
            table.rows.push_back({field.name, cell(value), field.unit.empty() ? nlohmann::json() : nlohmann::json(field.unit)});
        }
        for (const auto& [key, value] : feature->extra.items())
            table.rows.push_back({"extra." + key, value.is_string() ? value : nlohmann::json(value.dump()), nullptr});
        table.rows.push_back({"imported_from", feature->imported_from, nullptr});

        auto geometry = geometry_from_wkb(feature->wkb);
        OGREnvelope envelope;
        geometry->getEnvelope(&envelope);
        table.rows.push_back({"geometry", to_string(kind.geometry), nullptr});
        if (kind.geometry == GeometryType::point) {
            const auto* point = geometry->toPoint();
            table.rows.push_back({"longitude", std::stod(format_number(point->getX(), 7)), "degree"});
            table.rows.push_back({"latitude", std::stod(format_number(point->getY(), 7)), "degree"});
        } else {
            table.rows.push_back({"vertices", count_vertices(*geometry), nullptr});
            table.rows.push_back({"bbox", format_number(envelope.MinX, 6) + "," + format_number(envelope.MinY, 6) + "," +
                                              format_number(envelope.MaxX, 6) + "," + format_number(envelope.MaxY, 6),
                                  "W,S,E,N degree"});
            if (kind.geometry == GeometryType::multipolygon)
                table.rows.push_back({"area", std::stod(format_number(area_m2_lonlat_edges(feature->wkb) / 1e6, 4)), "km² (WGS84 ellipsoid)"});
            else
                table.rows.push_back({"length", std::stod(format_number(geodesic_length_m(feature->wkb) / 1e3, 4)), "km (WGS84 ellipsoid)"});
        }
        if (format_ == "json") {
            nlohmann::ordered_json object = nlohmann::ordered_json::object();
            for (const auto& row : table.rows)
                object[row[0].get<std::string>()] = row[1];
            char* json = geometry->exportToJson();
            object["geometry"] = nlohmann::ordered_json::parse(json);
            CPLFree(json);
            object["layer"] = layer_;
            if (!as_of.empty())
                object["as_of"] = as_of;
            std::cout << object.dump(2) << "\n";
        } else {
            table.print(std::cout, format_);
            if (!as_of.empty()) {
                std::cout << "as of " << as_of << "\n";
                print_history_began(std::cout, *store, as_of);
            }
            if (empty > 0)
                std::cout << "(" << empty << (empty == 1 ? " empty field" : " empty fields") << " not shown; --all shows them)\n";
        }
        return 0;
    }

private:
    static std::int64_t count_vertices(const OGRGeometry& g)
    {
        std::int64_t n = 0;
        if (const auto* c = dynamic_cast<const OGRGeometryCollection*>(&g)) {
            for (const auto* part : *c)
                n += count_vertices(*part);
        } else if (const auto* p = dynamic_cast<const OGRPolygon*>(&g)) {
            for (const auto* ring : *p)
                n += ring->getNumPoints();
        } else if (const auto* l = dynamic_cast<const OGRSimpleCurve*>(&g)) {
            n += l->getNumPoints();
        } else {
            n += 1;
        }
        return n;
    }

    std::string layer_, id_, format_, as_of_;
    bool all_ = false;
};

} // namespace

const Registration registered{40, [] { return std::unique_ptr<Command>(std::make_unique<Show>()); }};

} // namespace lode::cli
