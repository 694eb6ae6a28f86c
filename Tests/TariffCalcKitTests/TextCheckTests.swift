import Testing
@testable import TariffCalcKit

/// The UTF-8 check every text input and every reject's record goes through: the first byte not part of
/// well-formed UTF-8, against the standard library's own decoder, for every sequence of one and two
/// bytes, and sequences of three and four with every lead of C0 or more, every second byte (whose range
/// the lead sets) and the bytes after it at the edges of the continuation range.
@Suite struct TextCheckTests {
  static func check(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBytes { ByteView($0.baseAddress, count: $0.count, lease: nil).firstInvalidUTF8 }
  }

  @Test func everyShortSequence() {
    var wrong = 0
    var tried = 0
    // After eight ASCII bytes (one word of the fast path) and "月" (E6 9C 88), then one more ASCII byte.
    let before = Array("abcdefgh月".utf8)
    func test(_ sequence: [UInt8]) {
      tried += 1
      for bytes in [sequence, before + sequence + [0x41]] where Self.check(bytes) != TestSupport.firstInvalidUTF8(bytes) {
        wrong += 1
        if wrong < 10 { Issue.record("\(bytes.map { String($0, radix: 16) }): \(String(describing: Self.check(bytes))), the decoder's \(String(describing: TestSupport.firstInvalidUTF8(bytes)))") }
      }
    }
    for a in 0...255 { test([UInt8(a)]) }
    for a in 0...255 { for b in 0...255 { test([UInt8(a), UInt8(b)]) } }
    let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF]
    for a in 0xC0...0xFF { for b in 0...255 { for c in edges { test([UInt8(a), UInt8(b), c]) } } }
    for a in 0xF0...0xFF { for b in 0...255 { for c in edges { for d in edges { test([UInt8(a), UInt8(b), c, d]) } } } }
    #expect(wrong == 0)
    #expect(tried == 256 + 65_536 + 64 * 256 * 9 + 16 * 256 * 81)
  }
}
