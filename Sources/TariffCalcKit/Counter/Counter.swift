import Dispatch
import Synchronization

/// What the clerk at the counter asks of the month: one subscriber's bill, a prospect's quote, advice.
public enum Counter {
  /// One subscriber's bill computed from the CDR files, and their records that are not billed.
  public struct Quote: Sendable {
    public var bill: Bill?
    /// The subscriber's records not billed (with file and line).
    public var rejects: [Reject]
    public var month: Month
    public var asOf: Day?
    public var files: [String]
  }

  /// Rates the CDR files for one subscriber alone (lines that are not theirs are skipped before parsing)
  /// and makes their bill.
  public static func quote(
    _ number: UInt64, month: Month, asOf: Day?, inputs: RunInputs, catalog: TariffCatalog, book: SubscriberBook,
    jobs: Int = BillRunOptions.defaultJobs
  ) throws -> Quote {
    try rate(number, month: month, asOf: asOf, inputs: inputs, catalog: catalog, book: book, jobs: jobs, fast: true).quote
  }

  /// The run behind a quote: the files rated for one subscriber, with the stories of their rated records
  /// kept in `traces` when one is given. `fast`: the files are first cut to the subscriber's lines
  /// (``scan(_:from:jobs:)``), which gives the same quote; the rejects of others, and the traces' line
  /// numbers, are then those of the cut files (``CDRInput/originalLine(_:)`` of `inputs` gives the lines).
  static func rate(
    _ number: UInt64, month: Month, asOf: Day?, inputs: RunInputs, catalog: TariffCatalog, book: SubscriberBook,
    jobs: Int, traces: TraceList? = nil, fast: Bool = false, piece: Int = Counter.scanPiece
  ) throws -> (quote: Quote, rated: RatedMonth, rejects: [Reject], inputs: RunInputs) {
    let sink = RejectList()
    let small = book.index(of: number).map { book.around($0).book } ?? book
    let ratedInputs = fast ? try scan(number, from: inputs, jobs: jobs, piece: piece) ?? inputs : inputs
    var options = BillRunOptions(month: month, asOf: asOf, cdrFiles: [], jobs: jobs, onlySubscriber: number,
                                 inputs: ratedInputs)
    options.traces = traces
    let rated = try BillRun.rate(options, catalog: catalog, book: small, rejects: sink)
    // Records on or after the as-of day are not billed yet, not refused: not the clerk's to list.
    let quote = Quote(bill: rated.bill(of: number), rejects: sink.rejects.filter { $0.subscriber == number && !$0.notYet },
                      month: month, asOf: asOf, files: inputs.names)
    return (quote, rated, sink.rejects, ratedInputs)
  }

  /// The day a month-to-date quote is as of when none is given: today's day of the month, in the data's month.
  ///
  /// The counter answers “how much up to yesterday” (实时缴费): on the 21st of a month, as of the 21st.
  /// A day past the month's end (the 31st asked of a 30-day month) is the day after its last day.
  public static func defaultAsOf(in month: Month, today: Day = Day.today()) -> Day {
    let d = today.dayOfMonth
    return d > month.dayCount ? month.lastDay.advanced(by: 1) : Day(year: month.year, month: month.month, day: d)!
  }

  /// The records of `number` in the inputs, kept in memory with each input's header: the subscriber's
  /// month, small, to be rated again and again (`advise` rates it once per plan).
  ///
  /// The inputs are read in parallel, cut in units as a bill run cuts them; lines that do not name the
  /// number in their subscriber field are dropped before they are parsed.
  public static func extract(_ number: UInt64, from inputs: RunInputs, jobs: Int = BillRunOptions.defaultJobs) throws -> RunInputs {
    let needle = Array(MSISDN.text(number).utf8)
    let chunk = 4 << 20
    let queue = UnitQueue(inputs: inputs.inputs, chunkBytes: chunk)
    let found = Mutex<[Int: (input: Int, bytes: [UInt8])]>([:])
    let failure = FirstError()
    DispatchQueue.concurrentPerform(iterations: max(1, jobs)) { _ in
      let reader = LineReader(maxLineBytes: CDRInput.maxLineBytes, bufferBytes: chunk + CDRInput.maxLineBytes + (1 << 16))
      do {
        while let unit = try queue.take(reader: reader) {
          let input = inputs.inputs[unit.input]
          if !unit.alreadyRead, let file = input.file {
            try reader.readUnit(file, start: unit.start, end: unit.end, startsLine: unit.startsLine)
          }
          var bytes: [UInt8] = []
          for line in reader.unit where BillRun.mentions(line.bytes, column: input.header?.subscriber, number: needle) {
            line.bytes.append(to: &bytes)
            if line.terminated { bytes.append(0x0A) }
          }
          let mine = bytes
          found.withLock { $0[unit.index] = (unit.input, mine) }
        }
      } catch {
        failure.record(error)
        queue.stop()
      }
    }
    try failure.check()
    let pieces = found.withLock { $0 }
    var sources: [any ByteSource] = []
    for (i, input) in inputs.inputs.enumerated() {
      var bytes = Array((input.headerLine ?? "").utf8)
      if !bytes.isEmpty { bytes.append(0x0A) }
      for u in pieces.keys.sorted() where pieces[u]!.input == i { bytes += pieces[u]!.bytes }  // u: a key of pieces
      sources.append(MemorySource(name: input.name, bytes: bytes))
    }
    return try RunInputs(sources: sources, copies: inputs.inputs.map(\.duplicateOf))
  }
}
