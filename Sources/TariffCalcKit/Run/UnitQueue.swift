import Synchronization

/// One unit of work of a run: the lines that start in a byte range of one input.
struct UnitTicket: Sendable {
  /// The unit's place in the run: units are handed out, and take their turns, in this order.
  var index: Int
  var input: Int
  var start: Int
  /// The end of the range of a file; for a stream, where its lines (already read) end.
  var end: Int
  /// A line starts at `start` (the first byte after the header).
  var startsLine: Bool
  /// The unit's lines are already in the worker's reader (a stream is read under the queue's lock).
  var alreadyRead: Bool
}

/// Hands out the units of a run in input order: every input cut every `chunkBytes` bytes.
///
/// A file's units are ranges, read by the worker that takes them, in parallel with the others. A stream
/// (standard input, a gzip file) can only be read in order: the worker that takes its next unit reads it
/// while it holds the queue's lock, into its own reader.
final class UnitQueue: Sendable {
  private let inputs: [CDRInput]
  private let chunkBytes: Int
  private let state = Mutex(State())

  private struct State {
    var nextIndex = 0
    var input = 0
    /// Offset of the next unit of the current input (`nil`: not started).
    var offset: Int? = nil
    var failed = false
  }

  init(inputs: [CDRInput], chunkBytes: Int) {
    self.inputs = inputs
    self.chunkBytes = chunkBytes
  }

  /// Stops handing out units.
  func stop() { state.withLock { $0.failed = true } }

  /// The next unit, or `nil` when every input is done. A stream's unit is read here, into `reader`.
  func take(reader: LineReader) throws(FileError) -> UnitTicket? {
    try state.withLock { (s: inout State) throws(FileError) -> UnitTicket? in
      while !s.failed, s.input < inputs.count {
        let input = inputs[s.input]
        let start = s.offset ?? input.dataStart
        if let stream = input.stream {
          if let read = try reader.readUnit(stream, bytes: chunkBytes) {
            s.offset = stream.position
            defer { s.nextIndex += 1 }
            return UnitTicket(index: s.nextIndex, input: s.input, start: read, end: stream.position, startsLine: true,
                              alreadyRead: true)
          }
        } else if let size = input.size, start < size {
          let end = start + min(chunkBytes, size - start)
          s.offset = end
          defer { s.nextIndex += 1 }
          return UnitTicket(index: s.nextIndex, input: s.input, start: start, end: end, startsLine: start == input.dataStart,
                            alreadyRead: false)
        }
        s.input += 1
        s.offset = nil
      }
      return nil
    }
  }
}
