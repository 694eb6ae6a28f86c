import Foundation

/// Step 3 of a sharded run: the copies by `record_id` (R24 b) found across shards (R26).
///
/// A record id repeated under another subscriber's number is a copy, and that subscriber can be in
/// another shard. The partition sends every record id in the bill's days to the part of its hash; step
/// `ids K` reads hash K's ids of every input, in input and line order, keeps the first of each id and
/// writes, for the shard of each later one, where it is and where the first copy is. A shard's bill
/// reads what every `ids` step found for it. Inputs without a `record_id` column have no ids: the step
/// then writes empty files.
public enum ShardRecordIDs {
  public struct Manifest: Codable, Sendable, OfAPlan {
    public var plan: String
    public var hash: Int
    /// Per shard: the copies found for it.
    public var copies: [WrittenFile]
    public var ids: Int
    public var milliseconds: Int64
  }

  /// One record id as the partition writes it: the id, the line in its input, its shard, the line in
  /// the shard's part.
  struct Entry {
    static func append(id: ByteView, line: Int, shard: Int, partLine: Int, to out: inout [UInt8]) {
      BinaryCursor.append(UInt64(id.count), bytes: 2, to: &out)
      id.withUnsafeRawBuffer { out.append(contentsOf: $0) }
      BinaryCursor.append(UInt64(line), bytes: 8, to: &out)
      BinaryCursor.append(UInt64(shard), bytes: 4, to: &out)
      BinaryCursor.append(UInt64(partLine), bytes: 8, to: &out)
    }
  }

  /// Matches hash `hash`'s record ids.
  @discardableResult
  public static func run(work: ShardWork, hash: Int) throws -> Manifest {
    let started = ContinuousClock.now
    let plan = try work.plan()
    guard (0..<plan.shards).contains(hash) else { throw Problem("no hash \(hash): the plan has \(plan.shards) shards, 0…\(plan.shards - 1)") }
    if let done = work.manifest(Manifest.self, at: work.idsDone(hash), plan: plan.id), done.copies.allSatisfy(\.isThere) {
      return done  // finished for this plan: nothing to do again
    }
    var first: [ArraySlice<UInt8>: (input: Int, line: Int)] = [:]
    var out = [[UInt8]](repeating: [], count: plan.shards)
    var ids = 0
    for (i, input) in plan.inputs.enumerated() where input.isCut && input.recordIDs {
      let part = try work.required(ShardPartition.Manifest.self, at: work.partDone(i), plan: plan.id, step: "shard partition \(i)")
      guard part.ids.count == plan.shards else { throw FileError(file: work.partDone(i), message: "has \(part.ids.count) id files, not \(plan.shards)") }
      let file = part.ids[hash]
      let bytes = try Inputs.contents(of: file.path, limit: Int.max)
      guard bytes.count == file.size, Inputs.checksum(bytes) == file.crc else {
        throw FileError(file: file.path, message: "is not as shard partition \(i) wrote it: run it again")
      }
      var cursor = BinaryCursor(bytes)
      while !cursor.atEnd {
        guard let length = cursor.integer(bytes: 2), let id = cursor.take(Int(length)), let line = cursor.integer(bytes: 8),
              let shard = cursor.integer(bytes: 4), let partLine = cursor.integer(bytes: 8), Int(shard) < plan.shards
        else { throw FileError(file: file.path, message: "is cut short at byte \(cursor.at): run shard partition \(i) again") }
        ids += 1
        if let earlier = first[id] {
          for n in [UInt64(i), partLine, UInt64(earlier.input), UInt64(earlier.line)] {
            BinaryCursor.append(n, bytes: 8, to: &out[Int(shard)])
          }
        } else {
          first[id] = (i, Int(line))
        }
      }
    }
    try work.subfolder(work.idsFolder(hash))
    var copies: [WrittenFile] = []
    for shard in 0..<plan.shards {
      let file = CheckedFile(try work.create(work.idsFor(hash, shard: shard)))
      try file.write(out[shard])
      try file.file.commit()
      copies.append(file.written)
    }
    let manifest = Manifest(plan: plan.id, hash: hash, copies: copies, ids: ids,
                            milliseconds: (ContinuousClock.now - started).milliseconds)
    try work.writeManifest(manifest, to: work.idsDone(hash))
    return manifest
  }

  /// Every copy found for `shard` by the `ids` steps.
  static func copies(for shard: Int, plan: ShardPlan, work: ShardWork) throws -> RecordCopies {
    let copies = RecordCopies()
    for hash in 0..<plan.shards {
      let done = try work.required(Manifest.self, at: work.idsDone(hash), plan: plan.id, step: "shard ids \(hash)")
      let file = done.copies[shard]
      let bytes = try Inputs.contents(of: file.path, limit: Int.max)
      guard bytes.count == file.size, Inputs.checksum(bytes) == file.crc, bytes.count % 32 == 0 else {
        throw FileError(file: file.path, message: "is not as shard ids \(hash) wrote it: run it again")
      }
      var cursor = BinaryCursor(bytes)
      while let input = cursor.integer(bytes: 8), let line = cursor.integer(bytes: 8), let firstInput = cursor.integer(bytes: 8),
            let firstLine = cursor.integer(bytes: 8) {
        copies.add(input: Int(input), line: Int(line), firstInput: Int(firstInput), firstLine: Int(firstLine))
      }
    }
    return copies
  }
}
