import Testing
@testable import TariffCalcKit

@Suite struct MoneyTests {
  @Test(arguments: [
    ("50", 50_000), ("0.36", 360), ("0.07", 70), ("1.5", 1_500), ("0.125", 125), ("0", 0),
  ] as [(String, Int64)])
  func parsesYuanIntoLi(text: String, li: Int64) {
    #expect(Money(yuan: text)?.li == li)
  }

  @Test(arguments: ["", ".", "1.", "-1", "0.0005", "1e3", "1,5", "0x10", " 1"])
  func refusesWhatIsNotAYuanAmount(text: String) {
    #expect(Money(yuan: text) == nil)
  }

  /// R1: half-up to the fen, once.
  @Test(arguments: [
    (36_164, 1, 3_616),  // 36.164 → 36.16
    (36_165, 1, 3_617),  // 36.165 → 36.17 (half up)
    (4, 1, 0),  // 0.004 → 0.00
    (5, 1, 1),  // 0.005 → 0.01
    // 50×12/365×22 yuan = 13_200_000 li / 365 = 36_164.38 li → 36.16
    (50_000 * 12 * 22, 365, 3_616),
  ] as [(Int64, Int64, Int64)])
  func roundsHalfUpToTheFen(numerator: Int64, denominator: Int64, fen: Int64) {
    #expect(Money.roundedToFen(numerator: numerator, denominator: denominator) == fen)
  }

  @Test func formatsYuan() {
    #expect(Money(li: 400).description == "0.40")
    #expect(Money(li: 125).description == "0.125")
    #expect(Money(li: 50_000).description == "50.00")
    #expect(Money.yuanText(fen: 3616) == "36.16")
    #expect(Money.yuanText(fen: 5) == "0.05")
    #expect(Money.yuanText(fen: -5) == "-0.05")
  }
}

/// The bills.jsonl line of each code carries the code and label of SPEC 6.
@Suite struct BillJSONTests {
  @Test(arguments: LineCode.allCases)
  func everyCodeHasItsLabel(code: LineCode) {
    let line = BillJSON.line(Bill(subscriber: "13871234567", month: Month(year: 2004, month: 3)!, asOf: nil, plans: ["gotone"],
                                  activeDays: 22, lines: [BillLine(code: code, amountFen: 3616)]))
    #expect(line == #"{"subscriber":"13871234567","month":"2004-03","as_of":null,"plans":["gotone"],"active_days":22,"lines":[{"code":""# + code.code + #"","label":""# + code.label + #"","amount_fen":3616}],"total_fen":3616}"# + "\n")
  }

  @Test func numbersAndEscapes() {
    var out: [UInt8] = []
    for n: Int64 in [0, 7, -5, 1_234_567_890_123, Int64.max, Int64.min + 1] { BillJSON.number(n, to: &out); out.append(32) }
    #expect(String(decoding: out, as: UTF8.self) == "0 7 -5 1234567890123 9223372036854775807 -9223372036854775807 ")
    out = []
    BillJSON.string("a\"b\\c\nd\u{1}", to: &out)
    #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\u0001""#)
  }
}
