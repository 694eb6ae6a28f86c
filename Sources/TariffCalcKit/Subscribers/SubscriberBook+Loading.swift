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

  /// `YYYY-MM-DD` read as one word and two bytes, a row's start and end: the day `Day(isoBytes:)` reads,
  /// or `nil` where it gives `nil`.
  @inline(__always)
  static func isoDay(_ field: ByteView) -> Day? {
    guard field.count == 10 else { return nil }
    let w = field.word(at: 0)  // Y Y Y Y - M M -, byte 0 lowest
    let dashes: UInt64 = 0xFF00_00FF_0000_0000
    guard w & dashes == 0x2D00_002D_0000_0000, SWAR.allDigits((w & ~dashes) | 0x3000_0030_0000_0000) else { return nil }
    let (d1, d2) = (field[8] &- UInt8(ascii: "0"), field[9] &- UInt8(ascii: "0"))
    guard d1 < 10, d2 < 10 else { return nil }
    func digit(_ k: UInt64) -> Int { Int(truncatingIfNeeded: (w >> (8 &* k)) & 0x0F) }
    return Day(year: digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3), month: digit(5) * 10 + digit(6),
               day: Int(d1) * 10 + Int(d2))
  }

  /// Reads and checks the subscribers file in `source`, line by line (bounded lines: a line longer than
  /// 64 KiB is an error at its line, whatever it holds).
  /// - Complexity: O(n) for a file sorted by number and start, as a bill run writes it; O(n log n) otherwise.
  static func load(_ source: any ByteSource, catalog: TariffCatalog,
                   keeping: ((_ number: UInt64, _ inGroup: Bool) -> Bool)? = nil,
                   only filter: RowFilter? = nil, lineNumbers: [Int]? = nil) throws -> SubscriberBook {
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
        lineNumber = lineNumbers.map { $0[read.number - 1] } ?? read.number
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
        guard let plan = planIDs.firstIndex(where: { planField.equals($0) }) else {
          error(lineNumber, "unknown plan '\(planField.text)'")
          continue
        }
        let startField = f[at.start]
        guard let start = SubscriberBook.isoDay(startField) else {
          error(lineNumber, "invalid start '\(startField.text)': expected YYYY-MM-DD")
          continue
        }
        var end: Day? = nil
        let endField = f[at.end]
        if !endField.isEmpty {
          guard let d = SubscriberBook.isoDay(endField) else {
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
    numbers.reserveCapacity(rows.count)
    periods.reserveCapacity(rows.count)
    firstPeriod.reserveCapacity(rows.count + 1)
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
  /// Ascending: a line's number is looked for by halves, not hashed.
  let numbers: [UInt64]
  let groups: [[UInt8]]

  public init(numbers: some Sequence<UInt64>, groups: some Sequence<[UInt8]> = [[UInt8]]()) {
    self.numbers = Array(Set(numbers)).sorted()
    self.groups = Array(Set(groups))
  }

  /// `quotes`: whether the line may hold a quote character (a caller that knows its file has none says no).
  func admits(_ line: ByteView, subscriber: Int, group: Int, quotes: Bool = true) -> Bool {
    line.withUnsafeRawBuffer { admits($0, subscriber: subscriber, group: group, quotes: quotes) }
  }

  func admits(_ line: UnsafeRawBufferPointer, subscriber: Int, group: Int, quotes: Bool) -> Bool {
    guard let base = line.baseAddress else { return false }
    if quotes, ByteSearch.first(0x22, in: base, from: 0, to: line.count) != nil { return true }
    let last = groups.isEmpty ? subscriber : max(subscriber, group)
    var column = 0
    var start = 0
    while start <= line.count {
      let end = ByteSearch.first(0x2C, in: base, from: start, to: line.count) ?? line.count
      if column == subscriber, let n = MSISDN.parse(ByteView(base + start, count: end - start, lease: nil)) {
        let i = MSISDN.firstPlace(in: numbers) { $0 >= n }
        if i < numbers.count, numbers[i] == n { return true }
      }
      if column == group, end > start {
        let field = UnsafeRawBufferPointer(rebasing: line[start..<end])
        if groups.contains(where: { $0.elementsEqual(field) }) { return true }
      }
      if column == last { break }
      column += 1
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
  /// The file is read once into memory and searched three times at most: for the subscriber's number
  /// (their rows); for their groups' names (the rows naming the members); for the members' rows, a walk
  /// over the lines that reads each one's subscriber field. Only the lines found are loaded, under their
  /// line numbers in the file, and a ``RowFilter`` keeps the rows that are truly theirs. A number with no
  /// row is not in the book.
  public static func load(file: String, catalog: TariffCatalog, around number: UInt64) throws(InputError) -> SubscriberBook {
    let text: SubscriberLines
    do {
      text = try SubscriberLines(file: file)
    } catch {
      throw InputError([error.diagnostic])
    }
    func read(_ lines: [Int], _ filter: RowFilter) throws(InputError) -> SubscriberBook {
      let (bytes, numbers) = text.copy(lines)
      do {
        return try load(MemorySource(name: file, bytes: bytes), catalog: catalog, only: filter, lineNumbers: numbers)
      } catch let error as InputError {
        throw error
      } catch {
        throw InputError(SourceLocation(file: file, line: 0), "\(error)")
      }
    }
    let own = try read(text.lines(holding: [Array(MSISDN.text(number).utf8)]), RowFilter(numbers: [number]))
    guard let index = own.index(of: number) else { return own }
    let groups = Set(own.periods(of: index).compactMap { own.groupName($0.group) }.map { Array($0.utf8) })
    if groups.isEmpty { return own }
    let grouped = try read(text.lines(holding: Array(groups)), RowFilter(numbers: [number], groups: groups))
    let members = RowFilter(numbers: grouped.numbers)  // a group's rows are its members' rows
    let all = try read(text.lines(where: members), members)
    guard let i = all.index(of: number) else { return own }  // its rows are read again: it is there
    return all.around(i).book
  }
}

/// A subscribers file in memory, searched for lines by their bytes (``SubscriberBook/load(file:catalog:around:)``).
struct SubscriberLines {
  let bytes: [UInt8]
  /// Where the first line after the header starts.
  let dataStart: Int
  /// The columns of `subscriber` and `group`, when the header names both.
  let columns: (subscriber: Int, group: Int)?

  init(file: String) throws(FileError) {
    let bytes = try Inputs.contents(of: file, limit: .max)  // any size the whole load would take
    self.bytes = bytes
    let headerEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
    dataStart = min(bytes.count, headerEnd + 1)
    let header = bytes[..<headerEnd].last == 0x0D ? bytes[..<(headerEnd - 1)] : bytes[..<headerEnd]
    let names = String(decoding: header, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: false)
      .map { String($0).trimmingSpaces.lowercased() }
    if let s = names.firstIndex(of: "subscriber"), let g = names.firstIndex(of: "group") { columns = (s, g) } else { columns = nil }
  }

  /// The starts of the data lines that hold one of `needles` or a quote character, in order.
  func lines(holding needles: [[UInt8]]) -> [Int] {
    var starts = Set<Int>()
    bytes.withUnsafeBytes { raw in
      let base = raw.baseAddress!  // a file with a header line is not empty; an empty one has no data lines
      for needle in needles + [[0x22]] where !needle.isEmpty {
        var at = dataStart
        while let hit = needle.withUnsafeBytes({ ByteSearch.find($0, in: base, from: at, to: raw.count) }) {
          var start = hit
          while start > dataStart, raw[start - 1] != 0x0A { start -= 1 }
          starts.insert(start)
          at = (ByteSearch.first(0x0A, in: base, from: hit, to: raw.count) ?? raw.count) + 1
          if at >= raw.count { break }
        }
      }
    }
    return starts.sorted()
  }

  /// The starts of the data lines `filter` admits, in order (every line when the header lacks a column).
  func lines(where filter: RowFilter) -> [Int] {
    var starts: [Int] = []
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      let quotes = ByteSearch.first(0x22, in: base, from: dataStart, to: raw.count) != nil
      var at = dataStart
      while at < raw.count {
        let end = ByteSearch.first(0x0A, in: base, from: at, to: raw.count) ?? raw.count
        var stop = end
        if stop > at, raw[stop - 1] == 0x0D { stop -= 1 }
        let line = UnsafeRawBufferPointer(start: base + at, count: stop - at)
        if columns.map({ filter.admits(line, subscriber: $0.subscriber, group: $0.group, quotes: quotes) }) ?? true {
          starts.append(at)
        }
        at = end + 1
      }
    }
    return starts
  }

  /// The header line and the lines starting at `starts` (in order), each ending in LF, with the number in
  /// the file of each line copied.
  func copy(_ starts: [Int]) -> (bytes: [UInt8], numbers: [Int]) {
    var out = Array(bytes[..<dataStart])
    if !out.isEmpty, out.last != 0x0A { out.append(0x0A) }
    var numbers = [1]
    var line = 2
    var counted = dataStart
    bytes.withUnsafeBytes { raw in
      for start in starts {
        line += ByteSearch.countLF(raw.baseAddress! + counted, start - counted)  // starts are in the file: not empty
        counted = start
        let end = ByteSearch.first(0x0A, in: raw.baseAddress!, from: start, to: raw.count) ?? raw.count
        out.append(contentsOf: raw[start..<end])
        out.append(0x0A)
        numbers.append(line)
      }
    }
    return (out, numbers)
  }
}
