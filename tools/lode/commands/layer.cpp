#include "layer.hpp"
#include "lode/store/retry.hpp"

#include "lode/store/assay_stats.hpp"
#include "lode/base/text.hpp"

#include <fstream>
#include <iostream>
#include <map>

namespace lode::cli {

const char* LayerCommand::examples() const
{
    return "  lode layer create camps --from field_camps.kml\n"
           "  lode layer create geology --from sheet_12.gpkg --src-layer units --style-by lithology\n"
           "  lode layer create hazards --kind hazards.json\n"
           "  lode layer fields samples --format csv\n"
           "  lode layer add-field samples au_ppb --type real --unit ppb\n"
           "  lode layer rename camps field_camps\n"
           "  lode layer drop field_camps --with-features";
}

void LayerCommand::setup(CLI::App& app)
{
    app.require_subcommand(1, 1);
    create_ = app.add_subcommand("create", "Create a new layer: its kind read from a GDAL source (--from) or a kind definition (--kind)");
    add_db_option(*create_);
    create_->add_option("NAME", name_, "The new layer's name: a lowercase identifier (camps, hazard_zones)")->required();
    auto* from = create_->add_option("--from", source_.file, "A vector source whose geometry type and fields (with their types) make the kind")
                     ->option_text("SOURCE");
    auto* kind = create_->add_option("--kind", kind_file_, "A kind definition in the form of layers/*.json")->option_text("FILE.json");
    from->excludes(kind);
    create_->add_option("--src-layer", source_.source_layer, "Layer of a multi-layer source")->option_text("NAME")->needs(from);
    create_->add_option("--style-by", style_by_, "Style by this field: one colour per distinct value in the source (else one symbol)")
        ->option_text("FIELD")->needs(from);
    create_->footer("Examples:\n  lode layer create camps --from field_camps.kml\n"
                    "  lode layer create geology --from sheet_12.gpkg --style-by lithology\n  lode layer create hazards --kind hazards.json\n"
                    "A source mixing points, lines and polygons makes NAME_points, NAME_lines and NAME_polygons.");

    fields_ = app.add_subcommand("fields", "A layer's fields: type, unit, required, allowed values and example values from the store");
    add_db_option(*fields_, false);
    fields_->add_option("NAME", name_, "The layer")->required();
    add_format_option(*fields_, format_, {"table", "csv", "json"});
    fields_->footer("Examples:\n  lode layer fields samples\n  lode layer fields camps --format json");

    add_field_ = app.add_subcommand("add-field", "Add a field to a layer (empty in the features it holds)");
    add_db_option(*add_field_);
    add_field_->add_option("NAME", name_, "The layer")->required();
    add_field_->add_option("FIELD", other_, "The new field's name")->required();
    add_field_->add_option("--type", type_, "text, integer, real, date, commodity or commodities")
        ->check(CLI::IsMember({"text", "integer", "real", "date", "commodity", "commodities"}))
        ->capture_default_str();
    add_field_->add_option("--unit", unit_, "Its unit, e.g. ppm, %, m");
    add_field_->add_option("--description", description_, "What it holds");
    add_field_->footer("Examples:\n  lode layer add-field samples au_ppb --type real --unit ppb\n  lode layer add-field camps beds --type integer");

    rename_ = app.add_subcommand("rename", "Rename a layer (its features, history and imports follow it)");
    add_db_option(*rename_);
    rename_->add_option("OLD", name_, "The layer")->required();
    rename_->add_option("NEW", other_, "Its new name")->required();
    rename_->footer("Examples:\n  lode layer rename camps field_camps");

    drop_ = app.add_subcommand("drop", "Remove a layer (refused while it holds features, unless --with-features)");
    add_db_option(*drop_);
    drop_->add_option("NAME", name_, "The layer")->required();
    drop_->add_flag("--with-features", with_features_, "Remove its features with it (each delete is recorded in the history)");
    drop_->footer("Examples:\n  lode layer drop camps\n  lode layer drop traverses --with-features");
}

void LayerCommand::check() const
{
    if (create_->parsed() && source_.file.empty() && kind_file_.empty())
        throw CLI::ValidationError("create", "give --from SOURCE or --kind FILE.json");
}

int LayerCommand::run()
{
    if (create_->parsed())
        return run_create();
    if (fields_->parsed())
        return run_fields();
    if (add_field_->parsed())
        return run_add_field();
    if (rename_->parsed())
        return run_rename();
    return run_drop();
}

int LayerCommand::run_create()
{
    std::vector<LayerKind> kinds;
    SourceKinds made;
    if (!kind_file_.empty()) {
        std::ifstream in(kind_file_);
        if (!in)
            throw InputError(kind_file_ + ": cannot be read");
        nlohmann::json definition;
        try {
            definition = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw InputError(kind_file_ + ": not valid JSON: " + e.what());
        }
        if (definition.is_object())
            definition["name"] = name_;
        kinds.push_back(parse_layer_kind(definition, kind_file_));
    } else {
        made = layer_kinds_from_source(source_, name_, style_by_);
        for (const auto& [kind, family] : made.kinds)
            kinds.push_back(kind);
    }
    auto store = open_store();
    with_retries([&] {   // run again when the server refuses it as conflicting with other writers
        auto txn = store->begin_write();
        for (const auto& kind : kinds)
            store->create_layer(kind);
        txn->commit();
    });
    for (const auto& kind : kinds) {
        std::vector<std::string> fields;
        for (const auto& f : kind.fields)
            fields.push_back(f.name + " (" + to_string(f.type) + ")");
        const auto& style = kind.style;
        std::cout << "created layer " << kind.name << " (" << to_string(kind.geometry) << "): "
                  << (fields.empty() ? "no fields" : join(fields, ", ")) << "; styled "
                  << (style.contains("category_field") ? "by " + style["category_field"].get<std::string>() + " (" +
                                                             std::to_string(style["categories"].size()) + " categories)"
                                                       : std::string("with one symbol"))
                  << "\n";
    }
    if (kinds.size() > 1)
        std::cout << "the source mixes geometry types: one layer per type\n";
    if (!made.left_out.empty())
        std::cout << "not made fields: " << join(made.left_out, ", ") << " (an id is the feature id)\n";
    if (made.other_values > 0)
        std::cout << made.other_values << " more values of " << style_by_ << " drawn with the default symbol\n";
    return 0;
}

int LayerCommand::run_fields()
{
    auto store = open_store();
    const LayerKind& kind = store->layer_kind(name_);
    // Up to three distinct example values of each field, from the first features stored.
    std::map<std::string, std::vector<std::string>> examples;
    std::size_t complete = 0, seen = 0;
    store->scan(kind.name, {}, Reading::features(), [&](ScanRow& scanned) {
        const Feature& f = scanned.feature;
        for (const auto& field : kind.fields) {
            auto& list = examples[field.name];
            const auto it = f.attributes.find(field.name);
            if (list.size() >= 3 || it == f.attributes.end() || is_null(it->second))
                continue;
            const std::string text = to_text(it->second);
            if (std::find(list.begin(), list.end(), text) == list.end()) {
                list.push_back(text);
                complete += list.size() == 3;
            }
        }
        return ++seen < 10000 && complete < kind.fields.size();
    });
    const bool json = format_ == "json";
    Table table{{"field", "type", "unit", "required", "allowed", "examples", "description"}, {}};
    for (const auto& f : kind.fields) {
        const auto& list = examples[f.name];
        table.rows.push_back({f.name, to_string(f.type), f.unit, f.required,
                              json ? nlohmann::json(f.allowed) : nlohmann::json(join(f.allowed, "; ")),
                              json ? nlohmann::json(list) : nlohmann::json(join(list, "; ")), f.description});
    }
    // The analytes of the layer's assay results, each in the unit reported: names --where and --stat take.
    for (const auto& a : analytes_found(*store, kind.name))
        table.rows.push_back({a.name, "real", to_string(a.unit), false, json ? nlohmann::json::array() : nlohmann::json(""),
                              json ? nlohmann::json(a.examples) : nlohmann::json(join(a.examples, "; ")),
                              "assay results: " + std::to_string(a.results) + " of " + std::to_string(a.samples) + " sample" +
                                  (a.samples == 1 ? "" : "s") + " (" + std::to_string(a.below) + " below a detection limit, " +
                                  std::to_string(a.above) + " above an upper limit)"});
    table.print(std::cout, format_);
    return 0;
}

int LayerCommand::run_add_field()
{
    FieldDef field;
    field.name = other_;
    field.type = *field_type_named(type_);
    field.unit = unit_;
    field.description = description_;
    auto store = open_store();
    with_retries([&] { store->add_field(name_, field); });
    std::cout << "added field " << other_ << " (" << type_ << (unit_.empty() ? "" : ", " + unit_) << ") to layer " << name_ << "\n";
    return 0;
}

int LayerCommand::run_rename()
{
    auto store = open_store();
    with_retries([&] { store->rename_layer(name_, other_); });
    std::cout << "renamed layer " << name_ << " to " << other_ << "\n";
    return 0;
}

int LayerCommand::run_drop()
{
    auto store = open_store();
    const auto count = store->summarise(store->layer_kind(name_).name).count;
    with_retries([&] { store->drop_layer(name_, with_features_); });
    std::cout << "dropped layer " << name_ << (count > 0 ? " and its " + std::to_string(count) + " features" : std::string()) << "\n";
    return 0;
}

} // namespace lode::cli
