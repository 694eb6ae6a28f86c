import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Step 2 of a sharded run: one CDR input read once, its lines written into one part per shard (R26).
///
/// A line goes to the shard of its subscriber, as the run's own reader reads it; a line whose subscriber
/// cannot be read, to shard 0 (it is rejected there as on one machine). Each part holds the input's
/// header, then its lines byte for byte in the input's order, and beside it the number of each line in
/// the input: rejects and the first copies of duplicates name the line as delivered, and the order of
/// a subscriber's records (R20) is the input's. Blank lines, which are no record, are left out. The ids
/// of records with a `record_id` in the bill's days go to the part of their hash (R24 b, matched across
/// shards by ``ShardRecordIDs``).
public enum ShardPartition {
  public struct Manifest: Codable, Sendable, OfAPlan {
    public var plan: String
    public var input: Int
    /// Per shard: its part of the input, and the numbers of the part's lines.
    public var parts: [WrittenFile]
    public var numbers: [WrittenFile]
    /// Per hash of the record ids (an input with a `record_id` column).
    public var ids: [WrittenFile]
    public var lines: Int
    /// The bytes of the input as read (a gzip file's, decompressed): `bytes` of summary.json.
    public var bytes: Int
    public var milliseconds: Int64
  }

  /// Cuts input `index` of the plan in `work`; an input that is not cut (a copy, a refused file) gets a
  /// manifest with no part. A partition that finished for this plan, its files there, is not done again.
  @discardableResult
  public static func run(work: ShardWork, input index: Int) throws -> Manifest {
    let started = ContinuousClock.now
    let plan = try work.plan()
    guard plan.inputs.indices.contains(index) else {
      throw Problem("no input \(index) in the plan: its inputs are 0…\(plan.inputs.count - 1)")
    }
    if let done = work.manifest(Manifest.self, at: work.partDone(index), plan: plan.id),
       (done.parts + done.numbers + done.ids).allSatisfy(\.isThere) { return done }  // finished: nothing to do again
    let input = plan.inputs[index]
    var manifest = Manifest(plan: plan.id, input: index, parts: [], numbers: [], ids: [], lines: 0, bytes: 0, milliseconds: 0)
    if input.isCut, let headerLine = input.header {
      try ShardPlan.check(input.file, what: "CDR input \(index)")
      try cut(input, index: index, header: headerLine, plan: plan, work: work, into: &manifest)
    }
    manifest.milliseconds = (ContinuousClock.now - started).milliseconds
    try work.writeManifest(manifest, to: work.partDone(index))
    return manifest
  }

  private static func cut(_ input: ShardPlan.Input, index: Int, header headerLine: String, plan: ShardPlan, work: ShardWork,
                          into manifest: inout Manifest) throws {
    let headerBytes = Array(headerLine.utf8) + [0x0A]
    guard let header = try CDRInput(source: MemorySource(name: input.file.path, bytes: headerBytes)).header else {
      throw FileError(file: input.file.path, message: "its header no longer reads as planned")
    }
    let shards = plan.shards
    let hashes = input.recordIDs ? shards : 0
    ShardWork.allowOpenFiles(2 * shards + hashes + 16)
    try work.subfolder(work.partFolder(index))
    let parts = try (0..<shards).map { CheckedFile(try work.create(work.partLines(index, shard: $0))) }
    let numbers = try (0..<shards).map { CheckedFile(try work.create(work.partNumbers(index, shard: $0))) }
    let ids = try (0..<hashes).map { CheckedFile(try work.create(work.partIDs(index, hash: $0))) }
    var partBytes = [[UInt8]](repeating: [], count: shards)
    var numberBytes = [[UInt8]](repeating: [], count: shards)
    var idBytes = [[UInt8]](repeating: [], count: hashes)
    var partLineCount = [Int](repeating: 1, count: shards)  // the header is line 1 of each part
    for k in 0..<shards { partBytes[k] = headerBytes }

    let month = plan.theMonth
    let first = month.firstDay
    let end = plan.theAsOf ?? month.lastDay.advanced(by: 1)
    let parser = CDRParser(header: header, month: month)
    let splitter = CSVSplitter(scratchBytes: CDRInput.maxLineBytes + 1)
    let opened = try Inputs.source(input.file.path)
    // A plain file's bytes are checked against the plan's CRC-32 as they are read (a gzip file's against
    // its size and time only: its CRC is of the compressed bytes).
    let checked = (opened as? FileSource).map(CheckedSource.init)
    let source: any ByteSource = checked ?? opened
    let reader = LineReader(source, maxLineBytes: CDRInput.maxLineBytes, bufferBytes: 4 << 20)
    let flushAt = 1 << 20
    _ = try reader.next()  // the header
    var lines = 0
    while let line = try reader.next() {
      lines += 1
      if line.bytes.isEmpty, line.terminated { continue }  // a blank line is not a record
      splitter.resetScratch()
      var record = parser.plainRecord(line)
      if record == nil, case .success(let r) = parser.parse(line, splitter: splitter, fast: false) { record = r }
      let k = record.map { plan.shard(of: $0.subscriber) } ?? 0
      // The line as the run's reader will read it again: its bytes, its CR, a line too long kept too long,
      // and the last line of the input without its LF if it had none (it is the last of its part too).
      line.bytes.withUnsafeRawBuffer { partBytes[k].append(contentsOf: $0) }
      if line.tooLong { partBytes[k].append(UInt8(ascii: "#")) }
      if line.crlf { partBytes[k].append(0x0D) }
      if line.terminated { partBytes[k].append(0x0A) }
      partLineCount[k] += 1
      LineNumbers.append(line.number, to: &numberBytes[k])
      // The splitter still holds the line's fields (a file with record ids is read by it alone).
      if hashes > 0, let record, case let id = parser.recordID(splitter: splitter), !id.isEmpty, record.day >= first,
        record.day < end
      {
        let h = Int(RecordFingerprint.recordID(id).high % UInt64(hashes))
        ShardRecordIDs.Entry.append(id: id, line: line.number, shard: k, partLine: partLineCount[k], to: &idBytes[h])
        if idBytes[h].count >= flushAt { try ids[h].write(idBytes[h]); idBytes[h].removeAll(keepingCapacity: true) }
      }
      if partBytes[k].count >= flushAt {
        try parts[k].write(partBytes[k])
        partBytes[k].removeAll(keepingCapacity: true)
        try numbers[k].write(numberBytes[k])
        numberBytes[k].removeAll(keepingCapacity: true)
      }
    }
    for k in 0..<shards {
      try parts[k].write(partBytes[k])
      try numbers[k].write(numberBytes[k])
    }
    for h in 0..<hashes { try ids[h].write(idBytes[h]) }
    // The bytes cut are the bytes planned on, and the file did not change while it was read.
    if let checked, checked.position != input.file.size || checked.crc != input.file.crc {
      throw FileError(file: input.file.path, message: "its bytes are not those planned on (\(checked.position) bytes, CRC \(checked.crc); "
        + "planned \(input.file.size), \(input.file.crc)): plan the run again")
    }
    try ShardPlan.check(input.file, what: "CDR input \(index)")
    let all = parts + numbers + ids
    for f in all { try f.file.finish() }
    for f in all { try f.file.publish() }
    manifest.parts = parts.map(\.written)
    manifest.numbers = numbers.map(\.written)
    manifest.ids = ids.map(\.written)
    manifest.lines = lines
    manifest.bytes = (source as? StreamSource)?.position ?? source.size ?? 0
  }
}

/// A file read from its start to its end, the CRC-32 of its bytes taken as they go by (a byte range read
/// again is not counted twice; a range skipped leaves `position` short, so the check fails).
final class CheckedSource: ByteSource {
  private let file: FileSource
  private(set) var position = 0
  private(set) var crc: UInt32 = 0

  init(_ file: FileSource) { self.file = file }

  var name: String { file.name }
  var size: Int? { file.size }

  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(FileError) -> Int {
    let n = try file.read(into: buffer, count: count, at: offset)
    if offset <= position, offset + n > position {
      let fresh = UnsafeBufferPointer(start: buffer.assumingMemoryBound(to: UInt8.self) + (position - offset), count: offset + n - position)
      crc = Inputs.checksum(fresh, continuing: crc)
      position = offset + n
    }
    return n
  }
}

extension ShardWork {
  /// Raises the limit of open files to at least `count` when the system allows it: a step holds a file
  /// open for each shard.
  static func allowOpenFiles(_ count: Int) {
    var limit = rlimit()
    guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < rlim_t(count) else { return }
    limit.rlim_cur = min(limit.rlim_max, rlim_t(count))
    _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
  }
}
