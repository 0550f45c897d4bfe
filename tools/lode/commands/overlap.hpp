#pragma once
// lode overlap: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "rows.hpp"

#include "lode/base/error.hpp"
#include "lode/schema/filter.hpp"
#include "lode/geo/quantity.hpp"
#include "lode/query/spatial_query.hpp"
#include "lode/base/text.hpp"

namespace lode::cli {

class OverlapCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    void run_pairs(Store& store, const LayerKind& kind_a, const Selection& selection, const Filter* filter);
    void run_count(Store& store, const Selection& selection, const Filter* filter);
    std::string a_, b_, predicate_ = "intersects", min_area_, project_, where_, bdl_;
    std::vector<std::string> stats_;
    bool count_ = false;
    QueryOutput output_;
};

} // namespace lode::cli
