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
    var gb = try g.next()
    var ab = try a.next()
    summary.goldenMonth = gb?.month
    summary.actualMonth = ab?.month
    func add(_ code: LineCode, _ fen: Int64) { summary.deltaByCode[code, default: 0] += fen }
    while gb != nil || ab != nil {
      if let x = gb, ab.map({ x.subscriber < $0.subscriber }) ?? true {
        report(.onlyInGolden(subscriber: x.subscriber, totalFen: x.totalFen))
        for line in x.lines { add(line.code, -line.amountFen) }
        summary.onlyInGolden += 1
        gb = try g.next()
      } else if let y = ab, gb.map({ y.subscriber < $0.subscriber }) ?? true {
        report(.onlyInActual(subscriber: y.subscriber, totalFen: y.totalFen))
        for line in y.lines { add(line.code, line.amountFen) }
        summary.onlyInActual += 1
        ab = try a.next()
      } else if let x = gb, let y = ab {
        summary.compared += 1
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
        gb = try g.next()
        ab = try a.next()
      }
    }
    return summary
  }

  /// The fields besides amounts, as text, golden and actual.
  static func otherFields(_ x: Bill, _ y: Bill) -> [(String, String, String)] {
    func quantities(_ b: Bill) -> String { b.lines.compactMap { l in l.quantity.map { "\(l.code.code) \($0) \(l.unit ?? "")" } }.joined(separator: ", ") }
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
final class BillStream {
  private let lines: LineReader
  private let path: String
  private var last: String? = nil

  /// The longest bill line read: a bill of every line code with its allowances is well under it.
  static let maxLineBytes = 1 << 20

  init(path: String) throws(FileError) {
    self.path = path
    lines = LineReader(try FileSource(path: path), maxLineBytes: BillStream.maxLineBytes)
  }

  func next() throws -> Bill? {
    while let line = try lines.next() {
      if line.bytes.isEmpty { continue }
      let location = SourceLocation(file: path, line: line.number)
      if let problem = line.textProblem(limit: BillStream.maxLineBytes) { throw InputError(location, "not a bill: \(problem)") }
      switch BillJSON.parse(line.bytes.bytes) {
      case .failure(let problem):
        throw InputError(location, "not a bill: \(problem.message)")
      case .success(let (bill, total)):
        guard total == bill.totalFen else {
          throw InputError(location, "total_fen \(total) is not the sum of the lines (\(bill.totalFen)) of \(bill.subscriber)")
        }
        if let last, bill.subscriber <= last {
          throw InputError(location, "bills are not sorted by subscriber: \(bill.subscriber) comes after \(last)")
        }
        last = bill.subscriber
        return bill
      }
    }
    return nil
  }
}
