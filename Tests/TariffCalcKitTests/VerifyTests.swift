import Foundation
import Testing
@testable import TariffCalcKit

/// `verify` catches every change an analyst must see: one fen in one line, a missing and an extra bill.
@Suite struct VerifyTests {
  static let golden = Golden.folder + "/sample/bills.jsonl"

  /// The sample's golden bills, changed: one more fen in #01's LOCAL line (and its total), #19 dropped,
  /// an extra #99.
  static func changedCopy() throws -> String {
    var lines = try String(contentsOfFile: golden, encoding: .utf8).split(separator: "\n").map(String.init)
    let i = lines.firstIndex { $0.hasPrefix(#"{"subscriber":"13871000001""#) }!
    lines[i] = lines[i].replacingOccurrences(of: #""amount_fen":680,"#, with: #""amount_fen":681,"#)
      .replacingOccurrences(of: #""total_fen":6287"#, with: #""total_fen":6288"#)
    lines.removeAll { $0.hasPrefix(#"{"subscriber":"13871000019""#) }
    lines.append(#"{"subscriber":"13871000099","month":"2004-10","as_of":null,"plans":["gotone"],"active_days":31,"lines":[{"code":"RENTAL","label":"月租费","amount_fen":5000}],"total_fen":5000}"#)
    let path = TestSupport.temporaryFolder("verify") + "/bills.jsonl"
    TestSupport.write(lines.joined(separator: "\n") + "\n", to: path)
    return path
  }

  @Test func identicalFilesAreEqual() throws {
    var differences: [BillDifference] = []
    let s = try BillsComparison.compare(golden: Self.golden, actual: Self.golden) { differences.append($0) }
    #expect(differences.isEmpty)
    let october = Month(year: 2004, month: 10)!
    #expect(s == VerifySummary(compared: 25, equal: 25, goldenMonth: october, actualMonth: october))
    #expect(s.identical)
    #expect(s.monthWarning == nil)
  }

  /// The golden bills moved to November: every bill differs in its month, and a warning says why.
  @Test func filesOfDifferentMonthsAreWarnedAbout() throws {
    let text = try String(contentsOfFile: Self.golden, encoding: .utf8)
      .replacingOccurrences(of: #""month":"2004-10""#, with: #""month":"2004-11""#)
    let path = TestSupport.temporaryFolder("verify-months") + "/bills.jsonl"
    TestSupport.write(text, to: path)
    var differences: [BillDifference] = []
    let s = try BillsComparison.compare(golden: Self.golden, actual: path) { differences.append($0) }
    #expect(s.monthWarning == "Warning: the files bill different months: golden 2004-10, actual 2004-11")
    #expect(s.different == 25)
    #expect(differences.first == .other(subscriber: "13871000001", field: "month", golden: "2004-10", actual: "2004-11"))
  }

  @Test func catchesOneFenAMissingAndAnExtraBill() throws {
    var differences: [BillDifference] = []
    let s = try BillsComparison.compare(golden: Self.golden, actual: try Self.changedCopy()) { differences.append($0) }
    #expect(differences == [
      .line(subscriber: "13871000001", code: .local, golden: 680, actual: 681),
      .onlyInGolden(subscriber: "13871000019", totalFen: 3000),
      .onlyInActual(subscriber: "13871000099", totalFen: 5000),
    ])
    #expect(s.compared == 24)
    #expect(s.equal == 23)
    #expect(s.different == 1)
    #expect(s.onlyInGolden == 1)
    #expect(s.onlyInActual == 1)
    // LOCAL +0.01; RENTAL −30.00 (#19 gone) + 50.00 (#99 new) = +20.00; total +20.01.
    #expect(s.deltaByCode == [.local: 1, .rental: 2000])
    #expect(s.totalDelta == 2001)
  }

  /// The binary: the differences, the summary, exit 1.
  @Test func commandReportsAndExitsOne() throws {
    let r = try Binary.run(["verify", Self.golden, try Self.changedCopy()])
    #expect(r.exitCode == 1)
    #expect(r.stdout == """
      13871000001  LOCAL           golden      6.80  actual      6.81  delta +0.01
      13871000019  only in golden (total 30.00)
      13871000099  only in actual (total 50.00)
      verify: 24 subscribers compared: 23 equal, 1 different
              1 only in golden, 1 only in actual
      revenue delta (actual − golden):
        RENTAL  +20.00
        LOCAL    +0.01
        total   +20.01

      """)
    let same = try Binary.run(["verify", Self.golden, Self.golden])
    #expect(same.exitCode == 0)
    #expect(same.stdout == "verify: 25 subscribers compared: 25 equal, 0 different\n        0 only in golden, 0 only in actual\nidentical\n")
  }

  /// Same amounts, another field: reported, and the bill counts as different.
  @Test func otherFieldsAreCompared() throws {
    let text = try String(contentsOfFile: Self.golden, encoding: .utf8)
      .replacingOccurrences(of: #""subscriber":"13871000002","month":"2004-10","as_of":null,"plans":["gotone"],"active_days":22"#,
                            with: #""subscriber":"13871000002","month":"2004-10","as_of":null,"plans":["gotone"],"active_days":21"#)
    let path = TestSupport.temporaryFolder("verify") + "/bills.jsonl"
    TestSupport.write(text, to: path)
    var differences: [BillDifference] = []
    let s = try BillsComparison.compare(golden: Self.golden, actual: path) { differences.append($0) }
    #expect(differences == [.other(subscriber: "13871000002", field: "active_days", golden: "22", actual: "21")])
    #expect(s.different == 1)
  }

  @Test(arguments: [
    ("{not json}\n", "bills.jsonl:1: error: not a bill: expected a key at byte 2"),
    (#"{"subscriber":"13871000001","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":[{"code":"LOCAL","label":"x","amount_fen":5}],"total_fen":6}"# + "\n",
     "bills.jsonl:1: error: total_fen 6 is not the sum of the lines (5) of 13871000001"),
    (#"{"subscriber":"13871000002","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":[],"total_fen":0}"# + "\n"
      + #"{"subscriber":"13871000001","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":[],"total_fen":0}"# + "\n",
     "bills.jsonl:2: error: bills are not sorted by subscriber: 13871000001 comes after 13871000002"),
    (#"{"subscriber":"13871000001","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":[{"code":"LOCAL","label":"x","amount_fen":1.5}],"total_fen":0}"# + "\n",
     "bills.jsonl:1: error: not a bill: a whole number expected (amounts are integers of fen, R1) at byte 138"),  // the "." of 1.5
    // SPEC 6 knows two units of usage: a bill counting seconds is not one of its bills.
    (#"{"subscriber":"13871000001","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":[{"code":"LOCAL","label":"x","amount_fen":5,"quantity":60,"unit":"sec"}],"total_fen":5}"# + "\n",
     #"bills.jsonl:1: error: not a bill: line LOCAL has a 'unit' that is neither "min" nor "msg""#),
  ])
  func malformedFilesAreBadInput(text: String, message: String) throws {
    let dir = TestSupport.temporaryFolder("verify-bad")
    TestSupport.write(text, to: dir + "/bills.jsonl")
    let r = try Binary.run(["verify", Self.golden, "bills.jsonl"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr == message + "\n")
  }

  /// The byte-level path of verify (issue 14): a line as BillJSON writes it is read without a parse —
  /// its subscriber, its amounts summed (2000 + 1080 = 3080) and its total; any other shape is left to
  /// the parser (nil).
  @Test func billShape() throws {
    let bill = Bill(subscriber: "13871000001", month: Month("2004-10")!, asOf: nil, plans: ["standard"], activeDays: 31,
                    lines: [BillLine(code: .rental, amountFen: 2000),
                            BillLine(code: .local, amountFen: 1080, quantity: 27, unit: .minutes)])
    let line = Array(BillJSON.line(bill).utf8.dropLast())  // without its newline
    let shape = try #require(line.withUnsafeBytes { BillShape(ByteView($0.baseAddress, count: $0.count, lease: nil)) })
    #expect(shape.subscriber == 13_871_000_001)
    #expect(shape.sumFen == 3080)
    #expect(shape.totalFen == 3080)
    for other in [#"{ "subscriber":"13871000001","lines":[],"total_fen":0}"#,
                  #"{"subscriber":"13871000001","lines":[{"amount_fen":1e3}],"total_fen":1000}"#,
                  #"{"subscriber":"13871000001","lines":[],"total_fen":0,"total_fen":0}"#] {
      let bytes = Array(other.utf8)
      #expect(bytes.withUnsafeBytes { BillShape(ByteView($0.baseAddress, count: $0.count, lease: nil)) } == nil, "\(other)")
    }
  }

  /// Amounts whose sum passes 64 bits are not a bill (exit 2), on the byte path and the parser's alike:
  /// never a crash. 10 × 999,999,999,999,999,999 > 9,223,372,036,854,775,807.
  @Test func amountsThatOverflow() throws {
    let dir = TestSupport.temporaryFolder("verify-overflow")
    let lines = Array(repeating: #"{"code":"LOCAL","label":"x","amount_fen":999999999999999999}"#, count: 10)
    let bill = #"{"subscriber":"13871000001","month":"2004-10","as_of":null,"plans":[],"active_days":1,"lines":["#
      + lines.joined(separator: ",") + #"],"total_fen":0}"# + "\n"
    TestSupport.write(bill, to: dir + "/a.jsonl")
    TestSupport.write(bill, to: dir + "/b.jsonl")
    let r = try Binary.run(["verify", "a.jsonl", "b.jsonl"], in: dir)
    #expect(r.exitCode == 2, "\(r.stderr)")
    #expect(r.stderr.hasPrefix("a.jsonl:1: error: not a bill: the amounts of the lines add up past what 64 bits hold"), "\(r.stderr)")
  }

  @Test func anUnreadableFileIsBadInput() throws {
    let r = try Binary.run(["verify", Self.golden, "/nonexistent/bills.jsonl"])
    #expect(r.exitCode == 2)
    #expect(r.stderr == "/nonexistent/bills.jsonl: error: cannot open: No such file or directory\n")
  }
}
