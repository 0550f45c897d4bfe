# The two programmes of the partner-access tests (sourced after tests/cli/lib.bash): a new store
# with TZ-GRE (the Tanzania Geological Survey its partner) and NG-LIP (the Nigerian Geological
# Survey Agency its partner).
two_programmes() {
    "$LODE" init >/dev/null && "$LODE" project add TZ-GRE --name "Tanzania graphite" --phase MOU >/dev/null &&
        "$LODE" project add NG-LIP --name "Nigeria lithium pegmatites" --phase MOU >/dev/null &&
        "$LODE" partner add "Tanzania Geological Survey" --project TZ-GRE --role "host-government agency" --country TZ >/dev/null &&
        "$LODE" partner add "Nigerian Geological Survey Agency" --project NG-LIP --role "host-government agency" --country NG >/dev/null
}
