import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the units of a run take turns, in input order, to number their lines and look for duplicates (R24).
///
/// Workers read and parse units in parallel, in any order; each then waits for its unit's turn (every
/// earlier unit has passed), gets the number of its first line, and looks its records' fingerprints up
/// in the run's ``DuplicateIndex``. So “the first copy” is the first in the order the files were given
/// and their lines, whatever the number of workers or the size of the units; the index is used by
/// one thread at a time, with no lock (the turn is handed on with release/acquire ordering).
/// - Complexity: a turn costs the unit's lookups, about 20 ns a record with their cache misses overlapped.
final class DuplicateGate: @unchecked Sendable {
  // Sendable: `state` is touched only by the worker whose turn it is (see `turn`).
  private let turn = Atomic<Int>(0)
  private let failed = Atomic<Bool>(false)
  private var state: State

  struct State {
    var index: DuplicateIndex
    /// Ordinal (line among all lines of the run) of the next unit's first line.
    var nextOrdinal: UInt64 = 0
    /// Per input: the line number before the next unit's first line (the header is line 1).
    var lineBase: [Int]
    /// The inputs in the order their first unit passed, with the ordinal of their first data line.
    var starts: [(input: Int, ordinal: UInt64, line: Int)] = []
  }

  init(lineBase: [Int], expectedRecords: Int) {
    state = State(index: DuplicateIndex(expected: expectedRecords), lineBase: lineBase)
  }

  deinit { state.index.free() }

  /// Bytes the index holds, and the fingerprints in it.
  var indexSize: (bytes: Int, records: Int) { (state.index.bytes, state.index.count) }

  /// Stops every wait: a worker failed, the run is over.
  func fail() { failed.store(true, ordering: .releasing) }

  /// Waits for the turn of unit `unit`, calls `body` with the run's state and the number of the line
  /// before the unit's first, then hands the turn on. Returns `false` when the run failed meanwhile.
  func take<R>(unit: Int, input: Int, lines: Int, _ body: (inout State, _ firstLine: Int, _ firstOrdinal: UInt64) -> R) -> R? {
    var spins = 0
    while turn.load(ordering: .acquiring) != unit {
      if failed.load(ordering: .acquiring) { return nil }
      spins += 1
      if spins > 64 { sched_yield() }
    }
    if state.starts.last?.input != input {
      state.starts.append((input, state.nextOrdinal, state.lineBase[input] + 1))
    }
    let firstLine = state.lineBase[input]
    let result = body(&state, firstLine, state.nextOrdinal)
    state.lineBase[input] += lines
    state.nextOrdinal += UInt64(lines)
    turn.store(unit + 1, ordering: .releasing)
    return result
  }
}

extension DuplicateGate.State {
  /// The input and line of an ordinal handed out before.
  func location(ofOrdinal ordinal: UInt64) -> (input: Int, line: Int) {
    var lo = 0
    var hi = starts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if starts[mid].ordinal <= ordinal { lo = mid } else { hi = mid - 1 }
    }
    let s = starts[lo]
    return (s.input, s.line + Int(ordinal - s.ordinal))
  }
}
