import Synchronization

/// Receives the rejects of a run, in file and line order, one at a time.
public protocol RejectSink: AnyObject, Sendable {
  /// Whether the rejects written need their `record` text (`false`: only their encoded line is used).
  var keepsRecords: Bool { get }
  func write(_ reject: Reject) throws
  /// The same, with its `REASON,record,detail` line of rejects.csv already encoded by a worker.
  func write(_ reject: Reject, encodedTail: ArraySlice<UInt8>) throws
  /// The same, with the place of its input among the run's (a shard's rejects are merged by it, R26).
  func write(_ reject: Reject, input: Int, encodedTail: ArraySlice<UInt8>) throws
}

extension RejectSink {
  public var keepsRecords: Bool { true }
  public func write(_ reject: Reject, encodedTail: ArraySlice<UInt8>) throws { try write(reject) }
  public func write(_ reject: Reject, input: Int, encodedTail: ArraySlice<UInt8>) throws { try write(reject, encodedTail: encodedTail) }
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
  private var buffer: [UInt8] = []
  /// The last file named, and its `file,` as encoded.
  private var fileField: (file: String, bytes: [UInt8])?

  init(file: AtomicFile) { self.file = file }

  var keepsRecords: Bool { false }

  func write(_ reject: Reject) throws {
    RejectsCSV.append(reject, to: &buffer)
    if buffer.count > 1 << 16 { try flush() }
  }

  /// The run's path: a worker already encoded all but `file,line,`; `file,` is encoded once for the
  /// rejects of a file in a row.
  func write(_ reject: Reject, encodedTail: ArraySlice<UInt8>) throws {
    if fileField?.file != reject.file {
      var field: [UInt8] = []
      RejectsCSV.field(reject.file, to: &field)
      field.append(UInt8(ascii: ","))
      fileField = (reject.file, field)
    }
    buffer += fileField?.bytes ?? []
    RejectsCSV.line(reject.line, to: &buffer)
    buffer += encodedTail
    if buffer.count > 1 << 16 { try flush() }
  }

  func flush() throws(FileError) {
    try file.write(buffer)
    buffer.removeAll(keepingCapacity: true)
  }
}
