#include "desurvey_options.hpp"

namespace lode::cli {

void DesurveyFlags::add(CLI::App& app)
{
    app.add_option("--method", method_,
                   "Desurvey the drillholes by minimum-curvature (the default), tangent or balanced (balanced tangential)")
        ->check(CLI::IsMember(drill::method_options()))
        ->option_text("METHOD");
    app.add_option("--azimuth-ref", reference_,
                   "What the survey and collar azimuths of every hole are measured from, over what each collar says "
                   "(azimuth_ref, declination_deg, grid_crs; else true north): true (north), magnetic (add "
                   "--declination) or grid (the grid north of each collar's UTM zone, or of --grid-crs)")
        ->check(CLI::IsMember(drill::azimuth_reference_options()))
        ->option_text("NORTH");
    app.add_option("--declination", declination_,
                   "The magnetic declination in degrees, east positive (true = magnetic + declination); implies "
                   "--azimuth-ref magnetic")
        ->check(CLI::Range(-180.0, 180.0))
        ->option_text("DEG");
    app.add_option("--grid-crs", grid_crs_,
                   "With --azimuth-ref grid: the projected CRS whose grid north the azimuths are from (e.g. EPSG:7850); "
                   "its convergence at each collar (PROJ) turns them to true north")
        ->option_text("SRS");
}

bool DesurveyFlags::given() const
{
    return !method_.empty() || !reference_.empty() || declination_ || !grid_crs_.empty();
}

DesurveyOptions DesurveyFlags::options() const
{
    DesurveyOptions o;
    if (!method_.empty())
        o.method = *drill::method_named(method_);
    // Any of the three states every hole's azimuth reference, over the holes' own.
    o.stated = !reference_.empty() || declination_ || !grid_crs_.empty();
    const std::string reference = !reference_.empty() ? reference_ : declination_ ? "magnetic" : grid_crs_.empty() ? "true" : "grid";
    AzimuthSetting& a = o.azimuths;
    a.reference = *drill::azimuth_reference_named(reference);
    if (declination_ && a.reference != AzimuthReference::magnetic)
        throw CLI::ValidationError("--declination", "applies to magnetic azimuths, not to --azimuth-ref " + reference);
    if (a.reference == AzimuthReference::magnetic && !declination_)
        throw CLI::ValidationError("--azimuth-ref", "magnetic azimuths need the --declination that turns them to true north");
    if (!grid_crs_.empty() && a.reference != AzimuthReference::grid)
        throw CLI::ValidationError("--grid-crs", "applies to grid azimuths, not to --azimuth-ref " + reference);
    a.declination_deg = declination_.value_or(0);
    a.grid_crs = grid_crs_;
    return o;
}

void print_overridden(std::ostream& err, const DesurveyTally& tally)
{
    if (tally.own_overridden.empty())
        return;
    const std::size_t n = tally.own_overridden.size();
    err << "note: --azimuth-ref, --declination or --grid-crs applied to every hole, over the azimuth reference " << n
        << (n == 1 ? " hole's collar says (" : " holes' collars say (") << holes_said(tally.own_overridden) << ")\n";
}

} // namespace lode::cli
