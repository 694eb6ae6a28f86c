/// What a bill run reports: its counts per file, its rejects by reason, its totals and times. Made by the
/// run (``BillRun``), shown by ``BillRunReport`` and written by ``SummaryJSON``.

/// What a bill run did: the counts of `summary.json` and of the console report.
public struct BillRunSummary: Sendable {
  public var month: Month
  public var asOf: Day?
  public var files: [FileStats]
  public var rejectedByReason: [RejectReason: Int]
  public var subscribersBilled: Int
  public var totalFenByCode: [LineCode: Int64]
  public var jobs: Int
  /// The whole run, loading of tariffs and subscribers included when the caller timed it.
  public var elapsed: Duration
  /// Time per phase: `load` (tariffs and subscribers, timed by the caller), `rate`, `bills`.
  public var phases: [(name: String, time: Duration)] = []
  public var outputFolder: String
  /// The run's duplicate index (R24): its bytes and the fingerprints in it (not in summary.json: a run cut
  /// in shards has other figures, and the same bills).
  public var duplicateIndex: (bytes: Int, records: Int) = (0, 0)

  public var recordsRead: Int { files.reduce(0) { $0 + $1.read } }
  public var recordsRated: Int { files.reduce(0) { $0 + $1.rated } }
  public var recordsRejected: Int { files.reduce(0) { $0 + $1.rejected } }
  public var bytesRead: Int { files.reduce(0) { $0 + $1.bytes } }
  public var totalFen: Int64 { totalFenByCode.values.reduce(0, +) }
}

/// Per-file counts: read = rated + rejected.
public struct FileStats: Sendable, Hashable {
  public var file: String
  public var bytes: Int
  public var read = 0
  public var rated = 0
  public var rejected = 0
  /// Records read whose day is in the bill's days (R25: a file with records and none of them in is refused).
  public var inBill = 0
  /// Records read outside the bill's days, by month.
  public var outside: [Month: Int] = [:]
  /// Why the whole file was refused, if it was (its lines are all rejected).
  public var refused: String?
  public var warning: String?
  /// R24 (a): the earlier input this one is a copy of (its lines are all `DUPLICATE`).
  public var duplicateOf: String?

  /// The month most of the records outside the bill's days are in.
  public var mostlyIn: Month? { outside.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key }
}

/// How far a bill run's rating has gone.
public struct RunProgress: Sendable {
  /// Bytes of the CDR inputs read and rated.
  public var bytesDone: Int
  /// Bytes of all the inputs, when known (not for a stream).
  public var bytesTotal: Int?
  /// Records read so far.
  public var records: Int
  /// Since the rating started.
  public var elapsed: Duration

  public init(bytesDone: Int, bytesTotal: Int?, records: Int, elapsed: Duration) {
    self.bytesDone = bytesDone
    self.bytesTotal = bytesTotal
    self.records = records
    self.elapsed = elapsed
  }

  /// The time left at the rate so far, when the total is known and some bytes are done.
  public var timeLeft: Duration? {
    guard let total = bytesTotal, bytesDone > 0, total >= bytesDone else { return nil }
    // elapsed × (total − done) / done, in milliseconds (integers: no rounding drift)
    let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    return .milliseconds(ms * Int64(total - bytesDone) / Int64(bytesDone))
  }
}
