# Shared by bench/io.sh and bench/assays.sh (sourced; they set $lode, $geodata and $results).
#
# fresh_store FILE: a new lode store at FILE with the shipped projects.
fresh_store() { rm -f "$1" "$1-wal" "$1-shm"; "$lode" init --db "$1" >/dev/null && "$lode" project add --from "$geodata/projects.csv" --db "$1" >/dev/null; }

# timed NAME TOOL CMD...: one run, its output in run.out; appends "NAME TOOL seconds peak_kb" to
# $results (wall time and peak RSS by /usr/bin/time). A failed run is reported and stops the bench.
timed() {
    local name=$1 tool=$2; shift 2
    if ! /usr/bin/time -f "%e %M" -o time.out "$@" >run.out 2>run.err; then
        echo "FAILED: $name $tool: $*" >&2; cat run.err >&2; exit 1
    fi
    echo "$name $tool $(tail -n 1 time.out)" | tee -a "$results" >&2
}
