import Testing
@testable import TariffCalcKit

/// The subscribers file (SPEC 3.2): R4 and every other check, as `file:line: error: message`.
@Suite struct SubscriberBookTests {
  static let header = "subscriber,plan,start,end,home_area,group\n"

  static func load(_ rows: String, header: String = SubscriberBookTests.header) throws(InputError) -> SubscriberBook {
    let path = TestSupport.temporaryFolder("subscribers") + "/subscribers.csv"
    TestSupport.write(header + rows, to: path)
    return try SubscriberBook.load(file: path, catalog: TestSupport.catalog)
  }

  static func errors(_ rows: String, header: String = SubscriberBookTests.header) -> [String] {
    do {
      _ = try load(rows, header: header)
      return []
    } catch {
      // Drop the temporary folder: keep `subscribers.csv:LINE: error: …`.
      return error.diagnostics.map { d in
        "subscribers.csv:\(d.location.line): \(d.severity.rawValue): \(d.message)"
      }
    }
  }

  @Test func loadsPeriodsInOrderWithGroups() throws {
    let book = try Self.load("""
      13800000002,campus,2003-09-01,,027,WHU
      13800000001,gotone,2003-01-01,2004-02-29,027,
      13800000001,lingtong,2004-03-01,,0710,
      """ + "\n")
    #expect(book.numbers == [13_800_000_001, 13_800_000_002])
    #expect(book.periods(of: 0).map(\.start.description) == ["2003-01-01", "2004-03-01"])
    #expect(book.periods(of: 0).map(\.homeArea.description) == ["027", "0710"])
    #expect(book.groupName(book.periods(of: 1).first!.group) == "WHU")
    #expect(book.activation(of: 0) == Day("2003-01-01"))
    #expect(book.closure(of: 0) == nil)
    #expect(book.index(of: 13_800_000_002) == 1)
    #expect(book.index(of: 13_800_000_003) == nil)
  }

  @Test(arguments: [
    ("1380000001,gotone,2004-01-01,,027,", "subscribers.csv:2: error: invalid subscriber '1380000001': 11 digits expected"),
    ("13800000001,gotine,2004-01-01,,027,", "subscribers.csv:2: error: unknown plan 'gotine'"),
    ("13800000001,gotone,2004-02-30,,027,", "subscribers.csv:2: error: invalid start '2004-02-30': expected YYYY-MM-DD"),
    ("13800000001,gotone,2004-03-01,2004-02-01,027,", "subscribers.csv:2: error: end 2004-02-01 is before start 2004-03-01"),
    ("13800000001,gotone,2004-03-01,,27x,", "subscribers.csv:2: error: invalid home_area '27x': an area code such as 027 expected"),
    ("13800000001,gotone,2004-03-01,,0731,", "subscribers.csv:2: error: unknown home_area '0731': not in the numbering plan"),
    ("13800000001,gotone,2004-03-01,,027", "subscribers.csv:2: error: expected 6 fields, found 5"),
    ("13800000001,campus,2004-03-01,,027,", "subscribers.csv:2: error: plan 'campus' is not on sale on 2004-03-01 (until 2003-12-31)"),
  ])
  func badRows(row: String, message: String) {
    #expect(Self.errors(row + "\n") == [message])
  }

  /// R4: a period that follows another starts on a 1st; periods never overlap.
  @Test func planChangesTakeEffectOnTheFirst() {
    #expect(Self.errors("""
      13800000001,gotone,2003-01-01,2004-03-14,027,
      13800000001,lingtong,2004-03-15,,027,
      """ + "\n") == ["subscribers.csv:3: error: a plan period that follows another starts on the 1st of a month (R4, 次月生效), not on 2004-03-15"])
    #expect(Self.errors("""
      13800000001,gotone,2003-01-01,2004-03-31,027,
      13800000001,lingtong,2004-03-01,,027,
      """ + "\n") == ["subscribers.csv:3: error: this period overlaps the period at line 2 of the same subscriber"])
    #expect(Self.errors("""
      13800000001,gotone,2003-01-01,,027,
      13800000001,lingtong,2004-04-01,,027,
      """ + "\n") == ["subscribers.csv:3: error: this period overlaps the period at line 2 of the same subscriber"])
  }

  @Test func everyErrorIsReported() {
    #expect(Self.errors("""
      13800000001,gotine,2004-01-01,,027,
      13800000002,gotone,2004-01-01,,027,
      x,gotone,2004-01-01,,027,
      """ + "\n").count == 2)
  }

  @Test func aMissingColumnRefusesTheFile() {
    #expect(Self.errors("13800000001,gotone,2004-01-01,,\n", header: "subscriber,plan,start,end,group\n")
      == ["subscribers.csv:1: error: the header has no column 'home_area'; a subscribers file needs subscriber,plan,start,end,home_area,group"])
  }

  @Test func columnsAreFoundByNameAndCRLFAndBOMAreRead() throws {
    let book = try Self.load("027,13800000001,,gotone,2004-01-01,\r\n",
                             header: "\u{FEFF}home_area,subscriber,group,plan,start,end\r\n")
    #expect(book.numbers == [13_800_000_001])
  }
}

extension SubscriberBookTests {
  /// A book holds one period per row, millions of them: 8 (area) + 4 (plan) + 4 (start) + 4 (group)
  /// + 4 (line) + 5 (end, optional) = 29 bytes, 32 with alignment; the plan and line read back whole.
  @Test func periodsAre32Bytes() {
    #expect(MemoryLayout<PlanPeriod>.stride == 32)
    var p = PlanPeriod(plan: 7, start: Day("2004-01-01")!, end: nil, homeArea: AreaCode("027")!, group: 3, line: 123_456)
    #expect(p.plan == 7 && p.line == 123_456)
    p.line = 3_000_000_000  // past 2^31: the largest 32-bit line, not a trap
    #expect(p.line == Int(Int32.max))
  }
}

/// ``MSISDN/text(_:)``: every bill and every reject names a number by it.
@Suite struct MSISDNTextTests {
  /// Eleven digits, leading zeros kept; a value past eleven digits is written as it is.
  @Test(arguments: [
    (UInt64(13_500_000_037), "13500000037"), (UInt64(123), "00000000123"), (UInt64(0), "00000000000"),
    (UInt64(99_999_999_999), "99999999999"), (UInt64(100_000_000_000), "100000000000"),
    (UInt64(8_613_500_000_037), "8613500000037"),
  ])
  func numbersHaveElevenDigits(value: UInt64, text: String) {
    #expect(MSISDN.text(value) == text)
  }
}
