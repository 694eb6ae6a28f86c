/// An inclusive range of days whose ends may be open: `2004-02-01..`, `..2003-12-31`, `..`.
///
/// Tariff versions, sale windows and subscriber plan periods are all of this kind.
public struct DayRange: Hashable, Sendable {
  /// First day, or `nil` for “since always”.
  public var from: Day?
  /// Last day (inclusive), or `nil` for “open”.
  public var through: Day?

  public init(from: Day?, through: Day?) {
    self.from = from
    self.through = through
  }

  public static let always = DayRange(from: nil, through: nil)

  public func contains(_ day: Day) -> Bool {
    if let from, day < from { return false }
    if let through, day > through { return false }
    return true
  }

  /// The days this range shares with `days`, or `nil` when none.
  public func clamped(to days: ClosedRange<Day>) -> ClosedRange<Day>? {
    let lower = max(from ?? days.lowerBound, days.lowerBound)
    let upper = min(through ?? days.upperBound, days.upperBound)
    return lower <= upper ? lower...upper : nil
  }

  public func overlaps(_ other: DayRange) -> Bool {
    if let a = through, let b = other.from, a < b { return false }
    if let a = other.through, let b = from, a < b { return false }
    return true
  }

  /// Parses `FROM..THROUGH` with either end optional, or a single `DAY`.
  public init?(_ text: Substring) {
    guard let dots = text.range(of: "..") else {
      guard let day = Day(text) else { return nil }
      self.init(from: day, through: day)
      return
    }
    let left = text[text.startIndex..<dots.lowerBound]
    let right = text[dots.upperBound...]
    var from: Day? = nil
    var through: Day? = nil
    if !left.isEmpty {
      guard let d = Day(left) else { return nil }
      from = d
    }
    if !right.isEmpty {
      guard let d = Day(right) else { return nil }
      through = d
    }
    if let from, let through, from > through { return nil }
    self.init(from: from, through: through)
  }
}

extension DayRange: CustomStringConvertible {
  public var description: String {
    if let from, let through, from == through { return "\(from)" }
    return "\(from.map { "\($0)" } ?? "")..\(through.map { "\($0)" } ?? "")"
  }
}
