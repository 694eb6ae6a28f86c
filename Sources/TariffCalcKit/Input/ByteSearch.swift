import CZlib

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Searches of bytes in memory, 16 at a time: what the quote's scan of the CDR files needs to skip every
/// line but the subscriber's without splitting the files into lines.
public enum ByteSearch {
  /// Where `byte` first is in `buffer[from..<to]` (`memchr`).
  @inline(__always)
  public static func first(_ byte: UInt8, in buffer: UnsafeRawPointer, from: Int, to: Int) -> Int? {
    guard from < to, let p = memchr(buffer + from, Int32(byte), to - from) else { return nil }
    return UnsafeRawPointer(p) - buffer
  }

  /// Where `needle` first is in `buffer[from..<to]`: 16 places at a time, those whose first and last two
  /// bytes are the needle's compared whole (`memmem` for the last few; `memchr` for one byte).
  public static func find(_ needle: UnsafeRawBufferPointer, in buffer: UnsafeRawPointer, from: Int, to: Int) -> Int? {
    let n = needle.count
    if n == 1 { return first(needle[0], in: buffer, from: from, to: to) }
    var i = from
    if n >= 2 {
      let first = SIMD16<UInt8>(repeating: needle[0])
      let second = SIMD16<UInt8>(repeating: needle[n - 2])
      let last = SIMD16<UInt8>(repeating: needle[n - 1])
      while i + n + 15 <= to {
        let m = (buffer.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) .== first)
          .& (buffer.loadUnaligned(fromByteOffset: i + n - 2, as: SIMD16<UInt8>.self) .== second)
          .& (buffer.loadUnaligned(fromByteOffset: i + n - 1, as: SIMD16<UInt8>.self) .== last)
        let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        if words[0] | words[1] != 0 {
          for j in 0..<16 where m[j] && memcmp(buffer + i + j, needle.baseAddress!, n) == 0 { return i + j }
        }
        i += 16
      }
    }
    guard i < to, let p = memmem(buffer + i, to - i, needle.baseAddress, n) else { return nil }
    return UnsafeRawPointer(p) - buffer
  }

  /// The LF bytes in `p[0..<count]`, 16 at a time: per byte lane, sums of up to 255 blocks.
  public static func countLF(_ p: UnsafeRawPointer, _ count: Int) -> Int {
    var i = 0
    var total = 0
    let lf = SIMD16<UInt8>(repeating: 0x0A)
    while i + 16 <= count {
      var acc = SIMD16<UInt8>()
      let stop = min(count, i + 16 * 255)
      while i + 16 <= stop {
        // A lane that is an LF is all ones, -1: subtracted, it adds 1.
        acc &-= unsafeBitCast(p.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self) .== lf, to: SIMD16<UInt8>.self)
        i += 16
      }
      total += Int(SIMD16<UInt16>(truncatingIfNeeded: acc).wrappedSum())
    }
    while i < count {
      if p.load(fromByteOffset: i, as: UInt8.self) == 0x0A { total += 1 }
      i += 1
    }
    return total
  }
}
