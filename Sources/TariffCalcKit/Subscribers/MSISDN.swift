/// Helpers for 11-digit mobile numbers (MSISDN), held as integers on the hot path.
public enum MSISDN {
  /// The number of an 11-digit ASCII string, or `nil`.
  /// - Complexity: O(11), no allocation.
  @inline(__always)
  public static func parse(_ p: ByteView) -> UInt64? {
    guard p.count == 11 else { return nil }
    // The first eight digits in one word (SWAR), the last three one by one.
    let w = p.word(at: 0)
    let a = p[8] &- UInt8(ascii: "0")
    let b = p[9] &- UInt8(ascii: "0")
    let c = p[10] &- UInt8(ascii: "0")
    guard SWAR.allDigits(w), a < 10, b < 10, c < 10 else { return nil }
    return SWAR.eightDigits(w) &* 1000 &+ UInt64(a) &* 100 &+ UInt64(b) &* 10 &+ UInt64(c)
  }

  public static func parse(_ text: String) -> UInt64? {
    ByteView.with(text) { parse($0) }
  }

  /// The 11 digits of a number, leading zeros kept.
  public static func text(_ value: UInt64) -> String {
    guard value < 100_000_000_000 else { return String(value) }
    // Eleven digits written in place, last first: every bill and every reject names one.
    return String(unsafeUninitializedCapacity: 11) { b in
      var v = value
      for i in stride(from: 10, through: 0, by: -1) {
        b[i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: v % 10)
        v /= 10
      }
      return 11
    }
  }

  /// The first place in `values` whose value is `isPast` (false for every value before it, true from there
  /// on, as for ascending values and a bound); `values.count` when there is none.
  static func firstPlace(in values: [UInt64], where isPast: (UInt64) -> Bool) -> Int {
    var (lo, hi) = (0, values.count)
    while lo < hi {
      let mid = (lo + hi) / 2
      if isPast(values[mid]) { hi = mid } else { lo = mid + 1 }
    }
    return lo
  }
}
