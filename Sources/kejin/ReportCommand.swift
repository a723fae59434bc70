import ArgumentParser
import Foundation
import KejinCore
import KejinDashboard
import KejinStore
import KejinTerminal

struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print one period's figures to stdout, with no terminal needed."
    )

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }
    /// The report adds csv (for spreadsheets); `alerts` has text and json.
    enum ReportFormat: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var regionOptions: RegionOptions
    @Option(help: "Period YYYY-MM the store holds (default: the latest complete or closed one).") var period: String?
    @Option(help: "text, json, or csv (for spreadsheets: UTF-8 with BOM, one section per table, amounts in yuan).") var format: ReportFormat = .text
    @Option(help: "Label language: zh or en.") var lang: Language = .zh
    @Option(help: ArgumentHelp("Fit the text tables to N columns (narrow columns dropped, long names cut with ~).",
                               discussion: "Default: the terminal's width when stdout is a terminal; in a file or a pipe every column and every name is printed whole."))
    var width: Int?

    func validate() throws {
        if let width, width < 40 { throw ValidationError("--width \(width): at least 40 columns") }
    }

    func run() throws {
        let store = try storeOptions.open(readOnly: true)
        let (selected, periods) = try selectPeriod(store, period, path: storeOptions.path)
        // The same alerts as `kejin alerts` and the viewer: hysteresis, acknowledgements marked
        // (none on a provisional month).
        let region = try regionOptions.select(store)
        var (figures, alerts) = try store.evaluatedAlerts(for: selected, periods: periods, region: region)
        // The regions within: ranked with their open alerts (as the Regions view shows them).
        figures.childRegions = try store.rankedChildRegions(figures, periods: periods)
        figures.programme = try store.programme(for: selected, region: region)
        figures.programme?.products = try store.products(for: selected, region: region)
        figures.setCategories(try store.chainCategories(for: selected, region: region))
        switch format {
        case .json: print(try JSONReport.render(figures, alerts: alerts, language: lang))
        case .csv: FileHandle.standardOutput.write(try CSVReport.render(figures, alerts: alerts, language: lang))
        case .text:
            let fit = width ?? Terminal.columns(of: STDOUT_FILENO)
            print(TextReport.render(figures, alerts: alerts, language: lang, width: fit), terminator: "")
        }
    }
}

extension Language: ExpressibleByArgument {}
