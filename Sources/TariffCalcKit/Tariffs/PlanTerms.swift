/// How monthly fees and allowances are prorated in a month with fewer active days.
public enum ProrationMethod: String, Sendable, Hashable {
  /// R17 月租日收: `fee × 12 / 365 × days` in a month not active every day.
  case daily
  /// R18 套餐: activation on the 1st–15th pays the full month, on the 16th or later half.
  case package

  public var chinese: String { self == .daily ? "月租日收" : "套餐 (1–15日入网收全月, 16日起收半月)" }
}

/// A bill line code (SPEC 6) with its fixed Chinese label.
public enum LineCode: Int, CaseIterable, Sendable, Hashable, Comparable {
  case rental = 0
  case feature
  case flatIncoming
  case local
  case roaming
  case longDistance
  case sms
  case minSpendTopUp

  public static func < (a: LineCode, b: LineCode) -> Bool { a.rawValue < b.rawValue }

  public var code: String {
    switch self {
    case .rental: "RENTAL"
    case .feature: "FEATURE"
    case .flatIncoming: "FLAT_INCOMING"
    case .local: "LOCAL"
    case .roaming: "ROAMING"
    case .longDistance: "LONG_DISTANCE"
    case .sms: "SMS"
    case .minSpendTopUp: "MIN_SPEND_TOPUP"
    }
  }

  public var label: String {
    switch self {
    case .rental: "月租费"
    case .feature: "功能费/套餐费"
    case .flatIncoming: "被叫包月费"
    case .local: "本地通话费"
    case .roaming: "漫游通话费"
    case .longDistance: "长途费"
    case .sms: "短信费"
    case .minSpendTopUp: "最低消费补足"
    }
  }

  public init?(code: String) {
    guard let c = LineCode.allCases.first(where: { $0.code == code }) else { return nil }
    self = c
  }

  /// The line a charge of this kind goes to.
  public init(_ kind: ChargeKind) {
    switch kind {
    case .local: self = .local
    case .roamingProvincial, .roamingNational: self = .roaming
    case .longDistance, .ip: self = .longDistance
    case .sms: self = .sms
    }
  }
}

/// A monthly fee of a plan (R17–R19): `fee rental 50`, `fee feature 25 必选功能费`.
public struct Fee: Sendable, Hashable {
  public enum Kind: String, Sendable, Hashable, CaseIterable {
    case rental
    case feature
    case flatIncoming = "flat-incoming"

    public var line: LineCode {
      switch self {
      case .rental: .rental
      case .feature: .feature
      case .flatIncoming: .flatIncoming
      }
    }
  }

  public var kind: Kind
  public var amount: Money
  /// The analyst's own name for it, shown when explaining the plan (e.g. 短信业务包).
  public var label: String?
  public var line: Int
}

/// Units given free each month (R20): `free 200 sms on-net`, `free 5000 local group mt`.
///
/// Voice allowances are minutes of base fee (R15: never the long-distance
/// fee); SMS allowances are sent messages.
public struct Allowance: Sendable, Hashable {
  public var units: Int
  public var selector: Selector
  public var line: Int

  public var unitWord: String { selector.kinds == [.sms] ? "msg" : "min" }
}

/// A rate line of a plan: `rate local night mo 0.15/min`.
public struct RateRule: Sendable, Hashable {
  public var selector: Selector
  public var price: Price
  public var line: Int
}

/// When roaming is open on a plan (R16).
public enum RoamingPolicy: Sendable, Hashable {
  case allowed
  /// No roaming at all: `ROAMING_NOT_ALLOWED`.
  case notAllowed
  /// Only in these months (1–12) and calendar windows: `ROAMING_CLOSED` outside them.
  case during(months: [Int], windows: [HolidayCalendar.Window])

  public func isOpen(on day: Day) -> Bool {
    switch self {
    case .allowed: return true
    case .notAllowed: return false
    case .during(let months, let windows):
      return months.contains(day.components.month) || windows.contains { $0.contains(day) }
    }
  }
}

/// A `roaming` line: a policy for provincial roaming, national roaming, or both.
public struct RoamingRule: Sendable, Hashable {
  /// `.roamingProvincial`, `.roamingNational`, or both when the line names no kind.
  public var kinds: [ChargeKind]
  public var policy: RoamingPolicy
  public var line: Int
}

/// A `service-area zone:ID` line (R16): records outside the zone are `OUTSIDE_SERVICE_AREA`.
public struct ServiceArea: Sendable, Hashable {
  public var zoneName: String
  public var zones: [Int]
  public var line: Int
}
