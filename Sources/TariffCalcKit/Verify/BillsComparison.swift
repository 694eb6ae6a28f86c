/// One difference between a golden `bills.jsonl` and an actual one.
public enum BillDifference: Sendable, Equatable {
  /// A line's amount differs (a line absent on one side counts as 0).
  case line(subscriber: String, code: LineCode, golden: Int64, actual: Int64)
  /// Amounts agree but something else of the bill does not (plans, active days, quantities, allowances…).
  case other(subscriber: String, field: String, golden: String, actual: String)
  case onlyInGolden(subscriber: String, totalFen: Int64)
  case onlyInActual(subscriber: String, totalFen: Int64)
}

/// What `verify` found: counts and the revenue moved, by line code.
public struct VerifySummary: Sendable, Equatable {
  public var compared = 0
  public var equal = 0
  public var different = 0
  public var onlyInGolden = 0
  public var onlyInActual = 0
  /// Actual minus golden, in fen, per line code (subscribers on one side only included).
  public var deltaByCode: [LineCode: Int64] = [:]
  /// The month of each file's first bill (`nil` for an empty file).
  public var goldenMonth: Month?
  public var actualMonth: Month?

  /// For standard error, when the two files bill different months: their bills cannot be expected to agree.
  public var monthWarning: String? {
    guard let g = goldenMonth, let a = actualMonth, g != a else { return nil }
    return "Warning: the files bill different months: golden \(g), actual \(a)"
  }

  public var totalDelta: Int64 { deltaByCode.values.reduce(0, +) }
  public var identical: Bool { different == 0 && onlyInGolden == 0 && onlyInActual == 0 }
}

/// Compares two `bills.jsonl` files subscriber by subscriber, streaming both (they are sorted, SPEC 6).
public enum BillsComparison {
  /// Merges the two files in one pass; each difference goes to `report` as it is found.
  ///
  /// - Complexity: O(bills) time, O(one line of each file) memory.
  /// - Throws: ``InputError`` for a line that is not a bill, a total that is not the sum of its lines,
  ///   or bills out of order; ``FileError`` when a file cannot be read.
  public static func compare(golden: String, actual: String, report: (BillDifference) -> Void) throws -> VerifySummary {
    let g = try BillStream(path: golden)
    let a = try BillStream(path: actual)
    var summary = VerifySummary()
    var ge = try g.next()
    var ae = try a.next()
    summary.goldenMonth = try ge.map { try g.bill($0).month }
    summary.actualMonth = try ae.map { try a.bill($0).month }
    func add(_ code: LineCode, _ fen: Int64) { summary.deltaByCode[code, default: 0] += fen }
    while ge != nil || ae != nil {
      if let x = ge, ae.map({ x.subscriber < $0.subscriber }) ?? true {
        let bill = try g.bill(x)
        report(.onlyInGolden(subscriber: bill.subscriber, totalFen: bill.totalFen))
        for line in bill.lines { add(line.code, -line.amountFen) }
        summary.onlyInGolden += 1
        ge = try g.next()
      } else if let y = ae, ge.map({ y.subscriber < $0.subscriber }) ?? true {
        let bill = try a.bill(y)
        report(.onlyInActual(subscriber: bill.subscriber, totalFen: bill.totalFen))
        for line in bill.lines { add(line.code, line.amountFen) }
        summary.onlyInActual += 1
        ae = try a.next()
      } else if let xe = ge, let ye = ae {
        summary.compared += 1
        // The same bytes are the same bill, checked once (an error is the golden file's) and never
        // parsed; bills are parsed only when their bytes differ.
        if xe.bill == nil, ye.bill == nil, xe.bytes.equals(ye.bytes) {
          _ = try g.check(xe)
          summary.equal += 1
        } else {
          let x = try g.bill(xe)
          let y = try a.bill(ye)
          var differs = false
          for code in LineCode.allCases {
            let (gv, av) = (x.amount(code), y.amount(code))
            guard gv != av else { continue }
            report(.line(subscriber: x.subscriber, code: code, golden: gv, actual: av))
            add(code, av - gv)
            differs = true
          }
          if !differs {
            for (field, gv, av) in otherFields(x, y) where gv != av {
              report(.other(subscriber: x.subscriber, field: field, golden: gv, actual: av))
              differs = true
            }
          }
          if differs { summary.different += 1 } else { summary.equal += 1 }
        }
        ge = try g.next()
        ae = try a.next()
      }
    }
    return summary
  }

  /// The fields besides amounts, as text, golden and actual.
  static func otherFields(_ x: Bill, _ y: Bill) -> [(String, String, String)] {
    func quantities(_ b: Bill) -> String { b.lines.compactMap { l in l.quantity.map { "\(l.code.code) \($0) \(l.unit?.word ?? "")" } }.joined(separator: ", ") }
    func allowances(_ b: Bill) -> String { b.allowances.map { "\($0.kind) \($0.used)/\($0.granted) \($0.unit)" }.joined(separator: ", ") }
    return [
      ("month", x.month.description, y.month.description),
      ("as_of", x.asOf.map { "\($0)" } ?? "null", y.asOf.map { "\($0)" } ?? "null"),
      ("plans", x.plans.joined(separator: ","), y.plans.joined(separator: ",")),
      ("active_days", "\(x.activeDays)", "\(y.activeDays)"),
      ("quantities", quantities(x), quantities(y)),
      ("allowances", allowances(x), allowances(y)),
    ]
  }
}

/// The bills of one file in order, each checked: a bill, adding up, after the one before.
///
/// A line in the shape bills.jsonl is written in (``BillShape``) is checked without being parsed: its
/// subscriber read at once, for the order; its text and its `amount_fen`s summed against its `total_fen`
/// when it is compared (once for two equal lines). It is parsed (``bill(_:)``) only when it has to be
/// compared field by field; a line of any other shape is parsed at once.
final class BillStream {
  private let lines: LineReader
  private let path: String
  /// The subscriber of the line before (11 digits as a number: the same order as their text).
  private var last: UInt64? = nil

  /// The longest bill line read: a bill of every line code with its allowances is well under it.
  static let maxLineBytes = 1 << 20

  /// A bill line: its bytes (valid until the next call of ``next()``), its subscriber, and the bill when
  /// it was parsed already.
  struct Entry {
    var bytes: ByteView
    var line: Int
    /// The subscriber's 11 digits as a number (they are in the same order as their text).
    var subscriber: UInt64
    /// Whether the line was checked (``check(_:)``): text, and a bill that adds up.
    var checked: Bool
    var bill: Bill?
  }

  init(path: String) throws(FileError) {
    self.path = path
    lines = LineReader(try FileSource(path: path), maxLineBytes: BillStream.maxLineBytes)
  }

  func next() throws -> Entry? {
    while let line = try lines.next() {
      if line.bytes.isEmpty { continue }
      var entry: Entry
      if !line.tooLong, let subscriber = BillShape.subscriber(of: line.bytes) {
        // Checked later, once for two equal lines (``check(_:)``).
        entry = Entry(bytes: line.bytes, line: line.number, subscriber: subscriber, checked: false)
      } else {
        let location = SourceLocation(file: path, line: line.number)
        if let problem = line.textProblem(limit: BillStream.maxLineBytes) { throw InputError(location, "not a bill: \(problem)") }
        let bill = try parse(line.bytes, location: location)
        // The parser took only 11 digits.
        entry = Entry(bytes: line.bytes, line: line.number, subscriber: MSISDN.parse(bill.subscriber) ?? 0, checked: true,
                      bill: bill)
      }
      if let last, entry.subscriber <= last {
        throw InputError(SourceLocation(file: path, line: line.number),
                         "bills are not sorted by subscriber: \(MSISDN.text(entry.subscriber)) comes after \(MSISDN.text(last))")
      }
      last = entry.subscriber
      return entry
    }
    return nil
  }

  /// Checks a line in bills.jsonl's shape for what matters to a comparison: text (no NUL, UTF-8) and a
  /// total that is the sum of the lines (the rest of the parser's checks are made only on lines that
  /// differ); a line of another shape is parsed. Returns the entry checked.
  func check(_ entry: Entry) throws -> Entry {
    if entry.checked { return entry }
    let location = SourceLocation(file: path, line: entry.line)
    if let problem = entry.bytes.textProblem { throw InputError(location, "not a bill: \(problem)") }
    var checked = entry
    checked.checked = true
    guard let shape = BillShape(entry.bytes) else {
      checked.bill = try parse(entry.bytes, location: location)
      return checked
    }
    try addsUp(total: shape.totalFen, sum: shape.sumFen, of: MSISDN.text(shape.subscriber), at: location)
    return checked
  }

  /// The entry's bill, parsed now if it was not yet.
  func bill(_ entry: Entry) throws -> Bill {
    let entry = try check(entry)
    if let bill = entry.bill { return bill }
    return try parse(entry.bytes, location: SourceLocation(file: path, line: entry.line))
  }

  private func parse(_ bytes: ByteView, location: SourceLocation) throws -> Bill {
    switch BillJSON.parse(bytes.bytes) {
    case .failure(let problem):
      throw InputError(location, "not a bill: \(problem.message)")
    case .success(let (bill, total)):
      try addsUp(total: total, sum: bill.totalFen, of: bill.subscriber, at: location)
      return bill
    }
  }

  /// A bill's `total_fen` must be the sum of its lines.
  private func addsUp(total: Int64, sum: Int64, of subscriber: @autoclosure () -> String, at location: SourceLocation) throws {
    guard total == sum else {
      throw InputError(location, "total_fen \(total) is not the sum of the lines (\(sum)) of \(subscriber())")
    }
  }
}

/// What `verify` reads of a bill line in the shape ``BillJSON`` writes, without parsing it: the
/// subscriber (`{"subscriber":"DIGITS",` first), the sum of its lines' `"amount_fen":N` and its one
/// `"total_fen":N`. `nil` for a line of any other shape, which is then parsed.
struct BillShape {
  /// The subscriber's 11 digits, as a number.
  var subscriber: UInt64
  var sumFen: Int64
  var totalFen: Int64

  static let head: StaticString = #"{"subscriber":""#

  /// The subscriber of a line that starts as bills.jsonl's lines do, `{"subscriber":"DIGITS"`: its 11
  /// digits as a number (no text made a line).
  static func subscriber(of b: ByteView) -> UInt64? {
    let start = head.utf8CodeUnitCount
    guard b.count > 40, b.view(0..<start).equals(head), b[start + 11] == 0x22 else { return nil }
    return MSISDN.parse(b.view(start..<start + 11))  // 11 digits, as the parser wants
  }

  init?(_ b: ByteView) {
    let n = b.count
    guard let subscriber = BillShape.subscriber(of: b), b[n - 1] == 0x7D else { return nil }
    self.subscriber = subscriber
    let i = BillShape.head.utf8CodeUnitCount + 11
    sumFen = 0
    var total: Int64? = nil
    // Every ':' of the line: the ones after "amount_fen" and "total_fen" are read.
    var at = i
    while let colon = b.firstIndex(of: 0x3A, from: at) {
      at = colon + 1
      guard colon >= 11, b[colon - 1] == 0x22, b[colon - 2] == 0x6E, b[colon - 3] == 0x65, b[colon - 4] == 0x66,
        b[colon - 5] == 0x5F
      else { continue }  // not `…_fen":`
      var j = colon + 1
      var value: Int64 = 0
      let digits = j
      while j < n, b[j] >= 0x30, b[j] <= 0x39, j - digits < 15 {
        value = value * 10 + Int64(b[j] - 0x30)
        j += 1
      }
      // A whole number and nothing else (`1.5`, `1e3`, `-1` are for the parser to refuse).
      guard j > digits, j < n, b[j] == 0x2C || b[j] == 0x7D else { return nil }
      if b.view(colon - 12..<colon).equals(#""amount_fen""#) {
        let (next, overflow) = sumFen.addingReportingOverflow(value)
        guard !overflow else { return nil }  // the parser says why
        sumFen = next
      } else if b.view(colon - 11..<colon).equals(#""total_fen""#) {
        guard total == nil else { return nil }
        total = value
      } else {
        return nil
      }
    }
    guard let total else { return nil }
    totalFen = total
  }
}
