#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One line of an input: its bytes without the line end, and where it is.
public struct Line {
  /// Without LF or CR LF, and on the first line of a source without a UTF-8 byte order mark.
  /// A line longer than the reader's limit holds its first `maxLineBytes` bytes only.
  public var bytes: ByteView
  /// Offset in the source of the line's first byte (the byte order mark's, on a first line that has one).
  public var offset: Int
  /// Offset just after the line's LF; for a line too long to hold, `offset` + the bytes held.
  public var end: Int
  /// 1-based, when the source is read in order from its start; 0 when it is not known.
  public var number: Int
  /// `false` for a last line with no LF after it.
  public var terminated: Bool
  /// The line ended in CR LF.
  public var crlf: Bool
  /// The line is longer than the reader's limit.
  public var tooLong: Bool
}

/// The one line reader of the program: every file, stream and unit of work is read through it.
///
/// It reads a ``ByteSource`` through one buffer allocated once, finds line ends with `memchr`, drops
/// CR before LF and a byte order mark at the start of a source, and never holds more than
/// `maxLineBytes` of a line: a longer one is handed out cut, flagged ``Line/tooLong``, and the rest of
/// it is skipped, so that memory stays bounded whatever the input.
///
/// Two ways to read:
/// - in order, ``next()``: a text file line by line (the subscribers file, a tariff file,
///   `bills.jsonl`), or from the first line at or after an offset (``seek(toLineAtOrAfter:)``);
/// - by unit, ``readUnit(_:start:end:startsLine:into:)``: every line whose first byte lies in a byte
///   range, all held in the buffer at once (a bill run's unit of work).
///
/// A reader made with `leavesBody` hands out a unit's lines in two parts: its *body*, the bytes of
/// every line but the last, each ending in LF, which the caller splits itself (a bill run's worker finds
/// each line's end in the same pass that reads its fields), and ``unit``, the last line alone.
///
/// A line handed out is valid until the next call to the reader; under `TARIFFCALC_CHECKS` a view
/// used later traps.
public final class LineReader {
  public let maxLineBytes: Int
  /// Units leave all their lines but the last to ``body`` (see above).
  let leavesBody: Bool
  private let buffer: UnsafeMutableRawPointer
  private let capacity: Int
  let lease = BufferLease(owner: "LineReader")

  private var source: (any ByteSource)?
  /// Source offset of `buffer[0]`.
  private var pos = 0
  /// Bytes of the buffer that hold data.
  private var filled = 0
  /// Buffer index where the next line starts.
  private var cursor = 0
  /// `buffer[cursor..<scanned]` holds no LF.
  private var scanned = 0
  /// The source has no bytes after `pos + filled`.
  private var atEnd = false
  /// Drop bytes up to and including the next LF before the next line (the rest of a long line, or the
  /// tail of a line that starts before a seek).
  private var skipping = false
  /// Number of the last line handed out; -1 when not known.
  private var lineNumber = 0
  /// The lines of the last unit read (``readUnit(_:start:end:startsLine:)``); with `leavesBody`, its
  /// last line only (or none).
  public private(set) var unit = LineList()
  /// With `leavesBody`: the buffer range of the last unit's lines before those in ``unit``, every one
  /// ending in LF.
  private var bodyStart = 0
  private var bodyEnd = 0

  /// The default bound of a line of a text file (subscribers, tariffs).
  public static let textLineLimit = 1 << 16

  /// A reader with a buffer of `bufferBytes` (at least twice the longest line; by default that and 64 KiB).
  public init(maxLineBytes: Int = LineReader.textLineLimit, bufferBytes: Int? = nil, leavesBody: Bool = false) {
    self.maxLineBytes = max(1, maxLineBytes)
    self.leavesBody = leavesBody
    capacity = max(bufferBytes ?? (2 * self.maxLineBytes + (1 << 16)), 2 * self.maxLineBytes + 2)
    buffer = .allocate(byteCount: capacity, alignment: 16)
  }

  /// A reader of `source` in order, from its start.
  public convenience init(_ source: any ByteSource, maxLineBytes: Int = LineReader.textLineLimit, bufferBytes: Int? = nil) {
    self.init(maxLineBytes: maxLineBytes, bufferBytes: bufferBytes)
    open(source)
  }

  deinit {
    buffer.deallocate()
    unit.free()
  }

  /// Starts reading `source` in order from its first byte.
  public func open(_ source: any ByteSource) {
    self.source = source
    reset(at: 0)
    lineNumber = 0
  }

  private func reset(at offset: Int) {
    lease.renew()
    pos = offset
    filled = 0
    cursor = 0
    scanned = 0
    atEnd = false
    skipping = false
  }

  // MARK: - In order

  /// The next line, or `nil` at the end of the source.
  /// - Complexity: O(bytes of the line), amortised; each byte is scanned once.
  public func next() throws(FileError) -> Line? {
    guard let source else { return nil }
    lease.renew()
    while true {
      let from = max(cursor, scanned)
      if let lf = findLF(from: from, to: filled) {
        if skipping {
          skipping = false
          cursor = lf + 1
          scanned = cursor
          continue
        }
        let line = makeLine(from: cursor, lf: lf)
        cursor = lf + 1
        scanned = cursor
        return numbered(line)
      }
      scanned = filled
      if skipping {
        // Nothing of this line is kept: let the buffer go.
        pos += filled
        filled = 0
        cursor = 0
        scanned = 0
      } else if filled - cursor > maxLineBytes + 1 {
        // Too long: hand out its start now; the rest is skipped on the next call. (`+ 1`: a line of
        // `maxLineBytes` whose CR is buffered and whose LF is not yet is not too long.)
        let line = makeLine(from: cursor, cut: cursor + maxLineBytes)
        skipping = true
        pos += filled
        filled = 0
        cursor = 0
        scanned = 0
        return numbered(line)
      }
      if atEnd {
        guard !skipping, cursor < filled else { return nil }
        let line = makeLine(from: cursor, unterminatedTo: filled)
        cursor = filled
        scanned = filled
        return numbered(line)
      }
      try refill(source)
    }
  }

  /// Reads on from the first line that starts at or after `offset`; line numbers are not known from there.
  ///
  /// A line starts at 0 or after a LF, so the byte before `offset` decides whether a line starts there.
  /// Only for a source that can be read at any offset.
  public func seek(toLineAtOrAfter offset: Int) {
    precondition(source?.size != nil, "seek on a stream")
    if offset <= 0 {
      reset(at: 0)
      lineNumber = 0
    } else {
      reset(at: offset - 1)
      skipping = true  // up to the LF at offset - 1, if that is one: nothing more
      lineNumber = -1
    }
  }

  private func numbered(_ line: Line) -> Line {
    var line = line
    if lineNumber >= 0 {
      lineNumber += 1
      line.number = lineNumber
    }
    checkInvariants()
    return line
  }

  /// Moves the unread bytes to the front and reads more after them.
  private func refill(_ source: any ByteSource) throws(FileError) {
    if filled == capacity || (cursor > 0 && capacity - filled < capacity / 4) {
      let keep = filled - cursor
      if cursor > 0, keep > 0 { memmove(buffer, buffer + cursor, keep) }
      pos += cursor
      filled = keep
      scanned -= cursor
      cursor = 0
    }
    let n = try source.read(into: buffer + filled, count: capacity - filled, at: pos + filled)
    if n == 0 {
      if let size = source.size, pos + filled < size {
        throw FileError(file: source.name, message: "the file shrank while it was read")
      }
      atEnd = true
    }
    filled += n
  }

  // MARK: - By unit

  /// Reads every line whose first byte lies in `start..<end` of `source`, all held in the buffer at once,
  /// into ``unit``: they stay valid together until the reader's next call.
  ///
  /// `startsLine` says that a line starts at `start` (the first byte after a file's header); otherwise
  /// the byte before `start` decides, so that every line of a file is read by exactly one unit, whatever
  /// the cut. A unit reads past `end` only to finish its last line. The buffer must hold the unit and a
  /// line: `end - start + 1 + maxLineBytes + 2` bytes.
  /// - Complexity: O(end − start + one line).
  public func readUnit(_ source: any ByteSource, start: Int, end: Int, startsLine: Bool) throws(FileError) {
    unit.removeAll()
    (bodyStart, bodyEnd) = (0, 0)
    precondition(end - start + maxLineBytes + 3 <= capacity, "a unit of \(end - start) bytes in a buffer of \(capacity)")
    self.source = nil
    lineNumber = -1
    reset(at: startsLine ? start : start - 1)
    // The whole range first, in as few reads as the system gives.
    let size = source.size ?? 0
    while pos + filled < min(end, size) {
      let n = try source.read(into: buffer + filled, count: min(end, size) - (pos + filled), at: pos + filled)
      guard n > 0 else { throw FileError(file: source.name, message: "the file shrank while it was read") }
      filled += n
    }
    if !startsLine {
      // The tail of a line that starts in an earlier unit is not ours.
      guard let lf = findLF(from: 0, to: filled) else { return }
      cursor = lf + 1
      scanned = cursor
    }
    atEnd = pos + filled >= size
    try collect(until: end) { () throws(FileError) in
      let n = try source.read(into: buffer + filled, count: capacity - filled, at: pos + filled)
      if n == 0 {
        if pos + filled < size { throw FileError(file: source.name, message: "the file shrank while it was read") }
        atEnd = true
      }
      return n
    }
    checkInvariants()
  }

  /// Reads the next unit of a stream: its lines from the stream's position up to the first line end at or
  /// after `bytes` bytes (or the end), all held in the buffer at once. Bytes read past the last line are
  /// given back to the stream. The lines are in ``unit``.
  /// - Returns: the offset of the unit's first byte, or `nil` when the stream is at its end.
  public func readUnit(_ source: StreamSource, bytes: Int) throws(FileError) -> Int? {
    unit.removeAll()
    (bodyStart, bodyEnd) = (0, 0)
    precondition(bytes + maxLineBytes + 3 <= capacity, "a unit of \(bytes) bytes in a buffer of \(capacity)")
    self.source = nil
    lineNumber = -1
    let start = source.position
    reset(at: start)
    while filled < bytes, !atEnd {
      let n = try source.read(into: buffer + filled, count: bytes - filled, at: pos + filled)
      if n == 0 { atEnd = true }
      filled += n
    }
    guard filled > 0 else { return nil }
    try collect(until: start + bytes) { () throws(FileError) in
      let n = try source.read(into: buffer + filled, count: capacity - filled, at: pos + filled)
      if n == 0 { atEnd = true }
      return n
    }
    if skipping {
      // The last line was too long to hold: drop the rest of it from the stream, read into the room
      // after the part kept (at least 64 KiB in a run's buffer).
      let spare = cursor
      skip: while true {
        let n = try source.read(into: buffer + spare, count: capacity - spare, at: source.position)
        if n == 0 { break }
        if let lf = findLF(from: spare, to: spare + n) {
          source.unread(buffer + lf + 1, count: spare + n - (lf + 1))
          break skip
        }
      }
      skipping = false
    } else {
      source.unread(buffer + cursor, count: filled - cursor)
    }
    checkInvariants()
    return start
  }

  /// Hands out the lines from `cursor` whose first byte is before source offset `end`, reading more
  /// with `more` (which appends after `filled` and returns how much) to finish the last one.
  private func collect(until end: Int, more: () throws(FileError) -> Int) throws(FileError) {
    // Appended to a local copy (the same storage): no exclusivity check of the reader's property per line.
    var unit = self.unit
    defer { self.unit = unit }
    if leavesBody {
      // Every line before the last one that starts before `end` is whole in the buffer (no line starts
      // after `filled` before more is read): the body, up to the LF before that last line.
      var i = min(end - pos, filled) - 2
      while i >= cursor, buffer.load(fromByteOffset: i, as: UInt8.self) != 0x0A { i -= 1 }
      if i >= cursor {
        (bodyStart, bodyEnd) = (cursor, i + 1)
        cursor = i + 1
        scanned = cursor
      }
    }
    while pos + cursor < end {
      if let lf = findLF(from: max(cursor, scanned), to: filled) {
        unit.append(makeLine(from: cursor, lf: lf))
        cursor = lf + 1
        scanned = cursor
        continue
      }
      scanned = filled
      if filled - cursor > maxLineBytes + 1 {  // `+ 1`: room for the CR of a CR LF
        // Its end is past the unit: it is the unit's last line. Kept cut; a stream skips the rest.
        unit.append(makeLine(from: cursor, cut: cursor + maxLineBytes))
        cursor += maxLineBytes  // what follows in the buffer is the rest of that line
        skipping = true
        return
      }
      if atEnd {
        if cursor < filled { unit.append(makeLine(from: cursor, unterminatedTo: filled)) }
        cursor = filled
        return
      }
      filled += try more()
    }
  }

  // MARK: - The body of a unit

  /// The body of the last unit read (empty without `leavesBody`): its lines but the last, each ending
  /// in LF (and CR LF kept), as in the source.
  var body: ByteView { ByteView(buffer + bodyStart, count: bodyEnd - bodyStart, lease: lease) }

  /// The source offset of the body's first byte.
  var bodyOffset: Int { pos + bodyStart }

  /// The line of the body at `from..<lf` (offsets in ``body``, `lf` that of its LF), as ``unit`` would
  /// have held it.
  func bodyLine(from: Int, lf: Int) -> Line {
    #if TARIFFCALC_CHECKS
      precondition(0 <= from && from <= lf && bodyStart + lf < bodyEnd, "line \(from)..<\(lf) of a body of \(bodyEnd - bodyStart) bytes")
      precondition(buffer.load(fromByteOffset: bodyStart + lf, as: UInt8.self) == 0x0A, "no LF at \(lf) of the body")
    #endif
    return makeLine(from: bodyStart + from, lf: bodyStart + lf)
  }

  // MARK: - Lines

  @inline(__always)
  private func findLF(from: Int, to: Int) -> Int? {
    guard from < to, let p = memchr(buffer + from, 0x0A, to - from) else { return nil }
    return UnsafeMutableRawPointer(p) - buffer
  }

  /// The line `buffer[from..<lf]` and its LF.
  @inline(__always)
  private func makeLine(from: Int, lf: Int) -> Line {
    var stop = lf
    let crlf = stop > from && buffer.load(fromByteOffset: stop - 1, as: UInt8.self) == 0x0D
    if crlf { stop -= 1 }
    let tooLong = stop - from > maxLineBytes
    if tooLong { stop = from + maxLineBytes }
    return line(from: from, to: stop, end: pos + lf + 1, terminated: true, crlf: crlf, tooLong: tooLong)
  }

  /// The first `maxLineBytes` of a line whose LF is not in the buffer.
  private func makeLine(from: Int, cut: Int) -> Line {
    line(from: from, to: cut, end: pos + cut, terminated: true, crlf: false, tooLong: true)
  }

  /// A last line with no LF.
  private func makeLine(from: Int, unterminatedTo to: Int) -> Line {
    let tooLong = to - from > maxLineBytes
    return line(from: from, to: tooLong ? from + maxLineBytes : to, end: pos + to, terminated: false, crlf: false,
                tooLong: tooLong)
  }

  @inline(__always)
  private func line(from: Int, to: Int, end: Int, terminated: Bool, crlf: Bool, tooLong: Bool) -> Line {
    var start = from
    // A byte order mark is not part of the first line of a source.
    if pos + from == 0, to - from >= 3, buffer.load(as: UInt8.self) == 0xEF,
      buffer.load(fromByteOffset: 1, as: UInt8.self) == 0xBB, buffer.load(fromByteOffset: 2, as: UInt8.self) == 0xBF
    {
      start += 3
    }
    return Line(bytes: ByteView(buffer + start, count: to - start, lease: lease), offset: pos + from, end: end,
                number: 0, terminated: terminated, crlf: crlf, tooLong: tooLong)
  }

  /// With `TARIFFCALC_CHECKS`: the cursors are in order and inside the buffer.
  @inline(__always)
  private func checkInvariants() {
    #if TARIFFCALC_CHECKS
      precondition(0 <= cursor && cursor <= filled && filled <= capacity, "cursor \(cursor), filled \(filled), capacity \(capacity)")
      precondition(scanned <= filled && pos >= 0, "scanned \(scanned), pos \(pos)")
      if let size = source?.size { precondition(pos + filled <= size, "read past the end of the source") }
    #endif
  }
}
