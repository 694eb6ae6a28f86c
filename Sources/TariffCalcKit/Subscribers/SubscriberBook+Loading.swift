import Foundation

extension SubscriberBook {
  static let columns = ["subscriber", "plan", "start", "end", "home_area", "group"]

  /// Loads and checks a subscribers file (SPEC 3.2, R4) against a catalog.
  ///
  /// - Throws: ``InputError`` with every problem, each as `file:line: error: message`.
  ///
  /// `keeping`, when given, is asked of every row that is read well (its number, and whether it has a
  /// group): a row it says no to is checked but not kept (a shard keeps its own subscribers and the
  /// members of closed groups, the only others its calls look up, R10).
  ///
  /// `reading`, when given, wraps the opened file: a caller that checks the bytes as they are read.
  public static func load(file: String, catalog: TariffCatalog,
                          keeping: ((_ number: UInt64, _ inGroup: Bool) -> Bool)? = nil,
                          reading: ((FileSource) -> any ByteSource)? = nil,
                          only rows: RowFilter? = nil) throws(InputError) -> SubscriberBook {
    do {
      let opened = try FileSource(path: file)
      return try load(reading?(opened) ?? opened, catalog: catalog, keeping: keeping, only: rows)
    } catch let error as InputError {
      throw error
    } catch let error as FileError {
      throw InputError([error.diagnostic])
    } catch {
      throw InputError(SourceLocation(file: file, line: 0), "\(error)")
    }
  }

  /// Reads and checks the subscribers file in `source`, line by line (bounded lines: a line longer than
  /// 64 KiB is an error at its line, whatever it holds).
  /// - Complexity: O(n) for a file sorted by number and start, as a bill run writes it; O(n log n) otherwise.
  static func load(_ source: any ByteSource, catalog: TariffCatalog,
                   keeping: ((_ number: UInt64, _ inGroup: Bool) -> Bool)? = nil,
                   only filter: RowFilter? = nil) throws -> SubscriberBook {
    let file = source.name
    var diagnostics: [Diagnostic] = []
    func error(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line), .error, message))
    }
    struct Row {
      var number: UInt64
      var period: PlanPeriod
    }
    var rows: [Row] = []
    var groups: [[UInt8]: Int32] = [:]
    var groupNames: [String] = []
    let planIDs = catalog.plans.map { Array($0.id.utf8) }
    let coverage = catalog.plans.map { plan in
      DayRange(from: plan.tariffs.first?.range.from, through: plan.tariffs.last?.range.through)
    }
    let reader = LineReader(source)
    let splitter = CSVSplitter(scratchBytes: reader.maxLineBytes)
    var at = (subscriber: 0, plan: 0, start: 0, end: 0, homeArea: 0, group: 0)
    var columnCount = 0
    var knownArea: UInt64 = 0

    do {
      var lineNumber = 0
      while let read = try reader.next() {
        lineNumber = read.number
        if lineNumber > 1, let filter, !filter.admits(read.bytes, subscriber: at.subscriber, group: at.group) { continue }
        if let problem = read.textProblem(limit: reader.maxLineBytes) {
          error(lineNumber, problem)
          continue
        }
        let line = read.bytes
        splitter.resetScratch()
        if lineNumber == 1 {
          if let failure = splitter.split(line) {
            error(1, "unreadable header: \(failure)")
            continue
          }
          columnCount = splitter.fields.count
          switch CSVColumns.locate(splitter.fields, required: columns, fileKind: "a subscribers file") {
          case .failure(let problem): error(1, problem.message)
          case .success(let c):
            at = (c["subscriber"]!, c["plan"]!, c["start"]!, c["end"]!, c["home_area"]!, c["group"]!)
          }
          continue
        }
        guard diagnostics.first?.location.line != 1 else { break }  // no usable header: nothing more to read
        if line.isEmpty { continue }
        if let failure = splitter.split(line) {
          error(lineNumber, "\(failure)")
          continue
        }
        guard splitter.fields.count == columnCount else {
          error(lineNumber, "expected \(columnCount) fields, found \(splitter.fields.count)")
          continue
        }
        // Fields are read as bytes; a String is made only for a message or a new group name.
        let f = splitter.fields
        let numberField = f[at.subscriber]
        guard let number = MSISDN.parse(numberField) else {
          error(lineNumber, "invalid subscriber '\(numberField.text)': 11 digits expected")
          continue
        }
        let planField = f[at.plan]
        guard let plan = planIDs.firstIndex(where: { $0.elementsEqual(planField) }) else {
          error(lineNumber, "unknown plan '\(planField.text)'")
          continue
        }
        let startField = f[at.start]
        guard let start = Day(isoBytes: startField) else {
          error(lineNumber, "invalid start '\(startField.text)': expected YYYY-MM-DD")
          continue
        }
        var end: Day? = nil
        let endField = f[at.end]
        if !endField.isEmpty {
          guard let d = Day(isoBytes: endField) else {
            error(lineNumber, "invalid end '\(endField.text)': expected YYYY-MM-DD or empty")
            continue
          }
          guard d >= start else {
            error(lineNumber, "end \(d) is before start \(start)")
            continue
          }
          end = d
        }
        let areaField = f[at.homeArea]
        guard let packed = AreaCode.pack(areaField) else {
          error(lineNumber, "invalid home_area '\(areaField.text)': an area code such as 027 expected")
          continue
        }
        let area = AreaCode(packed: packed)
        guard packed == knownArea || catalog.numbering.knows(area) else {
          error(lineNumber, "unknown home_area '\(areaField.text)': not in the numbering plan")
          continue
        }
        knownArea = packed
        var group: Int32 = 0
        let groupField = f[at.group]
        if !groupField.isEmpty {
          let key = Array(groupField)
          if let g = groups[key] {
            group = g
          } else {
            groupNames.append(groupField.text)
            group = Int32(groupNames.count)
            groups[key] = group
          }
        }
        // Every day of the period must have a tariff (a plan's versions leave no gap: its days are one range).
        let days = coverage[plan]
        if let from = days.from, start < from {
          error(lineNumber, "plan '\(planField.text)' has no tariff on \(start)")
          continue
        }
        if let through = days.through, (end.map { $0 > through } ?? true) {
          error(lineNumber, "plan '\(planField.text)' has no tariff on \(through.advanced(by: 1))")
          continue
        }
        if let keep = keeping, !keep(number, group != 0) { continue }
        rows.append(Row(number: number, period: PlanPeriod(plan: plan, start: start, end: end, homeArea: area,
                                                           group: group, line: lineNumber)))
      }
      if lineNumber == 0 { error(0, "the file is empty: a header line is expected") }
    }

    // Per subscriber: periods in order, no overlap, a follow-on period starts on a 1st (R4),
    // and a new period starts on a day its plan is on sale.
    if zip(rows, rows.dropFirst()).contains(where: { ($0.number, $0.period.start) > ($1.number, $1.period.start) }) {
      rows.sort { ($0.number, $0.period.start) < ($1.number, $1.period.start) }
    }
    var numbers: [UInt64] = []
    var periods: [PlanPeriod] = []
    var firstPeriod: [Int32] = []
    for row in rows {
      let p = row.period
      if numbers.last == row.number, let previous = periods.last {
        if previous.end.map({ $0 >= p.start }) ?? true {
          error(p.line, "this period overlaps the period at line \(previous.line) of the same subscriber")
          continue
        }
        if p.start.dayOfMonth != 1 {
          error(p.line, "a plan period that follows another starts on the 1st of a month (R4, 次月生效), not on \(p.start)")
          continue
        }
      } else {
        numbers.append(row.number)
        firstPeriod.append(Int32(periods.count))
      }
      let plan = catalog.plans[p.plan]
      if !plan.isOnSale(on: p.start) {
        error(p.line, "plan '\(plan.id)' is not on sale on \(p.start) (\(plan.saleWindow))")
      }
      periods.append(p)
    }
    firstPeriod.append(Int32(periods.count))
    guard diagnostics.isEmpty else { throw InputError(diagnostics) }
    return SubscriberBook(file: file, numbers: numbers, periods: periods, firstPeriod: firstPeriod,
                          groupNames: groupNames)
  }
}

/// The rows a load reads, told from a line's bytes before it is split: those whose subscriber is one of
/// `numbers` or whose group is one of `groups`. A line with a quote character is read whatever it holds
/// (its fields are not where the commas say). Every other line is skipped unchecked.
public struct RowFilter: Sendable {
  public var numbers: Set<UInt64>
  public var groups: Set<[UInt8]>

  public init(numbers: Set<UInt64>, groups: Set<[UInt8]> = []) {
    self.numbers = numbers
    self.groups = groups
  }

  func admits(_ line: ByteView, subscriber: Int, group: Int) -> Bool {
    if line.firstIndex(of: 0x22) != nil { return true }
    var column = 0
    var start = 0
    while start <= line.count {
      let end = line.firstIndex(of: 0x2C, from: start) ?? line.count
      if column == subscriber, let n = MSISDN.parse(line.view(start..<end)), numbers.contains(n) { return true }
      if column == group, !groups.isEmpty, end > start, groups.contains(line.view(start..<end).bytes) { return true }
      column += 1
      if column > max(subscriber, group) { break }
      start = end + 1
    }
    return false
  }
}

extension SubscriberBook {
  /// The book of one subscriber and of everyone who shares a closed user group with them (what
  /// ``around(_:)`` of the whole book holds), read from their rows alone: a quote or an advice at the
  /// counter does not wait for a file of millions of rows to be checked (docs/choices.md). Rows of
  /// others are not checked: a mistake in them is the bill run's to report.
  ///
  /// Three reads at most: the subscriber's rows; the rows of their groups (by name), which name the
  /// members; every row of the members. A number with no row is not in the book.
  public static func load(file: String, catalog: TariffCatalog, around number: UInt64) throws(InputError) -> SubscriberBook {
    let own = try load(file: file, catalog: catalog, only: RowFilter(numbers: [number]))
    guard let index = own.index(of: number) else { return own }
    let groups = Set(own.periods(of: index).compactMap { own.groupName($0.group) }.map { Array($0.utf8) })
    if groups.isEmpty { return own }
    let grouped = try load(file: file, catalog: catalog, only: RowFilter(numbers: [number], groups: groups))
    let members = try load(file: file, catalog: catalog, only: RowFilter(numbers: Set(grouped.numbers), groups: groups))
    return members.around(members.index(of: number)!).book  // its rows are read again: it is there
  }
}
