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

  /// Where `needle` first is in `buffer[from..<to]`: 64 places at a time, those whose first and last two
  /// bytes are the needle's compared whole (`memmem` for the last few; `memchr` for one byte).
  public static func find(_ needle: UnsafeRawBufferPointer, in buffer: UnsafeRawPointer, from: Int, to: Int) -> Int? {
    let n = needle.count
    if n == 1 { return first(needle[0], in: buffer, from: from, to: to) }
    var i = from
    if n >= 2 {
      let first = SIMD16<UInt8>(repeating: needle[0])
      let second = SIMD16<UInt8>(repeating: needle[n - 2])
      let last = SIMD16<UInt8>(repeating: needle[n - 1])
      // Lane k true: a place `at + k` whose three bytes are the needle's.
      @inline(__always) func places(_ at: Int) -> SIMDMask<SIMD16<Int8>> {
        (buffer.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self) .== first)
          .& (buffer.loadUnaligned(fromByteOffset: at &+ n &- 2, as: SIMD16<UInt8>.self) .== second)
          .& (buffer.loadUnaligned(fromByteOffset: at &+ n &- 1, as: SIMD16<UInt8>.self) .== last)
      }
      @inline(__always) func none(_ m: SIMDMask<SIMD16<Int8>>) -> Bool {
        let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        return words[0] | words[1] == 0
      }
      // The places of 16 lanes from `at`, each compared whole.
      @inline(__always) func match(_ at: Int, _ m: SIMDMask<SIMD16<Int8>>) -> Int? {
        let words = unsafeBitCast(m, to: SIMD2<UInt64>.self)
        var bits = laneBits(words[0]) | laneBits(words[1]) << 8
        while bits != 0 {
          let j = at &+ bits.trailingZeroBitCount
          if memcmp(buffer + j, needle.baseAddress!, n) == 0 { return j }
          bits &= bits &- 1
        }
        return nil
      }
      // 64 places a round; most rounds have no candidate at all.
      while i &+ n &+ 63 <= to {
        let a = places(i), b = places(i &+ 16), c = places(i &+ 32), d = places(i &+ 48)
        if !none(a .| b .| c .| d) {
          if !none(a), let j = match(i, a) { return j }
          if !none(b), let j = match(i &+ 16, b) { return j }
          if !none(c), let j = match(i &+ 32, c) { return j }
          if !none(d), let j = match(i &+ 48, d) { return j }
        }
        i &+= 64
      }
      while i &+ n &+ 15 <= to {
        let m = places(i)
        if !none(m), let j = match(i, m) { return j }
        i &+= 16
      }
    }
    guard i < to, let p = memmem(buffer + i, to - i, needle.baseAddress, n) else { return nil }
    return UnsafeRawPointer(p) - buffer
  }

  /// The top bit of each byte of `w` (0x00 or 0xFF each) as 8 bits: byte k to bit k.
  @inline(__always)
  static func laneBits(_ w: UInt64) -> UInt64 {
    // Bit 8k+7 times 2^(7(7-k)) lands on bit 56+k; no two products share a bit, so nothing carries.
    ((w & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
  }

  /// The LF bytes in `p[0..<count]`, 64 at a time: per byte lane, sums of up to 63 rounds of 4.
  public static func countLF(_ p: UnsafeRawPointer, _ count: Int) -> Int {
    let lf = SIMD16<UInt8>(repeating: 0x0A)
    // A lane that is an LF is all ones, -1: subtracted, it adds 1.
    @inline(__always) func ones(_ at: Int) -> SIMD16<UInt8> {
      unsafeBitCast(p.loadUnaligned(fromByteOffset: at, as: SIMD16<UInt8>.self) .== lf, to: SIMD16<UInt8>.self)
    }
    @inline(__always) func sum(_ acc: SIMD16<UInt8>) -> Int { Int(SIMD16<UInt16>(truncatingIfNeeded: acc).wrappedSum()) }
    var i = 0
    var total = 0
    while i &+ 64 <= count {
      var acc = SIMD16<UInt8>()
      let stop = min(count, i &+ 64 &* 63)
      while i &+ 64 <= stop {
        acc &-= ones(i)
        acc &-= ones(i &+ 16)
        acc &-= ones(i &+ 32)
        acc &-= ones(i &+ 48)
        i &+= 64
      }
      total &+= sum(acc)
    }
    var acc = SIMD16<UInt8>()
    while i &+ 16 <= count {
      acc &-= ones(i)
      i &+= 16
    }
    total &+= sum(acc)
    while i < count {
      if p.load(fromByteOffset: i, as: UInt8.self) == 0x0A { total &+= 1 }
      i &+= 1
    }
    return total
  }
}
