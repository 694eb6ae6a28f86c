#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the bytes of one input come from: a file read at any offset, bytes in memory, or a stream read
/// once from start to end (standard input, a gzip file).
///
/// Every input of the program is read through a source and a ``LineReader``: the system calls and the
/// buffers live here and nowhere else.
public protocol ByteSource: AnyObject {
  /// The input as the user named it (a path, or `-`): what messages and rejects call it.
  var name: String { get }
  /// The size in bytes of a source that can be read at any offset; `nil` for a stream.
  var size: Int? { get }
  /// Reads up to `count` bytes at `offset` into `buffer`, returning how many (0 at the end).
  ///
  /// A stream is read in order: `offset` must be where the bytes read so far end.
  func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(FileError) -> Int
}

/// Where a file lives, to tell two names of one file apart from two files (R24).
public struct FileIdentity: Hashable, Sendable {
  var device: UInt64
  var inode: UInt64
}

/// Opens inputs as the user names them.
public enum Inputs {
  /// The name that means standard input.
  public static let standardInput = "-"

  /// Opens `name`: `-` is standard input, a name ending in `.gz` a gzip file, anything else a regular file.
  /// - Throws: ``FileError`` when it cannot be opened, is not a regular file, or is not gzip data.
  public static func source(_ name: String) throws(FileError) -> any ByteSource {
    if name == standardInput { return StreamSource(name: name, input: DescriptorInput(fd: 0, name: name, owned: false)) }
    if name.hasSuffix(".gz") { return StreamSource(name: name, input: try GzipInput(path: name)) }
    return try FileSource(path: name)
  }

  /// Opens a regular file for reading and checks that it is one: its descriptor and status.
  static func openRegular(_ path: String) throws(FileError) -> (fd: Int32, status: stat) {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileError(file: path, "cannot open", errno: errno) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      let code = errno
      close(fd)
      throw FileError(file: path, "cannot read", errno: code)
    }
    guard (st.st_mode & S_IFMT) == S_IFREG else {
      close(fd)
      throw FileError(file: path, message: (st.st_mode & S_IFMT) == S_IFDIR ? "is a folder, not a file" : "not a regular file")
    }
    return (fd, st)
  }

  /// Reads a whole small file (a subscribers file, a tariff file) into memory, at most `limit` bytes.
  public static func contents(of path: String, limit: Int = 1 << 30) throws(FileError) -> [UInt8] {
    let source = try FileSource(path: path)
    guard let size = source.size, size <= limit else {
      throw FileError(file: path, message: "larger than \(limit) bytes")
    }
    let room = UnsafeMutableRawPointer.allocate(byteCount: max(1, size), alignment: 16)
    defer { room.deallocate() }
    var done = 0
    while done < size {
      let n = try source.read(into: room + done, count: size - done, at: done)
      guard n > 0 else { throw FileError(file: path, message: "the file shrank while it was read") }
      done += n
    }
    return Array(UnsafeRawBufferPointer(start: room, count: size))
  }
}

/// A regular file, read with `pread` at any offset, from any number of threads at once.
public final class FileSource: ByteSource, @unchecked Sendable {
  // Sendable: every property is set in init and never changed; pread on one descriptor from many threads is safe.
  public let name: String
  public let size: Int?
  let identity: FileIdentity
  private let fd: Int32
  /// The file read, which messages about reading it name.
  private let path: String

  /// Opens `path`; `name` is what rejects call it (by default its path; a shard's part of a file is called
  /// by the file's name, R26).
  public init(path: String, name: String? = nil) throws(FileError) {
    let (fd, st) = try Inputs.openRegular(path)
    self.name = name ?? path
    self.path = path
    self.fd = fd
    self.size = Int(st.st_size)
    self.identity = FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
  }

  deinit { close(fd) }

  public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(FileError) -> Int {
    while true {
      let n = pread(fd, buffer, count, off_t(offset))
      if n >= 0 { return n }
      if errno != EINTR { throw FileError(file: path, "cannot read", errno: errno) }
    }
  }
}

/// Bytes already in memory, read like a file (the counter's extracts, tests).
public final class MemorySource: ByteSource, @unchecked Sendable {
  // Sendable: the bytes are set in init and never changed.
  public let name: String
  public var size: Int? { bytes.count }
  private let bytes: [UInt8]

  public init(name: String, bytes: [UInt8]) {
    self.name = name
    self.bytes = bytes
  }

  public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(FileError) -> Int {
    let n = max(0, min(count, bytes.count - offset))
    if n > 0 { bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + offset, byteCount: n) } }  // n > 0: not empty
    return n
  }
}

/// Something read once, in order: a descriptor (standard input, a pipe) or a gzip file.
protocol SequentialInput: AnyObject {
  /// Reads some bytes (0 at the end).
  func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(FileError) -> Int
}

/// A stream: read once from start to end, with room to look ahead and to give back what was read too far.
///
/// A bill run reads a stream one unit at a time under its queue's lock, so that units come out in
/// order; the reader hands back the bytes past a unit's last line with ``unread(_:count:)``.
public final class StreamSource: ByteSource, @unchecked Sendable {
  // Sendable: used by one thread at a time (the run's unit queue holds a lock around every read).
  public let name: String
  public var size: Int? { nil }
  private let input: any SequentialInput
  /// Bytes read from the input and not yet consumed, from `pendingStart`.
  private var pending: [UInt8] = []
  private var pendingStart = 0
  /// Offset of the next byte to consume.
  private(set) var position = 0
  /// The input has nothing more.
  private var drained = false

  init(name: String, input: any SequentialInput) {
    self.name = name
    self.input = input
  }

  public func read(into buffer: UnsafeMutableRawPointer, count: Int, at offset: Int) throws(FileError) -> Int {
    precondition(offset == position, "a stream is read in order: offset \(offset), position \(position)")
    guard count > 0 else { return 0 }
    if pendingStart < pending.count {
      let n = min(count, pending.count - pendingStart)
      pending.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress! + pendingStart, byteCount: n) }  // not empty
      pendingStart += n
      if pendingStart == pending.count {
        pending.removeAll(keepingCapacity: true)
        pendingStart = 0
      }
      position += n
      return n
    }
    guard !drained else { return 0 }
    let n = try input.readSome(into: buffer, count: count)
    if n == 0 { drained = true }
    position += n
    return n
  }

  /// Gives back the last `count` bytes consumed (they are at `bytes`): the next read returns them again.
  func unread(_ bytes: UnsafeRawPointer, count: Int) {
    guard count > 0 else { return }
    let rest = Array(pending[pendingStart...])
    pending = Array(UnsafeRawBufferPointer(start: bytes, count: count)) + rest
    pendingStart = 0
    position -= count
  }

  /// Up to `count` bytes from the current position, without consuming them (fewer at the end).
  func peek(_ count: Int) throws(FileError) -> [UInt8] {
    let room = 1 << 16
    let chunk = UnsafeMutableRawPointer.allocate(byteCount: room, alignment: 16)
    defer { chunk.deallocate() }
    while pending.count - pendingStart < count, !drained {
      let n = try input.readSome(into: chunk, count: room)
      if n == 0 { drained = true } else { pending += UnsafeRawBufferPointer(start: chunk, count: n) }
    }
    return Array(pending[pendingStart..<min(pending.count, pendingStart + count)])
  }
}

/// A descriptor read with `read` (standard input or a pipe).
final class DescriptorInput: SequentialInput {
  private let fd: Int32
  private let name: String
  private let owned: Bool

  init(fd: Int32, name: String, owned: Bool) {
    self.fd = fd
    self.name = name
    self.owned = owned
  }

  deinit { if owned { close(fd) } }

  func readSome(into buffer: UnsafeMutableRawPointer, count: Int) throws(FileError) -> Int {
    while true {
      let n = read(fd, buffer, count)
      if n >= 0 { return n }
      if errno != EINTR { throw FileError(file: name, "cannot read", errno: errno) }
    }
  }
}

extension StreamSource {
  /// Consumes the next `count` bytes.
  func consume(_ count: Int) throws(FileError) {
    let room = 1 << 16
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: room, alignment: 16)
    defer { scratch.deallocate() }
    var left = count
    while left > 0 {
      let n = try read(into: scratch, count: min(left, room), at: position)
      if n == 0 { return }
      left -= n
    }
  }

  /// Consumes bytes up to and including the next LF; returns the position after it.
  func skipLine() throws(FileError) -> Int {
    let room = 1 << 16
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: room, alignment: 16)
    defer { scratch.deallocate() }
    while true {
      let n = try read(into: scratch, count: room, at: position)
      if n == 0 { return position }
      if let lf = memchr(scratch, 0x0A, n) {
        let after = UnsafeMutableRawPointer(lf) + 1 - scratch
        unread(scratch + after, count: n - after)
        return position
      }
    }
  }
}

extension Inputs {
  /// Whether two files hold the same bytes (read in step, only until they differ; files of different
  /// sizes are not read).
  public static func sameBytes(_ a: String, _ b: String) throws(FileError) -> Bool {
    let fa = try FileSource(path: a)
    let fb = try FileSource(path: b)
    guard fa.size == fb.size else { return false }
    let chunk = 1 << 18
    let x = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    let y = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    defer {
      x.deallocate()
      y.deallocate()
    }
    var at = 0
    while true {
      let n = try fa.read(into: x, count: chunk, at: at)
      guard n > 0 else { return true }
      var m = 0
      while m < n {
        let k = try fb.read(into: y + m, count: n - m, at: at + m)
        guard k > 0 else { return false }
        m += k
      }
      if memcmp(x, y, n) != 0 { return false }
      at += n
    }
  }

  /// Whether two paths name one file (the same device and inode), or the same text when either cannot
  /// be looked at.
  public static func sameFile(_ a: String, _ b: String) -> Bool {
    guard let x = identity(of: a), let y = identity(of: b) else { return a == b }
    return x.0 == y.0
  }

  /// Where a file lives and its size, or `nil` when it cannot be looked at.
  static func identity(of path: String) -> (FileIdentity, Int)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (FileIdentity(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)), Int(st.st_size))
  }

  /// The text of a small file of the program's own (a mark, a recipe), or `nil` when it cannot be read
  /// or is not UTF-8.
  public static func text(of path: String, limit: Int = 1 << 20) -> String? {
    guard let bytes = try? contents(of: path, limit: limit) else { return nil }
    return String(validating: bytes, as: UTF8.self)
  }
}
