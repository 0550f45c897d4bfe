// The one list of lode's commands: name, one-line description and factory, in the order of `lode --help`.
#include "command.hpp"
#include "commands/access.hpp"
#include "commands/delete.hpp"
#include "commands/due.hpp"
#include "commands/export.hpp"
#include "commands/history.hpp"
#include "commands/import.hpp"
#include "commands/info.hpp"
#include "commands/checkout.hpp"
#include "commands/copy.hpp"
#include "commands/init.hpp"
#include "commands/interest.hpp"
#include "commands/intercepts.hpp"
#include "commands/layer.hpp"
#include "commands/layers.hpp"
#include "commands/licence.hpp"
#include "commands/map.hpp"
#include "commands/milestone.hpp"
#include "commands/near.hpp"
#include "commands/obligation.hpp"
#include "commands/overlap.hpp"
#include "commands/partner.hpp"
#include "commands/project.hpp"
#include "commands/report.hpp"
#include "commands/section.hpp"
#include "commands/show.hpp"
#include "commands/sync.hpp"
#include "commands/term.hpp"
#include "commands/undo.hpp"
#include "commands/vocab.hpp"
#include "commands/assay.hpp"
#include "commands/crm.hpp"
#include "commands/qc.hpp"

namespace lode::cli {

namespace {
template <class C>
std::unique_ptr<Command> make()
{
    return std::make_unique<C>();
}
} // namespace

const std::vector<CommandEntry>& commands()
{
    static const std::vector<CommandEntry> list = {
        {"init", "Create a new, empty lode store (a SpatiaLite file or a PostGIS schema) with the built-in layer kinds",
         make<InitCommand>},
        {"copy", "Copy a whole store into a new one, between SpatiaLite and PostGIS in either direction",
         make<CopyCommand>},
        {"checkout", "Copy one programme of a store (a team's PostGIS server) into a SpatiaLite file to work on offline",
         make<CheckoutCommand>},
        {"sync", "Sync a field copy with its server: push its changes, pull the server's; conflicts listed, or resolved by --prefer",
         make<SyncCommand>},
        {"import", "Import a GDAL vector source (GeoJSON, GeoPackage, Shapefile, KML, GPX, FlatGeobuf, CSV) into a layer",
         make<ImportCommand>},
        {"delete", "Delete features of a layer by id, by --where or by the import that brought them (recorded in the history)",
         make<DeleteCommand>},
        {"undo", "Undo an import: remove what it inserted, restore what it updated (refused where later changes touched them)",
         make<UndoCommand>},
        {"layers", "List the layers: geometry type, feature count, extent and projects",
         make<LayersCommand>},
        {"layer", "Layers of any kind at any time: create (from a source or a kind definition), fields, add-field, rename, drop",
         make<LayerCommand>},
        {"show", "Show one feature: its attributes (with units) and a summary of its geometry",
         make<ShowCommand>},
        {"intercepts", "Significant intercepts of the drillholes' intervals: length-weighted composites above a cut-off",
         make<InterceptsCommand>},
        {"section", "Draw a vertical cross-section (PDF, SVG or PNG) through the drillholes along a line",
         make<SectionCommand>},
        {"export", "Export layers to GeoPackage (styled for QGIS), GeoJSON, GeoJSON sequence, Shapefile, KML, FlatGeobuf or CSV",
         make<ExportCommand>},
        {"map", "Draw a printable map (PDF, SVG or PNG) of programmes and layers on the country basemap",
         make<MapCommand>},
        {"project", "Add, list and show the programmes (projects)",
         make<ProjectCommand>},
        {"licence", "The licence register: add, show (the register card), update and surrender licences",
         make<LicenceCommand>},
        {"obligation", "A licence's obligations (rent, expenditure, reports, renewals): add, list, done, remove",
         make<ObligationCommand>},
        {"interest", "Partners' roles and percentage interests in licences and projects (sums != 100% flagged)",
         make<InterestCommand>},
        {"milestone", "Dated milestones of the programmes (MOUs, investigations, agreements)",
         make<MilestoneCommand>},
        {"term", "Agreement terms of a project, e.g. priority rights to participate in development",
         make<TermCommand>},
        {"due", "What falls due: licence expiries, renewals, rents, expenditure, reports; most urgent first",
         make<DueCommand>},
        {"partner", "Add and list partner organisations and their role in each project",
         make<PartnerCommand>},
        {"access", "Partner access on a PostGIS server: grant a login its organisation's programmes (read or write), list, revoke",
         make<AccessCommand>},
        {"assay", "Assay results of the samples: every result of a sample with its qualifier, limit and the text the lab wrote",
         make<AssayCommand>},
        {"crm", "Certified values of reference materials (add, list), by which lode qc judges standards",
         make<CrmCommand>},
        {"qc", "QA/QC of the lab batches: standards against certified values, blanks against detection limits, duplicates by HARD",
         make<QcCommand>},
        {"vocab", "List the vocabularies (phases, roles) and add values to them in this store, as it extends its kinds",
         make<VocabCommand>},
        {"history", "List the recorded changes (who, when, what, why), oldest first; lode's own and those made outside it",
         make<HistoryCommand>},
        {"near", "Features within a distance of, or nearest to, a point, a feature or each feature of another layer (WGS84 ellipsoid)",
         make<NearCommand>},
        {"overlap", "Pairs of features that overlap (intersects, within, contains, overlaps, touches), with the area they share; "
                     "or points counted per polygon",
         make<OverlapCommand>},
        {"info", "Show the store's path, schema version, imports and the library versions",
         make<InfoCommand>},
        {"report", "Write a programme's report (HTML, Markdown or PDF): phase and milestones, partners, licences and what falls due, "
                     "features by commodity, best assays, licence conflicts and the location map",
         make<ReportCommand>},
    };
    return list;
}

} // namespace lode::cli
