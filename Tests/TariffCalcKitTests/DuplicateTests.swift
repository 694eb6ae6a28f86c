import Foundation
import Testing
@testable import TariffCalcKit

/// R24 duplicates (重单): a call is never billed twice, whether its line is repeated, its file is sent again,
/// or its switch numbers it twice; the first copy in input order is billed, for any workers and cut.
@Suite struct DuplicateTests {
  static let a = "13800000001"
  static let b = "13800000002"
  static func sub(_ plan: String, _ number: String = a) -> String { "\(number),\(plan),2004-01-01,,027," }

  static let voice = "VOICE,\(a),MO,13912345678,2004-03-05 10:00:00,61,027,"
  static let sms = "SMS,\(a),MO,13912345678,2004-03-05 10:05:00,,027,"

  /// R24 (c): standard, local MO 0.40/min. The 61 s call is billed once: ⌈61/60⌉ = 2 min × 0.40 = 0.80;
  /// its copies (line 4 of the first file, line 2 of the second) are DUPLICATE naming cdr-1.csv:2.
  /// The SMS sent twice is billed twice (the parts of one long message share the second):
  /// 2 × 0.10 on-net = 0.20.
  @Test(arguments: [(1, 4 << 20), (2, 1), (2, 3), (3, 7), (4, 16), (2, 64)])
  func aRepeatedCallIsADuplicateARepeatedSMSIsNot(jobs: Int, chunk: Int) throws {
    let s = try Scenario(subscribers: [Self.sub("standard")], cdrs: [
      [Self.voice, Self.sms, Self.voice, Self.sms],
      [Self.voice],
    ], month: "2004-03", jobs: jobs, chunkBytes: chunk)
    #expect(s.rejects.map(\.reason) == [.duplicate, .duplicate])
    #expect(s.rejects.map(\.file) == [s.files[0], s.files[1]])
    #expect(s.rejects.map(\.line) == [4, 2])
    #expect(s.rejects.map(\.detail) == Array(repeating: "a copy of the record at \(s.files[0]):2", count: 2))
    #expect(s.fen(Self.a, .local) == 80)
    #expect(s.quantity(Self.a, .local) == 2)
    #expect(s.fen(Self.a, .sms) == 20)
    #expect(s.rated.recordsRead == 5)
    #expect(s.rated.recordsRated == 3)
  }

  /// Calls that differ in one of subscriber, direction, peer, start and duration are all billed; a
  /// different cell or area does not make a call different (one phone, one call, one second).
  /// standard: MO 2 min × 0.40 = 0.80 for each of five calls of A, 0.80 for B's; MT local 1 min × 0.40.
  @Test func callsThatDifferAreAllBilled() throws {
    let s = try Scenario(subscribers: [Self.sub("standard"), Self.sub("standard", Self.b)], cdrs: [
      Self.voice,
      "VOICE,\(Self.b),MO,13912345678,2004-03-05 10:00:00,61,027,",  // another subscriber
      "VOICE,\(Self.a),MT,13912345678,2004-03-05 10:00:00,61,027,",  // another direction: 2 min × 0.40
      "VOICE,\(Self.a),MO,13912345679,2004-03-05 10:00:00,61,027,",  // another peer
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:01,61,027,",  // another second
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,62,027,",  // another duration
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,61,027,WC0001",  // only the cell differs: a copy
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.duplicate])
    #expect(s.rejects.map(\.line) == [8])
    // A: 5 calls of 2 min (MO 4, MT 1) = 10 min × 0.40 = 4.00; B: 2 min × 0.40 = 0.80.
    #expect(s.fen(Self.a, .local) == 400)
    #expect(s.fen(Self.b, .local) == 80)
  }

  /// R6a: OUTSIDE_PERIOD before DUPLICATE (a copy of a call of another month is that month's), DUPLICATE
  /// before UNKNOWN_SUBSCRIBER (a copy is a copy whoever made it), MALFORMED first of all.
  @Test func theOrderOfReasons() throws {
    let other = "VOICE,13999999999,MO,13912345678,2004-03-05 10:00:00,61,027,"
    let april = "VOICE,\(Self.a),MO,13912345678,2004-04-05 10:00:00,61,027,"
    let s = try Scenario(subscribers: [Self.sub("standard")], cdrs: [
      other, other, april, april, Self.voice, Self.voice + ",extra",
    ], month: "2004-03")
    #expect(s.rejects.map(\.reason) == [.unknownSubscriber, .duplicate, .outsidePeriod, .outsidePeriod, .malformed])
    #expect(s.rejects.map(\.line) == [2, 3, 4, 5, 7])
  }

  /// R24 (b): with a record_id column, the switch's sequence number decides, for calls and messages alike:
  /// the same id again is DUPLICATE (even with other fields), other ids are billed (even with equal fields).
  /// standard: call 1 min × 0.40 (id C1) and its equal twin (id C2) 0.40: 0.80; SMS M1 0.10 once.
  @Test func recordIDsDecideWhenTheFilesHaveThem() throws {
    let header = Scenario.cdrHeader + ",record_id"
    let call = "VOICE,\(Self.a),MO,13912345678,2004-03-05 10:00:00,60,027,"
    let s = try Scenario(subscribers: [Self.sub("standard")], cdrs: [[
      call + ",MSC01-0001",
      call + ",MSC01-0002",  // the same fields, another id: billed
      "SMS,\(Self.a),MO,13912345678,2004-03-05 10:05:00,,027,,MSC01-0003",
      "SMS,\(Self.a),MO,13912345678,2004-03-05 10:06:00,,027,,MSC01-0003",  // the same id: DUPLICATE
      "VOICE,\(Self.a),MO,13912345678,2004-03-05 11:00:00,600,027,,MSC01-0001",  // the same id: DUPLICATE
      call + ",",  // no id: compared as a call (R24 c) with … nothing without an id: billed
    ]], month: "2004-03", header: header)
    #expect(s.rejects.map(\.reason) == [.duplicate, .duplicate])
    #expect(s.rejects.map(\.line) == [5, 6])
    #expect(s.rejects.map(\.detail) == ["a copy of the record at \(s.files[0]):4", "a copy of the record at \(s.files[0]):2"])
    // Calls billed: C1, C2 and the one without an id, 1 min each × 0.40 = 1.20; one SMS 0.10.
    #expect(s.fen(Self.a, .local) == 120)
    #expect(s.fen(Self.a, .sms) == 10)
  }

  /// R24 (a): a file given twice, or a copy of it under another name, is billed once: every line of the
  /// copy is DUPLICATE naming the first file. standard: 2 min × 0.40 = 0.80 and an SMS 0.10.
  @Test(arguments: [1, 2])
  func aFileGivenTwiceOrCopiedIsBilledOnce(jobs: Int) throws {
    let dir = TestSupport.temporaryFolder()
    TestSupport.write(Scenario.subscribersHeader + "\n" + Self.sub("standard") + "\n", to: "\(dir)/subscribers.csv")
    let text = [Scenario.cdrHeader, Self.voice, Self.sms, "bad line"].joined(separator: "\n") + "\n"
    TestSupport.write(text, to: "\(dir)/a.csv")
    TestSupport.write(text, to: "\(dir)/copy.csv")
    try FileManager.default.linkItem(atPath: "\(dir)/a.csv", toPath: "\(dir)/link.csv")
    let book = try SubscriberBook.load(file: "\(dir)/subscribers.csv", catalog: TestSupport.catalog)
    let files = ["\(dir)/a.csv", "\(dir)/copy.csv", "\(dir)/a.csv", "\(dir)/link.csv"]
    let sink = RejectList()
    let rated = try BillRun.rate(BillRunOptions(month: Month("2004-03")!, cdrFiles: files, jobs: jobs, chunkBytes: 5),
                                 catalog: TestSupport.catalog, book: book, rejects: sink)
    #expect(rated.files.map(\.duplicateOf) == [nil, files[0], files[0], files[0]])
    let copies = sink.rejects.filter { $0.reason == .duplicate }
    #expect(copies.count == 9)  // 3 lines in each of 3 copies, the bad line too
    #expect(Set(copies.map(\.detail)) == ["the file is a copy of \(files[0])"])
    #expect(sink.rejects.filter { $0.reason == .malformed }.map(\.file) == [files[0]])
    #expect(rated.bill(of: UInt64(Self.a)!)?.amount(.local) == 80)
    #expect(rated.bill(of: UInt64(Self.a)!)?.amount(.sms) == 10)
  }
}
