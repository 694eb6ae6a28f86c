/// What a part of a record is charged as: the six kinds a rate can be set for.
///
/// A voice call has a base fee (R14: `local` at home, `roamingProvincial` or
/// `roamingNational` away) and, when long distance (R8), a long-distance fee
/// (R15: `longDistance`, or `ip` when dialled with 17951). A sent SMS is `sms` (R13).
public enum ChargeKind: Int, CaseIterable, Sendable, Hashable {
  case local = 0
  case roamingProvincial
  case roamingNational
  case longDistance
  case ip
  case sms

  /// The word of a tariff file: `local`, `roaming`, `long-distance`, `ip`, `sms`.
  public var word: String {
    switch self {
    case .local: "local"
    case .roamingProvincial, .roamingNational: "roaming"
    case .longDistance: "long-distance"
    case .ip: "ip"
    case .sms: "sms"
    }
  }

  public var isVoice: Bool { self != .sms }
  /// Whether this is a base fee, the part free minutes and free SMS can waive (R15, R20).
  public var isBaseFee: Bool { self == .local || self == .roamingProvincial || self == .roamingNational || self == .sms }
}

/// `MO` (主叫, sent) or `MT` (被叫, received).
public enum Direction: Int, CaseIterable, Sendable, Hashable {
  case mo = 0
  case mt

  public var word: String { self == .mo ? "mo" : "mt" }
}

/// Everything a rate may depend on, for one part of one record.
///
/// This is the key of a tariff's rate table: ``Tariff/price(_:)`` answers
/// from a dense array, with no search on the hot path.
public struct ChargeClass: Sendable, Hashable {
  public var kind: ChargeKind
  public var direction: Direction
  /// Minute of the day the record starts (R12), 0–1439.
  public var minute: Int
  /// Cell zone number (R9), 0 for none.
  public var zone: Int
  /// Both parties in the same closed user group (R10).
  public var inGroup: Bool
  /// The peer is on the operator's own network (网内).
  public var onNet: Bool

  public init(kind: ChargeKind, direction: Direction = .mo, minute: Int = 600, zone: Int = 0,
              inGroup: Bool = false, onNet: Bool = true) {
    self.kind = kind
    self.direction = direction
    self.minute = minute
    self.zone = zone
    self.inGroup = inGroup
    self.onNet = onNet
  }
}

/// A price per unit: per `unitSeconds` seconds of a call (rounded up, R11), or per message.
public struct Price: Sendable, Hashable, CustomStringConvertible {
  public var amount: Money
  /// 60 for `/min`, 6 for `/6s`; 0 for `/msg`.
  public var unitSeconds: Int

  public init(amount: Money, unitSeconds: Int) {
    self.amount = amount
    self.unitSeconds = unitSeconds
  }

  /// Units a call of `seconds` is charged for: `ceil(seconds / unit)` (R11); 1 for a message.
  @inline(__always)
  public func units(seconds: Int) -> Int {
    unitSeconds == 0 ? 1 : (seconds + unitSeconds - 1) / unitSeconds
  }

  /// `0.40/min`, `0.07/6s`, `0.10/msg`.
  public var description: String { "\(amount)/\(unitWord)" }

  public var unitWord: String {
    switch unitSeconds {
    case 0: "msg"
    case 60: "min"
    default: "\(unitSeconds)s"
    }
  }

  /// Chinese: `0.40元/分钟`, `0.07元/6秒`, `0.10元/条`, `免费`.
  public var chinese: String {
    if amount == .zero { return "免费" }
    switch unitSeconds {
    case 0: return "\(amount)元/条"
    case 60: return "\(amount)元/分钟"
    default: return "\(amount)元/\(unitSeconds)秒"
    }
  }

  /// Parses `0.40/min`, `0.07/6s`, `0.10/msg` or `free` (a zero price in the kind's own unit).
  static func parse(_ word: String, kind: ChargeKind) -> Result<Price, Problem> {
    let naturalUnit = kind == .sms ? 0 : 60
    if word == "free" { return .success(Price(amount: .zero, unitSeconds: naturalUnit)) }
    let parts = word.split(separator: "/", omittingEmptySubsequences: false)
    guard parts.count == 2 else {
      if Money(yuan: word) != nil {
        return .failure("price '\(word)' has no unit: write '\(word)/\(kind == .sms ? "msg" : "min")'")
      }
      return .failure("invalid price '\(word)': expected AMOUNT/min, AMOUNT/Ns, AMOUNT/msg or free")
    }
    guard let amount = Money(yuan: parts[0]) else {
      return .failure("invalid amount '\(parts[0])': yuan with at most 3 decimals expected (R1)")
    }
    let unit: Int
    switch parts[1] {
    case "min": unit = 60
    case "msg": unit = 0
    default:
      guard parts[1].hasSuffix("s"), let n = Int(parts[1].dropLast()), (1...3600).contains(n) else {
        return .failure("invalid unit '\(parts[1])' in '\(word)': expected min, msg or a number of seconds such as 6s")
      }
      unit = n
    }
    if kind == .sms, unit != 0 { return .failure("an sms price is per message: write '\(parts[0])/msg'") }
    if kind != .sms, unit == 0 { return .failure("a \(kind.word) price is per time: write '\(parts[0])/min'") }
    return .success(Price(amount: amount, unitSeconds: unit))
  }
}
