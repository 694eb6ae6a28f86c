/// One line of a bill: a code, its amount in fen, and for usage its quantity (SPEC 6).
///
/// Every field is a plain value (nothing reference counted): a bill run makes millions of lines, and
/// copying, clearing or writing one touches no counter.
public struct BillLine: Sendable, Hashable {
  public var code: LineCode
  public var amountFen: Int64
  /// Minutes or messages for usage lines; `nil` for monthly fees.
  public var quantity: Int64?
  /// `min` or `msg` when there is a quantity.
  public var unit: QuantityUnit?

  public init(code: LineCode, amountFen: Int64, quantity: Int64? = nil, unit: QuantityUnit? = nil) {
    self.code = code
    self.amountFen = amountFen
    self.quantity = quantity
    self.unit = unit
  }
}

/// What a usage line counts (SPEC 6: `"unit":"min"` or `"unit":"msg"`).
public enum QuantityUnit: UInt8, Sendable, Hashable, CaseIterable {
  case minutes, messages

  /// The unit's word in bills.jsonl.
  public var word: String { self == .minutes ? "min" : "msg" }

  /// The unit a bill's JSON names; `nil` for a word that is not a unit.
  public init?(word: String) {
    switch word {
    case "min": self = .minutes
    case "msg": self = .messages
    default: return nil
    }
  }
}

/// How much of an allowance a month granted and used (R20).
public struct AllowanceUse: Sendable, Hashable {
  /// The allowance as the plan writes it: `sms on-net`, `local group mt`.
  public var kind: String
  /// `min` or `msg`.
  public var unit: String
  public var granted: Int64
  public var used: Int64

  public init(kind: String, unit: String, granted: Int64, used: Int64) {
    self.kind = kind
    self.unit = unit
    self.granted = granted
    self.used = used
  }
}

/// A subscriber's bill for a month, or for the month up to a day (R23).
public struct Bill: Sendable, Hashable {
  public var subscriber: String
  public var month: Month
  public var asOf: Day?
  public var plans: [String]
  public var activeDays: Int
  /// In line-code order; lines with neither amount nor quantity are left out.
  public var lines: [BillLine]
  public var allowances: [AllowanceUse]

  public init(subscriber: String, month: Month, asOf: Day?, plans: [String], activeDays: Int, lines: [BillLine],
              allowances: [AllowanceUse] = []) {
    self.subscriber = subscriber
    self.month = month
    self.asOf = asOf
    self.plans = plans
    self.activeDays = activeDays
    self.lines = lines
    self.allowances = allowances
  }

  /// The sum of the rounded lines (R1): a bill always adds up.
  public var totalFen: Int64 { lines.reduce(0) { $0 + $1.amountFen } }

  public func amount(_ code: LineCode) -> Int64 { lines.first { $0.code == code }?.amountFen ?? 0 }
}
