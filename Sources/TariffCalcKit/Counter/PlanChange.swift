import Foundation

/// A plan change requested at the counter (改计费类别): R4 and R5.
public struct PlanChange: Sendable {
  public var subscriber: UInt64
  public var plan: String
  /// The day the request is made.
  public var on: Day

  public init(subscriber: UInt64, plan: String, on: Day) {
    self.subscriber = subscriber
    self.plan = plan
    self.on = on
  }

  /// The day the new plan takes effect: the 1st of the next month (R4 次月生效).
  public var effective: Day { on.month.next.firstDay }

  /// Why a change is not made; each says it in Chinese and in English.
  public enum Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    /// R5: the 1st–5th of a month (出帐期); changes reopen on `reopens`.
    case freeze(on: Day, window: ClosedRange<Int>, reopens: Day)
    case unknownSubscriber(String)
    case noPlanOn(String, Day)
    case closed(String, Day)
    case unknownPlan(String)
    case notOnSale(String, Day)
    case samePlan(String)
    case alreadyChanging(String, plan: String, from: Day)
    case nothingPending(String)

    public var description: String {
      switch self {
      case .freeze(let on, let window, let reopens):
        return """
          \(on) 为出帐期(每月\(window.lowerBound)日-\(window.upperBound)日),不受理改计费类别和更改帐户信息的业务;请于 \(reopens) 起办理。
          Plan and account changes are not accepted on the \(ordinal(window.lowerBound))–\(ordinal(window.upperBound)) of a month while bills are run (出帐期); they can be made from \(reopens).
          """
      case .unknownSubscriber(let n):
        return "\(n) 不是本网用户。\n\(n) is not a subscriber."
      case .noPlanOn(let n, let day):
        return "\(n) 在 \(day) 没有在用的套餐。\n\(n) has no plan on \(day)."
      case .closed(let n, let day):
        return "\(n) 已于 \(day) 销号,不能改套餐。\n\(n) is closed from \(day) (销号); its plan cannot change."
      case .unknownPlan(let p):
        return "没有资费 '\(p)'。\nThere is no plan '\(p)'."
      case .notOnSale(let p, let day):
        return "资费 \(p) 在生效日 \(day) 不在售。\nPlan '\(p)' is not on sale on \(day), when the change would take effect."
      case .samePlan(let p):
        return "用户已是 \(p),无需更改。\nThe subscriber is already on '\(p)'."
      case .alreadyChanging(let n, let plan, let from):
        return "\(n) 已有改为 \(plan) 的申请,\(from) 生效。\n\(n) already has a change to '\(plan)' recorded from \(from)."
          + "\n撤销 To cancel it: tariffcalc change \(n) --cancel"
      case .nothingPending(let n):
        return "\(n) 没有待生效的改套餐申请。\n\(n) has no pending plan change to cancel."
      }
    }

    private func ordinal(_ n: Int) -> String {
      let suffix = (11...13).contains(n % 100) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th"
      return "\(n)\(suffix)"
    }
  }

  /// Refuses a request dated in the change freeze (R5), before anything is read.
  public func checkFreeze(_ settings: Settings) throws(Refusal) {
    let d = on.dayOfMonth
    guard settings.changeFreeze.contains(d) else { return }
    let reopens = Day(year: on.year, month: on.components.month, day: settings.changeFreeze.upperBound + 1)!
    throw .freeze(on: on, window: settings.changeFreeze, reopens: reopens)
  }

  /// Checks the request against the book and returns the new text of the subscribers file.
  ///
  /// The current period ends on the last day of the request's month and a new line starts the new
  /// plan on the 1st of the next (R4); every other line of the file is kept byte for byte.
  public func apply(to bytes: [UInt8], book: SubscriberBook, catalog: TariffCatalog) throws(Refusal) -> [UInt8] {
    try checkFreeze(catalog.settings)
    let number = MSISDN.text(subscriber)
    guard let index = book.index(of: subscriber) else { throw .unknownSubscriber(number) }
    guard let newPlan = catalog.plan(plan) else { throw .unknownPlan(plan) }
    let periods = book.periods(of: index)
    if let later = periods.first(where: { $0.start > on }) {
      throw .alreadyChanging(number, plan: catalog.plans[later.plan].id, from: later.start)
    }
    guard let current = book.period(of: index, on: on) else {
      if let closed = periods.last?.end, closed < on { throw .closed(number, closed) }
      throw .noPlanOn(number, on)
    }
    if let end = current.end { throw .closed(number, end) }
    guard catalog.plans[current.plan].id != plan else { throw .samePlan(plan) }
    guard newPlan.isOnSale(on: effective), newPlan.tariff(on: effective) != nil else { throw .notOnSale(plan, effective) }
    return PlanChange.rewrite(bytes, line: current.line, end: effective.advanced(by: -1), newPlan: plan, start: effective)
  }

  /// A pending change of `subscriber` (a period starting after `on`, right after the current one)
  /// cancelled on `on`, under the same freeze (R5): the pending line is removed and the current period
  /// is open again; every other line is kept byte for byte.
  /// - Returns: the new text of the file, and the plan and day of the change cancelled.
  public static func cancel(subscriber: UInt64, on: Day, bytes: [UInt8], book: SubscriberBook, catalog: TariffCatalog)
    throws(Refusal) -> (bytes: [UInt8], plan: String, from: Day)
  {
    try PlanChange(subscriber: subscriber, plan: "", on: on).checkFreeze(catalog.settings)
    let number = MSISDN.text(subscriber)
    guard let index = book.index(of: subscriber) else { throw .unknownSubscriber(number) }
    let periods = book.periods(of: index)
    guard let later = periods.first(where: { $0.start > on }),
      let current = periods.last(where: { $0.start <= on }), current.end == later.start.advanced(by: -1)
    else { throw .nothingPending(number) }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var columns: [String: Int] = [:]
    let reader = LineReader(MemorySource(name: "subscribers", bytes: bytes), maxLineBytes: max(1, bytes.count))
    let splitter = CSVSplitter(scratchBytes: max(1, bytes.count))
    // Reading bytes in memory cannot fail.
    while let line = try? reader.next() {
      splitter.resetScratch()
      if line.number == 1, splitter.split(line.bytes) == nil,
        case .success(let found) = CSVColumns.locate(splitter.fields, required: ["end"], fileKind: "a subscribers file")
      {
        columns = found
      }
      if line.number == later.line { continue }
      if line.number == current.line, let endColumn = columns["end"] {
        splitter.split(line.bytes)
        var fields = splitter.fields.map(\.text)
        fields[endColumn] = ""
        out += PlanChange.join(fields) + (line.terminated ? (line.crlf ? [0x0D, 0x0A] : [0x0A]) : [])
      } else {
        out += bytes[line.offset..<line.end]
      }
    }
    return (out, catalog.plans[later.plan].id, later.start)
  }

  /// The file with line `line` given an `end` and a copy of it after, on `newPlan` from `start`.
  static func rewrite(_ bytes: [UInt8], line target: Int, end: Day, newPlan: String, start: Day) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + 128)
    var columns: [String: Int] = [:]
    let reader = LineReader(MemorySource(name: "subscribers", bytes: bytes), maxLineBytes: max(1, bytes.count))
    let splitter = CSVSplitter(scratchBytes: max(1, bytes.count))
    // Reading bytes in memory cannot fail.
    while let line = try? reader.next() {
      splitter.resetScratch()
      if line.number == 1, case .success(let found) = (splitter.split(line.bytes) == nil
        ? CSVColumns.locate(splitter.fields, required: ["plan", "start", "end"], fileKind: "a subscribers file")
        : .failure("unreadable header"))
      {
        columns = found
      }
      if line.number == target, let planColumn = columns["plan"], let startColumn = columns["start"],
        let endColumn = columns["end"]
      {
        splitter.split(line.bytes)
        var fields = splitter.fields.map(\.text)
        let ending: [UInt8] = line.crlf ? [0x0D, 0x0A] : [0x0A]
        fields[endColumn] = "\(end)"
        out += PlanChange.join(fields) + ending
        fields[planColumn] = newPlan
        fields[startColumn] = "\(start)"
        fields[endColumn] = ""
        out += PlanChange.join(fields) + (line.terminated ? ending : [])
      } else {
        out += bytes[line.offset..<line.end]
      }
    }
    return out
  }

  static func join(_ fields: [String]) -> [UInt8] {
    var out: [UInt8] = []
    for (k, f) in fields.enumerated() {
      if k > 0 { out.append(UInt8(ascii: ",")) }
      RejectsCSV.field(f, to: &out)
    }
    return out
  }
}
