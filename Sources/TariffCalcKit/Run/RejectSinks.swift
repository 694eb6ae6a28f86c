import Synchronization

/// Receives the rejects of a run, in file and line order, one at a time.
public protocol RejectSink: AnyObject, Sendable {
  /// Whether the rejects written need their `record` and `detail` texts (`false`: only their encoded
  /// line, their file and their line number are used).
  var keepsRecords: Bool { get }
  func write(_ reject: Reject) throws
  /// The same, with its `REASON,record,detail` line of rejects.csv already encoded by a worker, and the
  /// place of its input among the run's (a shard's rejects are merged by it, R26).
  func write(_ reject: Reject, input: Int, encodedTail: UnsafeRawBufferPointer) throws
}

extension RejectSink {
  public var keepsRecords: Bool { true }
  public func write(_ reject: Reject, input: Int, encodedTail: UnsafeRawBufferPointer) throws { try write(reject) }
}

/// Keeps every reject in memory (for tests and the clerk's quote).
public final class RejectList: RejectSink {
  private let store = Mutex<[Reject]>([])
  public init() {}
  public func write(_ reject: Reject) { store.withLock { $0.append(reject) } }
  public var rejects: [Reject] { store.withLock { $0 } }
}

/// Writes rejects to `rejects.csv` as they come (called by one worker at a time, under the run's lock).
final class RejectsFileSink: RejectSink, @unchecked Sendable {
  // Sendable: the run calls `write` under its collector lock only.
  let file: AtomicFile
  /// What the sink changes as it writes, in memory of its own: a class's `var`s are checked for exclusive
  /// access at every write (two runtime calls a reject, a sixth of its cost).
  private struct State {
    /// Written in place, and to the file when it holds a megabyte (as much as the file's own buffer: no
    /// second copy).
    var buffer = ByteBuffer(capacity: RejectsFileSink.flushBytes + 4096)
    /// The input of the last reject (-1: none yet), and its `file,` as encoded.
    var fileInput = -1
    var fileField = ByteBuffer(capacity: 256)
  }
  private let state: UnsafeMutablePointer<State>
  private static let flushBytes = 1 << 20

  init(file: AtomicFile) {
    self.file = file
    state = .allocate(capacity: 1)
    state.initialize(to: State())
  }

  deinit {
    state.pointee.buffer.free()
    state.pointee.fileField.free()
    state.deinitialize(count: 1)
    state.deallocate()
  }

  var keepsRecords: Bool { false }

  func write(_ reject: Reject) throws {
    var row: [UInt8] = []
    RejectsCSV.append(reject, to: &row)
    row.withUnsafeBytes { row in state.pointee.buffer.write(room: row.count) { $0.bytes(row) } }
    if state.pointee.buffer.count >= RejectsFileSink.flushBytes { try flush() }
  }

  /// The run's path: a worker already encoded all but `file,line,`; `file,` is encoded once for the
  /// rejects of an input in a row.
  func write(_ reject: Reject, input: Int, encodedTail: UnsafeRawBufferPointer) throws {
    if state.pointee.fileInput != input {
      var field: [UInt8] = []
      RejectsCSV.field(reject.file, to: &field)
      field.append(UInt8(ascii: ","))
      state.pointee.fileField.count = 0
      field.withUnsafeBytes { field in state.pointee.fileField.write(room: field.count) { $0.bytes(field) } }
      state.pointee.fileInput = input
    }
    let field = state.pointee.fileField.raw
    state.pointee.buffer.write(room: field.count + 21 + encodedTail.count) { w in
      w.bytes(field)
      RejectsCSV.line(reject.line, &w)
      w.bytes(encodedTail)
    }
    if state.pointee.buffer.count >= RejectsFileSink.flushBytes { try flush() }
  }

  func flush() throws(FileError) {
    try file.write(state.pointee.buffer.raw)
    state.pointee.buffer.count = 0
  }
}
