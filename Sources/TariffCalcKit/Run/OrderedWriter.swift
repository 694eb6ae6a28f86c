import Synchronization

/// Writes pieces of bills in order as they are delivered in any order (the bills phase of ``BillRun``).
///
/// A piece delivered in its turn is written straight from the maker's buffer; one delivered early is
/// copied (before the lock is taken) and kept until the pieces before it are written.
final class OrderedWriter: Sendable {
  /// A piece waiting in line: its own copy, or the one being delivered in its turn (the caller's bytes).
  private enum Piece {
    case inTurn
    case kept([UInt8])
  }

  private struct State {
    var pieces = InOrder<Piece>()
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
    // A piece that is next stays next until it is delivered (only its own delivery moves the line on); one
    // that is not is copied outside the lock, and is written at once if its turn came meanwhile.
    let inTurn = state.withLock { $0.pieces.next == piece }
    let early: [UInt8] = inTurn ? [] : Array(bytes)
    state.withLock { state in
      state.count += pieceCount
      for c in state.totals.indices { state.totals[c] += pieceTotals[c] }
      state.pieces.add(piece, inTurn ? .inTurn : .kept(early)) { ready in
        guard failure.error == nil else { return }
        do {
          switch ready {
          case .inTurn: try file.write(borrowed.bytes)
          case .kept(let bytes): try write(bytes)
          }
        } catch { failure.record(error) }
      }
    }
  }

  /// A kept piece, written from its own array (the file copies it only when it is under its 1 MiB buffer).
  private func write(_ kept: [UInt8]) throws {
    try kept.withUnsafeBytes { b in try file.write(b) }
  }

  /// The caller's bytes, used only before `deliver` returns (copied by the caller's thread, or written under the lock).
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
