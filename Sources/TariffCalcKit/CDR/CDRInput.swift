/// A CDR input opened for a run: where its bytes come from, its header (SPEC 3.1), and what is wrong with it.
///
/// A file is read at any offset, in units cut anywhere; standard input (`-`) and a `.gz` file are
/// streams, read once, in order, unit after unit.
final class CDRInput: @unchecked Sendable {
  // Sendable: the properties are set before the run starts and only read while it goes; a stream is
  // read by one worker at a time, under the run's unit queue lock.
  /// The input as the user named it: what rejects and messages call it.
  let name: String
  /// The source, when it can be read at any offset (a file, bytes in memory).
  let file: (any ByteSource)?
  let stream: StreamSource?
  /// First byte after the header line.
  let dataStart: Int
  let header: CDRHeader?
  /// The header line as read (without its line end), for copies of the input.
  let headerLine: String?
  /// Why the whole input is refused (its lines are rejected `MALFORMED`), if it is.
  let refusal: String?
  /// Something to tell the user that does not stop the run (an empty file).
  let warning: String?
  /// R24 (a): the earlier input whose bytes this one repeats; its lines are all `DUPLICATE`.
  var duplicateOf: String?
  /// A shard's part of a file (R26): the number in the file as delivered of each of the part's lines.
  var lineNumbers: LineNumbers?

  /// The number in the input as delivered of line `n` as read (1 is the header line).
  @inline(__always)
  func originalLine(_ n: Int) -> Int {
    guard let lineNumbers, n >= 2 else { return n }
    return lineNumbers[n - 2]
  }

  /// The longest header line read.
  static let maxHeaderBytes = 1 << 16
  /// The longest record line; a longer one is `MALFORMED`.
  static let maxLineBytes = 4096

  var size: Int? { file?.size }

  /// Reads the header of an input. An input that cannot be read throws.
  init(source: any ByteSource) throws(FileError) {
    name = source.name
    stream = source as? StreamSource
    file = stream == nil ? source : nil
    let reader: LineReader
    if let stream {
      // Look at the start without consuming it, then consume the header line alone.
      reader = LineReader(MemorySource(name: name, bytes: try stream.peek(CDRInput.maxHeaderBytes + 2)),
                          maxLineBytes: CDRInput.maxHeaderBytes)
    } else {
      reader = LineReader(source, maxLineBytes: CDRInput.maxHeaderBytes)
    }
    guard let line = try reader.next() else {
      (dataStart, header, headerLine, refusal, warning) = (0, nil, nil, nil, "empty file: no header and no records")
      return
    }
    headerLine = line.tooLong ? nil : line.bytes.text
    var start = line.end
    var refusal: String? = nil
    var header: CDRHeader? = nil
    if line.tooLong {
      refusal = "the header line is longer than \(CDRInput.maxHeaderBytes) bytes"
      if let stream {
        start = try stream.skipLine()
      } else {
        start = try reader.next()?.offset ?? (file?.size ?? 0)  // the rest of the long line is skipped
      }
    } else {
      switch CDRHeader.parse(line.bytes, splitter: CSVSplitter()) {
      case .success(let h): header = h
      case .failure(let problem): refusal = problem.message
      }
      if let stream { try stream.consume(line.end) }
    }
    dataStart = start
    self.header = header
    self.refusal = refusal
    let empty: Bool
    if let stream { empty = try stream.peek(1).isEmpty } else { empty = start >= (file?.size ?? 0) }
    warning = refusal == nil && empty ? "no records: the file holds its header only" : nil
  }

  /// Up to `count` lines of records, spread over the input (a file) or from its start (a stream), read
  /// without consuming a stream: what the run's month is guessed from (R25).
  func sample(windows: Int = 16, bytesPerWindow: Int = 1 << 16, _ body: (Line) -> Void) throws(FileError) {
    if let stream {
      let head = try stream.peek(windows * bytesPerWindow)
      let reader = LineReader(MemorySource(name: name, bytes: head), maxLineBytes: CDRInput.maxLineBytes)
      while let line = try reader.next() {
        if line.terminated { body(line) }  // the last line of the look-ahead may be cut short
      }
      return
    }
    guard let file, let size = file.size, size > dataStart else { return }
    let reader = LineReader(file, maxLineBytes: CDRInput.maxLineBytes)
    let span = size - dataStart
    var previousEnd = dataStart
    for w in 0..<windows {
      let from = max(previousEnd, dataStart + span / windows * w)
      if from >= size { break }
      reader.seek(toLineAtOrAfter: from)
      while let line = try reader.next(), line.offset < from + bytesPerWindow {
        body(line)
        previousEnd = line.end
      }
    }
  }
}
