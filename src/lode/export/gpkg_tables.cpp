#include "lode/export/gpkg_tables.hpp"

#include "lode/export/qgis_style.hpp"

namespace lode {

std::pair<std::int64_t, std::int64_t> write_project_tables(VectorWriter& writer, Store& store, const Selection& selection)
{
    std::int64_t n_projects = 0, n_partners = 0;
    LayerSpec projects{"projects", wkbNone, {}, "code", "Projects", "The joint exploration programmes", {}};
    projects.fields = {field_spec("code"), field_spec("name"), field_spec("host_countries"), field_spec("commodities"), field_spec("phase"),
                       field_spec("start_date", OFTDate), field_spec("description"), field_spec("source")};
    projects.fields[0].not_null = projects.fields[0].unique = true;
    const std::size_t p = writer.add_layer(projects);
    auto or_null = [](const std::string& s) { return s.empty() ? Value{} : Value{s}; };
    for (const auto& project : store.projects()) {
        if (selection.project && project.code != *selection.project)
            continue;
        writer.write(p, {project.code, project.name, or_null(project.host_countries), or_null(project.commodities),
                         or_null(project.phase), or_null(project.start_date), or_null(project.description), or_null(project.source)},
                     Wkb());
        ++n_projects;
    }

    LayerSpec partners{"partners", wkbNone, {}, "", "Partners", "Partner organisations and their role in each programme", {}};
    partners.fields = {field_spec("project"), field_spec("organisation"), field_spec("country"), field_spec("role"), field_spec("source")};
    const std::size_t q = writer.add_layer(partners);
    for (const auto& partner : store.partnerships(selection.project)) {
        writer.write(q, {partner.project, partner.organisation, partner.country, partner.role, partner.source}, Wkb());
        ++n_partners;
    }
    return {n_projects, n_partners};
}

// The table QGIS itself writes styles to (QgsOgrProviderMetadata::saveStyle), one default row per layer.
void write_layer_styles(VectorWriter& writer, const std::vector<const LayerKind*>& kinds, const std::string& now)
{
    LayerSpec styles{"layer_styles", wkbNone, {}, "", "layer_styles", "QGIS layer styles", {}};
    auto text = [](const char* name, int width = 0) {
        FieldSpec f = field_spec(name);
        f.width = width;
        return f;
    };
    FieldSpec use_as_default = field_spec("useAsDefault", OFTInteger, OFSTBoolean);
    FieldSpec update_time = field_spec("update_time", OFTDateTime);
    update_time.default_value = "CURRENT_TIMESTAMP";
    styles.fields = {text("f_table_catalog", 256), text("f_table_schema", 256), text("f_table_name", 256),
                     text("f_geometry_column", 256), text("styleName", 30), text("styleQML"), text("styleSLD"),
                     use_as_default, text("description"), text("owner", 30), text("ui", 30), update_time};
    const std::size_t at = writer.add_layer(styles);
    for (const LayerKind* styled : kinds) {
        const LayerKind& kind = *styled;
        const LayerStyle style = layer_style(kind);
        const std::string description = "lode " LODE_VERSION ": " + kind.title +
                                        (style.category_field.empty() ? "" : " by " + style.category_field) + ", from layers/" +
                                        kind.name + ".json";
        // f_table_schema must be '' (not NULL) and f_geometry_column the exact column, or QGIS ignores the row.
        writer.write(at, {std::string(), std::string(), kind.name, std::string("geom"), kind.name, qgis_qml(kind), std::string(),
                          std::int64_t{1}, description, std::string(), Value{}, now},
                     Wkb());
    }
}

} // namespace lode
