import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the units of a run take turns, in input order, to number their lines and look for duplicates (R24).
///
/// Workers read and parse units in parallel, in any order. Each unit then takes two kinds of turn, always
/// in unit order: one to get the number of its first line (and its first ordinal, its place among all the
/// lines of the run), then one in each shard of the run's duplicate index, where it looks up the
/// fingerprints that fall in that shard. So “the first copy” of a record is the first in the order the
/// files were given and their lines, whatever the number of workers or the size of the units. A shard is
/// used by one thread at a time, with no lock (its turn is handed on with release/acquire ordering);
/// two workers can be in two shards at once, so that the lookups, which wait on memory, are not all in
/// one line.
/// - Complexity: a unit's turns cost its lookups, tens of nanoseconds a record, overlapped across shards.
final class DuplicateGate: @unchecked Sendable {
  // Sendable: each shard's index is touched only by the worker whose turn it is in that shard; the line
  // counts only by the worker whose turn it is at the line counts; `starts` entries are written once, at
  // an input's first line turn, and read by later turns.
  static let shardCount = 16
  private let lineTurn = Atomic<Int>(0)
  private let shardTurns: UnsafeMutablePointer<Atomic<Int>>
  private let failed = Atomic<Bool>(false)
  /// The shards of the index, in memory of their own: a worker in one shard and a worker in another do
  /// not touch a shared array. Made at the first unit's turn, sized from what it holds.
  private let shards: UnsafeMutablePointer<DuplicateIndex?>
  /// Per input: the line number before the next unit's first line (the header is line 1).
  private var lineBase: [Int]
  /// Ordinal of the next unit's first line.
  private var nextOrdinal: UInt64 = 0
  /// Per input: the ordinal of its first data line, and that line's number (UInt64.max: not started yet).
  private let startOrdinal: UnsafeMutablePointer<UInt64>
  private let startLine: UnsafeMutablePointer<Int>
  private let inputCount: Int

  /// How many bytes the run's inputs hold, when known (no stream among them).
  private let totalBytes: Int?

  // The index's pages are written before its first lookups (``LargeMemory``), tens of megabytes: by the
  // first unit's worker, and by every worker while it waits for a turn, a chunk at a time, shard after
  // shard, so that the first unit's worker does not write them all while the others wait for it.
  /// Whether the shards are made (their memory, not yet written): their chunks can be claimed.
  private let made = Atomic<Bool>(false)
  /// The next chunk to claim, numbered across the shards in shard order.
  private let nextChunk = Atomic<Int>(0)
  /// Per shard: the number of the first chunk of its memory (and after the last shard, of them all).
  private let firstChunk: UnsafeMutablePointer<Int>
  /// Per shard: the memory its chunks are in (set when made, never changed by the writers).
  private let chunkMemory: UnsafeMutablePointer<LargeMemory?>
  /// Per shard: how many of its chunks are written.
  private let chunksWritten: UnsafeMutablePointer<Atomic<Int>>

  init(lineBase: [Int], totalBytes: Int?) {
    self.lineBase = lineBase
    self.totalBytes = totalBytes
    inputCount = lineBase.count
    shardTurns = .allocate(capacity: DuplicateGate.shardCount)
    shards = .allocate(capacity: DuplicateGate.shardCount)
    chunksWritten = .allocate(capacity: DuplicateGate.shardCount)
    chunkMemory = .allocate(capacity: DuplicateGate.shardCount)
    firstChunk = .allocate(capacity: DuplicateGate.shardCount + 1)
    firstChunk.initialize(repeating: 0, count: DuplicateGate.shardCount + 1)
    for s in 0..<DuplicateGate.shardCount {
      (shardTurns + s).initialize(to: Atomic<Int>(0))
      (shards + s).initialize(to: nil)
      (chunksWritten + s).initialize(to: Atomic<Int>(0))
      (chunkMemory + s).initialize(to: nil)
    }
    startOrdinal = .allocate(capacity: max(1, inputCount))
    startOrdinal.initialize(repeating: .max, count: max(1, inputCount))
    startLine = .allocate(capacity: max(1, inputCount))
    startLine.initialize(repeating: 0, count: max(1, inputCount))
  }

  deinit {
    for s in 0..<DuplicateGate.shardCount { shards[s]?.free() }
    shards.deinitialize(count: DuplicateGate.shardCount)
    shards.deallocate()
    shardTurns.deinitialize(count: DuplicateGate.shardCount)
    shardTurns.deallocate()
    chunksWritten.deinitialize(count: DuplicateGate.shardCount)
    chunksWritten.deallocate()
    chunkMemory.deinitialize(count: DuplicateGate.shardCount)
    chunkMemory.deallocate()
    firstChunk.deallocate()
    startOrdinal.deallocate()
    startLine.deallocate()
  }

  /// Bytes the index holds, and the fingerprints in it.
  var indexSize: (bytes: Int, records: Int) {
    let all = UnsafeBufferPointer(start: shards, count: DuplicateGate.shardCount)
    return (all.reduce(0) { $0 + ($1?.bytes ?? 0) }, all.reduce(0) { $0 + ($1?.count ?? 0) })
  }

  /// The shard of a fingerprint: low bits of its second word, which the index neither slots by nor keeps.
  @inline(__always)
  static func shard(of fp: RecordFingerprint) -> Int { Int(truncatingIfNeeded: fp.low & UInt64(shardCount - 1)) }

  /// Stops every wait: a worker failed, the run is over.
  func fail() { failed.store(true, ordering: .releasing) }

  /// Waits until `turn` says it is `unit`'s turn, writing chunks of the index meanwhile while some are
  /// left; `false` when the run failed meanwhile.
  private func wait(_ turn: borrowing Atomic<Int>, for unit: Int) -> Bool {
    var spins = 0
    while turn.load(ordering: .acquiring) != unit {
      if failed.load(ordering: .acquiring) { return false }
      if writeAChunk() { continue }
      spins += 1
      if spins > 64 { sched_yield() }
    }
    return true
  }

  /// Makes the shards, sized from the first unit's share of fingerprints, their memory not yet written:
  /// from now on any worker may claim their chunks.
  private func makeShards(expected: Int) {
    for s in 0..<DuplicateGate.shardCount {
      let index = DuplicateIndex(expected: expected / DuplicateGate.shardCount, written: false)
      shards[s] = index
      chunkMemory[s] = index.memory
      firstChunk[s + 1] = firstChunk[s] + index.memory.chunks
    }
    made.store(true, ordering: .releasing)
  }

  /// Claims the next chunk of the index not yet claimed and writes it; `false` when none is left (or the
  /// shards are not made yet).
  private func writeAChunk() -> Bool {
    guard made.load(ordering: .acquiring), nextChunk.load(ordering: .relaxed) < firstChunk[DuplicateGate.shardCount]
    else { return false }
    let k = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
    guard k < firstChunk[DuplicateGate.shardCount] else { return false }
    var s = 0
    while firstChunk[s + 1] <= k { s += 1 }
    chunkMemory[s]!.writePages(ofChunk: k - firstChunk[s])
    chunksWritten[s].wrappingAdd(1, ordering: .releasing)
    return true
  }

  /// Shard `s`'s chunks of memory, and how many of them are written (0 and 0 before the shards are made).
  func chunks(ofShard s: Int) -> (count: Int, written: Int) {
    guard made.load(ordering: .acquiring) else { return (0, 0) }
    return (firstChunk[s + 1] - firstChunk[s], chunksWritten[s].load(ordering: .acquiring))
  }

  /// Waits until every chunk of shard `s` is written, writing chunks meanwhile; `false` when the run
  /// failed meanwhile.
  private func waitForChunks(ofShard s: Int) -> Bool {
    let chunks = firstChunk[s + 1] - firstChunk[s]
    while chunksWritten[s].load(ordering: .acquiring) < chunks {
      if failed.load(ordering: .acquiring) { return false }
      if !writeAChunk() { sched_yield() }  // the last ones are being written by another worker
    }
    return true
  }

  /// At unit `unit`'s turn: the number of the line before its first line, and its first ordinal; the unit
  /// has `lines` lines of input `input`. `nil` when the run failed meanwhile.
  func number(unit: Int, input: Int, lines: Int) -> (firstLine: Int, firstOrdinal: UInt64)? {
    guard wait(lineTurn, for: unit) else { return nil }
    if startOrdinal[input] == .max {
      startLine[input] = lineBase[input] + 1
      startOrdinal[input] = nextOrdinal
    }
    let result = (lineBase[input], nextOrdinal)
    lineBase[input] += lines
    nextOrdinal += UInt64(lines)
    lineTurn.store(unit + 1, ordering: .releasing)
    return result
  }

  /// At unit `unit`'s turn in each shard, in shard order: `body` with the shard number and its index.
  /// Call after ``number(unit:input:lines:)``, with the unit's count of fingerprints and of bytes: the
  /// first unit sizes the index, its share of fingerprints taken as the run's. `false` when the run
  /// failed meanwhile.
  func lookUp(unit: Int, fingerprints: Int, bytes: Int, _ body: (Int, inout DuplicateIndex) -> Void) -> Bool {
    for s in 0..<DuplicateGate.shardCount {
      guard wait(shardTurns[s], for: unit) else { return false }
      // The first unit's turn in the first shard comes before any other turn in any shard.
      if shards[s] == nil { makeShards(expected: expected(fingerprints: fingerprints, bytes: bytes)) }
      guard waitForChunks(ofShard: s) else { return false }
      body(s, &shards[s]!)
      shardTurns[s].store(unit + 1, ordering: .releasing)
    }
    return true
  }

  /// The run's fingerprints foreseen from a first unit's: in proportion to the bytes, at least one for
  /// every 1,000 bytes (a first unit of SMS alone says little); a million for a stream (the index grows).
  private func expected(fingerprints: Int, bytes: Int) -> Int {
    guard let totalBytes else { return 1 << 20 }
    // fingerprints ≤ bytes, so the quotient is at most totalBytes
    let share = max(1, bytes).dividingFullWidth(totalBytes.multipliedFullWidth(by: fingerprints)).quotient
    return max(totalBytes / 1000, share)
  }

  /// The input and line of an ordinal handed out before, of input `upTo` or an earlier one.
  ///
  /// Reads only the entries of inputs up to `upTo`, which later units never write.
  /// - Complexity: O(inputs): it runs for a duplicate only.
  func location(ofOrdinal ordinal: UInt64, upTo input: Int) -> (input: Int, line: Int) {
    var j = input
    while j > 0, startOrdinal[j] == .max || startOrdinal[j] > ordinal { j -= 1 }
    return (j, startLine[j] + Int(ordinal - startOrdinal[j]))
  }
}
