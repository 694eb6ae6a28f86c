import Foundation
import Testing

@testable import TariffCalcKit

/// R26: a month billed in shards by subscriber and merged is the run of one machine, byte for byte, for
/// any number of shards; a step run again changes nothing; a merge with a shard missing writes nothing.
@Suite struct ShardTests {
  /// A month to bill: where its files are and how.
  struct Month_ {
    var tariffs = TestSupport.tariffs
    var subscribers: String
    var files: [String]
    var month: TariffCalcKit.Month? = nil
    var asOf: Day? = nil
  }

  /// The run on one machine, into a new folder.
  static func single(_ m: Month_, jobs: Int = 2, chunk: Int = 4 << 20) throws -> String {
    let out = TestSupport.temporaryFolder("single")
    let setup = try RunSetup(tariffs: m.tariffs, subscribers: m.subscribers, cdrFiles: m.files, month: m.month, asOf: m.asOf)
    let options = BillRunOptions(month: setup.month, asOf: setup.asOf, cdrFiles: setup.inputs.names, jobs: jobs,
                                 chunkBytes: chunk, inputs: setup.inputs)
    _ = try BillRun.run(options, catalog: setup.catalog, book: setup.book, outputFolder: out)
    return out
  }

  /// Every step of a sharded run, in order, in process; the work folder and the output folder.
  /// `billJobs`: the workers of each shard's bill, when not the plan's `jobs` (summary.json says `jobs`).
  static func sharded(_ m: Month_, shards: Int, jobs: Int = 2, billJobs: Int? = nil, chunk: Int = 4 << 20) throws -> (work: ShardWork, out: String) {
    let work = ShardWork(TestSupport.temporaryFolder("work") + "/w")
    let out = TestSupport.temporaryFolder("merged")
    let setup = try RunSetup(tariffs: m.tariffs, subscribers: m.subscribers, cdrFiles: m.files, month: m.month, asOf: m.asOf)
    let plan = try work.write(ShardPlan.make(setup, shards: shards, jobs: jobs, tariffs: m.tariffs, subscribers: m.subscribers))
    #expect(plan.id.count == 8 && plan.id.allSatisfy(\.isHexDigit), "the plan's id is its CRC-32 in 8 hex digits")
    for i in plan.inputs.indices { try ShardPartition.run(work: work, input: i) }
    if try work.status().needsIDs { for k in 0..<shards { try ShardRecordIDs.run(work: work, hash: k) } }
    for k in 0..<shards { try ShardBill.run(work: work, shard: k, jobs: billJobs, chunkBytes: chunk) }
    _ = try ShardMerge.run(work: work, into: out)
    // The mark holds each output's size and CRC-32 (the bills' combined from the shards' CRCs).
    let mark = try #require(work.manifest(ShardMerge.Mark.self, at: work.mergedPath, plan: plan.id))
    #expect(mark.outputs.map { ($0.path as NSString).lastPathComponent } == ["bills.jsonl", "rejects.csv", "summary.json"])
    for output in mark.outputs { try output.check() }
    return (work, out)
  }

  static func bytes(_ path: String) -> [UInt8] { (try? Inputs.contents(of: path)) ?? [] }

  /// summary.json less its timings.
  static func summaryLessTimes(_ folder: String) -> String {
    String(decoding: bytes("\(folder)/summary.json"), as: UTF8.self).split(separator: "\n")
      .filter { !$0.contains("\"elapsed_s\"") && !$0.contains("\"phases_s\"") }.joined(separator: "\n")
  }

  static func expectSame(_ a: String, _ b: String, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    for name in ["bills.jsonl", "rejects.csv"] {
      let x = bytes("\(a)/\(name)")
      #expect(!x.isEmpty, "\(what): no \(name)", sourceLocation: sourceLocation)
      let same = x == bytes("\(b)/\(name)")
      #expect(same, "\(what): \(name) differs", sourceLocation: sourceLocation)
    }
    let same = summaryLessTimes(a) == summaryLessTimes(b)
    #expect(same, "\(what): summary.json differs", sourceLocation: sourceLocation)
  }

  /// A golden scenario as a month to bill.
  static func scenario(_ name: String) throws -> Month_ {
    let folder = "\(Golden.folder)/\(name)"
    let settings = try GoldenScenarioTests.settings(folder)
    let files = try FileManager.default.contentsOfDirectory(atPath: folder)
      .filter { $0.hasSuffix(".csv") && $0 != "subscribers.csv" && $0 != "rejects.csv" }.sorted().map { "\(folder)/\($0)" }
    var m = Month_(tariffs: settings.tariffs, subscribers: "\(folder)/subscribers.csv", files: files)
    var args = settings.arguments[...]
    while let name = args.popFirst(), let value = args.popFirst() {
      if name == "--month" { m.month = TariffCalcKit.Month(value) }
      if name == "--as-of" { m.asOf = Day(value) }
    }
    return m
  }

  @Test(arguments: GoldenScenarioTests.scenarios)
  func everyScenarioInAnyNumberOfShards(_ name: String) throws {
    let m = try Self.scenario(name)
    let one = try Self.single(m)
    for n in 1...4 {
      let (_, out) = try Self.sharded(m, shards: n)
      Self.expectSame(one, out, "\(name), \(n) shards")
    }
  }

  /// A generated month (malformed lines, another month's records, unknown numbers, calls sent twice)
  /// plus a file of another month (R25) and a copy of a file (R24 a), in small units of work.
  @Test func aGeneratedMonthWithItsFaults() throws {
    let folder = TestSupport.temporaryFolder("gen") + "/data"
    let generator = DataGenerator(subscribers: 1000, records: 20_000, month: TariffCalcKit.Month(year: 2004, month: 10)!, files: 3)
    var files = try generator.write(to: folder, catalog: TestSupport.catalog).filter { $0.contains("cdr-") }.sorted()
    let other = "\(folder)/other-month.csv"
    TestSupport.write(Scenario.cdrHeader + "\nVOICE,13900000001,MO,02787654321,2004-09-03 10:00:00,60,027,\n", to: other)
    let copy = "\(folder)/copy.csv"
    try FileManager.default.copyItem(atPath: files[0], toPath: copy)
    files += [other, copy]
    let m = Month_(subscribers: "\(folder)/subscribers.csv", files: files, month: TariffCalcKit.Month(year: 2004, month: 10)!)
    let one = try Self.single(m, jobs: 2, chunk: 1 << 16)
    #expect(String(decoding: Self.bytes("\(one)/summary.json"), as: UTF8.self).contains("(R25)"))
    for n in [3, 4] {
      let (_, out) = try Self.sharded(m, shards: n, billJobs: n == 3 ? 1 : 2, chunk: 1 << 15)
      Self.expectSame(one, out, "generated month, \(n) shards")
    }
  }

  /// Four subscribers: with 2 shards, …01 and …02 in shard 0, …03 and …04 in shard 1.
  static func recordIDMonth() -> Month_ {
    let folder = TestSupport.temporaryFolder("ids")
    TestSupport.write(Scenario.subscribersHeader + "\n" + (1...4).map { "1390000000\($0),gotone,2003-01-01,,027," }.joined(separator: "\n") + "\n",
                      to: "\(folder)/subscribers.csv")
    let header = Scenario.cdrHeader + ",record_id\n"
    func call(_ n: Int, _ day: Int, _ id: String) -> String { "VOICE,1390000000\(n),MO,02787654321,2004-10-0\(day) 10:00:00,60,027,,\(id)" }
    TestSupport.write(header + call(1, 5, "SW-1") + "\n\n" + call(3, 6, "SW-2") + "\n", to: "\(folder)/a.csv")
    TestSupport.write(header + call(3, 5, "SW-1") + "\n" + call(4, 6, "SW-2") + "\n" + call(2, 7, "SW-3") + "\r\n"
      + "VOICE," + String(repeating: "9", count: 5000) + "\n" + call(1, 8, "SW-1"), to: "\(folder)/b.csv")
    return Month_(subscribers: "\(folder)/subscribers.csv", files: ["\(folder)/a.csv", "\(folder)/b.csv"])
  }

  /// R24 (b) across shards: a record id seen under …01 (shard 0) is a copy under …03 (shard 1); the lines
  /// of the parts are named as delivered (a blank line before, a CR LF line, a line too long, a last line
  /// without its LF).
  @Test func recordIDsAreMatchedAcrossShards() throws {
    let m = Self.recordIDMonth()
    let (a, b) = (m.files[0], m.files[1])
    let (_, out) = try Self.sharded(m, shards: 2)
    let rows = String(decoding: Self.bytes("\(out)/rejects.csv"), as: UTF8.self).split(separator: "\n").dropFirst()
      .map { $0.split(separator: ",").first.map(String.init) ?? "" }
    #expect(rows.count == 4)
    let text = String(decoding: Self.bytes("\(out)/rejects.csv"), as: UTF8.self)
    // b.csv:2, SW-1 under …03 (shard 1): first seen at a.csv:2 under …01 (shard 0)
    #expect(text.contains("\(b),2,DUPLICATE,") && text.contains("a copy of the record at \(a):2\n"))
    // b.csv:3, SW-2 under …04: first at a.csv:4 (line 3 of a.csv is blank, no record)
    #expect(text.contains("\(b),3,DUPLICATE,") && text.contains("a copy of the record at \(a):4\n"))
    // b.csv:5, 5,006 bytes: longer than the 4,096 a record may have
    #expect(text.contains("\(b),5,MALFORMED,") && text.contains("line longer than 4096 bytes"))
    // b.csv:6, the last line, has no LF: it may be cut short (in its part too, where it is the last line)
    #expect(text.contains("\(b),6,MALFORMED,") && text.contains("no newline at the end of the file"))
    // rated: a.csv:2, a.csv:4, b.csv:4 (its CR dropped) — 3 calls of 1 minute at 0.36 (gotone local)
    let summary = String(decoding: Self.bytes("\(out)/summary.json"), as: UTF8.self)
    #expect(summary.contains("\"records_rated\": 3,"))
    #expect(summary.contains("\"LOCAL\": 108"))  // 3 × 36 fen
    let one = try Self.single(m)
    for n in 1...4 {
      let (_, out) = try Self.sharded(m, shards: n)
      Self.expectSame(one, out, "record ids, \(n) shards")
    }
  }

  /// A shard that did not finish (killed: no manifest, its files under temporary names): merge refuses,
  /// names it, writes nothing and leaves no mark; run again, it finishes and the merge is one machine's.
  @Test func aShardThatDiedIsRunAgain() throws {
    let m = try Self.scenario("rejects")
    let (work, _) = try Self.sharded(m, shards: 3)
    let one = try Self.single(m)
    // Shard 1 died: its manifest gone, a half-written bills file of a process that no longer runs.
    unlink(work.billDone(1))
    unlink("\(work.billFolder(1))/bills.jsonl")
    // Its temporary file (a PID no process has), and one of a step still running on another machine
    // sharing the folder (whose PID this host cannot check): only the first may be removed.
    let dead = "\(work.billFolder(1))/.bills.jsonl.tmp.\(AtomicFile.host).2147483646"
    let otherHost = "\(work.billFolder(1))/.bills.jsonl.tmp.\(AtomicFile.host)x.1"
    TestSupport.write("{\"subscriber\"", to: dead)
    TestSupport.write("{\"subscriber\"", to: otherHost)
    let out = TestSupport.temporaryFolder("after-death")
    #expect(throws: Problem.self) { _ = try ShardMerge.run(work: work, into: out) }
    do { _ = try ShardMerge.run(work: work, into: out) } catch let p as Problem { #expect(p.message.contains("shard 1 of 3")) }
    #expect(!ShardMerge.isMerged(work))
    #expect(!FileManager.default.fileExists(atPath: "\(out)/bills.jsonl"))
    #expect(try work.status().bill == [1])
    try ShardBill.run(work: work, shard: 1)
    #expect(!FileManager.default.fileExists(atPath: dead))
    #expect(FileManager.default.fileExists(atPath: otherHost))
    _ = try ShardMerge.run(work: work, into: out)
    #expect(ShardMerge.isMerged(work))
    Self.expectSame(one, out, "after shard 1 ran again")
  }

  /// A step run again after it finished is not done again: its files and manifest stay as they were.
  @Test func aFinishedStepRunAgainChangesNothing() throws {
    let m = try Self.scenario("rejects")
    let (work, _) = try Self.sharded(m, shards: 2)
    let files = [work.partDone(0), work.partLines(0, shard: 1), work.billDone(1), "\(work.billFolder(1))/bills.jsonl"]
    let before = files.map(Self.bytes)
    let times = files.map { Inputs.modification(of: $0)!.nanoseconds }
    try ShardPartition.run(work: work, input: 0)
    try ShardBill.run(work: work, shard: 1)
    #expect(files.map(Self.bytes) == before)
    #expect(files.map { Inputs.modification(of: $0)!.nanoseconds } == times)
  }

  /// A shard's bills changed after it finished: the merge refuses them (CRC-32), leaves no mark and lists
  /// the shard to run again; run again, the merge is one machine's.
  @Test func mergeChecksWhatTheShardsWrote() throws {
    let m = try Self.scenario("rejects")
    let (work, _) = try Self.sharded(m, shards: 2)
    let bills = "\(work.billFolder(0))/bills.jsonl"
    var bytes = Self.bytes(bills)
    bytes[10] = bytes[10] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")  // same size, other bytes
    try Data(bytes).write(to: URL(fileURLWithPath: bills))
    let out = TestSupport.temporaryFolder("tampered")
    #expect(throws: FileError.self) { _ = try ShardMerge.run(work: work, into: out) }
    #expect(!ShardMerge.isMerged(work))
    #expect(try work.status().bill == [0])
    try ShardBill.run(work: work, shard: 0)
    _ = try ShardMerge.run(work: work, into: out)
    Self.expectSame(try Self.single(m), out, "after shard 0 ran again")
  }

  /// A part's line numbers cut short, or a part given one line more at the same size: the shard's bill
  /// refuses it, with no crash, and lists its partition to run again; cut again, the merge is one machine's.
  @Test func aDamagedPartIsCutAgain() throws {
    let m = try Self.scenario("rejects")
    let one = try Self.single(m)
    let (work, out) = try Self.sharded(m, shards: 2)
    let numbers = work.partNumbers(0, shard: 1)
    try Data(Self.bytes(numbers).dropLast(8)).write(to: URL(fileURLWithPath: numbers))
    unlink(work.billDone(1))
    #expect(throws: FileError.self) { try ShardBill.run(work: work, shard: 1) }
    #expect(try work.status().partition == [0])
    try ShardPartition.run(work: work, input: 0)

    // One byte of a record (its first comma) made a line break: one line more, the same size.
    let part = work.partLines(0, shard: 1)
    var bytes = Self.bytes(part)
    let secondLine = bytes.firstIndex(of: 0x0A)! + 1
    bytes[bytes[secondLine...].firstIndex(of: UInt8(ascii: ","))!] = 0x0A
    try Data(bytes).write(to: URL(fileURLWithPath: part))
    unlink(work.billDone(1))
    #expect(throws: FileError.self) { try ShardBill.run(work: work, shard: 1) }
    #expect(try work.status().partition == [0])
    try ShardPartition.run(work: work, input: 0)
    try ShardBill.run(work: work, shard: 1)
    _ = try ShardMerge.run(work: work, into: out)
    Self.expectSame(one, out, "after the part was cut again")
  }

  /// The subscribers file changed after the plan, at the same size and time: a shard's bill refuses it by
  /// its CRC-32, read as the book is loaded.
  @Test func aChangedSubscribersFileIsRefused() throws {
    let m = Self.recordIDMonth()
    let (work, _) = try Self.sharded(m, shards: 2)
    let seen = Inputs.modification(of: m.subscribers)!
    var bytes = Self.bytes(m.subscribers)
    let at = bytes.lastIndex(of: UInt8(ascii: "3"))!  // 2003-01-01 of the last row → 2004-01-01
    bytes[at] = UInt8(ascii: "4")
    try Data(bytes).write(to: URL(fileURLWithPath: m.subscribers))
    let then = timespec(tv_sec: Int(seen.nanoseconds / 1_000_000_000), tv_nsec: Int(seen.nanoseconds % 1_000_000_000))
    var times = [then, then]
    #expect(utimensat(AT_FDCWD, m.subscribers, &times, 0) == 0)
    unlink(work.billDone(1))
    #expect(throws: FileError.self) { try ShardBill.run(work: work, shard: 1) }
  }

  /// `merged` holds only while the outputs are there, and, asked of a folder, only for that folder; the
  /// merge will not write inside the work folder.
  @Test func mergedMeansTheOutputsAreThere() throws {
    let m = try Self.scenario("rejects")
    let (work, out) = try Self.sharded(m, shards: 2)
    #expect(try work.status(out: out).merged)
    #expect(try work.status(out: out + "/./").merged)
    #expect(try !work.status(out: TestSupport.temporaryFolder("elsewhere")).merged)
    unlink("\(out)/bills.jsonl")
    #expect(try !work.status().merged)
    #expect(throws: Problem.self) { _ = try ShardMerge.run(work: work, into: work.billFolder(0)) }
    #expect(throws: Problem.self) { _ = try ShardMerge.run(work: work, into: work.folder) }
    _ = try ShardMerge.run(work: work, into: out)
    #expect(try work.status(out: out).merged)
  }

  /// An input changed after the plan is refused by its partition; a folder of someone else's is refused
  /// as a work folder, nothing in it touched.
  @Test func whatChangedOrIsNotOursIsRefused() throws {
    let m = Self.recordIDMonth()
    let work = ShardWork(TestSupport.temporaryFolder("changed") + "/w")
    let setup = try RunSetup(tariffs: m.tariffs, subscribers: m.subscribers, cdrFiles: m.files, month: nil, asOf: nil)
    try work.write(ShardPlan.make(setup, shards: 2, jobs: 1, tariffs: m.tariffs, subscribers: m.subscribers))
    let handle = FileHandle(forWritingAtPath: m.files[0])!
    handle.seekToEndOfFile()
    handle.write(Data("VOICE,13900000002,MO,02787654321,2004-10-09 10:00:00,60,027,,SW-9\n".utf8))
    handle.closeFile()
    #expect(throws: FileError.self) { try ShardPartition.run(work: work, input: 0) }

    // Changed bytes at the same size and time (`cp -p`, `touch -r`): the partition's CRC-32 refuses them.
    let second = m.files[1]
    let seen = Inputs.modification(of: second)!
    var bytes = Self.bytes(second)
    let at = bytes.lastIndex(of: UInt8(ascii: "6"))!  // a digit of the last record's duration or number
    bytes[at] = UInt8(ascii: "7")
    try Data(bytes).write(to: URL(fileURLWithPath: second))
    let then = timespec(tv_sec: Int(seen.nanoseconds / 1_000_000_000), tv_nsec: Int(seen.nanoseconds % 1_000_000_000))
    var times = [then, then]  // access and modification
    #expect(utimensat(AT_FDCWD, second, &times, 0) == 0)
    #expect(Inputs.modification(of: second)! == seen)
    #expect(throws: FileError.self) { try ShardPartition.run(work: work, input: 1) }
    #expect(try work.status().partition == [0, 1])

    let theirs = TestSupport.temporaryFolder("theirs")
    TestSupport.write("keep me\n", to: "\(theirs)/notes.txt")
    #expect(throws: FileError.self) { try ShardWork.claim(theirs) }
    #expect(try FileManager.default.contentsOfDirectory(atPath: theirs) == ["notes.txt"])
  }

  /// Every subscriber of the book in exactly one shard, in number order; a number routes to its shard.
  @Test func shardsAreRangesOfEqualCounts() throws {
    let subscribers = TestSupport.packageRoot + "/SampleCDRs/subscribers.csv"
    let setup = try RunSetup(tariffs: TestSupport.tariffs, subscribers: subscribers, cdrFiles: [], month: nil, asOf: nil)
    #expect(setup.book.count == 26)
    let plan = try ShardPlan.make(setup, shards: 4, jobs: 1, tariffs: TestSupport.tariffs, subscribers: subscribers)
    // 26 × k / 4 for k = 0…4: 0, 6.5 → 6, 13, 19.5 → 19, 26
    #expect(plan.firsts == [0, 6, 13, 19, 26])
    for k in 0..<4 {
      for i in plan.billed(k) { #expect(plan.shard(of: setup.book.numbers[i]) == k) }
    }
    #expect(plan.shard(of: 0) == 0)
    #expect(plan.shard(of: UInt64.max) == 3)

    // A shard's book: its own subscribers and the closed groups' members (…17, …18 WHU; …19 HUST: places
    // 16–18, all in shard 2), nobody else. Shard 0: 6 own + 3 = 9, its own at 0..<6; shard 2: 6 own,
    // the 3 among them; shard 3: 3 + 7 own (places 19–25: …20 to …26) = 10, its own at 3..<10.
    for (k, count, own) in [(0, 9, 0..<6), (2, 6, 0..<6), (3, 10, 3..<10)] {
      let book = try SubscriberBook.load(file: subscribers, catalog: TestSupport.catalog) { number, inGroup in
        inGroup || plan.shard(of: number) == k
      }
      #expect(book.count == count, "shard \(k)")
      #expect(plan.places(of: k, in: book.numbers) == own, "shard \(k)")
    }
  }
}
