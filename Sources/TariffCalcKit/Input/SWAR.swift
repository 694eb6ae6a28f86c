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

extension SWAR {
  /// 0x80 in each byte of `w` that is not an ASCII digit, 0 in each digit — exact, with no false positives.
  @inline(__always)
  static func nonDigitBytes(_ w: UInt64) -> UInt64 {
    // On the low 7 bits t of each byte (no carry leaves a byte): t + 0x50 reaches 0x80 iff t ≥ 0x30,
    // t + 0x46 iff t ≥ 0x3A. A digit: the first, not the second, and its own high bit clear.
    let t = w & low7
    let atLeast0 = t &+ ones &* 0x50
    let above9 = t &+ ones &* 0x46
    return (~atLeast0 | above9 | w) & high
  }

  /// How many ASCII digits `w` begins with, 0–8.
  @inline(__always)
  static func leadingDigitCount(_ w: UInt64) -> Int {
    nonDigitBytes(w).trailingZeroBitCount &>> 3
  }

  /// The number written by the first `count` (1–8) bytes of `w`, ASCII digits, first digit most significant.
  @inline(__always)
  static func digits(_ w: UInt64, count: Int) -> UInt64 {
    // Shifted up so that the last digit is byte 7; the zero bytes below read as leading zeros.
    eightDigits(w &<< UInt64(8 &* (8 &- count)))
  }

  /// The first `count` (1–8) bytes of `w`, ASCII digits, as nibbles holding digit + 1, the first digit in
  /// the most significant (``AreaCode``'s packing).
  @inline(__always)
  static func digitNibbles(_ w: UInt64, count: Int) -> UInt64 {
    // digit + 1 in each byte, the bytes reversed and shifted down: byte j holds digit count - 1 - j.
    var v = ((w & 0x0F0F_0F0F_0F0F_0F0F) &+ ones).byteSwapped &>> UInt64(8 &* (8 &- count))
    // Bytes → nibbles: pairs of bytes into bytes, pairs of those into 16 bits, then 32.
    v = (v | v &>> 4) & 0x00FF_00FF_00FF_00FF
    v = (v | v &>> 8) & 0x0000_FFFF_0000_FFFF
    v = (v | v &>> 16) & 0x0000_0000_FFFF_FFFF
    return v
  }
}

extension ByteView {
  /// The 4 bytes at `i` as a little-endian word (a 4-digit start of a field shorter than 8 bytes).
  @inline(__always)
  func word32(at i: Int) -> UInt32 {
    check(i, 4)
    return UInt32(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: i, as: UInt32.self))
  }
}
