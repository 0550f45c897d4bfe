// The --where language (schema/filter.*): any text is parsed against a kind with a field of every
// type, and when it parses it is evaluated on a feature with every field set and one with none.
#include "fuzz.hpp"
#include "lode/schema/filter.hpp"

#include <cstddef>
#include <cstdint>

namespace {

const lode::LayerKind& kind()
{
    static const lode::LayerKind k = lode::parse_layer_kind(nlohmann::json::parse(R"({
        "name": "fuzzed", "title": "Fuzzed", "geometry": "Point",
        "fields": [
            {"name": "status", "type": "text", "allowed": ["granted", "renewal pending"]},
            {"name": "name", "type": "text"},
            {"name": "depth_m", "type": "integer", "min": 0},
            {"name": "li2o_pct", "type": "real", "min": 0, "max": 100},
            {"name": "sampled_on", "type": "date"},
            {"name": "commodity", "type": "commodity"},
            {"name": "commodities", "type": "commodities"}
        ],
        "style": {}})"), "fuzz");
    return k;
}

const lode::Commodities& vocabulary()
{
    static const lode::Commodities c = lode::Commodities::load(LODE_SOURCE_DIR "/layers/commodities.json");
    return c;
}

lode::Feature full()
{
    lode::Feature f;
    f.id = "S-1";
    f.project = "UZ-PEG";
    f.attributes = {{"status", std::string("granted")}, {"name", std::string("Greenbushes")},
                    {"depth_m", std::int64_t{120}}, {"li2o_pct", 1.25},
                    {"sampled_on", std::string("2024-05-14")}, {"commodity", std::string("Li")},
                    {"commodities", std::string("Li;Ta;Sn")}};
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static const lode::Feature with_values = full();
    static const lode::Feature empty{"S-2", "UZ-PEG", {}, nlohmann::json::object(), "", {}};
    const std::string text(reinterpret_cast<const char*>(data), size);
    fuzz::refused_cleanly([&] {
        const lode::Filter filter = lode::Filter::parse(text, kind(), &vocabulary());
        (void)filter.matches(with_values);
        (void)filter.matches(empty);
    });
    return 0;
}
