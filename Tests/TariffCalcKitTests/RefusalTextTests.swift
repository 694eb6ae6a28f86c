import Testing
@testable import TariffCalcKit

/// The details of refusals written byte by byte (``RefusalText``) are the words the interpolations wrote:
/// each piece against its `description`, and whole details against hand-written text.
@Suite struct RefusalTextTests {
  @Test func areaCodesAsTheirDescription() {
    for code in ["0", "027", "0710", "10", "999999999999999", "123456789012345", "9"] {
      let packed = AreaCode(code)!.packed
      let text = RefusalText.make(capacity: 32) { $0.add(area: packed) }
      #expect(text == code)
      #expect(text == AreaCode(packed: packed).description)
    }
    // 0 packs no digit: the description is empty, and so is the text.
    #expect(RefusalText.make(capacity: 8) { $0.add(area: 0) } == "")
  }

  @Test func daysAndNumbersAsTheirDescription() {
    for (y, m, d) in [(2004, 10, 5), (2004, 2, 29), (1999, 12, 31), (2000, 1, 1), (987, 3, 4)] {
      let day = Day(year: y, month: m, day: d)!
      let text = RefusalText.make(capacity: 16) { $0.add(day: day) }
      #expect(text == day.description)
    }
    #expect(RefusalText.make(capacity: 16) { $0.add(day: Day(year: 2004, month: 10, day: 5)!) } == "2004-10-05")
    for n: UInt64 in [13_871_000_001, 1, 0, 99_999_999_999, 123_456_789_012] {
      let text = RefusalText.make(capacity: 24) { $0.add(msisdn: n) }
      #expect(text == MSISDN.text(n))
    }
    // 1 → ten zeros and a 1 (eleven digits).
    #expect(RefusalText.make(capacity: 24) { $0.add(msisdn: 1) } == "00000000001")
  }

  @Test func wholeDetails() {
    let id = "mzone-youth"
    let home = AreaCode("027")!.packed
    let area = AreaCode("0710")!.packed
    let roaming = RefusalText.make(capacity: 96 + id.utf8.count) {
      $0.add(id)
      $0.add(" has no roaming (in ")
      $0.add(area: area)
      $0.add(", home ")
      $0.add(area: home)
      $0.add(")")
    }
    #expect(roaming == "mzone-youth has no roaming (in 0710, home 027)")
    #expect(roaming == "\(id) has no roaming (in \(AreaCode(packed: area)), home \(AreaCode(packed: home)))")

    let cell = Array("HP0101".utf8)
    let service = cell.withUnsafeBytes { raw in
      let view = ByteView(raw.baseAddress, count: raw.count, lease: nil)
      return RefusalText.make(capacity: 64) {
        $0.add("cell '")
        $0.add(view)
        $0.add("' is outside ")
        $0.add("江夏")  // a zone name in UTF-8, copied whole
        $0.add(", where xiangqing-jiangxia works")
      }
    }
    #expect(service == "cell 'HP0101' is outside 江夏, where xiangqing-jiangxia works")
  }

  @Test func aWriteBeyondTheCapacityIsDropped() {
    // 5 bytes of room: "abcdefgh" keeps "abcde".
    #expect(RefusalText.make(capacity: 5) { $0.add("abcdefgh") } == "abcde")
  }
}

/// A detail kept by ``RefusalCache`` is given back for its key only; another key makes its own.
@Suite struct RefusalCacheTests {
  @Test func sameKeySameDetailOtherKeyItsOwn() {
    let cache = RefusalCache()
    var made = 0
    func detail(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> String {
      cache.detail(RefusalCache.Key(a: a, b: b, c: c)) {
        made += 1
        return "\(a)/\(b)/\(c)"
      }
    }
    #expect(detail(4, 0x138, 0x1821) == "4/312/6177")  // 0x138 = 312, 0x1821 = 6177
    #expect(detail(4, 0x138, 0x1821) == "4/312/6177")
    #expect(made == 1)
    // 2,000 keys over 256 entries: each detail is its key's, whatever was overwritten.
    for k: UInt64 in 0..<2_000 {
      #expect(detail(k << 2, k &* 7, 3) == "\(k << 2)/\(k &* 7)/3")
      #expect(detail(k << 2 | 2, k, 0) == "\(k << 2 | 2)/\(k)/0")
    }
    #expect(detail(4, 0x138, 0x1821) == "4/312/6177")
  }
}
