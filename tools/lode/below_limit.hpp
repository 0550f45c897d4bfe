#pragma once
// --bdl: what a result below its detection limit counts as where a command compares or sums
// analytes (ANALYTE_UNIT names in --where, --stat, --symbolise), and the note that says so.
#include "lode/assay/result.hpp"
#include "lode/store/store.hpp"

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

namespace lode::cli {

// Adds --bdl half|zero|limit|null (default half) to app.
void add_bdl_option(CLI::App& app, std::string& bdl);
BelowLimit bdl_rule(const std::string& bdl);

// Whether the expression names an analyte (an ANALYTE_UNIT name that is no field) for one of the
// layers (every layer of the store when empty); false for an expression that does not parse (the
// command's own reading reports it).
bool names_analytes(Store& store, const std::string& expression, const std::vector<std::string>& layers);

// "note: below-limit results count as half the limit (--bdl half|zero|limit|null)".
void print_bdl_note(std::ostream& out, BelowLimit rule);

} // namespace lode::cli
