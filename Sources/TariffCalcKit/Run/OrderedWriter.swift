import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes pieces of bills in order as they are delivered in any order (the bills phase of ``BillRun``).
///
/// One thread at a time writes, and never under the lock: the worker that delivers the piece whose turn
/// it is writes it from its own buffer, then every piece that was kept waiting behind it, in order. A
/// piece delivered before its turn is not copied: its buffer is kept, and the worker goes on with a spare
/// one (a buffer already written, or a new one), so that the workers keep making bills while one of them
/// writes. At most `ahead` pieces are kept: when the file is written more slowly than bills are made, a
/// worker with one more waits until the writer has caught up, so that the bills in memory stay a few
/// pieces however slow the disk.
final class OrderedWriter: Sendable {
  private struct State {
    /// The buffers of the pieces delivered and not yet written, by piece.
    var waiting: [Int: ByteBuffer] = [:]
    /// The piece being written or, when none is, the next one to write: only its deliverer, or the worker
    /// writing the one before it, writes it.
    var next = 0
    /// Buffers written, for the workers that give theirs away.
    var spare: [ByteBuffer] = []
    var count = 0
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
  }

  /// A buffer passed through the lock: it has one owner at a time (a worker, `waiting`, `spare`, or the
  /// worker writing it).
  private struct Handed: @unchecked Sendable {
    var buffer: ByteBuffer
  }

  /// What the deliverer of a piece does: write it (and those kept behind it), go on with another buffer,
  /// or wait for the writer to catch up.
  private enum Turn: @unchecked Sendable {
    case write
    case kept(spare: ByteBuffer?)
    case full
  }

  // Sendable: the file is written by one worker at a time, the one whose piece is `next`.
  private nonisolated(unsafe) let file: AtomicFile
  private let state = Mutex(State())
  private let failure = FirstError()
  /// The most pieces kept waiting at once.
  private let ahead: Int

  /// - Parameter ahead: the most pieces kept waiting for their turn at once (at least 1).
  init(file: AtomicFile, ahead: Int) {
    self.file = file
    self.ahead = max(1, ahead)
  }

  deinit {
    state.withLock { s in
      for buffer in s.waiting.values { buffer.free() }
      for buffer in s.spare { buffer.free() }
    }
  }

  var failed: Bool { failure.error != nil }

  /// Piece `piece`: its bytes in `bytes`, its number of bills and their totals by line code. When the
  /// piece is kept to be written later, `bytes` is given another buffer (empty, of the same room or more).
  /// After a write failed, a piece that would have to wait for its turn is dropped (see ``failed``).
  func deliver(piece: Int, bytes: inout ByteBuffer, count pieceCount: Int, totals pieceTotals: [Int64]) {
    let handed = Handed(buffer: bytes)
    var turn = Turn.full
    while case .full = turn {
      turn = state.withLock { s -> Turn in
        // The piece whose turn it is never waits: the writer's catching up depends on it.
        if s.next != piece, s.waiting.count >= ahead { return .full }
        s.count += pieceCount
        for c in s.totals.indices { s.totals[c] += pieceTotals[c] }
        if s.next == piece { return .write }
        s.waiting[piece] = handed.buffer
        return .kept(spare: s.spare.popLast())
      }
      if case .full = turn {
        // After a failed write the run is over: a worker that took the piece in turn may have stopped
        // without delivering it, and nobody writes any more. The piece is dropped (the caller keeps its
        // buffer; ``result()`` throws).
        guard failure.error == nil else { return }
        sched_yield()
      }
    }
    switch turn {
    case .full:
      break  // not reached: the loop ends with another turn, or returns
    case .kept(let spare):
      bytes = spare ?? ByteBuffer(capacity: bytes.capacity)
      bytes.count = 0
    case .write:
      write(bytes.raw)
      var written: Handed? = nil  // nil: the caller's buffer, which stays the caller's
      while true {
        let following = state.withLock { s -> Handed? in
          if let written { s.spare.append(written.buffer) }
          s.next += 1
          return s.waiting.removeValue(forKey: s.next).map { Handed(buffer: $0) }
        }
        guard let following else { break }
        write(following.buffer.raw)
        written = following
      }
    }
  }

  /// Writes a piece's bytes, unless a write failed before (the pieces still go through their turns).
  private func write(_ bytes: UnsafeRawBufferPointer) {
    guard failure.error == nil else { return }
    do { try file.write(bytes) } catch { failure.record(error) }
  }

  func result() throws -> (Int, [LineCode: Int64]) {
    try failure.check()
    let (count, totals) = state.withLock { ($0.count, $0.totals) }
    var byCode: [LineCode: Int64] = [:]
    for code in LineCode.allCases where totals[code.rawValue] != 0 { byCode[code] = totals[code.rawValue] }
    return (count, byCode)
  }
}
