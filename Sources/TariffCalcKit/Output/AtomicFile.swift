#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file written in full under a temporary name, then renamed into place.
///
/// Readers of `path` see the previous complete file until ``commit()``, then
/// the new complete one: a run that dies half-way (a crash, SIGKILL, a full
/// disk) never leaves a half-written output. The temporary file is
/// `.NAME.tmp.PID` beside the target, on the same file system, so the rename
/// is atomic.
public final class AtomicFile {
  public let path: String
  let temporaryPath: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private let bufferLimit = 1 << 20
  public private(set) var bytesWritten = 0

  /// Creates the temporary file.
  public init(path: String) throws(FileError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporaryPath = "\(dir)/.\(name).tmp.\(getpid())"
    fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
    buffer.reserveCapacity(bufferLimit)
  }

  deinit {
    if fd >= 0 {
      close(fd)
      unlink(temporaryPath)
    }
  }

  public func write(_ bytes: [UInt8]) throws(FileError) {
    buffer += bytes
    if buffer.count >= bufferLimit { try flush() }
  }

  public func write(_ text: String) throws(FileError) { try write(Array(text.utf8)) }

  private func flush() throws(FileError) {
    var done = 0
    while done < buffer.count {
      let n = buffer.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
      if n < 0 {
        if errno == EINTR { continue }
        throw FileError(file: path, message: "cannot write: \(String(cString: strerror(errno)))")
      }
      done += n
    }
    bytesWritten += buffer.count
    buffer.removeAll(keepingCapacity: true)
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws(FileError) {
    try flush()
    guard fsync(fd) == 0 else { throw FileError(file: path, message: "cannot write: \(String(cString: strerror(errno)))") }
    close(fd)
    fd = -1
    guard rename(temporaryPath, path) == 0 else {
      let message = String(cString: strerror(errno))
      unlink(temporaryPath)
      throw FileError(file: path, message: "cannot write: \(message)")
    }
  }

  /// Removes the temporary file; the target is left as it was.
  public func abandon() {
    if fd >= 0 {
      close(fd)
      fd = -1
      unlink(temporaryPath)
    }
  }
}
