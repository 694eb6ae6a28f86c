import Synchronization

/// Writes pieces of bills in order as they are delivered in any order (the bills phase of ``BillRun``).
///
/// A piece delivered in its turn is written straight from the maker's buffer; one delivered early is
/// copied and kept until the pieces before it are written.
final class OrderedWriter: Sendable {
  private struct State {
    /// A piece's bytes, or `nil` for the piece being delivered in its turn (its bytes are the caller's).
    var pieces = InOrder<[UInt8]?>()
    var count = 0
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
  }

  // Sendable: the file is written under the state's lock only.
  private nonisolated(unsafe) let file: AtomicFile
  private let state = Mutex(State())
  private let failure = FirstError()

  init(file: AtomicFile) { self.file = file }

  var failed: Bool { failure.error != nil }

  /// Piece `piece`: its bytes (valid only during the call), its number of bills and their totals by line code.
  func deliver(piece: Int, bytes: UnsafeRawBufferPointer, count pieceCount: Int, totals pieceTotals: [Int64]) {
    let borrowed = Borrowed(bytes: bytes)
    state.withLock { state in
      state.count += pieceCount
      for c in state.totals.indices { state.totals[c] += pieceTotals[c] }
      let inTurn = piece == state.pieces.next
      state.pieces.add(piece, inTurn ? nil : Array(borrowed.bytes)) { kept in
        guard failure.error == nil else { return }
        do {
          if let kept { try write(kept) } else { try file.write(borrowed.bytes) }
        } catch { failure.record(error) }
      }
    }
  }

  /// A piece kept since it came early, written from its own array (not copied into the file's buffer).
  private func write(_ kept: [UInt8]) throws {
    try kept.withUnsafeBytes { b in try file.write(b) }
  }

  /// The caller's bytes, read under the lock only and before `deliver` returns.
  private struct Borrowed: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer
  }

  func result() throws -> (Int, [LineCode: Int64]) {
    try failure.check()
    let (count, totals) = state.withLock { ($0.count, $0.totals) }
    var byCode: [LineCode: Int64] = [:]
    for code in LineCode.allCases where totals[code.rawValue] != 0 { byCode[code] = totals[code.rawValue] }
    return (count, byCode)
  }
}
