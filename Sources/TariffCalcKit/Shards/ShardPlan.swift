import Foundation

/// A month cut into shards by subscriber (R26): what every step of a sharded run reads first.
///
/// The plan settles everything a step would otherwise decide on its own: the month (R25), the copies
/// among the files (R24 a), the inputs' headers and refusals, and where each shard's subscribers start.
/// Shards hold equal counts of the subscribers file's numbers, in number order, so that the bills of
/// shard 0, 1, … concatenated are the bills of one machine. It also records what was planned on: the
/// size, time and CRC-32 of every input and of the subscribers file, and a CRC-32 of the tariffs; a step
/// refuses inputs that changed since.
public struct ShardPlan: Codable, Sendable, Equatable {
  public static let format = 1
  public var format = ShardPlan.format
  public var month: String
  public var asOf: String?
  public var shards: Int
  /// Workers of each shard's bill step (its `--jobs` by default), and the `jobs` of summary.json.
  public var jobs: Int
  public var tariffs: Stamp
  public var subscribers: Stamp
  /// The place in the book of each shard's first subscriber, and the book's count last (`shards + 1` values).
  public var firsts: [Int]
  /// The first number of shards 1…N−1: a record goes to the last shard whose first number is not above
  /// its subscriber's (a number not in the book too; a line without a readable subscriber to shard 0).
  public var bounds: [UInt64]
  public var inputs: [Input]

  /// A file as planned on.
  public struct Stamp: Codable, Sendable, Equatable {
    public var path: String
    public var size: Int
    public var crc: UInt32
    public var modified: Int64
  }

  /// A CDR input as planned on.
  public struct Input: Codable, Sendable, Equatable {
    public var file: Stamp
    /// Its header line, as its parts repeat it.
    public var header: String?
    /// The first file it repeats (R24 a): shard 0 rejects its lines, it is not cut.
    public var duplicateOf: String?
    /// Why it is refused whole (its header): shard 0 rejects its lines, it is not cut.
    public var refused: String?
    public var warning: String?
    /// It has a `record_id` column (R24 b): its records' ids are matched across shards.
    public var recordIDs: Bool

    /// Cut into one part per shard; otherwise read whole by shard 0.
    public var isCut: Bool { duplicateOf == nil && refused == nil && header != nil }
  }

  public var theMonth: Month { Month(month)! }
  public var theAsOf: Day? { asOf.flatMap { Day($0) } }

  /// The shard of a subscriber's number.
  /// - Complexity: O(log shards).
  public func shard(of number: UInt64) -> Int { MSISDN.firstPlace(in: bounds) { $0 > number } }

  /// The places in the book of shard `k`'s subscribers.
  public func billed(_ k: Int) -> Range<Int> { firsts[k]..<firsts[k + 1] }

  /// The places of shard `k`'s numbers in `numbers` (ascending): a book that holds more than the shard's.
  /// - Complexity: O(log numbers.count).
  public func places(of k: Int, in numbers: [UInt64]) -> Range<Int> {
    let from = k == 0 ? 0 : MSISDN.firstPlace(in: numbers) { $0 >= bounds[k - 1] }
    return from..<(k == shards - 1 ? numbers.count : max(from, MSISDN.firstPlace(in: numbers) { $0 >= bounds[k] }))
  }

  /// Plans a run of `shards` shards from a run's setup: the inputs opened (their copies and month found),
  /// the book loaded. Reads every input once for its CRC-32, several at a time.
  public static func make(_ setup: RunSetup, shards: Int, jobs: Int, tariffs: String, subscribers: String) throws -> ShardPlan {
    guard shards >= 1 else { throw Problem("--shards must be at least 1") }
    for name in setup.inputs.names where name == Inputs.standardInput {
      throw Problem("a sharded run reads its inputs in several steps: '\(name)' is not a file (standard input cannot be read twice)")
    }
    let n = setup.book.count
    let firsts = (0...shards).map { k in Int((Int64(n) * Int64(k)) / Int64(shards)) }
    let bounds = (1..<max(1, shards)).map { k in firsts[k] < n ? setup.book.numbers[firsts[k]] : UInt64.max }
    let names = setup.inputs.names
    let stamps = try stampAll(names, jobs: jobs)
    let inputs = zip(setup.inputs.inputs, stamps).map { input, stamp in
      Input(file: stamp, header: input.headerLine, duplicateOf: input.duplicateOf, refused: input.refusal,
            warning: input.warning, recordIDs: input.header?.recordID != nil)
    }
    return ShardPlan(
      month: setup.month.description, asOf: setup.asOf?.description, shards: shards, jobs: jobs,
      tariffs: try tariffsStamp(tariffs), subscribers: try stamp(subscribers), firsts: firsts, bounds: bounds,
      inputs: inputs)
  }

  /// Size, time and CRC-32 of a file.
  public static func stamp(_ path: String) throws -> Stamp {
    guard let seen = Inputs.modification(of: path) else { throw FileError(file: path, message: "cannot be looked at") }
    let (size, crc) = try Inputs.checksum(of: path)
    return Stamp(path: path, size: size, crc: crc, modified: seen.nanoseconds)
  }

  private static func stampAll(_ names: [String], jobs: Int) throws -> [Stamp] {
    let results = ResultSlots<Stamp>(count: names.count)
    DispatchQueue.concurrentPerform(iterations: max(1, min(jobs, names.count))) { worker in
      var i = worker
      while i < names.count {
        results.set(i, Result { try stamp(names[i]) })
        i += max(1, min(jobs, names.count))
      }
    }
    return try results.values()
  }

  /// The tariffs: a CRC-32 over each file's path (within the folder), size and CRC-32, in path order.
  static func tariffsStamp(_ folder: String) throws -> Stamp {
    let files = (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []).sorted()
    var summary: [UInt8] = []
    for relative in files {
      var isFolder: ObjCBool = false
      guard FileManager.default.fileExists(atPath: "\(folder)/\(relative)", isDirectory: &isFolder), !isFolder.boolValue
      else { continue }
      let (size, crc) = try Inputs.checksum(of: "\(folder)/\(relative)")
      summary += Array("\(relative)\t\(size)\t\(crc)\n".utf8)
    }
    return Stamp(path: folder, size: files.count, crc: Inputs.checksum(summary), modified: 0)
  }

  // MARK: - The file

  /// The plan as written: JSON with sorted keys, so that the same plan is the same bytes.
  public func encoded() -> [UInt8] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return Array((try? encoder.encode(self)) ?? Data()) + [0x0A]
  }

  /// The plan's identity: the CRC-32 of its bytes, in 8 hex digits. Every step's manifest names it.
  public var id: String {
    let hex = String(Inputs.checksum(encoded()), radix: 16)
    return String(repeating: "0", count: 8 - hex.count) + hex
  }

  /// Reads a plan written by ``encoded()``.
  public static func decode(_ bytes: [UInt8], file: String) throws -> ShardPlan {
    let plan: ShardPlan
    do {
      plan = try JSONDecoder().decode(ShardPlan.self, from: Data(bytes))
    } catch {
      throw FileError(file: file, message: "not a plan of tariffcalc shard plan")
    }
    guard plan.format == ShardPlan.format, Month(plan.month) != nil, plan.shards >= 1,
          plan.firsts.count == plan.shards + 1, plan.bounds.count == plan.shards - 1
    else { throw FileError(file: file, message: "not a plan of this version of tariffcalc") }
    return plan
  }

  /// Refuses a file that is not as planned on.
  public static func check(_ stamp: Stamp, what: String) throws {
    guard let seen = Inputs.modification(of: stamp.path) else {
      throw FileError(file: stamp.path, message: "cannot be looked at: it was planned on (\(what))")
    }
    guard seen.size == stamp.size, seen.nanoseconds == stamp.modified else {
      throw FileError(file: stamp.path, message: "changed since the plan (\(what)): plan the run again")
    }
  }
}

/// Results of parallel work, one slot each, read in order when all are done.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
  // Sendable: each slot is written by one worker, under the lock; read after the work.
  private var slots: [Result<T, any Error>?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ result: Result<T, any Error>) { lock.withLock { slots[i] = result } }

  /// The values in order, or the error of the first slot that failed.
  func values() throws -> [T] { try lock.withLock { slots }.map { try $0!.get() } }
}

extension ShardWork {
  /// Step 1: writes the plan into the work folder (made, or one of the program's). A plan that differs
  /// from the folder's earlier one makes every step's files stale (their manifests name the old plan)
  /// and takes the merged mark away.
  @discardableResult
  public func write(_ plan: ShardPlan) throws -> ShardPlan {
    try ShardWork.claim(folder)
    if (try? self.plan()) != plan { unlink(mergedPath) }
    let file = try create(planPath)
    try file.write(plan.encoded())
    try file.commit()
    return plan
  }

  /// What is left to do for the plan of the folder: the steps whose manifest is missing or of another
  /// plan, in step order. A driver runs these (and only these) again.
  /// With `out`, the run counts as merged only when merged into that folder.
  public func status(out: String? = nil) throws -> Status {
    let plan = try self.plan()
    let needsIDs = plan.inputs.contains { $0.isCut && $0.recordIDs }
    return Status(
      partition: plan.inputs.indices.filter { manifest(ShardPartition.Manifest.self, at: partDone($0), plan: plan.id) == nil },
      ids: needsIDs ? (0..<plan.shards).filter { manifest(ShardRecordIDs.Manifest.self, at: idsDone($0), plan: plan.id) == nil } : [],
      bill: (0..<plan.shards).filter { manifest(ShardBill.Manifest.self, at: billDone($0), plan: plan.id) == nil },
      merged: ShardMerge.isMerged(self, out: out), inputs: plan.inputs.count, shards: plan.shards, needsIDs: needsIDs)
  }

  public struct Status: Sendable, Equatable {
    public var partition: [Int]
    public var ids: [Int]
    public var bill: [Int]
    public var merged: Bool
    public var inputs: Int
    public var shards: Int
    /// Some input has a `record_id` column: the `ids` steps are to run.
    public var needsIDs: Bool
  }
}
