#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What a bill run reads and how it works.
public struct BillRunOptions: Sendable {
  public var month: Month
  /// Bill as of this day (R23): records before it, fees apportioned by day.
  public var asOf: Day?
  public var cdrFiles: [String]
  /// Parallel workers (`--jobs`).
  public var jobs: Int
  /// Bytes per work unit: files are cut here, at line boundaries.
  public var chunkBytes: Int
  /// Read only the lines that mention this number (the clerk's quote).
  public var onlySubscriber: UInt64?
  /// The inputs already opened (their month guessed from them); otherwise `cdrFiles` are opened by the run.
  public var inputs: RunInputs?
  /// Told how far the rating has gone, after each unit of work (from the worker that finished it, one
  /// call at a time, under the run's collector lock: keep it short); for a progress line. Outputs do not
  /// depend on it.
  public var progress: (@Sendable (RunProgress) -> Void)?
  /// Where a quote keeps the story of each rated record (the itemized bill, R27); `nil` in a bill run.
  var traces: TraceList?
  /// A shard's run (R26): the copies by `record_id` found across the shards (R24 b), which the run does
  /// not look for itself.
  public var recordCopies: RecordCopies?
  /// A shard's run (R26): bill only the subscribers at these places in the book (all of them by default).
  public var billed: Range<Int>?

  /// The largest unit of work: each worker holds one whole.
  public static let maxChunkBytes = 64 << 20

  public init(month: Month, asOf: Day? = nil, cdrFiles: [String], jobs: Int = BillRunOptions.defaultJobs,
              chunkBytes: Int = 4 << 20, onlySubscriber: UInt64? = nil, inputs: RunInputs? = nil) {
    self.month = month
    self.asOf = asOf
    self.cdrFiles = inputs?.names ?? cdrFiles
    self.jobs = max(1, jobs)
    self.chunkBytes = min(max(1, chunkBytes), BillRunOptions.maxChunkBytes)
    self.onlySubscriber = onlySubscriber
    self.inputs = inputs
  }

  /// The machine's active cores.
  public static var defaultJobs: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}
