#include "lode/base/error.hpp"

namespace lode {

namespace {
constexpr char mention_mark = '\x1F';   // ASCII unit separator, then the setting's number
} // namespace

std::string mention(Setting setting) { return {mention_mark, static_cast<char>(setting)}; }

const char* to_string(Setting setting)
{
    switch (setting) {
    case Setting::all: return "all";
    case Setting::at: return "at";
    case Setting::bbox: return "bbox";
    case Setting::crs: return "crs";
    case Setting::date: return "date";
    case Setting::dpi: return "dpi";
    case Setting::field_map: return "field_map";
    case Setting::home: return "home";
    case Setting::id_field: return "id_field";
    case Setting::labels: return "labels";
    case Setting::layers: return "layers";
    case Setting::now: return "now";
    case Setting::page: return "page";
    case Setting::precision: return "precision";
    case Setting::project: return "project";
    case Setting::source_crs: return "source_crs";
    case Setting::target_crs: return "target_crs";
    case Setting::today: return "today";
    case Setting::where: return "where";
    case Setting::set_values: return "set_values";
    case Setting::date_format: return "date_format";
    case Setting::dry_run: return "dry_run";
    case Setting::again: return "again";
    case Setting::x_field: return "x_field";
    case Setting::y_field: return "y_field";
    case Setting::wait: return "wait_seconds";
    case Setting::grid: return "grid";
    case Setting::background: return "backgrounds";
    case Setting::hillshade: return "hillshade";
    case Setting::contours: return "contours";
    case Setting::with_furniture: return "with_furniture";
    case Setting::assay_columns: return "assay_columns";
    case Setting::assay_units: return "assay_units";
    case Setting::negative_is_below: return "negative_is_below";
    case Setting::through: return "through";
    case Setting::width: return "width";
    case Setting::vertical_exaggeration: return "vertical_exaggeration";
    case Setting::colour_by: return "colour_by";
    case Setting::symbolise: return "symbolise";
    case Setting::classes: return "classes";
    case Setting::analytes: return "analytes";
    case Setting::assays_long: return "assays_long";
    case Setting::replace_results: return "replace_results";
    }
    return "?";
}

std::string word_mentions(const std::string& text, const char* (*word)(Setting))
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto code = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        if (text[i] == mention_mark && code >= 1 && code <= last_setting) {
            out += word(static_cast<Setting>(code));
            ++i;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string Where::prefix() const
{
    std::string out;
    if (!file.empty())
        out += file + ": ";
    if (feature >= 0) {
        out += "feature " + std::to_string(feature);
        if (!feature_id.empty())
            out += " (id '" + feature_id + "')";
        out += ": ";
    } else if (!feature_id.empty()) {
        out += "feature '" + feature_id + "': ";
    }
    if (!field.empty())
        out += "field '" + field + "': ";
    return out;
}

Error::Error(const std::string& reason, Hint hint) : Error(Where{}, reason, hint) {}

Error::Error(Where where, const std::string& reason, Hint hint, std::string note, Share share)
    : std::runtime_error(where.prefix() + word_mentions(reason, to_string) +
                         (share.features > 0 ? "; " + std::to_string(share.features) + " of " + std::to_string(share.of) + " features" : "") +
                         (note.empty() ? "" : " " + word_mentions(note, to_string))),
      where_(std::move(where)), reason_(reason), hint_(hint), note_(std::move(note)), share_(share)
{
}

void throw_input(const Where& where, const std::string& reason, Hint hint) { throw InputError(where, reason, hint); }

} // namespace lode
