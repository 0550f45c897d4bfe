// The commands' option parsing, as main() does it but without running anything: valid options are
// accepted, options that do not go together are a usage error (exit 2), and every registered
// command answers --help with examples.
#include "command.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace lode::cli;

namespace {

// `lode ARGS...`: every command set up on one app as main() does, ARGS parsed and the chosen
// command's check() applied. Throws what main() reports as a usage error.
class Lode {
public:
    Lode()
    {
        app_.require_subcommand(1, 1);
        for (const auto& entry : commands()) {
            commands_.push_back(entry.make());
            add_command(app_, entry, *commands_.back());
        }
    }

    void parse(std::vector<std::string> args)
    {
        std::reverse(args.begin(), args.end());   // CLI11 takes them last first
        app_.parse(args);
        for (std::size_t i = 0; i < commands_.size(); ++i)
            if (app_.get_subcommand(commands()[i].name)->parsed())
                commands_[i]->check();
    }

    // The value an option of a command was given, as text.
    std::string option(const std::string& command, const std::string& name) const
    {
        return app_.get_subcommand(command)->get_option(name)->as<std::string>();
    }

private:
    CLI::App app_;
    std::vector<std::unique_ptr<Command>> commands_;
};

void parses(std::vector<std::string> args)
{
    Lode lode;
    CHECK_NOTHROW(lode.parse(std::move(args)));
}

void usage_error(std::vector<std::string> args)
{
    Lode lode;
    CHECK_THROWS_AS(lode.parse(std::move(args)), CLI::Error);
}

} // namespace

TEST_CASE("every registered command has a name, a description, --help and examples naming it")
{
    std::vector<std::string> names;
    for (const auto& entry : commands()) {
        CAPTURE(entry.name);
        CHECK(std::string(entry.description).size() > 10);
        CHECK(std::find(names.begin(), names.end(), entry.name) == names.end());
        names.push_back(entry.name);
        Lode lode;
        CHECK_THROWS_AS(lode.parse({entry.name, "--help"}), CLI::CallForHelp);
        CHECK(std::string(entry.make()->examples()).find(std::string("lode ") + entry.name) != std::string::npos);
    }
    CHECK(names.size() == 32);   // delete, undo, layer, vocab, copy, intercepts, section, assay, crm, qc, access, checkout and sync among them
}

TEST_CASE("copy: both --from and --to are required")
{
    Lode lode;
    CHECK_THROWS_AS(lode.parse({"copy", "--from", "a.sqlite"}), CLI::RequiredError);
    CHECK_THROWS_AS(lode.parse({"copy", "--to", "b.sqlite"}), CLI::RequiredError);
    CHECK_NOTHROW(lode.parse({"copy", "--from", "a.sqlite", "--to", "postgresql://geo@db.example.org/lode"}));
}

TEST_CASE("checkout: the store, --project and -o are required")
{
    parses({"checkout", "postgresql://aziz@db.example.org/lode", "-p", "UZ-PEG", "-o", "field.sqlite"});
    usage_error({"checkout", "postgresql://aziz@db.example.org/lode", "-o", "field.sqlite"});   // which programme?
    usage_error({"checkout", "postgresql://aziz@db.example.org/lode", "-p", "UZ-PEG"});         // into what?
    usage_error({"checkout", "-p", "UZ-PEG", "-o", "field.sqlite"});                            // from where?
}

TEST_CASE("sync: --prefer is server or field, and a feature is preferred one way only")
{
    Lode lode;
    lode.parse({"sync", "field.sqlite", "--prefer", "server", "--prefer-field", "UZ-S-014", "--prefer-field", "licences/L-1"});
    CHECK(lode.option("sync", "--prefer") == "server");
    usage_error({"sync", "field.sqlite", "--prefer", "mine"});
    usage_error({"sync"});
    usage_error({"sync", "field.sqlite", "--prefer-field", "UZ-S-014", "--prefer-server", "UZ-S-014"});
    parses({"sync", "field.sqlite", "--prefer-field", "UZ-S-014", "--prefer-server", "UZ-S-015", "--format", "json"});
}

TEST_CASE("near: --within and --nearest together are the K nearest within the distance")
{
    Lode lode;
    lode.parse({"near", "--layer", "samples", "--at", "69.6,40.85", "--within", "5km", "--nearest", "3"});
    CHECK(lode.option("near", "--within") == "5km");
    CHECK(lode.option("near", "--nearest") == "3");
    CHECK(lode.option("near", "--layer") == "samples");
}

TEST_CASE("near: a place and what to find are required, and one place only")
{
    parses({"near", "-l", "occurrences", "--to", "prospects:UZ-P01", "--nearest", "1"});
    parses({"near", "-l", "occurrences", "--to-layer", "samples", "--to-project", "UZ-PEG", "--nearest", "1"});
    usage_error({"near", "--at", "69.6,40.85", "--within", "5km"});                       // no --layer
    usage_error({"near", "-l", "samples", "--within", "5km"});                             // from where?
    usage_error({"near", "-l", "samples", "--at", "69.6,40.85"});                          // what to find?
    usage_error({"near", "-l", "samples", "--at", "1,2", "--to", "a:b", "--nearest", "1"}); // two places
    usage_error({"near", "-l", "samples", "--at", "1,2", "--nearest", "1", "--to-where", "x = 1"});
    usage_error({"near", "-l", "samples", "--at", "1,2", "--nearest", "many"});
    usage_error({"near", "-l", "samples", "--at", "1,2", "--nearest", "1", "--format", "xml"});
}

TEST_CASE("export: --format and --precision are checked when parsing")
{
    parses({"export", "-o", "out.gpkg", "--t-srs", "EPSG:7850", "--precision", "3"});
    usage_error({"export", "-o", "out.gpkg", "--format", "docx"});
    usage_error({"export", "-o", "out.gpkg", "--precision", "16"});
    usage_error({"export", "-o", "out.gpkg", "--precision"});
    usage_error({"export", "-o", "out.gpkg", "--bogus"});
}

TEST_CASE("overlap: predicates and --count")
{
    parses({"overlap", "licences", "samples", "--count", "--stat", "max:li2o_pct"});
    usage_error({"overlap", "licences", "--predicate", "bogus"});
}

TEST_CASE("the register's add: a row by options or --from FILE, not both, not neither")
{
    parses({"project", "add", "AU-CMM", "--name", "Critical minerals", "--phase", "exploration"});
    parses({"project", "add", "--from", "projects.csv"});
    usage_error({"project", "add"});
    usage_error({"project", "add", "AU-CMM", "--from", "projects.csv"});
    parses({"partner", "add", "KIGAM", "--project", "NG-LIP", "--role", "lead"});
    usage_error({"partner", "add", "KIGAM", "--project", "NG-LIP"});
    parses({"obligation", "add", "--from", "obligations.csv"});
    usage_error({"obligation", "add"});
    parses({"project", "list"});
    usage_error({"project"});   // a subcommand is required
    usage_error({"licence", "update", "ILL-TZ-002"});   // nothing to change
    parses({"licence", "update", "ILL-TZ-002", "--status", "granted"});
    usage_error({"licence", "surrender", "ILL-TZ-004"});   // --on is required
}

TEST_CASE("the register's groups share add, list and --from")
{
    for (const char* group : {"milestone", "term", "obligation", "partner", "project"}) {
        CAPTURE(group);
        parses({group, "add", "--from", "rows.csv"});
        parses({group, "list", "--format", "csv"});
        usage_error({group, "add"});
        usage_error({group, "list", "--format", "xml"});
    }
    parses({"milestone", "add", "UZ-PEG", "--date", "2019", "--title", "MOU"});
    usage_error({"milestone", "add", "UZ-PEG", "--from", "milestones.csv"});
    parses({"interest", "set", "--from", "interests.csv"});
    usage_error({"interest", "set", "--licence", "ILL-TZ-001", "--project", "AU-CMM"});
    usage_error({"interest", "list", "--format", "xml"});
}

TEST_CASE("delete: ids, --where or --import, exactly one of them")
{
    parses({"delete", "samples", "S-1", "S-2"});
    parses({"delete", "samples", "--where", "li2o_pct < 0.1", "--dry-run"});
    parses({"delete", "samples", "--import", "3", "--project", "UZ-PEG", "--format", "csv"});
    usage_error({"delete", "samples"});
    usage_error({"delete", "samples", "S-1", "--where", "lab = 'x'"});
    usage_error({"delete", "samples", "--where", "lab = 'x'", "--import", "3"});
    usage_error({"delete", "samples", "--import", "0"});
    usage_error({"delete", "--import", "3"});
}

TEST_CASE("undo: --import N is required and positive")
{
    parses({"undo", "--import", "7"});
    parses({"undo", "--import", "7", "--dry-run", "--note", "wrong zone"});
    usage_error({"undo"});
    usage_error({"undo", "--import", "-1"});
    usage_error({"undo", "--import", "seven"});
}

TEST_CASE("layer: create takes --from or --kind, not both; --style-by and --src-layer need --from")
{
    parses({"layer", "create", "camps", "--from", "camps.kml"});
    parses({"layer", "create", "camps", "--from", "camps.gpkg", "--src-layer", "camps", "--style-by", "kind"});
    parses({"layer", "create", "hazards", "--kind", "hazards.json"});
    usage_error({"layer", "create", "camps"});
    usage_error({"layer", "create", "camps", "--from", "a.kml", "--kind", "k.json"});
    usage_error({"layer", "create", "camps", "--kind", "k.json", "--style-by", "kind"});
    usage_error({"layer", "add-field", "camps", "beds", "--type", "number"});
    parses({"layer", "add-field", "camps", "fuel_l", "--type", "real", "--unit", "L"});
    parses({"layer", "drop", "camps", "--with-features"});
    usage_error({"layer", "rename", "camps"});
}

TEST_CASE("vocab: list takes an optional vocabulary, add a vocabulary and at least one value")
{
    parses({"vocab", "list"});
    parses({"vocab", "list", "phases", "--format", "csv"});
    parses({"vocab", "add", "phases", "pre-feasibility"});
    parses({"vocab", "add", "roles", "offtaker", "drilling contractor"});
    usage_error({"vocab"});
    usage_error({"vocab", "add", "phases"});
    usage_error({"vocab", "add"});
    usage_error({"vocab", "list", "--format", "xml"});
}

TEST_CASE("import: --style-by needs --create")
{
    parses({"import", "camps.kml", "-l", "camps", "-p", "TZ-GRE", "--create", "--style-by", "kind"});
    usage_error({"import", "camps.kml", "-l", "camps", "-p", "TZ-GRE", "--style-by", "kind"});
    usage_error({"import", "camps.kml", "-l", "camps", "-p", "TZ-GRE", "--create", "--dry-run"});
}

TEST_CASE("import: --set and --field take NAME=VALUE, --format only with --dry-run, --x needs --y")
{
    parses({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--set", "sample_type=soil", "--set", "lab=ALS=Tashkent",
            "--date-format", "%d/%m/%Y", "--again"});
    parses({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--dry-run", "--format", "json"});
    parses({"import", "lab.xlsx", "-l", "samples", "-p", "UZ-PEG", "--x", "E", "--y", "N"});
    usage_error({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--set", "sample_type"});    // no value
    usage_error({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--set", "=soil"});          // no field
    usage_error({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--field", "sample_type="}); // no source
    usage_error({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--format", "csv"});         // not a dry run
    usage_error({"import", "lab.csv", "-l", "samples", "-p", "UZ-PEG", "--x", "E"});                // --y missing
}

TEST_CASE("import: --allow-outside, --skip-empty and --explode are flags")
{
    parses({"import", "a.gpkg", "-l", "occurrences", "-p", "UZ-PEG", "--allow-outside", "--skip-empty", "--explode"});
    usage_error({"import", "a.gpkg", "-l", "occurrences", "-p", "UZ-PEG", "--allow-outside=maybe"});
    Lode lode;
    lode.parse({"import", "a.gpkg", "-l", "occurrences", "-p", "UZ-PEG", "--explode"});
    CHECK(lode.option("import", "--explode") == "true");
    CHECK(lode.option("import", "--skip-empty").empty());   // not given
}

TEST_CASE("import: --force-update goes with --on-duplicate update")
{
    parses({"import", "edited.gpkg", "-l", "samples", "-p", "UZ-PEG", "--on-duplicate", "update", "--force-update"});
    usage_error({"import", "edited.gpkg", "-l", "samples", "-p", "UZ-PEG", "--force-update"});
    usage_error({"import", "edited.gpkg", "-l", "samples", "-p", "UZ-PEG", "--on-duplicate", "skip", "--force-update"});
}

TEST_CASE("import: --surveys and --intervals need neither --layer nor --project, and exclude them")
{
    parses({"import", "surveys.csv", "--surveys"});
    parses({"import", "surveys.csv", "--surveys", "--dogleg-limit", "5", "--field", "depth=DepthM"});
    parses({"import", "assays.csv", "--intervals", "--table", "assays", "--dry-run", "--format", "json"});
    usage_error({"import", "surveys.csv"});                                // --layer is required otherwise
    usage_error({"import", "surveys.csv", "-l", "drillholes"});            // and --project
    usage_error({"import", "surveys.csv", "--surveys", "-l", "drillholes"});
    usage_error({"import", "surveys.csv", "--surveys", "--intervals"});
    usage_error({"import", "surveys.csv", "--surveys", "--table", "assays"});
    usage_error({"import", "assays.csv", "--intervals", "--dogleg-limit", "3"});
    usage_error({"import", "surveys.csv", "--surveys", "--dogleg-limit", "-1"});
    usage_error({"import", "surveys.csv", "--surveys", "--create"});
}

TEST_CASE("intercepts: --field and --cutoff are required; lengths are not negative")
{
    parses({"intercepts", "--field", "li2o_pct", "--cutoff", "0.5"});
    parses({"intercepts", "--field", "li2o_pct", "--cutoff", "0.5", "--min-length", "2", "--max-dilution", "2", "--holes", "A,B"});
    usage_error({"intercepts", "--cutoff", "0.5"});
    usage_error({"intercepts", "--field", "li2o_pct"});
    usage_error({"intercepts", "--field", "li2o_pct", "--cutoff", "0.5", "--max-dilution", "-2"});
    usage_error({"intercepts", "--field", "li2o_pct", "--cutoff", "high"});
}

TEST_CASE("access: grant needs ORGANISATION and --login, and takes --read or --write, not both")
{
    parses({"access", "grant", "KIGAM", "--login", "kigam_geo", "--project", "UZ-PEG", "KR-X", "--write"});
    parses({"access", "list", "--format", "json"});
    parses({"access", "revoke", "KIGAM", "--login", "kigam_geo"});
    usage_error({"access", "grant", "KIGAM"});
    usage_error({"access", "grant", "--login", "kigam_geo"});
    usage_error({"access", "grant", "KIGAM", "--login", "kigam_geo", "--read", "--write"});
    usage_error({"access", "revoke", "KIGAM"});
    usage_error({"access"});
}
