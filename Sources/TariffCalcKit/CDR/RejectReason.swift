/// Why a record is not billed (SPEC 6), in the order they are checked (R6a).
public enum RejectReason: Int, CaseIterable, Sendable, Hashable, Comparable {
  case malformed = 0
  case outsidePeriod
  /// R24: a copy of a record (or of a file) billed earlier in the run.
  case duplicate
  case unknownSubscriber
  case notActive
  case unknownPeer
  case outsideServiceArea
  case roamingNotAllowed
  case roamingClosed

  public static func < (a: RejectReason, b: RejectReason) -> Bool { a.rawValue < b.rawValue }

  /// The reason code of `rejects.csv` and `summary.json`.
  public var code: String { codeText.description }

  /// The same, as constant bytes (copied into rejects.csv without reference counting).
  var codeText: StaticString {
    switch self {
    case .malformed: "MALFORMED"
    case .outsidePeriod: "OUTSIDE_PERIOD"
    case .duplicate: "DUPLICATE"
    case .unknownSubscriber: "UNKNOWN_SUBSCRIBER"
    case .notActive: "NOT_ACTIVE"
    case .unknownPeer: "UNKNOWN_PEER"
    case .outsideServiceArea: "OUTSIDE_SERVICE_AREA"
    case .roamingNotAllowed: "ROAMING_NOT_ALLOWED"
    case .roamingClosed: "ROAMING_CLOSED"
    }
  }

  /// In Chinese, for the clerk.
  public var chinese: String {
    switch self {
    case .malformed: "记录格式错误"
    case .outsidePeriod: "不在计费期内"
    case .duplicate: "重单"
    case .unknownSubscriber: "非本网用户"
    case .notActive: "当日未开户或已销号"
    case .unknownPeer: "对端号码无法识别"
    case .outsideServiceArea: "不在服务区内"
    case .roamingNotAllowed: "无漫游功能"
    case .roamingClosed: "漫游未开放"
    }
  }

  /// The rule that refuses it, and what it says (SPEC 4).
  public var rule: String {
    switch self {
    case .malformed: "R6a: a field is missing or unreadable (SPEC 3.1)"
    case .outsidePeriod: "R2, R23, R25: not in the bill's days (the month, before the as-of day)"
    case .duplicate: "R24: a copy of a record or of a file billed earlier in the run"
    case .unknownSubscriber: "R6a: the subscriber is not in the subscribers file"
    case .notActive: "R6a: the subscriber has no plan period on the record's day"
    case .unknownPeer: "R6: the peer matches no prefix of the numbering plan"
    case .outsideServiceArea: "R16: the plan works only in its own zone (R9)"
    case .roamingNotAllowed: "R16: the plan has no roaming (R7)"
    case .roamingClosed: "R16: the plan's roaming is open only in its months and windows (R7)"
    }
  }

  public init?(code: String) {
    guard let r = RejectReason.allCases.first(where: { $0.code == code }) else { return nil }
    self = r
  }
}

/// A record not billed: where it is, why, and its raw line.
public struct Reject: Sendable, Hashable {
  public var file: String
  public var line: Int
  public var reason: RejectReason
  /// What exactly is wrong, in plain words: `invalid duration '12x'`.
  public var detail: String
  /// The raw line, as read (invalid UTF-8 repaired, cut at the line limit).
  public var record: String
  /// The subscriber of the record, when its fields could be read.
  public var subscriber: UInt64?
  /// An `OUTSIDE_PERIOD` record of the month on or after the as-of day (R23): not billed yet rather than
  /// refused. A run lists it in rejects.csv like any other (nothing read is lost); the clerk's quote
  /// leaves it out of the records not billed.
  public var notYet = false

  public init(file: String, line: Int, reason: RejectReason, detail: String, record: String, subscriber: UInt64? = nil) {
    self.file = file
    self.line = line
    self.reason = reason
    self.detail = detail
    self.record = record
    self.subscriber = subscriber
  }
}
