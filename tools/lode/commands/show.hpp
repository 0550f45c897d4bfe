#pragma once
// lode show: its options (setup, check) and what it does (run).
#include "command.hpp"
#include "output.hpp"

#include "lode/base/error.hpp"
#include "lode/geo/gdal.hpp"
#include "lode/geo/geodesy.hpp"
#include "lode/geo/polygon_area.hpp"
#include "lode/query/spatial_query.hpp"

namespace lode::cli {

class ShowCommand final : public Command {
public:
    const char* examples() const override;
    void setup(CLI::App& app) override;
    int run() override;

private:
    static std::int64_t count_vertices(const OGRGeometry& g);
    std::string layer_, id_, format_, as_of_;
    bool all_ = false;
};

} // namespace lode::cli
