import Foundation

/// Step 4 of a sharded run: one shard billed (R26), its rejects kept with their place for the merge.
///
/// The shard reads its part of every input, named as the input and numbered as its lines (so its
/// rejects and copies say what one machine says), plus, for shard 0, every input that is not cut
/// (a copy, a refused file), whole. It reads the whole subscribers file but keeps only its own
/// subscribers and the members of closed groups (the only peers a call looks up, R10), and bills only
/// its own. R24 (c) is found in the shard, R24 (b) comes from the `ids` steps.
public enum ShardBill {
  public struct Manifest: Codable, Sendable, OfAPlan {
    public var plan: String
    public var shard: Int
    public var bills: WrittenFile
    /// `file,line,reason,record,detail` rows, without the header.
    public var rejects: WrittenFile
    /// Per row of `rejects`: its input, its line and its length in bytes (three 64-bit numbers).
    public var keys: WrittenFile
    public var billed: Int
    /// Per line code (in `LineCode` order): the fen billed.
    public var totals: [Int64]
    /// Per reason (in `RejectReason` order): the records rejected.
    public var rejected: [Int]
    public var files: [Counts]
    public var milliseconds: Int64
  }

  /// A `FileStats` of the shard's share of one input.
  public struct Counts: Codable, Sendable {
    public var bytes: Int
    public var read: Int
    public var rated: Int
    public var rejected: Int
    public var inBill: Int
    /// Records outside the bill's days, by month (`YYYY-MM`).
    public var outside: [String: Int]
  }

  public static let names = (bills: "bills.jsonl", rejects: "rejects.rows", keys: "rejects.keys")

  /// Bills shard `shard` of the plan in `work`, with `jobs` workers (the plan's by default). A shard that
  /// finished for this plan, its files there, is not billed again.
  @discardableResult
  public static func run(work: ShardWork, shard: Int, jobs: Int? = nil, chunkBytes: Int = 4 << 20) throws -> Manifest {
    let started = ContinuousClock.now
    let plan = try work.plan()
    guard (0..<plan.shards).contains(shard) else { throw Problem("no shard \(shard): the plan has \(plan.shards), 0…\(plan.shards - 1)") }
    if let done = work.manifest(Manifest.self, at: work.billDone(shard), plan: plan.id),
       [done.bills, done.rejects, done.keys].allSatisfy(\.isThere) { return done }  // finished for this plan
    guard try ShardPlan.tariffsStamp(plan.tariffs.path).crc == plan.tariffs.crc else {
      throw FileError(file: plan.tariffs.path, message: "the tariffs changed since the plan: plan the run again")
    }
    let catalog = try TariffCatalog.load(directory: plan.tariffs.path)
    // The shard's own subscribers, and the members of closed groups whose calls its own may be in (R10):
    // no other subscriber is looked up, so the shard's memory is its share of the book.
    // The subscribers file checked whole by its CRC-32 as it is read: a shard keeps only some of its rows,
    // so the checks across rows (R4) of the others were made by the plan, on these bytes.
    var checked: CheckedSource?
    let book = try SubscriberBook.load(file: plan.subscribers.path, catalog: catalog,
                                       keeping: { number, inGroup in inGroup || plan.shard(of: number) == shard },
                                       reading: { file in
                                         let source = CheckedSource(file)
                                         checked = source
                                         return source
                                       })
    guard let checked, checked.position == plan.subscribers.size, checked.crc == plan.subscribers.crc else {
      throw FileError(file: plan.subscribers.path, message: "changed since the plan (the subscribers file): plan the run again")
    }
    let own = plan.places(of: shard, in: book.numbers)
    guard own.count == plan.billed(shard).count else {
      throw FileError(file: plan.subscribers.path, message: "holds \(own.count) subscribers of shard \(shard), the plan \(plan.billed(shard).count): plan the run again")
    }

    // The shard's inputs: its part of each input that is cut, the whole of the others on shard 0.
    var sources: [any ByteSource] = []
    var copies: [String?] = []
    var numbers: [LineNumbers?] = []
    for (i, input) in plan.inputs.enumerated() {
      let name = input.file.path
      if input.isCut {
        let part = try work.required(ShardPartition.Manifest.self, at: work.partDone(i), plan: plan.id, step: "shard partition \(i)")
        let lines = part.parts[shard]
        let file = try FileSource(path: lines.path, name: name)
        // The part as its partition wrote it: its size, and its line numbers' size and CRC-32 (small: 8
        // bytes a line); its count of lines is checked once it is read. Otherwise the partition is
        // listed to run again.
        do {
          guard file.size == lines.size else { throw FileError(file: lines.path, message: "is not as shard partition \(i) wrote it") }
          try part.numbers[shard].check()
        } catch let error as FileError {
          unlink(work.partDone(i))
          throw FileError(file: error.file, message: "\(error.message): run shard partition \(i) again, then this shard")
        }
        let map = try LineNumbers(path: part.numbers[shard].path)
        sources.append(file)
        numbers.append(map)
        copies.append(nil)
      } else if shard == 0 {
        try ShardPlan.check(input.file, what: "CDR input \(i)")
        sources.append(try Inputs.source(name))
        numbers.append(nil)
        copies.append(input.duplicateOf)
      } else {
        sources.append(MemorySource(name: name, bytes: []))
        numbers.append(nil)
        copies.append(nil)
      }
    }
    let inputs = try RunInputs(sources: sources, copies: copies, lineNumbers: numbers)
    var options = BillRunOptions(month: plan.theMonth, asOf: plan.theAsOf, cdrFiles: [], jobs: jobs ?? plan.jobs,
                                 chunkBytes: chunkBytes, inputs: inputs)
    options.billed = own
    if plan.inputs.contains(where: { $0.isCut && $0.recordIDs }) {
      options.recordCopies = try ShardRecordIDs.copies(for: shard, plan: plan, work: work)
    }

    let folder = work.billFolder(shard)
    try work.subfolder(folder)
    let billsFile = try work.create("\(folder)/\(names.bills)")
    let rows = CheckedFile(try work.create("\(folder)/\(names.rejects)"))
    let keys = CheckedFile(try work.create("\(folder)/\(names.keys)"))
    let sink = KeyedRejectSink(rows: rows, keys: keys)
    let rated = try BillRun.rate(options, catalog: catalog, book: book, rejects: sink)
    try sink.flush()
    // Every part held as many records as it has line numbers (a part changed since: cut it again).
    for (i, map) in numbers.enumerated() {
      guard let map, rated.files[i].read != map.count else { continue }
      unlink(work.partDone(i))
      throw FileError(file: map.path, message: "numbers \(map.count) lines, its part holds \(rated.files[i].read): "
        + "run shard partition \(i) again, then this shard")
    }
    let (billed, totals) = try BillRun.writeBills(rated, jobs: options.jobs, only: options.billed, to: billsFile)
    for file in [billsFile, rows.file, keys.file] { try file.finish() }
    for file in [billsFile, rows.file, keys.file] { try file.publish() }
    let (size, crc) = try Inputs.checksum(of: billsFile.path)
    let manifest = Manifest(
      plan: plan.id, shard: shard, bills: WrittenFile(billsFile.path, bytes: size, crc: crc), rejects: rows.written,
      keys: keys.written, billed: billed, totals: LineCode.allCases.map { totals[$0] ?? 0 },
      rejected: RejectReason.allCases.map { rated.rejectedByReason[$0] ?? 0 },
      files: rated.files.map { f in
        Counts(bytes: f.bytes, read: f.read, rated: f.rated, rejected: f.rejected, inBill: f.inBill,
               outside: Dictionary(uniqueKeysWithValues: f.outside.map { ($0.key.description, $0.value) }))
      },
      milliseconds: (ContinuousClock.now - started).milliseconds)
    try work.writeManifest(manifest, to: work.billDone(shard))
    return manifest
  }
}

/// A shard's rejects: their rows of rejects.csv, and beside them each row's input, line and length,
/// by which the merge puts every shard's rows in the order of one machine (file, then line).
final class KeyedRejectSink: RejectSink, @unchecked Sendable {
  // Sendable: the run calls `write` under its collector lock only.
  private let rows: CheckedFile
  private let keys: CheckedFile
  private var rowBytes: [UInt8] = []
  private var keyBytes: [UInt8] = []

  init(rows: CheckedFile, keys: CheckedFile) {
    self.rows = rows
    self.keys = keys
  }

  var keepsRecords: Bool { false }

  func write(_ reject: Reject) throws {
    try RejectsCSV.tail(reason: reject.reason, record: reject.record, detail: reject.detail).withUnsafeBytes {
      try write(reject, input: 0, encodedTail: $0)
    }
  }

  func write(_ reject: Reject, input: Int, encodedTail: UnsafeRawBufferPointer) throws {
    let before = rowBytes.count
    RejectsCSV.head(reject, to: &rowBytes)
    rowBytes.append(contentsOf: encodedTail)
    for n in [UInt64(input), UInt64(reject.line), UInt64(rowBytes.count - before)] { BinaryCursor.append(n, bytes: 8, to: &keyBytes) }
    if rowBytes.count > 1 << 20 { try flush() }
  }

  func flush() throws(FileError) {
    try rows.write(rowBytes)
    try keys.write(keyBytes)
    rowBytes.removeAll(keepingCapacity: true)
    keyBytes.removeAll(keepingCapacity: true)
  }
}
