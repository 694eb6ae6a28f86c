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
                          reading: ((FileSource) -> any ByteSource)? = nil) throws(InputError) -> SubscriberBook {
    do {
      let opened = try FileSource(path: file)
      return try load(reading?(opened) ?? opened, catalog: catalog, keeping: keeping)
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
                   keeping: ((_ number: UInt64, _ inGroup: Bool) -> Bool)? = nil) throws -> SubscriberBook {
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
