import Foundation

/// Step 5 of a sharded run: every shard's outputs checked against the plan and merged into the three
/// files of one machine's run (R26), then the mark that the run is merged.
///
/// `bills.jsonl` is the shards' bills in shard order (shards are ranges of numbers, in order);
/// `rejects.csv` the shards' rows put back in file and line order by their keys; `summary.json` their
/// counts added up, each input's `bytes` and refusals from the plan and the partition, R25's refusal of
/// a file with no record in the bill's days decided on the sums. The outputs are written as `bill`
/// writes them: whole, under temporary names, renamed at the end, in a folder of the program's.
public enum ShardMerge {
  /// The mark of a merged run: the plan, and the outputs as written.
  public struct Mark: Codable, Sendable, OfAPlan {
    public var plan: String
    public var out: String
    public var outputs: [WrittenFile]
  }

  /// Merges the shards of the plan in `work` into `folder`.
  /// - Throws: ``Problem`` naming the first shard that has not finished, or whose files are not as it
  ///   wrote them; nothing is written then, and no mark.
  public static func run(work: ShardWork, into folder: String) throws -> BillRunSummary {
    let started = ContinuousClock.now
    let plan = try work.plan()
    unlink(work.mergedPath)  // the program's own mark: a merge that fails leaves none
    var shards: [ShardBill.Manifest] = []
    var missing: [Int] = []
    for k in 0..<plan.shards {
      if let m = work.manifest(ShardBill.Manifest.self, at: work.billDone(k), plan: plan.id) { shards.append(m) } else { missing.append(k) }
    }
    guard missing.isEmpty else {
      throw Problem("shard bill has not finished for shard\(missing.count > 1 ? "s" : "") \(missing.map(String.init).joined(separator: ", ")) of \(plan.shards): "
        + "run \(missing.count > 1 ? "them" : "it") again, then merge; nothing was written")
    }
    var parts: [Int: ShardPartition.Manifest] = [:]
    for (i, input) in plan.inputs.enumerated() where input.isCut {
      parts[i] = try work.required(ShardPartition.Manifest.self, at: work.partDone(i), plan: plan.id, step: "shard partition \(i)")
    }

    let names = BillRun.outputNames
    if ShardMerge.isWithin(folder, work.folder) {
      throw Problem("--out \(folder) is inside the work folder \(work.folder), whose steps rewrite it: merge elsewhere")
    }
    try OwnedFolder.claimOutput(folder, writes: [names.bills, names.rejects, names.summary])
    for name in [names.bills, names.rejects, names.summary] { AtomicFile.removeStale(beside: "\(folder)/\(name)") }
    let bills = CheckedFile(try AtomicFile(path: "\(folder)/\(names.bills)"))
    let rejects = CheckedFile(try AtomicFile(path: "\(folder)/\(names.rejects)"))
    let summaryFile = CheckedFile(try AtomicFile(path: "\(folder)/\(names.summary)"))

    // The bills copied on one thread while the rejects are merged on another: each is as long as
    // writing its bytes takes.
    let done = ResultSlots<Bool>(count: 2)
    nonisolated(unsafe) let (billsFile, rejectsFile) = (bills, rejects)
    let finished = shards
    DispatchQueue.concurrentPerform(iterations: 2) { task in
      done.set(task, Result {
        if task == 0 {
          for (k, shard) in finished.enumerated() {
            try billsFile.copy(try SequentialFile(path: shard.bills.path), expected: shard.bills) { file, written in
              try check(file, as: written, shard: k, work: work)
            }
          }
        } else {
          try rejectsFile.write(Array(RejectsCSV.header.utf8))
          try mergeRejects(finished, into: rejectsFile, work: work)
        }
        return true
      })
    }
    _ = try done.values()

    // The counts of one machine: each input's shares added up.
    var files: [FileStats] = []
    for (i, input) in plan.inputs.enumerated() {
      var f = FileStats(file: input.file.path, bytes: parts[i]?.bytes ?? shards[0].files[i].bytes, refused: input.refused,
                        warning: input.warning, duplicateOf: input.duplicateOf)
      for shard in shards {
        let c = shard.files[i]
        f.read += c.read
        f.rated += c.rated
        f.rejected += c.rejected
        f.inBill += c.inBill
        for (m, n) in c.outside { if let month = Month(m) { f.outside[month, default: 0] += n } }
      }
      files.append(BillRun.refusingOtherMonths(f, BillRunOptions(month: plan.theMonth, asOf: plan.theAsOf, cdrFiles: [])))
    }
    var byReason: [RejectReason: Int] = [:]
    for reason in RejectReason.allCases {
      let n = shards.reduce(0) { $0 + $1.rejected[reason.rawValue] }
      if n > 0 { byReason[reason] = n }
    }
    var totals: [LineCode: Int64] = [:]
    for code in LineCode.allCases { totals[code] = shards.reduce(0) { $0 + $1.totals[code.rawValue] } }
    var summary = BillRunSummary(
      month: plan.theMonth, asOf: plan.theAsOf, files: files, rejectedByReason: byReason,
      subscribersBilled: shards.reduce(0) { $0 + $1.billed }, totalFenByCode: totals, jobs: plan.jobs, elapsed: .zero,
      outputFolder: folder)
    let steps: [(String, Int64)] = [
      ("partition", parts.values.reduce(0) { $0 + $1.milliseconds }),
      ("bills", shards.reduce(0) { $0 + $1.milliseconds }),
      ("merge", (ContinuousClock.now - started).milliseconds),
    ]
    summary.phases = steps.map { ($0.0, Duration.milliseconds($0.1)) }
    summary.elapsed = summary.phases.reduce(Duration.zero) { $0 + $1.time }
    try summaryFile.write(Array(SummaryJSON.render(summary).utf8))

    let outputs = [bills, rejects, summaryFile]
    for file in outputs { try file.file.finish() }
    try OwnedFolder.markOutput(folder)
    for file in outputs { try file.file.publish() }
    try work.writeManifest(Mark(plan: plan.id, out: folder, outputs: outputs.map(\.written)), to: work.mergedPath)
    return summary
  }

  /// Whether the run of the plan in `work` is merged: its mark is there, for this plan, and the outputs it
  /// names are there with their sizes; with `out`, merged into that folder.
  public static func isMerged(_ work: ShardWork, out: String? = nil) -> Bool {
    guard let plan = try? work.plan(), let mark = work.manifest(Mark.self, at: work.mergedPath, plan: plan.id) else { return false }
    if let out, absolute(out) != absolute(mark.out) { return false }
    return mark.outputs.allSatisfy(\.isThere)
  }

  /// `path` made absolute and standardized (`.`, `..` and repeated slashes taken out), for comparing.
  static func absolute(_ path: String) -> String {
    let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    return (full as NSString).standardizingPath
  }

  /// Whether `path` is `folder` or inside it.
  static func isWithin(_ path: String, _ folder: String) -> Bool {
    let (p, f) = (absolute(path), absolute(folder))
    return p == f || p.hasPrefix(f.hasSuffix("/") ? f : f + "/")
  }

  /// Refuses shard `k`'s file when it is not as the shard wrote it, and takes the shard's manifest away, so
  /// that the shard is listed to run again (its files are the program's).
  private static func check(_ file: SequentialFile, as written: WrittenFile, shard k: Int, work: ShardWork) throws {
    guard file.bytesRead == written.size, file.crc == written.crc else {
      throw refused(k, work, FileError(file: written.path, message: "is not as its shard wrote it (\(file.bytesRead) bytes, CRC \(file.crc); "
        + "written \(written.size), \(written.crc)): run shard bill \(k) again, then merge; nothing was written"))
    }
  }

  private static func refused(_ k: Int, _ work: ShardWork, _ error: FileError) -> FileError {
    unlink(work.billDone(k))
    return error
  }

  /// The shards' reject rows in file and line order: each shard's are in that order already; the next
  /// row is the least of the shards' next rows.
  /// - Complexity: O(rows × log shards).
  private static func mergeRejects(_ shards: [ShardBill.Manifest], into out: CheckedFile, work: ShardWork) throws {
    func cutShort(_ k: Int, _ path: String) -> FileError {
      refused(k, work, FileError(file: path, message: "is cut short: run shard bill \(k) again, then merge; nothing was written"))
    }
    let rows = try shards.map { try SequentialFile(path: $0.rejects.path) }
    let keys = try shards.map { try SequentialFile(path: $0.keys.path) }
    var key: [UInt8] = []
    key.reserveCapacity(24)
    func next(_ k: Int) throws -> (input: UInt64, line: UInt64, length: Int)? {
      key.removeAll(keepingCapacity: true)
      guard try keys[k].take(24, appendingTo: &key) == 24 else {
        guard key.isEmpty else { throw cutShort(k, shards[k].keys.path) }
        return nil
      }
      var cursor = BinaryCursor(key)
      return (cursor.integer(bytes: 8)!, cursor.integer(bytes: 8)!, Int(cursor.integer(bytes: 8)!))
    }
    var heap = MinHeap<(key: UInt64, line: UInt64, shard: Int, length: Int)> { ($0.key, $0.line) < ($1.key, $1.line) }
    for k in shards.indices { if let n = try next(k) { heap.push((n.input, n.line, k, n.length)) } }
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 21)
    while let top = heap.pop() {
      guard try rows[top.shard].take(top.length, appendingTo: &buffer) == top.length else {
        throw cutShort(top.shard, shards[top.shard].rejects.path)
      }
      if buffer.count >= 1 << 20 {
        try out.write(buffer)
        buffer.removeAll(keepingCapacity: true)
      }
      if let n = try next(top.shard) { heap.push((n.input, n.line, top.shard, n.length)) }
    }
    try out.write(buffer)
    for k in shards.indices {
      _ = try rows[k].take(1)  // the end: every byte read, so that the CRC is the file's
      try check(rows[k], as: shards[k].rejects, shard: k, work: work)
      try check(keys[k], as: shards[k].keys, shard: k, work: work)
    }
  }
}

/// A binary heap: the least element first, by `less`.
struct MinHeap<T> {
  private var items: [T] = []
  private let less: (T, T) -> Bool

  init(less: @escaping (T, T) -> Bool) { self.less = less }

  mutating func push(_ x: T) {
    items.append(x)
    var i = items.count - 1
    while i > 0, less(items[i], items[(i - 1) / 2]) {
      items.swapAt(i, (i - 1) / 2)
      i = (i - 1) / 2
    }
  }

  mutating func pop() -> T? {
    guard !items.isEmpty else { return nil }
    items.swapAt(0, items.count - 1)
    let top = items.removeLast()
    var i = 0
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var m = i
      if l < items.count, less(items[l], items[m]) { m = l }
      if r < items.count, less(items[r], items[m]) { m = r }
      if m == i { return top }
      items.swapAt(i, m)
      i = m
    }
  }
}
