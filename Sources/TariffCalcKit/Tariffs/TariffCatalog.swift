import Foundation

/// The reference data every plan shares (SPEC 3.4).
public struct ReferenceData: Sendable {
  public var numbering: NumberingPlan
  public var cells: CellZones
  public var calendar: HolidayCalendar
  public var settings: Settings
}

/// One plan of the catalog with its resolved terms over time.
public struct Plan: Sendable {
  public let id: String
  public let name: String
  /// The plan it inherits rates from, `nil` for the root (`standard`).
  public let parent: String?
  public let method: ProrationMethod
  /// The days on which the plan is sold (changes to it are accepted).
  public let onSale: DayRange
  public let notes: [String]
  /// The plan file, as a path under the tariff folder.
  public let file: String
  /// Resolved terms in date order; days outside all of them have no tariff.
  public let tariffs: [Tariff]

  /// The terms on a day, or `nil` when the plan has no tariff then.
  public func tariff(on day: Day) -> Tariff? { tariffs.first { $0.range.contains(day) } }

  public func isOnSale(on day: Day) -> Bool { onSale.contains(day) }

  /// When the plan is sold, in words: `always`, `since 2004-06-18`, `until 2003-12-31`, `A – B`.
  public var saleWindow: String {
    switch (onSale.from, onSale.through) {
    case (nil, nil): "always"
    case (let from?, nil): "since \(from)"
    case (nil, let through?): "until \(through)"
    case (let from?, let through?): "\(from) – \(through)"
    }
  }
}

/// Every plan of `Tariffs/`, loaded, linked and checked: what a bill run rates with.
///
/// Loading is in two phases (as cgrates does): each file is read into raw
/// terms and checked on its own, then plans are linked to their parents and
/// compiled into ``Tariff``s. Every problem of every file is collected; if
/// there is any, loading throws them all as one ``InputError``.
public struct TariffCatalog: Sendable {
  public let directory: String
  public let reference: ReferenceData
  /// The plans, the root first, then by id.
  public let plans: [Plan]

  public var numbering: NumberingPlan { reference.numbering }
  public var cells: CellZones { reference.cells }
  public var calendar: HolidayCalendar { reference.calendar }
  public var settings: Settings { reference.settings }

  public func plan(_ id: String) -> Plan? { plans.first { $0.id == id } }

  /// The reference files of a tariff folder, beside its `plans/` folder.
  public static let referenceFiles = (
    settings: "settings.txt", numbering: "numbering.txt", cells: "cells.txt", calendar: "calendar.txt"
  )

  /// Loads a tariff folder: the reference files and every `plans/*.plan`.
  ///
  /// - Throws: ``InputError`` with every problem found, each as `file:line: error: message`.
  public static func load(directory: String) throws(InputError) -> TariffCatalog {
    let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
    var diagnostics: [Diagnostic] = []
    func read(_ name: String) -> (lines: [TariffLine], file: String) {
      let file = "\(base)/\(name)"
      let r = TariffLexer.read(path: file, displayName: file)
      diagnostics += r.diagnostics
      return (r.lines, file)
    }
    let numberingFile = read(referenceFiles.numbering)
    let cellsFile = read(referenceFiles.cells)
    let calendarFile = read(referenceFiles.calendar)
    let settingsFile = read(referenceFiles.settings)
    let reference = ReferenceData(
      numbering: NumberingPlan.parse(numberingFile.lines, file: numberingFile.file, diagnostics: &diagnostics),
      cells: CellZones.parse(cellsFile.lines, file: cellsFile.file, diagnostics: &diagnostics),
      calendar: HolidayCalendar.parse(calendarFile.lines, file: calendarFile.file, diagnostics: &diagnostics),
      settings: Settings.parse(settingsFile.lines, file: settingsFile.file, diagnostics: &diagnostics))

    let planFolder = "\(base)/plans"
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: planFolder)) ?? [])
      .filter { $0.hasSuffix(".plan") }.sorted()
    if names.isEmpty {
      diagnostics.append(Diagnostic(SourceLocation(file: planFolder, line: 0), .error, "no plan files (*.plan)"))
    }
    var sources: [PlanSource] = []
    for name in names {
      let file = "\(planFolder)/\(name)"
      let lexed = TariffLexer.read(path: file, displayName: file)
      diagnostics += lexed.diagnostics
      if let source = PlanSource.parse(lexed.lines, file: file, fileStem: String(name.dropLast(5)), reference: reference,
                                       diagnostics: &diagnostics) {
        sources.append(source)
      }
    }
    let plans = link(sources, files: Set(names.map { String($0.dropLast(5)) }), reference: reference,
                     diagnostics: &diagnostics)
    guard diagnostics.isEmpty else { throw InputError(diagnostics) }
    return TariffCatalog(directory: base, reference: reference, plans: plans)
  }

  /// Phase 2: parents resolved, cycles refused, terms compiled per range of days.
  /// - Parameter files: the ids of every plan file, loaded or not: a parent whose file has errors is not
  ///   “unknown” (its own errors are reported; its children stay quiet).
  private static func link(_ sources: [PlanSource], files: Set<String>, reference: ReferenceData,
                           diagnostics: inout [Diagnostic]) -> [Plan] {
    let byID = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var compileDiagnostics = Set<Diagnostic>()
    var plans: [Plan] = []
    for source in sources {
      // The chain of parents, child first.
      var chain = [source]
      var broken = false
      while let parentID = chain[chain.count - 1].parent {
        let child = chain[chain.count - 1]
        guard let parent = byID[parentID] else {
          // Reported at the child whose parent line is wrong, once; a parent that exists but is broken
          // has its own errors.
          if child.id == source.id, !files.contains(parentID) {
            diagnostics.append(Diagnostic(SourceLocation(file: child.file, line: child.parentLine), .error,
                                          "unknown parent plan '\(parentID)'"))
          }
          broken = true
          break
        }
        if chain.contains(where: { $0.id == parent.id }) {
          let cycle = (chain.map(\.id) + [parent.id]).joined(separator: " → ")
          diagnostics.append(Diagnostic(SourceLocation(file: source.file, line: source.parentLine), .error,
                                        "parent plans form a cycle: \(cycle)"))
          broken = true
          break
        }
        chain.append(parent)
      }
      guard !broken else { continue }
      var tariffs: [Tariff] = []
      for version in source.versions {
        for piece in split(version.range, by: chain.dropFirst()) {
          var levels: [(source: PlanSource, version: PlanVersion)] = [(source, version)]
          for ancestor in chain.dropFirst() {
            guard let v = ancestor.versions.first(where: { covers($0.range, piece) }) else {
              let day = piece.from ?? ancestor.versions.first?.range.from?.advanced(by: -1) ?? Day(ordinal: 0)
              compileDiagnostics.insert(Diagnostic(SourceLocation(file: source.file, line: version.line), .error,
                "parent plan '\(ancestor.id)' has no tariff on \(day), which this version needs"))
              levels = []
              break
            }
            levels.append((ancestor, v))
          }
          guard !levels.isEmpty else { continue }
          tariffs.append(Tariff.compile(levels: levels, range: piece, zoneCount: reference.cells.zoneCount,
                                        diagnostics: &compileDiagnostics))
        }
      }
      plans.append(Plan(id: source.id, name: source.name, parent: source.parent, method: source.method,
                        onSale: source.onSale, notes: source.notes, file: source.file, tariffs: tariffs))
    }
    diagnostics += compileDiagnostics
    return plans.sorted { ($0.parent != nil ? 1 : 0, $0.id) < ($1.parent != nil ? 1 : 0, $1.id) }
  }

  /// Cuts a range of days wherever a version of an ancestor starts or ends inside it.
  private static func split(_ range: DayRange, by ancestors: ArraySlice<PlanSource>) -> [DayRange] {
    var cuts = Set<Day>()
    for ancestor in ancestors {
      for v in ancestor.versions {
        if let from = v.range.from { cuts.insert(from) }
        if let through = v.range.through { cuts.insert(through.advanced(by: 1)) }
      }
    }
    var pieces: [DayRange] = []
    var start = range.from
    for cut in cuts.sorted() where range.contains(cut) && cut != range.from {
      pieces.append(DayRange(from: start, through: cut.advanced(by: -1)))
      start = cut
    }
    pieces.append(DayRange(from: start, through: range.through))
    return pieces
  }

  private static func covers(_ outer: DayRange, _ inner: DayRange) -> Bool {
    if let a = outer.from, (inner.from.map { $0 < a } ?? true) { return false }
    if let b = outer.through, (inner.through.map { $0 > b } ?? true) { return false }
    return true
  }
}
