import Foundation
import Testing
@testable import TariffCalcKit

/// The bill run as a whole: the same bytes for any number of workers and any cut of the files;
/// every record read is rated or rejected.
@Suite struct BillRunTests {
  static let sampleFiles = ["cdr-2004-10-a.csv", "cdr-2004-10-b.csv"].map { TestSupport.packageRoot + "/SampleCDRs/" + $0 }

  static func runSample(jobs: Int, chunk: Int) throws -> (bills: String, rejects: String, summary: BillRunSummary) {
    let catalog = TestSupport.catalog
    let book = try SubscriberBook.load(file: TestSupport.packageRoot + "/SampleCDRs/subscribers.csv", catalog: catalog)
    let out = TestSupport.temporaryFolder("determinism")
    let options = BillRunOptions(month: Month(year: 2004, month: 10)!, cdrFiles: sampleFiles, jobs: jobs, chunkBytes: chunk)
    let summary = try BillRun.run(options, catalog: catalog, book: book, outputFolder: out)
    return (try String(contentsOfFile: out + "/bills.jsonl", encoding: .utf8),
            try String(contentsOfFile: out + "/rejects.csv", encoding: .utf8), summary)
  }

  /// `--jobs 1` with whole files is the reference; 2 and 4 workers, units down to 1 byte, give the same bytes.
  @Test(arguments: [(2, 1), (4, 1), (4, 2), (1, 3), (4, 7), (2, 16), (3, 64), (4, 4096)])
  func sameBytesForAnyJobsAndChunks(jobs: Int, chunk: Int) throws {
    let reference = try Self.runSample(jobs: 1, chunk: 1 << 30)
    let other = try Self.runSample(jobs: jobs, chunk: chunk)
    #expect(other.bills == reference.bills)
    #expect(other.rejects == reference.rejects)
    #expect(other.summary.files == reference.summary.files)
  }

  /// read = rated + rejected, per file and in total; rejected = lines of rejects.csv; by reason adds up.
  @Test(arguments: [1, 5, 4 << 20])
  func conservation(chunk: Int) throws {
    let r = try Self.runSample(jobs: 2, chunk: chunk)
    for f in r.summary.files { #expect(f.read == f.rated + f.rejected, "\(f.file)") }
    #expect(r.summary.recordsRead == r.summary.recordsRated + r.summary.recordsRejected)
    #expect(r.summary.recordsRejected == r.rejects.split(separator: "\n").count - 1)
    #expect(r.summary.rejectedByReason.values.reduce(0, +) == r.summary.recordsRejected)
    // Every data line of the files is counted (none is blank).
    // (Bytes, not Characters: in Swift "\r\n" is one Character.)
    let lines = Self.sampleFiles.map { try! Data(contentsOf: URL(fileURLWithPath: $0)).split(separator: 0x0A).count - 1 }
    #expect(r.summary.files.map(\.read) == lines)
  }
}

/// On a generated month (every plan on sale, bad lines, roaming, groups, allowances), the outputs of
/// any number of workers and any cut are byte for byte those of one worker.
@Suite struct GeneratedDeterminismTests {
  static let data: (folder: String, files: [String]) = {
    let folder = TestSupport.temporaryFolder("generated")
    let files = try! DataGenerator(subscribers: 3_000, records: 60_000, month: Month(year: 2004, month: 10)!, seed: 7)
      .write(to: folder, catalog: TestSupport.catalog)
    return (folder, files)
  }()

  static func run(jobs: Int, chunk: Int) throws -> (bills: Data, rejects: Data, summary: BillRunSummary) {
    let book = try SubscriberBook.load(file: data.folder + "/subscribers.csv", catalog: TestSupport.catalog)
    let out = TestSupport.temporaryFolder("generated-out")
    let options = BillRunOptions(month: Month(year: 2004, month: 10)!, cdrFiles: data.files, jobs: jobs, chunkBytes: chunk)
    let summary = try BillRun.run(options, catalog: TestSupport.catalog, book: book, outputFolder: out)
    return (FileManager.default.contents(atPath: out + "/bills.jsonl")!,
            FileManager.default.contents(atPath: out + "/rejects.csv")!, summary)
  }

  @Test(arguments: [(2, 4 << 20), (4, 65_536), (3, 997), (2, 61)])
  func sameBytesAsOneWorker(jobs: Int, chunk: Int) throws {
    let one = try Self.run(jobs: 1, chunk: 1 << 30)
    let many = try Self.run(jobs: jobs, chunk: chunk)
    #expect(one.summary.recordsRead == 60_000)
    #expect(one.summary.recordsRejected > 0)  // the generator makes some bad lines
    // … and sends some calls twice (0.1 % of 60 000 lines, about 60; a few copies land outside the month)
    #expect((40...80).contains(one.summary.rejectedByReason[.duplicate] ?? 0))
    #expect(many.bills == one.bills)
    #expect(many.rejects == one.rejects)
    #expect(many.summary.files == one.summary.files)
    #expect(many.summary.recordsRead == many.summary.recordsRated + many.summary.recordsRejected)
  }

  /// The bills phase makes every bill of a worker in one `Bill` value (``BillMaker/fill(_:subscriber:)``):
  /// the value starts as another month's bill (other subscriber, month, as-of day, two plans, a line, an
  /// allowance) and is filled in the reverse order of the book, so that each bill follows a different one;
  /// every field must be set anew, for a month's bill and for an as-of bill: each is the bill made alone.
  @Test(arguments: [nil, Day("2004-10-17")])
  func billsMadeInOneValueAreBillsMadeAlone(asOf: Day?) throws {
    let book = try SubscriberBook.load(file: Self.data.folder + "/subscribers.csv", catalog: TestSupport.catalog)
    let options = BillRunOptions(month: Month(year: 2004, month: 10)!, asOf: asOf, cdrFiles: Self.data.files, jobs: 2,
                                 chunkBytes: 1 << 20)
    let rated = try BillRun.rate(options, catalog: TestSupport.catalog, book: book, rejects: RejectList())
    let maker = BillMaker(ledger: rated.ledger)
    var reused = Bill(subscriber: "x", month: Month(year: 1999, month: 1)!, asOf: asOf == nil ? Day("1999-01-05") : nil,
                      plans: ["a", "b"], activeDays: 99, lines: [BillLine(code: .sms, amountFen: 7, quantity: 1, unit: .messages)],
                      allowances: [AllowanceUse(kind: "k", unit: "u", granted: 1, used: 1)])
    var (billed, withAllowances) = (0, 0)
    for i in (0..<book.count).reversed() {
      let alone = maker.bill(subscriber: i)
      let filled = maker.fill(&reused, subscriber: i)
      #expect(filled == (alone != nil), "subscriber \(i)")
      guard let alone, filled else { continue }
      #expect(reused == alone, "subscriber \(i)")
      #expect(alone.asOf == asOf && alone.month == Month(year: 2004, month: 10)!)
      billed += 1
      if !alone.allowances.isEmpty { withAllowances += 1 }
    }
    #expect(billed > 2_000 && withAllowances > 100)
  }

  /// The generator is deterministic: the same seed, the same bytes.
  @Test func sameSeedSameData() throws {
    let again = TestSupport.temporaryFolder("generated-again")
    let files = try DataGenerator(subscribers: 3_000, records: 60_000, month: Month(year: 2004, month: 10)!, seed: 7)
      .write(to: again, catalog: TestSupport.catalog)
    for (a, b) in zip(Self.data.files, files) {
      #expect(FileManager.default.contents(atPath: a) == FileManager.default.contents(atPath: b))
    }
    #expect(FileManager.default.contents(atPath: Self.data.folder + "/subscribers.csv")
      == FileManager.default.contents(atPath: again + "/subscribers.csv"))
  }
}
