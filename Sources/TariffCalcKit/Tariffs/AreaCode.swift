/// A telephone area code such as `027` or `0710`, packed into an integer.
///
/// Each digit is stored as a 4-bit nibble holding digit + 1, so that leading
/// zeros count (`027` ≠ `27`) and two codes compare with one integer
/// comparison on the hot path. Up to 15 digits.
public struct AreaCode: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let packed: UInt64

  init(packed: UInt64) { self.packed = packed }

  /// Packs a string of 1–15 ASCII digits; `nil` for anything else.
  public init?(_ text: Substring) {
    guard let packed = AreaCode.pack(text.utf8) else { return nil }
    self.packed = packed
  }

  public init?(_ text: String) { self.init(text[...]) }

  /// Packs 1–15 ASCII digits.
  /// - Complexity: O(n) in the number of bytes, no allocation.
  @inline(__always)
  static func pack<C: Collection>(_ bytes: C) -> UInt64? where C.Element == UInt8 {
    var packed: UInt64 = 0
    var count = 0
    for byte in bytes {
      let digit = byte &- UInt8(ascii: "0")
      guard digit < 10, count < 15 else { return nil }
      packed = packed << 4 | UInt64(digit + 1)
      count += 1
    }
    return count == 0 ? nil : packed
  }

  public static func < (a: AreaCode, b: AreaCode) -> Bool { a.description < b.description }

  public var description: String {
    var digits: [UInt8] = []
    var rest = packed
    while rest != 0 {
      digits.append(UInt8(rest & 0xF) - 1 + UInt8(ascii: "0"))
      rest >>= 4
    }
    return String(decoding: digits.reversed(), as: UTF8.self)
  }
}
