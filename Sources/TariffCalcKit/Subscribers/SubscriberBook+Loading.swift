import Foundation

extension SubscriberBook {
  static let columns = ["subscriber", "plan", "start", "end", "home_area", "group"]

  /// Loads and checks a subscribers file (SPEC 3.2, R4) against a catalog.
  ///
  /// - Throws: ``InputError`` with every problem, each as `file:line: error: message`.
  public static func load(file: String, catalog: TariffCatalog) throws(InputError) -> SubscriberBook {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw InputError(SourceLocation(file: file, line: 0), "cannot read the subscribers file")
    }
    return try parse([UInt8](data), file: file, catalog: catalog)
  }

  /// Parses the bytes of a subscribers file.
  static func parse(_ bytes: [UInt8], file: String, catalog: TariffCatalog) throws(InputError) -> SubscriberBook {
    var diagnostics: [Diagnostic] = []
    func error(_ line: Int, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line), .error, message))
    }
    struct Row {
      var number: UInt64
      var period: PlanPeriod
    }
    var rows: [Row] = []
    var groups: [String: Int32] = [:]
    var groupNames: [String] = []
    let planIndex = Dictionary(uniqueKeysWithValues: catalog.plans.enumerated().map { ($1.id, $0) })
    let splitter = CSVSplitter()
    var column: [String: Int] = [:]
    var columnCount = 0

    bytes.withUnsafeBytes { raw in
      var lineNumber = 0
      forEachLine(in: raw) { line in
        lineNumber += 1
        if lineNumber == 1 {
          if let failure = splitter.split(line) {
            error(1, "unreadable header: \(failure)")
            return
          }
          columnCount = splitter.fields.count
          switch CSVColumns.locate(splitter.fields, required: columns, fileKind: "a subscribers file") {
          case .failure(let problem): error(1, problem.message)
          case .success(let found): column = found
          }
          return
        }
        guard diagnostics.first?.location.line != 1 else { return }
        if line.isEmpty { return }
        if let failure = splitter.split(line) {
          error(lineNumber, failure == .unterminatedQuote ? "unterminated quoted field" : "text after a closing quote")
          return
        }
        guard splitter.fields.count == columnCount else {
          error(lineNumber, "expected \(columnCount) fields, found \(splitter.fields.count)")
          return
        }
        func field(_ name: String) -> String { splitter.fields[column[name]!].text }
        let numberText = field("subscriber")
        guard let number = MSISDN.parse(numberText), numberText.count == 11 else {
          error(lineNumber, "invalid subscriber '\(numberText)': 11 digits expected")
          return
        }
        let planID = field("plan")
        guard let plan = planIndex[planID] else {
          error(lineNumber, "unknown plan '\(planID)'")
          return
        }
        let startText = field("start")
        guard let start = Day(startText) else {
          error(lineNumber, "invalid start '\(startText)': expected YYYY-MM-DD")
          return
        }
        var end: Day? = nil
        let endText = field("end")
        if !endText.isEmpty {
          guard let d = Day(endText) else {
            error(lineNumber, "invalid end '\(endText)': expected YYYY-MM-DD or empty")
            return
          }
          guard d >= start else {
            error(lineNumber, "end \(d) is before start \(start)")
            return
          }
          end = d
        }
        let areaText = field("home_area")
        guard let area = AreaCode(areaText) else {
          error(lineNumber, "invalid home_area '\(areaText)': an area code such as 027 expected")
          return
        }
        guard catalog.numbering.knows(area) else {
          error(lineNumber, "unknown home_area '\(areaText)': not in the numbering plan")
          return
        }
        var group: Int32 = 0
        let groupText = field("group")
        if !groupText.isEmpty {
          if let g = groups[groupText] {
            group = g
          } else {
            groupNames.append(groupText)
            group = Int32(groupNames.count)
            groups[groupText] = group
          }
        }
        let p = catalog.plans[plan]
        var day = start
        while true {
          // Every day of the period must have a tariff; checking at each tariff edge suffices.
          guard let tariff = p.tariff(on: day) else {
            error(lineNumber, "plan '\(planID)' has no tariff on \(day)")
            return
          }
          guard let through = tariff.range.through, end.map({ through < $0 }) ?? true else { break }
          day = through.advanced(by: 1)
        }
        rows.append(Row(number: number, period: PlanPeriod(plan: plan, start: start, end: end, homeArea: area,
                                                           group: group, line: lineNumber)))
      }
      if lineNumber == 0 { error(0, "the file is empty: a header line is expected") }
    }

    // Per subscriber: periods in order, no overlap, a follow-on period starts on a 1st (R4),
    // and a new period starts on a day its plan is on sale.
    rows.sort { ($0.number, $0.period.start) < ($1.number, $1.period.start) }
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
        error(p.line, "plan '\(plan.id)' is not on sale on \(p.start) (\(PlanText.saleWindow(plan.onSale)))")
      }
      periods.append(p)
    }
    firstPeriod.append(Int32(periods.count))
    guard diagnostics.isEmpty else { throw InputError(diagnostics) }
    return SubscriberBook(file: file, numbers: numbers, periods: periods, firstPeriod: firstPeriod,
                          groupNames: groupNames)
  }
}

/// Calls `body` with each line of `bytes` (without its LF or CRLF); a first-line BOM is dropped.
func forEachLine(in bytes: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
  var start = 0
  if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
  while start < bytes.count {
    var end = start
    while end < bytes.count, bytes[end] != 0x0A { end += 1 }
    var lineEnd = end
    if lineEnd > start, bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
    body(UnsafeRawBufferPointer(rebasing: bytes[start..<lineEnd]))
    start = end + 1
  }
}
