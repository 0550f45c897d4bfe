// A fuzzed GEOJSON file imported into a fresh store (import.hpp says how).
#include "import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    fuzz::import_one(data, size, ".geojson");
    return 0;
}
