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
    let s = String(value)
    return s.count >= 11 ? s : String(repeating: "0", count: 11 - s.count) + s
  }
}

/// An open-addressing hash table from MSISDN to subscriber index.
///
/// Built once per run, read by every worker without locks. Keys are the
/// numbers themselves; a multiplicative hash spreads them, linear probing
/// resolves collisions. No `Dictionary`, no `String` on the hot path.
struct MSISDNTable: Sendable {
  private var keys: [UInt64]
  private var values: [Int32]
  private let shift: UInt64
  private let mask: Int
  private static let empty = UInt64.max

  init(_ numbers: [UInt64]) {
    var capacity = 16
    while capacity < numbers.count * 2 { capacity <<= 1 }
    keys = Array(repeating: MSISDNTable.empty, count: capacity)
    values = Array(repeating: -1, count: capacity)
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    mask = capacity - 1
    for (index, number) in numbers.enumerated() {
      var slot = slotFor(number)
      while keys[slot] != MSISDNTable.empty { slot = (slot + 1) & mask }
      keys[slot] = number
      values[slot] = Int32(index)
    }
  }

  @inline(__always)
  private func slotFor(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

  /// The index of a number, or -1.
  /// - Complexity: O(1) expected.
  @inline(__always)
  func index(of number: UInt64) -> Int {
    var slot = slotFor(number)
    while true {
      let k = keys[slot]
      if k == number { return Int(values[slot]) }
      if k == MSISDNTable.empty { return -1 }
      slot = (slot + 1) & mask
    }
  }
}
