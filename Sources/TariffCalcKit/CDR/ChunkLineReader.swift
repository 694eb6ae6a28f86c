#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A read of a file that failed: its path and the system's reason.
public struct FileError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var message: String

  public init(file: String, message: String) {
    self.file = file
    self.message = message
  }

  public init(file: String, errno code: Int32) {
    self.init(file: file, message: String(cString: strerror(code)))
  }

  public var description: String { "\(file): error: \(message)" }
}

/// Reads the lines that start in one byte range of a file, through one fixed buffer.
///
/// The range is a work unit of the bill run: the file is cut every N bytes,
/// and a line belongs to the unit its first byte lies in, so that every line
/// is read exactly once whatever N is. A unit reads past its end only to
/// finish its last line. Memory is the buffer, whatever the file's size.
final class ChunkLineReader {
  /// Longest line accepted; a longer one is cut here and flagged.
  let maxLineBytes: Int
  private let buffer: UnsafeMutableRawBufferPointer

  /// One line: its bytes (without CR LF), where it starts in the file, and how it ended.
  struct Line {
    var bytes: UnsafeRawBufferPointer
    var offset: Int
    /// `false` for a last line with no newline after it.
    var terminated: Bool
    /// The line was longer than ``maxLineBytes``; `bytes` holds its start only.
    var tooLong: Bool
  }

  /// The most lines handed out at once by ``forEachBatch``.
  static let batchCapacity = 64
  private let batch: UnsafeMutablePointer<Line>

  init(bufferBytes: Int = 1 << 18, maxLineBytes: Int = 4096) {
    precondition(bufferBytes >= 2 * maxLineBytes + 2)
    self.maxLineBytes = maxLineBytes
    buffer = .allocate(byteCount: bufferBytes, alignment: 16)
    batch = .allocate(capacity: ChunkLineReader.batchCapacity)
  }

  deinit {
    buffer.deallocate()
    batch.deallocate()
  }

  /// Calls `body` for every line whose first byte is in `start..<end`.
  ///
  /// `dataStart` is the first byte after the header line: a unit starting
  /// there starts on a line; any other unit starts on a line only if the byte
  /// before it is a newline.
  /// - Complexity: O(bytes of the unit + one line), each byte scanned once.
  func forEachLine(
    fd: Int32, file: String, fileSize: Int, dataStart: Int, start: Int, end: Int, _ body: (Line) -> Void
  ) throws(FileError) {
    try forEachBatch(fd: fd, file: file, fileSize: fileSize, dataStart: dataStart, start: start, end: end) { lines in
      for line in lines { body(line) }
    }
  }

  /// Calls `body` with the lines whose first byte is in `start..<end`, up to ``batchCapacity`` at a time.
  ///
  /// Every line of a batch stays valid for the whole call (the buffer is not
  /// moved or refilled while a batch is out), so that a caller can look at
  /// all of them before it works on any: start the memory loads of a batch
  /// together instead of one after another.
  func forEachBatch(
    fd: Int32, file: String, fileSize: Int, dataStart: Int, start: Int, end: Int,
    _ body: (UnsafeBufferPointer<Line>) -> Void
  ) throws(FileError) {
    guard start < end, start < fileSize else { return }
    var pending = 0
    func flush() {
      if pending > 0 { body(UnsafeBufferPointer(start: batch, count: pending)) }
      pending = 0
    }
    func emit(from: Int, to: Int, offset: Int, terminated: Bool) {
      batch[pending] = line(from: from, to: to, offset: offset, terminated: terminated)
      pending += 1
      if pending == ChunkLineReader.batchCapacity { flush() }
    }
    var pos = start  // file offset of buffer[0]
    var filled = 0
    var cursor = 0  // start of the current line in the buffer
    var scanned = 0  // bytes before this index (from cursor) hold no newline
    var discarding = start != dataStart  // skip the tail of a line that started in an earlier unit
    if discarding {
      pos = start - 1
    }
    let base = buffer.baseAddress!  // allocated in init, never nil
    defer { flush() }
    while true {
      // Find the next newline from where the last scan stopped.
      let from = max(cursor, scanned)
      let found = from < filled ? memchr(base + from, 0x0A, filled - from) : nil
      if let nl = found {
        let i = UnsafeRawPointer(nl) - UnsafeRawPointer(base)
        if discarding {
          discarding = false
        } else {
          emit(from: cursor, to: i, offset: pos + cursor, terminated: true)
        }
        cursor = i + 1
        scanned = cursor
        if pos + cursor >= end { return }
        continue
      }
      scanned = filled
      let atEOF = pos + filled >= fileSize
      if !discarding, filled - cursor > maxLineBytes {
        // Too long: hand over its start, then drop the rest up to the next newline.
        emit(from: cursor, to: filled, offset: pos + cursor, terminated: false)
        discarding = true
        cursor = filled
        if atEOF { return }
      }
      if atEOF {
        if !discarding, filled > cursor {
          emit(from: cursor, to: filled, offset: pos + cursor, terminated: false)
        }
        return
      }
      // The lines handed out so far point into the buffer: let them go before it moves.
      flush()
      // Keep the partial line (none when discarding) and read more after it.
      if discarding { cursor = filled }
      let keep = filled - cursor
      if cursor > 0, keep > 0 { memmove(base, base + cursor, keep) }
      pos += cursor
      filled = keep
      scanned -= cursor
      cursor = 0
      let want = min(buffer.count - filled, fileSize - (pos + filled))
      let n = pread(fd, base + filled, want, off_t(pos + filled))
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(file: file, errno: errno)
      }
      if n == 0 { throw FileError(file: file, message: "the file shrank while it was read") }
      filled += n
    }
  }

  @inline(__always)
  private func line(from: Int, to: Int, offset: Int, terminated: Bool) -> Line {
    let base = buffer.baseAddress!  // allocated in init, never nil
    var end = to
    if terminated, end > from, base.load(fromByteOffset: end - 1, as: UInt8.self) == 0x0D { end -= 1 }
    let tooLong = end - from > maxLineBytes
    if tooLong { end = from + maxLineBytes }
    return Line(bytes: UnsafeRawBufferPointer(start: base + from, count: end - from), offset: offset,
                terminated: terminated, tooLong: tooLong)
  }
}
