#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Bytes that the reading layer owns — a line or a field — seen without copying.
///
/// A view is valid until the reader that handed it out moves on (reads the
/// next unit or line, or resets its scratch). Callers never see a pointer:
/// they index, compare and convert. With the `TARIFFCALC_CHECKS` flag (debug
/// builds, so every test run) each access checks its index and that the
/// buffer behind the view has not been reused since (``BufferLease``); a
/// release build compiles both checks away.
public struct ByteView: RandomAccessCollection {
  @usableFromInline let base: UnsafeRawPointer?
  public let count: Int
  #if TARIFFCALC_CHECKS
    let lease: BufferLease?
    let generation: UInt64
  #endif

  /// A view of `count` bytes at `base`, in memory `lease` owns.
  @inline(__always)
  init(_ base: UnsafeRawPointer?, count: Int, lease: BufferLease?) {
    self.base = base
    self.count = count
    #if TARIFFCALC_CHECKS
      precondition(count >= 0 && (count == 0 || base != nil), "a view of \(count) bytes without memory")
      self.lease = lease
      self.generation = lease?.generation ?? 0
    #endif
  }

  /// The empty view.
  public init() { self.init(nil, count: 0, lease: nil) }

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }
  @inline(__always) public func index(after i: Int) -> Int { i &+ 1 }
  @inline(__always) public func index(before i: Int) -> Int { i &- 1 }

  @inline(__always)
  public subscript(i: Int) -> UInt8 {
    check(i, 1)
    return base.unsafelyUnwrapped.load(fromByteOffset: i, as: UInt8.self)  // count > i ≥ 0: base is set
  }

  /// The bytes from `i` on.
  @inline(__always)
  public func dropping(first i: Int) -> ByteView {
    check(0, i)
    guard i < count else { return ByteView() }
    return ByteView(base.unsafelyUnwrapped + i, count: count - i, lease: leaseForSlices)
  }

  /// The bytes `range`, as a view of the same memory.
  @inline(__always)
  public func view(_ range: Range<Int>) -> ByteView {
    check(range.lowerBound, range.count)
    guard !range.isEmpty else { return ByteView() }
    return ByteView(base.unsafelyUnwrapped + range.lowerBound, count: range.count, lease: leaseForSlices)
  }

  /// `count` bytes from `start`: the splitter's fields, whose bounds it has just found (checked under the flag only).
  @inline(__always)
  func unchecked(_ start: Int, _ count: Int) -> ByteView {
    check(start, count)
    return ByteView(base.map { $0 + start }, count: count, lease: leaseForSlices)
  }

  /// The 8 bytes at `i` as a little-endian word (SWAR, ``SWAR``): byte `i` is the low byte.
  @inline(__always)
  func word(at i: Int) -> UInt64 {
    check(i, 8)
    return UInt64(littleEndian: base.unsafelyUnwrapped.loadUnaligned(fromByteOffset: i, as: UInt64.self))
  }

  /// Whether the bytes equal an ASCII literal.
  @inline(__always)
  public func equals(_ literal: StaticString) -> Bool {
    guard count == literal.utf8CodeUnitCount else { return false }
    guard count > 0 else { return true }
    check(0, count)
    return memcmp(base.unsafelyUnwrapped, literal.utf8Start, count) == 0
  }

  /// Whether the bytes equal `other`'s.
  @inline(__always)
  public func equals(_ other: ByteView) -> Bool {
    guard count == other.count else { return false }
    guard count > 0 else { return true }
    check(0, count)
    other.check(0, count)
    return memcmp(base.unsafelyUnwrapped, other.base.unsafelyUnwrapped, count) == 0
  }

  /// Whether the bytes equal those of `bytes` (``equals(_:)-(ByteView)`` over the array's memory).
  @inline(__always)
  public func equals(_ bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBytes { equals(ByteView($0.baseAddress, count: $0.count, lease: nil)) }
  }

  /// Whether every byte is an ASCII digit (eight at a time).
  /// - Complexity: O(n / 8).
  @inline(__always)
  public var isAllDigits: Bool {
    var i = 0
    while i &+ 8 <= count {
      guard SWAR.allDigits(word(at: i)) else { return false }
      i &+= 8
    }
    while i < count {
      guard self[i] &- UInt8(ascii: "0") < 10 else { return false }
      i &+= 1
    }
    return true
  }

  /// The first index of `byte` from `from` on, or `nil` (memchr).
  @inline(__always)
  public func firstIndex(of byte: UInt8, from: Int = 0) -> Int? {
    guard from < count else { return nil }
    check(from, count - from)
    guard let p = memchr(base.unsafelyUnwrapped + from, Int32(byte), count - from) else { return nil }
    return UnsafeRawPointer(p) - base.unsafelyUnwrapped
  }

  /// Whether a NUL byte is among the bytes.
  public var containsNUL: Bool { firstIndex(of: 0) != nil }

  /// The bytes as a `String`, invalid UTF-8 repaired and NUL kept; for messages and slow paths.
  public var text: String {
    guard count > 0 else { return "" }
    check(0, count)
    return String(decoding: UnsafeRawBufferPointer(start: base, count: count), as: UTF8.self)
  }

  /// Calls `body` with the bytes as a raw buffer (valid only during the call).
  @inline(__always)
  public func withUnsafeRawBuffer<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
    guard count > 0 else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
    check(0, count)
    return try body(UnsafeRawBufferPointer(start: base, count: count))
  }

  /// The bytes as an array of their own.
  public var bytes: [UInt8] {
    guard count > 0 else { return [] }
    check(0, count)
    return Array(UnsafeRawBufferPointer(start: base, count: count))
  }

  /// Copies the bytes to the end of `out`.
  @inline(__always)
  public func append(to out: inout [UInt8]) {
    guard count > 0 else { return }
    check(0, count)
    out.append(contentsOf: UnsafeRawBufferPointer(start: base, count: count))
  }

  /// Calls `body` with the bytes of a `String` (or any contiguous UTF-8) as a view, for parsers that take views.
  public static func with<R>(_ text: String, _ body: (ByteView) throws -> R) rethrows -> R {
    var copy = text
    return try copy.withUTF8 { try body(ByteView(UnsafeRawPointer($0.baseAddress), count: $0.count, lease: nil)) }
  }

  /// Calls `body` with the bytes of an array as a view.
  public static func with<R>(_ bytes: [UInt8], _ body: (ByteView) throws -> R) rethrows -> R {
    try bytes.withUnsafeBytes { try body(ByteView($0.baseAddress, count: $0.count, lease: nil)) }
  }

  /// The lease a view made from this one carries.
  private var leaseForSlices: BufferLease? {
    #if TARIFFCALC_CHECKS
      return lease
    #else
      return nil
    #endif
  }

  /// Traps, with the flag on, on an access outside the view or to memory its owner has reused.
  @inline(__always)
  func check(_ i: Int, _ n: Int) {
    #if TARIFFCALC_CHECKS
      precondition(i >= 0 && n >= 0 && i <= count - n, "byte \(i)..<\(i + n) of a view of \(count) bytes")
      if let lease {
        precondition(lease.generation == generation, "a view used after its buffer was reused (\(lease.owner))")
      }
    #endif
  }
}

/// The owner of memory that views point into: its generation changes each time the memory is reused.
///
/// Only checked builds (`TARIFFCALC_CHECKS`) keep views' generations; a release build never reads it.
final class BufferLease {
  let owner: String
  private(set) var generation: UInt64 = 0

  init(owner: String) { self.owner = owner }

  /// Marks every view handed out so far as stale.
  @inline(__always)
  func renew() {
    #if TARIFFCALC_CHECKS
      generation &+= 1
    #endif
  }
}
