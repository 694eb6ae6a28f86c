import Testing
@testable import TariffCalcKit

/// A pending plan change (R4: recorded for the 1st of next month) can be cancelled before it takes effect,
/// under the same freeze as a change (R5: not on the 1st–5th).
@Suite struct CancelChangeTests {
  static let header = "subscriber,plan,start,end,home_area,group\n"
  static let other = "13800000002,gotone,2004-01-01,,027,\n"
  /// standard until 10-31, gotone from 11-01: the change asked for in October.
  static let pending = header + "13800000001,standard,2004-01-01,2004-10-31,027,\n" + other
    + "13800000001,gotone,2004-11-01,,027,\n"

  static func book(_ text: String) throws -> SubscriberBook {
    try SubscriberBook.load(MemorySource(name: "subscribers.csv", bytes: Array(text.utf8)), catalog: TestSupport.catalog)
  }

  /// Cancelled on 10-20: the gotone line goes, standard is open again (its end empty); the other
  /// subscriber's line is kept byte for byte.
  @Test func aPendingChangeIsCancelled() throws {
    let result = try PlanChange.cancel(subscriber: 13_800_000_001, on: TestSupport.day("2004-10-20"),
                                       bytes: Array(Self.pending.utf8), book: try Self.book(Self.pending),
                                       catalog: TestSupport.catalog)
    #expect(String(decoding: result.bytes, as: UTF8.self)
      == Self.header + "13800000001,standard,2004-01-01,,027,\n" + Self.other)
    #expect(result.plan == "gotone")
    #expect(result.from == TestSupport.day("2004-11-01"))
  }

  /// On 11-03 the change has taken effect and bills are being run (R5: 1st–5th): refused, reopening on
  /// the 6th. With no change pending: refused too.
  @Test func refusals() throws {
    let book = try Self.book(Self.pending)
    #expect(throws: PlanChange.Refusal.freeze(on: TestSupport.day("2004-11-03"), window: 1...5,
                                              reopens: TestSupport.day("2004-11-06"))) {
      _ = try PlanChange.cancel(subscriber: 13_800_000_001, on: TestSupport.day("2004-11-03"),
                                bytes: Array(Self.pending.utf8), book: book, catalog: TestSupport.catalog)
    }
    #expect(throws: PlanChange.Refusal.nothingPending("13800000002")) {
      _ = try PlanChange.cancel(subscriber: 13_800_000_002, on: TestSupport.day("2004-10-20"),
                                bytes: Array(Self.pending.utf8), book: book, catalog: TestSupport.catalog)
    }
  }
}
