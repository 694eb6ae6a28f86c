import Testing
@testable import TariffCalcKit

/// The word-at-a-time byte tests against a byte-by-byte oracle.
@Suite struct SWARTests {
  static func word(_ bytes: [UInt8]) -> UInt64 {
    var w: UInt64 = 0
    for (i, b) in bytes.enumerated() { w |= UInt64(b) << (8 * UInt64(i)) }
    return w
  }

  /// Every byte value in every position: zero bytes and equal bytes found exactly.
  @Test func zeroAndEqualBytesAreExact() {
    for position in 0..<8 {
      for value in 0...255 {
        var bytes = [UInt8](repeating: UInt8(ascii: "7"), count: 8)
        bytes[position] = UInt8(value)
        let w = Self.word(bytes)
        let expectedZero: UInt64 = value == 0 ? 0x80 << (8 * UInt64(position)) : 0
        #expect(SWAR.zeroBytes(w) == expectedZero)
        let commas = SWAR.bytes(w, equalTo: UInt8(ascii: ","))
        #expect(commas == (value == 44 ? 0x80 << (8 * UInt64(position)) : 0))
        #expect(SWAR.allDigits(w) == (48...57).contains(value))
      }
    }
  }

  @Test(arguments: ["00000000", "13800000", "99999999", "12345678", "00000001", "10000000"])
  func eightDigits(text: String) {
    #expect(SWAR.eightDigits(Self.word(Array(text.utf8))) == UInt64(text)!)
  }

  @Test(arguments: ["13871234567", "00000000000", "99999999999", "13800000001"])
  func msisdn(text: String) {
    #expect(MSISDN.parse(text) == UInt64(text)!)
  }

  @Test(arguments: ["1387123456", "138712345678", "1387123456x", "x3871234567", "1387/234567", "13871234:67"])
  func notMSISDN(text: String) {
    #expect(MSISDN.parse(text) == nil)
  }
}
