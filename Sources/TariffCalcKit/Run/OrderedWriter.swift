import Synchronization

/// Writes pieces of bills in order as they are delivered in any order (the bills phase of ``BillRun``).
final class OrderedWriter: Sendable {
  private struct State {
    var pieces = InOrder<(bytes: [UInt8], count: Int, totals: [Int64])>()
    var count = 0
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
  }

  // Sendable: the file is written under the state's lock only.
  private nonisolated(unsafe) let file: AtomicFile
  private let state = Mutex(State())
  private let failure = FirstError()

  init(file: AtomicFile) { self.file = file }

  var failed: Bool { failure.error != nil }

  func deliver(piece: Int, bytes: [UInt8], count pieceCount: Int, totals pieceTotals: [Int64]) {
    state.withLock { state in
      state.pieces.add(piece, (bytes, pieceCount, pieceTotals)) { p in
        guard failure.error == nil else { return }
        do { try file.write(p.bytes) } catch { failure.record(error) }
        state.count += p.count
        for c in state.totals.indices { state.totals[c] += p.totals[c] }
      }
    }
  }

  func result() throws -> (Int, [LineCode: Int64]) {
    try failure.check()
    let (count, totals) = state.withLock { ($0.count, $0.totals) }
    var byCode: [LineCode: Int64] = [:]
    for code in LineCode.allCases where totals[code.rawValue] != 0 { byCode[code] = totals[code.rawValue] }
    return (count, byCode)
  }
}
