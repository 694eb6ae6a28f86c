#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads a file line by line on demand, through one buffer: for merging two sorted files.
///
/// Unlike ``ChunkLineReader`` (which pushes the lines of a byte range to a
/// closure, for parallel runs), a stream is pulled: `verify` takes the next
/// line of whichever file is behind.
public final class LineStream {
  public let path: String
  private let fd: Int32
  private var buffer: [UInt8]
  private var start = 0
  private var end = 0
  private var eof = false
  /// Number of the line last returned (1-based).
  public private(set) var lineNumber = 0
  /// The longest line accepted.
  public let maxLineBytes: Int

  public init(path: String, maxLineBytes: Int = 1 << 20) throws(FileError) {
    self.path = path
    self.maxLineBytes = maxLineBytes
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
    buffer = [UInt8](repeating: 0, count: max(1 << 16, maxLineBytes + 1))
  }

  deinit { close(fd) }

  /// The next line without its LF (or CRLF), copied out of the buffer, or `nil` at the end of the file.
  /// - Throws: when the file cannot be read or a line is longer than ``maxLineBytes``.
  public func next() throws(FileError) -> [UInt8]? {
    while true {
      if let nl = buffer[start..<end].firstIndex(of: 0x0A) {
        var stop = nl
        if stop > start, buffer[stop - 1] == 0x0D { stop -= 1 }
        let line = Array(buffer[start..<stop])
        start = nl + 1
        lineNumber += 1
        return line
      }
      if eof {
        guard start < end else { return nil }
        let line = Array(buffer[start..<end])
        start = end
        lineNumber += 1
        return line
      }
      if end - start > maxLineBytes {
        throw FileError(file: path, message: "line \(lineNumber + 1) is longer than \(maxLineBytes) bytes")
      }
      // Keep the partial line, read more after it.
      if start > 0 {
        buffer.withUnsafeMutableBytes { b in
          // The buffer is allocated in init and never empty.
          _ = memmove(b.baseAddress!, b.baseAddress! + start, end - start)
        }
        end -= start
        start = 0
      }
      let n = buffer.withUnsafeMutableBytes { b in read(fd, b.baseAddress! + end, b.count - end) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
      }
      if n == 0 { eof = true } else { end += n }
    }
  }
}
