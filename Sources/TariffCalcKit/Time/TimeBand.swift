/// A time-of-day band `HH:MM-HH:MM`, start included, end excluded; it may wrap midnight (R12).
///
/// `08:00-19:00` holds 08:00:00 up to 18:59:59; `19:00-08:00` holds 19:00:00
/// up to 07:59:59 of the next morning. `00:00-24:00` is the whole day.
public struct TimeBand: Hashable, Sendable {
  /// Minute of the day the band starts, 0–1439.
  public let startMinute: Int
  /// Minute of the day the band ends (excluded), 1–1440; may be ≤ start when it wraps.
  public let endMinute: Int

  public init?(startMinute: Int, endMinute: Int) {
    guard (0..<1440).contains(startMinute), (0...1440).contains(endMinute),
      startMinute != endMinute % 1440 || (startMinute == 0 && endMinute == 1440)
    else { return nil }
    self.startMinute = startMinute
    self.endMinute = endMinute
  }

  /// Parses `HH:MM-HH:MM`; `24:00` is allowed as an end.
  public init?(_ text: Substring) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, let a = TimeBand.minute(parts[0]), let b = TimeBand.minute(parts[1]),
      a < 1440
    else { return nil }
    self.init(startMinute: a, endMinute: b)
  }

  static func minute(_ text: Substring) -> Int? {
    let bytes = Array(text.utf8)
    guard bytes.count == 5, bytes[2] == UInt8(ascii: ":"),
      let h = Day.digits(bytes[...], 0, 2), let m = Day.digits(bytes[...], 3, 2), m < 60,
      h < 24 || (h == 24 && m == 0)
    else { return nil }
    return h * 60 + m
  }

  /// Whether the band wraps midnight.
  public var wraps: Bool { endMinute <= startMinute }

  /// Whether the minute of the day (0–1439) is in the band.
  public func contains(minute: Int) -> Bool {
    wraps ? (minute >= startMinute || minute < endMinute % 1440) : (minute >= startMinute && minute < endMinute)
  }

  /// Number of minutes of the day in the band.
  public var length: Int { wraps ? 1440 - startMinute + endMinute : endMinute - startMinute }
}

extension TimeBand: CustomStringConvertible {
  public var description: String { "\(TimeBand.clock(startMinute))-\(TimeBand.clock(endMinute))" }

  /// `HH:MM` of a minute of the day.
  public static func clock(_ minute: Int) -> String {
    "\(Day.pad(minute / 60, 2)):\(Day.pad(minute % 60, 2))"
  }
}
