import Testing
@testable import TariffCalcKit

/// A ledger's cells are 32 bits (memory: a row per subscriber per worker); a line's sum past them is kept
/// whole beside the cell, on any number of workers and in any chunk size.
@Suite struct LedgerTests {
  /// 8,000 calls of 86,400 s (1,440 min) at the standard local rate, 0.40/min (R14): each 576.000 yuan,
  /// 576,000 li; 4,000 of them (a worker's half on 2 jobs) are 2,304,000,000 li, past 2^31 − 1 =
  /// 2,147,483,647, so each worker's cell outgrows 32 bits before the merge. The bill's LOCAL line:
  /// 8,000 × 576 = 4,608,000.00 yuan = 460,800,000 fen, 8,000 × 1,440 = 11,520,000 minutes.
  @Test(arguments: [(1, 4 << 20), (2, 4 << 20), (2, 4096)])
  func localLinePast32Bits(jobs: Int, chunk: Int) throws {
    let calls = (0..<8_000).map { k in
      // One call a minute from 2004-10-01 00:00 (overlapping calls are still calls).
      let day = 1 + k / 1440, minute = k % 1440
      let start = "2004-10-\(day < 10 ? "0" : "")\(day) \(minute / 60 < 10 ? "0" : "")\(minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60):00"
      return "VOICE,13871000001,MO,02787654321,\(start),86400,027,"
    }
    let s = try Scenario(subscribers: ["13871000001,standard,2003-05-01,,027,"], cdrs: [calls], month: "2004-10",
                         jobs: jobs, chunkBytes: chunk)
    #expect(s.rejects.isEmpty)
    #expect(s.fen("13871000001", .local) == 460_800_000)
    #expect(s.quantity("13871000001", .local) == 11_520_000)
  }
}
