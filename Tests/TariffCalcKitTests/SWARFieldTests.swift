import Testing
@testable import TariffCalcKit

/// The word-at-a-time field readers of the one-pass CDR reading (issue 14) against byte-by-byte oracles.
@Suite struct SWARFieldTests {
  static func word(_ bytes: [UInt8]) -> UInt64 {
    var w: UInt64 = 0
    for (i, b) in bytes.enumerated() { w |= UInt64(b) << (8 * UInt64(i)) }
    return w
  }

  /// Every byte value in every position, among digits and among non-digits: non-digits found exactly.
  @Test func nonDigitBytesAreExact() {
    for filler in [UInt8(ascii: "5"), UInt8(ascii: ","), 0x00, 0xFF, UInt8(ascii: "9"), UInt8(ascii: "0")] {
      for position in 0..<8 {
        for value in 0...255 {
          var bytes = [UInt8](repeating: filler, count: 8)
          bytes[position] = UInt8(value)
          var expected: UInt64 = 0
          for (i, b) in bytes.enumerated() where !(48...57).contains(b) { expected |= 0x80 << (8 * UInt64(i)) }
          #expect(SWAR.nonDigitBytes(Self.word(bytes)) == expected)
          let leading = bytes.prefix { (48...57).contains($0) }.count
          #expect(SWAR.leadingDigitCount(Self.word(bytes)) == leading)
        }
      }
    }
  }

  /// The first `count` digits as a number, whatever follows them.
  @Test(arguments: ["1,", "7", "60,027,H", "86400,02", "999999,0", "000060,1", "1234567,", "12345678", "00000000"])
  func digits(text: String) {
    let bytes = Array(text.utf8)
    let count = bytes.prefix { (48...57).contains($0) }.count
    // e.g. "86400,02": the 5 digits 86400.
    #expect(SWAR.digits(Self.word(bytes), count: count) == UInt64(String(decoding: bytes.prefix(count), as: UTF8.self))!)
  }

  /// The first `count` digits packed as AreaCode packs them: 027 → nibbles 1, 3, 8 (digit + 1) = 0x138.
  @Test func digitNibbles() {
    #expect(SWAR.digitNibbles(Self.word(Array("027,HP01".utf8)), count: 3) == 0x138)
    #expect(SWAR.digitNibbles(Self.word(Array("0710,".utf8)), count: 4) == 0x1821)
    for text in ["0", "9", "027", "0710", "12345", "000000", "9999999", "01234567", "98765432"] {
      let bytes = Array((text + ",ABCDEFGH").utf8)
      #expect(SWAR.digitNibbles(Self.word(bytes), count: text.utf8.count) == AreaCode(text)!.packed, "\(text)")
    }
  }
}
