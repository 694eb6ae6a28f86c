import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The original line numbers of a part of a CDR file (R26): one little-endian 64-bit number for each line
/// the part holds, in order. A shard's part of a file holds only its subscribers' lines; rejects and
/// duplicates must still name the line of the file as delivered.
///
/// The file is mapped, not read: a shard's parts can hold hundreds of millions of lines, and only the
/// lines of rejects and of first copies are looked up.
public final class LineNumbers: @unchecked Sendable {
  // Sendable: the mapping is read-only and never changes after init.
  public let count: Int
  /// The file mapped; empty for numbers in memory.
  public let path: String
  private let base: UnsafeRawPointer?
  private let mappedBytes: Int

  /// Maps `path`; its size must be a multiple of 8.
  public init(path: String) throws(FileError) {
    let (fd, st) = try Inputs.openRegular(path)
    defer { close(fd) }
    let size = Int(st.st_size)
    guard size % 8 == 0 else { throw FileError(file: path, message: "not a file of line numbers (\(size) bytes)") }
    count = size / 8
    self.path = path
    mappedBytes = size
    if size == 0 {
      base = nil
      return
    }
    let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
    guard let p, p != MAP_FAILED else { throw FileError(file: path, "cannot map", errno: errno) }
    base = UnsafeRawPointer(p)
  }

  /// Numbers in memory (tests).
  public init(_ numbers: [Int]) {
    count = numbers.count
    path = ""
    mappedBytes = 0
    let room = UnsafeMutableRawPointer.allocate(byteCount: max(8, numbers.count * 8), alignment: 8)
    for (i, n) in numbers.enumerated() { room.storeBytes(of: UInt64(n).littleEndian, toByteOffset: i * 8, as: UInt64.self) }
    base = UnsafeRawPointer(room)
  }

  deinit {
    guard let base else { return }
    if mappedBytes > 0 { munmap(UnsafeMutableRawPointer(mutating: base), mappedBytes) } else { base.deallocate() }
  }

  /// The original number of the part's `i`-th line (0-based); 0, which no line has, past the end (a part
  /// changed since its numbers were written: the shard's bill refuses it when it counts its lines).
  public subscript(i: Int) -> Int {
    guard i >= 0, i < count, let base else { return 0 }
    return Int(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)))
  }

  /// Appends `n` as one entry of a line-numbers file.
  public static func append(_ n: Int, to out: inout [UInt8]) {
    withUnsafeBytes(of: UInt64(n).littleEndian) { out.append(contentsOf: $0) }
  }
}

extension Inputs {
  /// The CRC-32 of a file's bytes (zlib's), with its size: what a sharded run's plan records of each
  /// input, so that every later step bills the bytes that were planned.
  /// - Complexity: reads the file once, in 1 MiB pieces.
  public static func checksum(of path: String) throws(FileError) -> (size: Int, crc: UInt32) {
    let file = try FileSource(path: path)
    let chunk = 1 << 20
    let room = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 16)
    defer { room.deallocate() }
    var crc = crc32(0, nil, 0)
    var at = 0
    while true {
      let n = try file.read(into: room, count: chunk, at: at)
      guard n > 0 else { break }
      crc = crc32(crc, room.assumingMemoryBound(to: Bytef.self), uInt(n))
      at += n
    }
    return (at, UInt32(truncatingIfNeeded: crc))
  }

  /// The CRC-32 of bytes in memory, or of `crc`'s bytes followed by these.
  public static func checksum(_ bytes: [UInt8], continuing crc: UInt32 = 0) -> UInt32 {
    bytes.withUnsafeBufferPointer { UInt32(truncatingIfNeeded: crc32(uLong(crc), $0.baseAddress, uInt($0.count))) }
  }

  /// When a file was last changed, in nanoseconds since 1970, and its size; `nil` when it cannot be looked at.
  public static func modification(of path: String) -> (size: Int, nanoseconds: Int64)? {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    return (Int(st.st_size), Int64(st.st_mtim.tv_sec) * 1_000_000_000 + Int64(st.st_mtim.tv_nsec))
  }
}

/// Reads the little-endian integers and byte strings of a file of the program's own (a sharded run's
/// record ids and copies), from bytes in memory; `nil` past the end.
public struct BinaryCursor {
  private let bytes: [UInt8]
  public private(set) var at = 0

  public init(_ bytes: [UInt8]) { self.bytes = bytes }

  public var atEnd: Bool { at >= bytes.count }

  public mutating func integer(bytes width: Int) -> UInt64? {
    guard width <= 8, at + width <= bytes.count else { return nil }
    var n: UInt64 = 0
    for i in 0..<width { n |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
    at += width
    return n
  }

  public mutating func take(_ count: Int) -> ArraySlice<UInt8>? {
    guard count >= 0, at + count <= bytes.count else { return nil }
    defer { at += count }
    return bytes[at..<at + count]
  }

  /// Appends `n` in `width` little-endian bytes.
  public static func append(_ n: UInt64, bytes width: Int, to out: inout [UInt8]) {
    for i in 0..<width { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(i)))) }
  }
}

/// A file read from start to end in pieces of any size, with the CRC-32 of what was read (a sharded
/// run's merge reads each shard's outputs once, checking them as it copies them).
public final class SequentialFile {
  private let source: FileSource
  private let chunk = 1 << 20
  private let room: UnsafeMutableRawPointer
  /// Offset in the file of the next byte to read.
  private var offset = 0
  public private(set) var crc: UInt32 = 0
  public private(set) var bytesRead = 0

  public init(path: String) throws(FileError) {
    source = try FileSource(path: path)
    room = .allocate(byteCount: chunk, alignment: 16)
  }

  deinit { room.deallocate() }

  /// Bytes of `room` read and not yet taken: `room[used..<filled]`.
  private var used = 0
  private var filled = 0

  /// The next `count` bytes, or fewer at the end of the file.
  public func take(_ count: Int) throws(FileError) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(count)
    _ = try take(count, appendingTo: &out)
    return out
  }

  /// Appends the next `count` bytes to `out`, or fewer at the end of the file; says how many.
  public func take(_ count: Int, appendingTo out: inout [UInt8]) throws(FileError) -> Int {
    var taken = 0
    while taken < count {
      guard try refill() else { break }
      let n = min(count - taken, filled - used)
      out.append(contentsOf: UnsafeBufferPointer(start: room.assumingMemoryBound(to: UInt8.self) + used, count: n))
      used += n
      taken += n
    }
    bytesRead += taken
    return taken
  }

  /// The rest of the file, piece after piece, each valid only during `body`.
  public func forEachPiece(_ body: (UnsafeRawBufferPointer) throws -> Void) throws {
    while try refill() {
      let piece = UnsafeRawBufferPointer(start: room + used, count: filled - used)
      bytesRead += piece.count
      used = filled
      try body(piece)
    }
  }

  /// Reads the next chunk when every byte read is taken; `false` at the end of the file.
  private func refill() throws(FileError) -> Bool {
    if used < filled { return true }
    let n = try source.read(into: room, count: chunk, at: offset)
    guard n > 0 else { return false }
    crc = Inputs.checksum(UnsafeBufferPointer(start: room.assumingMemoryBound(to: UInt8.self), count: n), continuing: crc)
    offset += n
    (used, filled) = (0, n)
    return true
  }
}

extension Inputs {
  static func checksum(_ bytes: UnsafeBufferPointer<UInt8>, continuing crc: UInt32) -> UInt32 {
    UInt32(truncatingIfNeeded: crc32(uLong(crc), bytes.baseAddress, uInt(bytes.count)))
  }

  /// The CRC-32 of bytes A then B, from the CRC-32 of A, that of B and B's length (zlib's
  /// `crc32_combine`): a file made of pieces whose CRCs are known, without reading it again.
  static func checksum(combining first: UInt32, _ second: UInt32, secondLength: Int) -> UInt32 {
    UInt32(truncatingIfNeeded: crc32_combine(uLong(first), uLong(second), off_t(secondLength)))
  }
}
