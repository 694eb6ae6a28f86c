import Testing
@testable import TariffCalcKit

/// The clerk's quote as of a day (R23) lists as not billed only the records it refused, not those of
/// the month on or after the as-of day, which are not billed yet.
@Suite struct QuoteAsOfTests {
  /// #04 dalingtong, as of 2004-10-05, in the sample: its roaming call at cdr-2004-10-a.csv:17 (before the
  /// 5th) is refused, ROAMING_NOT_ALLOWED; its records at a.csv:18 and b.csv:6, on the 5th or later, are
  /// left out. A bill run as of the same day still puts those two in rejects.csv, OUTSIDE_PERIOD, marked
  /// not yet (nothing read is lost).
  @Test func recordsOnOrAfterTheDayAreNotListed() throws {
    let root = TestSupport.packageRoot + "/SampleCDRs"
    let book = try SubscriberBook.load(file: root + "/subscribers.csv", catalog: TestSupport.catalog)
    let files = [root + "/cdr-2004-10-a.csv", root + "/cdr-2004-10-b.csv"]
    let asOf = TestSupport.day("2004-10-05")
    let quote = try Counter.quote(13_871_000_004, month: asOf.month, asOf: asOf, inputs: try RunInputs(files),
                                  catalog: TestSupport.catalog, book: book)
    #expect(quote.rejects.map { "\($0.file.split(separator: "/").last!):\($0.line) \($0.reason.code)" }
      == ["cdr-2004-10-a.csv:17 ROAMING_NOT_ALLOWED"])

    let all = RejectList()
    let options = BillRunOptions(month: asOf.month, asOf: asOf, cdrFiles: files, jobs: 2, inputs: try RunInputs(files))
    _ = try BillRun.rate(options, catalog: TestSupport.catalog, book: book, rejects: all)
    let mine = all.rejects.filter { $0.subscriber == 13_871_000_004 }
    #expect(mine.map { "\($0.file.split(separator: "/").last!):\($0.line) \($0.reason.code) \($0.notYet)" }
      == ["cdr-2004-10-a.csv:17 ROAMING_NOT_ALLOWED false", "cdr-2004-10-a.csv:18 OUTSIDE_PERIOD true",
          "cdr-2004-10-b.csv:6 OUTSIDE_PERIOD true"])
  }
}
