import Synchronization
import Testing
@testable import TariffCalcKit

/// The run tells how far it has gone after each unit, for the progress line; its outputs do not depend on it.
@Suite struct ProgressTests {
  static let header = "type,subscriber,direction,peer,start,duration,area,cell\n"
  static let line = "VOICE,13800000001,MO,13912345678,2004-03-05 10:00:00,61,027,\n"

  /// Two inputs of 20 records each (each record line 61 bytes: 20 × 61 = 1,220 data bytes an input, 2,440
  /// in all), cut in units of 100 bytes: every call says more bytes than the one before (calls come one at
  /// a time), the last says 2,440 of 2,440 and 40 records, whatever the workers.
  @Test(arguments: [1, 2])
  func theLastCallSaysAllTheBytesAndRecords(jobs: Int) throws {
    #expect(Self.line.utf8.count == 61)
    let data = Array((Self.header + String(repeating: Self.line, count: 20)).utf8)
    let inputs = try RunInputs(sources: [MemorySource(name: "a.csv", bytes: data), MemorySource(name: "b.csv", bytes: data)],
                               copies: [nil, nil])
    let book = try SubscriberBook.load(MemorySource(name: "subscribers.csv",
                                                    bytes: Array("subscriber,plan,start,end,home_area,group\n13800000001,standard,2004-01-01,,027,\n".utf8)),
                                       catalog: TestSupport.catalog)
    let seen = Mutex<[RunProgress]>([])
    var options = BillRunOptions(month: Month(year: 2004, month: 3)!, cdrFiles: [], jobs: jobs, chunkBytes: 100,
                                 inputs: inputs)
    options.progress = { p in seen.withLock { $0.append(p) } }
    _ = try BillRun.rate(options, catalog: TestSupport.catalog, book: book, rejects: RejectList())
    let calls = seen.withLock { $0 }
    #expect(calls.count >= 2 * 12)  // at least ⌈1,220 / 100⌉ = 13 units an input, less a few cut at line ends
    #expect(zip(calls, calls.dropFirst()).allSatisfy { $0.bytesDone < $1.bytesDone })
    #expect(calls.last?.bytesDone == 2_440)
    #expect(calls.last?.bytesTotal == 2_440)
    #expect(calls.last?.records == 40)
  }

  /// Time left at the rate so far: 2 s for 500 of 2,000 bytes → 2 × 1,500 / 500 = 6 s; none for a stream.
  @Test func timeLeft() {
    #expect(RunProgress(bytesDone: 500, bytesTotal: 2_000, records: 0, elapsed: .seconds(2)).timeLeft == .seconds(6))
    #expect(RunProgress(bytesDone: 500, bytesTotal: nil, records: 0, elapsed: .seconds(2)).timeLeft == nil)
    #expect(RunProgress(bytesDone: 0, bytesTotal: 2_000, records: 0, elapsed: .seconds(2)).timeLeft == nil)
  }
}
