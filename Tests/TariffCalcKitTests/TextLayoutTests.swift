import Testing
@testable import TariffCalcKit

/// `TextLayout.wrap` and the thousands separators of text, each expected output worked out by hand:
/// a Chinese character is two columns, anything else one.
@Suite struct TextLayoutTests {
  /// Greedy at spaces: "the quick brown" is exactly 15; "fox" would make it 19.
  @Test func wrapsAtSpaces() {
    #expect(TextLayout.wrap("the quick brown fox jumps over the lazy dog", width: 15)
      == ["the quick brown", "fox jumps over", "the lazy dog"])
  }

  /// "本地通话费" is 10 columns (5 characters): with "LOCAL" the line is 16, full; "长途费" (6) goes on.
  /// Counted by characters the first line would take "长途费" too (5 + 1 + 5 + 1 + 3 = 15).
  @Test func countsChineseAsTwoColumns() {
    #expect(TextLayout.wrap("本地通话费 LOCAL 长途费 LONG", width: 16) == ["本地通话费 LOCAL", "长途费 LONG"])
  }

  /// "来源 source: " is 13 columns (来源 4, " source: " 9): the continuation lines are indented 13.
  /// "a.csv," ends the first line at 19; "b.csv" (5) would make 25 > 20; "and" on 18 would make 22.
  @Test func hangsUnderTheFirstLinesPrefix() {
    let indent = String(repeating: " ", count: 13)
    #expect(TextLayout.wrap("a.csv, b.csv and c.csv", width: 20, first: "来源 source: ")
      == ["来源 source: a.csv,", indent + "b.csv", indent + "and", indent + "c.csv"])
  }

  /// Items of a ` · ` list stay whole: "MALFORMED 10" ends at 24; "OUTSIDE_PERIOD 2" (16) would make
  /// 24 + 3 + 16 = 43 > 36, so it starts the next line, where the ` · ` is dropped; "重单 4" is 6 columns:
  /// 24 + 3 + 6 = 33 fits after "NOT_ACTIVE 3".
  @Test func breaksBetweenListItemsFirst() {
    let indent = String(repeating: " ", count: 12)
    #expect(TextLayout.wrap("MALFORMED 10 · OUTSIDE_PERIOD 2 · NOT_ACTIVE 3 · 重单 4", width: 36, first: "  rejected  ")
      == ["  rejected  MALFORMED 10", indent + "OUTSIDE_PERIOD 2", indent + "NOT_ACTIVE 3 · 重单 4"])
  }

  /// The path (28 columns) is wider than any line (16 after the indent of 4): whole, on a line of its own.
  @Test func aWordWiderThanTheLineStaysWhole() {
    #expect(TextLayout.wrap("see /a/very/long/path/to/some/file.csv for details", width: 20, first: "  ", rest: "    ")
      == ["  see", "    /a/very/long/path/to/some/file.csv", "    for details"])
  }

  /// A word wider than the line breaks after its commas, never inside `1,000`: "usage mo=100," is 13;
  /// "mo-night=60," (12) would make 25; "ip=10," (6) then "sms=1,000" (9) make 15.
  @Test func aCommaListBreaksAfterItsCommas() {
    #expect(TextLayout.wrap("usage mo=100,mo-night=60,ip=10,sms=1,000", width: 16)
      == ["usage mo=100,", "mo-night=60,", "ip=10,sms=1,000"])
  }

  /// A run of Chinese wider than the line breaks between characters, six (12 columns) to a line, never
  /// before the full-width comma "，": "示，" stays together, so the second line has five characters.
  @Test func aChineseRunBreaksBetweenCharacters() {
    #expect(TextLayout.wrap("来显不能取消赠送来电显示，每月赠送彩铃", width: 12)
      == ["来显不能取消", "赠送来电显", "示，每月赠送", "彩铃"])
  }

  /// Items joined by two spaces (verify's fields): the spaces inside an item are kept, the separator at
  /// the break dropped. First line 13 + 32 = 45; "actual      6.81" (16) would make 63 > 60.
  @Test func wrapsItemsWithTheirOwnSeparator() {
    let lines = TextLayout.wrap(items: ["LOCAL           golden      6.80", "actual      6.81", "delta +0.01"],
                                separator: "  ", width: 60, first: "13871000001  ")
    #expect(lines == ["13871000001  LOCAL           golden      6.80", "             actual      6.81  delta +0.01"])
    #expect(TextLayout.wrap(items: ["a", "b"], separator: "  ", width: 60) == ["a  b"])
  }

  @Test func emptyTextAndTrailingSpaces() {
    #expect(TextLayout.wrap("") == [""])
    #expect(TextLayout.wrap("", first: "  x: ") == ["  x:"])
    #expect(TextLayout.wrap("a  ", width: 10) == ["a"])
  }

  /// The fee column gets 30 − 8 − 2 = 20 columns: "月租 0.00" (9) + " · " + "被叫包月 16.00" (14) is 26.
  @Test func aTableWrapsItsLastColumn() {
    let table = TextLayout.table([["id", "fees"], ["lingtong", "月租 0.00 · 被叫包月 16.00 · 最低消费 42.00"], ["aixin", "月租 0.00"]],
                                 width: 30)
    #expect(table == """
      id        fees
      lingtong  月租 0.00
                被叫包月 16.00
                最低消费 42.00
      aixin     月租 0.00
      """)
    // A cell of several lines, right-aligned columns padded on each line.
    #expect(TextLayout.table([["a", "1", "x\ny"], ["bb", "22", "z"]], rightAligned: [1]) == "a    1  x\n        y\nbb  22  z")
  }

  // MARK: Thousands separators

  @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (-1_234_567, "-1,234,567"), (10_000_000, "10,000,000")])
  func groupsCounts(n: Int, text: String) {
    #expect(TextLayout.grouped(n) == text)
  }

  @Test(arguments: [
    (1_660_416_185, "16,604,161.85"), (72_944, "729.44"), (100_000, "1,000.00"), (99_999, "999.99"), (-1, "-0.01"),
    (-123_456, "-1,234.56"), (0, "0.00"),
  ] as [(Int64, String)])
  func groupsYuanOfFen(fen: Int64, text: String) {
    #expect(TextLayout.yuan(fen: fen) == text)
  }

  /// Li keep their third decimal when it is not zero (tariff amounts: `0.125`).
  @Test func groupsYuanOfLi() {
    #expect(TextLayout.yuan(li: 125) == "0.125")
    #expect(TextLayout.yuan(li: 12_345_670) == "12,345.67")
    #expect(TextLayout.yuan(li: 1_234_567_125) == "1,234,567.125")
    #expect(TextLayout.grouped(decimal: "12345.000") == "12,345.000")
  }

  /// The same run in text and in JSON: 10,000,000 records and 16,604,161.85 元 in the report, plain
  /// integers in summary.json and bills.jsonl.
  @Test func textHasSeparatorsJSONHasNone() {
    let summary = BillRunSummary(
      month: Month(year: 2004, month: 10)!, asOf: nil,
      files: [FileStats(file: "big.csv", bytes: 658_000_000, read: 10_000_000, rated: 9_893_502, rejected: 106_498)],
      rejectedByReason: [.malformed: 106_498], subscribersBilled: 200_000,
      totalFenByCode: [.rental: 1_000_000_000, .local: 660_416_185], jobs: 2, elapsed: .seconds(2),
      outputFolder: "out")
    // Columns: labels 8 wide, numbers 13 (16,604,161.85), two spaces apart.
    #expect(BillRunReport.render(summary) == """
      tariffcalc bill 2004-10 → out/
        read         10,000,000  records in 1 file (658 MB)
        rated         9,893,502
        rejected        106,498  MALFORMED 106,498
        billed          200,000  subscribers
        revenue   16,604,161.85  元  RENTAL 10,000,000.00 · LOCAL 6,604,161.85
        time            2.000 s  5,000,000 records/s, 2 jobs

      """)
    let json = SummaryJSON.render(summary)
    #expect(json.contains("10000000"))
    #expect(json.contains("106498"))
    #expect(!json.contains("10,000,000") && !json.contains("106,498"))
    let bill = Bill(subscriber: "13871000001", month: Month(year: 2004, month: 10)!, asOf: nil, plans: ["standard"],
                    activeDays: 31, lines: [BillLine(code: .local, amountFen: 1_660_416_185, quantity: 1_234_567, unit: .minutes)])
    #expect(BillJSON.line(bill).contains(#""amount_fen":1660416185,"quantity":1234567"#))
    let text = BillText.render(bill, catalog: TestSupport.catalog, source: "bills.jsonl")
    #expect(text.contains("1,234,567 分钟"))
    #expect(text.contains("16,604,161.85 元"))
  }
}
