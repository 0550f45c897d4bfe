#pragma once
// lode near: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "rows.hpp"

#include "lode/base/error.hpp"
#include "lode/schema/filter.hpp"
#include "lode/geo/quantity.hpp"
#include "lode/query/spatial_query.hpp"

namespace lode::cli {

class NearCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    void check() const override;
    int run() override;

private:
    bool wants_geometry() const;
    QueryLayer load_queries(Store& store) const;
    std::string layer_, at_, at_latlon_, to_, to_layer_, within_, project_, where_, to_project_, to_where_, bdl_;
    QueryOutput output_;
    std::optional<long long> nearest_;
};

} // namespace lode::cli
