import Testing
@testable import TariffCalcKit

/// ``ByteSearch``: the 16-at-a-time search and LF count give what a byte-by-byte look gives, for needles
/// of one byte (memchr), two (the shortest the vector loop takes), and more, at every place and bound.
@Suite struct ByteSearchTests {
  static func naiveFind(_ needle: [UInt8], _ hay: [UInt8], _ from: Int, _ to: Int) -> Int? {
    guard to - from >= needle.count else { return nil }
    return (from...(to - needle.count)).first { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
  }

  @Test(arguments: [[0x35], [0x35, 0x2C], [0x47, 0x35, 0x0A], Array("13500000037".utf8)])
  func findMatchesByteByByte(needle: [UInt8]) {
    // A pseudo-random haystack over few bytes, so that partial matches abound.
    var state: UInt64 = 2004
    let alphabet: [UInt8] = [0x31, 0x33, 0x35, 0x30, 0x37, 0x2C, 0x0A, 0x47]
    var hay: [UInt8] = (0..<300).map { _ in
      state = state &* 6364136223846793005 &+ 1442695040888963407
      return alphabet[Int(state >> 61)]
    }
    hay.replaceSubrange(150..<(150 + needle.count), with: needle)
    hay.withUnsafeBytes { raw in
      needle.withUnsafeBytes { n in
        for from in stride(from: 0, to: 300, by: 7) {
          for to in from...300 {
            #expect(ByteSearch.find(n, in: raw.baseAddress!, from: from, to: to) == Self.naiveFind(needle, hay, from, to),
                    "from \(from) to \(to)")
          }
        }
      }
      for count in 0...300 {
        #expect(ByteSearch.countLF(raw.baseAddress!, count) == hay[..<count].filter { $0 == 0x0A }.count)
      }
    }
  }
}

extension ByteSearchTests {
  /// LFs past what one lane can sum before it is flushed (63 rounds of 64 bytes): 5,000 LFs in a row,
  /// then 4,096 bytes with one LF in 3.
  @Test func countLFOverManyRounds() {
    var bytes = [UInt8](repeating: 0x0A, count: 5_000)
    bytes += (0..<4_096).map { $0 % 3 == 0 ? 0x0A : 0x31 }
    // 4,096 = 3 × 1,365 + 1: places 0, 3, …, 4,095 are 1,366 LFs.
    let expected = 5_000 + 1_366
    #expect(bytes.withUnsafeBytes { ByteSearch.countLF($0.baseAddress!, $0.count) } == expected)
  }
}

/// ``ByteView/equals(_:)-([UInt8])`` (a subscribers row's plan against the catalog's ids): equal bytes only,
/// not a prefix, not a longer run, not one byte off at either end; empty equals empty.
@Suite struct ByteViewEqualsTests {
  @Test func equalBytesOnly() {
    let id = Array("gotone".utf8)
    func view(_ s: String, _ body: (ByteView) -> Bool) -> Bool {
      let bytes = Array(s.utf8)
      return bytes.withUnsafeBytes { body(ByteView($0.baseAddress, count: $0.count, lease: nil)) }
    }
    #expect(view("gotone") { $0.equals(id) })
    for other in ["goton", "gotones", "Gotone", "gotonf", "", "lingtong"] {
      #expect(!view(other) { $0.equals(id) }, "\(other)")
    }
    #expect(view("") { $0.equals([UInt8]()) })
  }
}
