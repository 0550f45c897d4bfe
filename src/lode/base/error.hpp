#pragma once
// Errors carry their context as data: where in a source (file, feature, field), the reason, and
// optionally a hint of what to do. The library words reasons without knowing a front end: it
// refers to the settings of its calls by Setting, and to remedies by Hint. Library code throws;
// only the CLI's main() turns errors into output (with its own option and command names).
#include <cstdint>
#include <stdexcept>
#include <string>

namespace lode {

// A setting of a library call (ImportOptions::source_crs, MapOptions::crs, ...) that a reason
// mentions; a front end words it as its own option (the CLI: Setting::source_crs is --s-srs).
enum class Setting : unsigned char {
    all = 1, at, bbox, crs, date, dpi, field_map, home, id_field, labels, layers, now, page, precision,
    project, source_crs, target_crs, today, where, set_values, date_format, dry_run, again, x_field, y_field, wait,
    grid, background, hillshade, contours, with_furniture, assay_columns, assay_units, negative_is_below,
    through, width, vertical_exaggeration, colour_by, symbolise, classes, analytes, assays_long,
    replace_results
};
inline constexpr unsigned char last_setting = static_cast<unsigned char>(Setting::replace_results);

// The setting as a reason mentions it: a marker that Error::what() words with the library's
// name for it ("source_crs") and the CLI with its option ("--s-srs").
std::string mention(Setting setting);
// The library's name of a setting, as in its options structs.
const char* to_string(Setting setting);
// Text with every mention replaced by word(setting).
std::string word_mentions(const std::string& text, const char* (*word)(Setting));

// What the user can do about an error. The library only names it; a front end words it (the CLI
// with its options and commands, e.g. make_valid is " (repair it with --make-valid)").
enum class Hint {
    none,
    make_valid,          // an invalid geometry: the import may repair it
    on_duplicate,        // an id already in the layer: the import may skip or update it
    source_layer,        // a source with several layers: name the one to read
    source_crs,          // a source without a CRS: say which
    coordinate_columns,  // a table without geometry: name its coordinate columns, or a WKT column
    choose_layers,       // a filter applied to every layer: choose the layers
    one_layer,           // a one-layer format with several layers: choose one, or a folder of files
    format,              // an output whose format the name does not tell: give the format
    overwrite,           // an output that exists: allow replacing it
    create_store,        // no store at the location (Where::file): create one
    remove_store,        // a store exists where one is to be created
    update_licence,      // a licence that exists: change it instead
    add_licence,         // an empty licences layer: import licences, or add one
    add_partner,         // a partner unknown in a project: add it
    add_first_partner,   // no partners at all: add them
    add_first_project,   // no projects at all: add one
    list_obligations,    // an unknown obligation number: list them
    map_all,             // nothing to map: import some features, then map every programme
    give_home,           // no home institute marked: name it
    longitude_first,     // a latitude out of range that reads as a longitude: longitude comes first
    later_changes,       // an import changed since: list the changes, remove features one by one
    with_features,       // a layer that still holds features: drop them with it
    set_value,           // a required field the source leaves empty: map a source field to it, or set a constant
    date_format,         // a date not written YYYY-MM-DD: say how the source writes dates
    again,               // a source imported before into the same layer: import it again deliberately
    id_field,            // ids that repeat within a source: name the source field that holds them
    allow_outside,       // features landing outside the host countries or the CRS's area of use
    give_source_crs,     // a source whose CRS is missing or undefined, with projected coordinates: give it
    skip_empty,          // features without geometry: the import may skip them
    explode,             // a multipoint into a point layer: the import may make each part a feature
    wait,                // another program held the store's write lock too long: wait longer, or close it
    page_too_big,        // too many features for an interactive map page: export a GeoPackage, or select fewer
    install_scripts,     // a script the map page inlines is missing: the setup step downloads them
    grant_access,        // a server login without access to the store: its owner grants it
    replace_results,     // an assay result that differs from the stored one of its batch: replace it
    stale_copy           // a copy's feature changed in the store since the copy was taken: take a new copy, or write over it
};

// Where in a source a problem lies; renders as "file: feature 12 (id 'X'): field 'f': ".
struct Where {
    std::string file;
    long long feature = -1;      // FID or index in the source; -1 when not about one feature
    std::string feature_id;      // lode id when known
    std::string field;

    std::string prefix() const;
};

// How many features of a source share a problem, of how many it has ("3 of 5 features have no
// geometry"); features 0 when not counted.
struct Share {
    std::int64_t features = 0;
    std::int64_t of = 0;
};

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& reason, Hint hint = Hint::none);
    Error(Where where, const std::string& reason, Hint hint = Hint::none, std::string note = {}, Share share = {});

    const Where& where() const { return where_; }
    // The reason as thrown, with mentions of settings unworded (see word_mentions).
    const std::string& reason() const { return reason_; }
    Hint hint() const { return hint_; }
    // What follows the hint, e.g. how many more problems a refused source has (mentions unworded).
    const std::string& note() const { return note_; }
    // How many features share the problem (a front end words it beside the hint).
    const Share& share() const { return share_; }

private:
    Where where_;
    std::string reason_;
    Hint hint_;
    std::string note_;
    Share share_;
};

// Bad input data: a file, a feature or a field that lode refuses.
class InputError : public Error {
public:
    using Error::Error;
};

// A request that names something the store does not have (layer, project, feature).
class NotFound : public Error {
public:
    using Error::Error;
};

[[noreturn]] void throw_input(const Where& where, const std::string& reason, Hint hint = Hint::none);

} // namespace lode
