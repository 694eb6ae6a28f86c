/// The CDR inputs of a run, opened once: their headers read, repeated files found (R24 a), and the month
/// their records are in (R25).
///
/// Standard input can be read once only: the month is guessed from its first bytes without consuming
/// them, and a run's inputs are rated once.
public final class RunInputs: @unchecked Sendable {
  // Sendable: built before the run, then only read (a stream is read under the run's queue lock).
  public let names: [String]
  let inputs: [CDRInput]

  /// Opens every input and reads its header.
  /// - Throws: ``FileError`` for an input that cannot be opened or read; ``Problem`` when standard
  ///   input is named twice.
  public convenience init(_ names: [String]) throws {
    if names.filter({ $0 == Inputs.standardInput }).count > 1 {
      throw Problem("standard input ('-') is named more than once")
    }
    try self.init(sources: names.map { name throws(FileError) in try Inputs.source(name) })
    try findRepeatedFiles()
  }

  /// Inputs from sources already open (bytes in memory, say); `copies` gives, per source, the earlier
  /// input it is a copy of (R24 a), when that is known; `lineNumbers`, per source that is a shard's part
  /// of a file, the numbers of its lines in that file (R26).
  public init(sources: [any ByteSource], copies: [String?]? = nil, lineNumbers: [LineNumbers?]? = nil) throws {
    names = sources.map(\.name)
    inputs = try sources.map { source throws(FileError) in try CDRInput(source: source) }
    if let copies { for (input, copy) in zip(inputs, copies) { input.duplicateOf = copy } }
    if let lineNumbers { for (input, numbers) in zip(inputs, lineNumbers) { input.lineNumbers = numbers } }
  }

  /// R24 (a): an input whose bytes are those of an earlier one (or the same file named again) is a copy:
  /// the earlier is billed, every line of the copy is `DUPLICATE`. Standard input is not compared.
  ///
  /// Files of different sizes differ: only files of equal size are read, and only until they differ.
  private func findRepeatedFiles() throws(FileError) {
    var seen: [(input: Int, identity: FileIdentity, size: Int)] = []
    for (i, input) in inputs.enumerated() where input.name != Inputs.standardInput && input.warning == nil {
      guard let (identity, size) = Inputs.identity(of: input.name) else { continue }
      for earlier in seen where earlier.size == size {
        var same = earlier.identity == identity
        if !same { same = try Inputs.sameBytes(inputs[earlier.input].name, input.name) }
        if same {
          input.duplicateOf = inputs[earlier.input].name
          break
        }
      }
      if input.duplicateOf == nil { seen.append((i, identity, size)) }
    }
  }

  /// The month the records of the inputs are in, when they agree (R25).
  public enum MonthOfRecords: Sendable, Equatable {
    case agreed(Month)
    /// No input has a record to tell.
    case unknown
    /// Each input that tells, with the month most of its records are in.
    case disagree([(input: String, month: Month)])

    public static func == (a: MonthOfRecords, b: MonthOfRecords) -> Bool {
      switch (a, b) {
      case (.agreed(let x), .agreed(let y)): x == y
      case (.unknown, .unknown): true
      case (.disagree(let x), .disagree(let y)): x.map(\.input) == y.map(\.input) && x.map(\.month) == y.map(\.month)
      default: false
      }
    }
  }

  /// The month of the records: that of each input's sampled records (most of them, the earlier month on
  /// a tie), when every input that has records agrees. Copies and refused inputs do not vote.
  /// - Complexity: reads at most 16 windows of 64 KiB of each input.
  public func monthOfRecords() throws(FileError) -> MonthOfRecords {
    var votes: [(input: String, month: Month)] = []
    let splitter = CSVSplitter(scratchBytes: CDRInput.maxLineBytes + 1)
    for input in inputs where input.duplicateOf == nil {
      guard let header = input.header else { continue }
      let parser = CDRParser(header: header, month: Month(year: 2000, month: 1)!)
      var counts: [Month: Int] = [:]
      try input.sample { line in
        splitter.resetScratch()
        if case .success(let record) = parser.parse(line, splitter: splitter) { counts[record.day.month, default: 0] += 1 }
      }
      if let best = counts.max(by: { ($0.value, $1.key) < ($1.value, $0.key) }) { votes.append((input.name, best.key)) }
    }
    guard let first = votes.first else { return .unknown }
    return votes.allSatisfy({ $0.month == first.month }) ? .agreed(first.month) : .disagree(votes)
  }
}
