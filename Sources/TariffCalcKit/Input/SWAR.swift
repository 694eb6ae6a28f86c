/// Eight bytes at a time in one 64-bit word (“SIMD within a register”): the byte tests of the hot path.
///
/// Words are loaded unaligned and little-endian, so byte i of the text is
/// bits 8i…8i+7 of the word.
enum SWAR {
  static let ones: UInt64 = 0x0101_0101_0101_0101
  static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
  static let high: UInt64 = 0x8080_8080_8080_8080

  /// 0x80 in each byte of `w` that is zero, 0 elsewhere — exact, with no false positives.
  @inline(__always)
  static func zeroBytes(_ w: UInt64) -> UInt64 {
    ~(((w & low7) &+ low7) | w | low7)
  }

  /// 0x80 in each byte of `w` equal to `byte`.
  @inline(__always)
  static func bytes(_ w: UInt64, equalTo byte: UInt8) -> UInt64 {
    zeroBytes(w ^ (ones &* UInt64(byte)))
  }

  /// Whether all 8 bytes of `w` are ASCII digits.
  @inline(__always)
  static func allDigits(_ w: UInt64) -> Bool {
    // High nibble 3, and adding 6 leaves it 3: the low nibble is at most 9.
    (w & 0xF0F0_F0F0_F0F0_F0F0) | (((w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4) == 0x3333_3333_3333_3333
  }

  /// The number written by 8 ASCII digits (checked by ``allDigits(_:)``), first digit most significant.
  @inline(__always)
  static func eightDigits(_ w: UInt64) -> UInt64 {
    // (In Swift, >> binds tighter than &*: the parentheses matter.)
    var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &* 2561) >> 8
    v = ((v & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
    return ((v & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
  }
}
