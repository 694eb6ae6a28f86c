import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `write(2)`, named apart from ``AtomicFile/write(_:)``.
@inline(__always)
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }

/// A file written in full under a temporary name, then renamed into place.
///
/// Readers of `path` see the previous complete file until ``commit()``, then
/// the new complete one: a run that dies half-way (a crash, SIGKILL, a full
/// disk) never leaves a half-written output. The temporary file is
/// `.NAME.tmp.HOST.PID.RANDOM` beside the target, on the same file system, so
/// the rename is atomic; the host's name and a random word keep apart two
/// processes of the same PID on two machines (or in two PID namespaces)
/// sharing the folder (the steps of a sharded run).
public final class AtomicFile {
  public let path: String
  let temporaryPath: String
  private var fd: Int32
  private var buffer: [UInt8] = []
  private var published = false
  private let bufferLimit = 1 << 20
  public private(set) var bytesWritten = 0
  /// Bytes whose write-out to the disk has been started (``startWriteOut()``).
  private(set) var writeOutStarted = 0
  #if os(Linux)
    /// glibc's `sync_file_range` (declared only under `_GNU_SOURCE`, which the Glibc module is not).
    private static let syncFileRange: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32)? = {
      guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range") else { return nil }
      return unsafeBitCast(symbol, to: (@convention(c) (Int32, Int64, Int64, UInt32) -> Int32).self)
    }()
  #endif
  /// How many written bytes wait before their write-out is started.
  private static let writeOutStep = 8 << 20

  /// Creates the temporary file.
  public init(path: String) throws(FileError) {
    self.path = path
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    temporaryPath = "\(dir)/.\(name).tmp.\(AtomicFile.host).\(getpid()).\(String(UInt32.random(in: .min ... .max), radix: 36))"
    fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileError(file: path, "cannot write", errno: errno) }
    buffer.reserveCapacity(bufferLimit)
  }

  deinit {
    if fd >= 0 { close(fd) }
    if !published { unlink(temporaryPath) }
  }

  public func write(_ bytes: [UInt8]) throws(FileError) {
    buffer += bytes
    if buffer.count >= bufferLimit { try flush() }
  }

  public func write(_ text: String) throws(FileError) { try write(Array(text.utf8)) }

  /// Writes `bytes`: a piece as large as the buffer goes to the file at once, without a copy.
  public func write(_ bytes: UnsafeRawBufferPointer) throws(FileError) {
    if bytes.count < bufferLimit {
      buffer.append(contentsOf: bytes)
      if buffer.count >= bufferLimit { try flush() }
      return
    }
    try flush()
    let code = writeAll(bytes)
    guard code == 0 else { throw FileError(file: path, "cannot write", errno: code) }
    bytesWritten += bytes.count
    startWriteOut()
  }

  private func flush() throws(FileError) {
    guard !buffer.isEmpty else { return }
    let code = buffer.withUnsafeBytes { writeAll($0) }
    guard code == 0 else { throw FileError(file: path, "cannot write", errno: code) }
    bytesWritten += buffer.count
    buffer.removeAll(keepingCapacity: true)
    startWriteOut()
  }

  /// Starts writing to the disk what has been written since the last start, once it is a few megabytes,
  /// without waiting for it: the sync that ``finish()`` makes then has little left to wait for. (Linux's
  /// `sync_file_range`; elsewhere the sync does it all. Its failure is the sync's to report.)
  private func startWriteOut() {
    #if os(Linux)
      guard bytesWritten - writeOutStarted >= AtomicFile.writeOutStep else { return }
      guard let start = AtomicFile.syncFileRange else { return }
      _ = start(fd, Int64(writeOutStarted), Int64(bytesWritten - writeOutStarted), 2)  // SYNC_FILE_RANGE_WRITE
      writeOutStarted = bytesWritten
    #endif
  }

  /// Writes every byte of `bytes`; 0, or the errno of the write that failed.
  private func writeAll(_ bytes: UnsafeRawBufferPointer) -> Int32 {
    var done = 0
    while done < bytes.count {
      let n = systemWrite(fd, bytes.baseAddress! + done, bytes.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      done += n
    }
    return 0
  }

  /// Flushes, syncs and renames the file into place.
  public func commit() throws(FileError) {
    try finish()
    try publish()
  }

  /// Flushes and syncs the temporary file: after this only the rename is left, which does not fail
  /// for lack of space. Several files are finished first, then published, so that a full disk leaves
  /// all of them as they were.
  public func finish() throws(FileError) {
    guard fd >= 0 else { return }
    try flush()
    guard fsync(fd) == 0 else { throw FileError(file: path, "cannot write", errno: errno) }
    close(fd)
    fd = -1
  }

  /// Renames the finished temporary file into place.
  public func publish() throws(FileError) {
    try finish()
    guard !published else { return }
    guard rename(temporaryPath, path) == 0 else {
      let code = errno
      unlink(temporaryPath)
      throw FileError(file: path, "cannot write", errno: code)
    }
    published = true
  }

  /// Creates a folder and its parents (`mkdir -p`), saying why when it cannot.
  public static func createFolder(_ path: String) throws(FileError) {
    var built = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
      built += "/" + part
      if mkdir(built, 0o755) != 0, errno != EEXIST {
        throw FileError(file: path, "cannot create the output folder", errno: errno)
      }
    }
    var st = stat()
    guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
      throw FileError(file: path, "cannot create the output folder", errno: errno == 0 ? ENOTDIR : errno)
    }
  }

  /// Removes the temporary files a killed run left beside `path`: `.NAME.tmp.HOST.PID.RANDOM` of this
  /// host whose process is gone.
  ///
  /// A run killed with SIGKILL cannot clean up; its temporary files are hidden and never read, and the
  /// next run in the same folder on the same host removes them. Those of a run still going are left
  /// alone, and so are another host's, whose processes this one cannot see.
  public static func removeStale(beside path: String) {
    let slash = path.lastIndex(of: "/")
    let dir = slash.map { String(path[..<$0]) } ?? "."
    let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let prefix = ".\(name).tmp.\(host)."
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
    for entry in entries where entry.hasPrefix(prefix) {
      let rest = entry.dropFirst(prefix.count)
      guard let pid = Int32(rest.prefix { $0 != "." }), pid > 0, pid != getpid() else { continue }
      if kill(pid, 0) != 0, errno == ESRCH { unlink("\(dir)/\(entry)") }
    }
  }

  /// This machine's name as temporary names carry it: letters, digits and `-` (others as `-`), up to the
  /// first dot; `host` when it has none.
  static let host: String = {
    var bytes = [CChar](repeating: 0, count: 256)
    guard gethostname(&bytes, bytes.count - 1) == 0 else { return "host" }
    let name = String(decoding: bytes.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let short = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? ""
    let safe = String(short.unicodeScalars.map { scalar -> Character in
      scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || scalar == "-") ? Character(scalar) : "-"
    })
    return safe.isEmpty ? "host" : safe
  }()

  /// Removes the temporary file; the target is left as it was.
  public func abandon() {
    if fd >= 0 {
      close(fd)
      fd = -1
    }
    if !published { unlink(temporaryPath) }
  }
}
