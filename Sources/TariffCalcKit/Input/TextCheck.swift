extension ByteView {
  /// Whether the bytes are well-formed UTF-8 (runs of ASCII are skipped eight bytes at a time).
  /// - Complexity: O(n).
  public var isValidUTF8: Bool { firstInvalidUTF8 == nil }

  /// The index of the first byte that is not part of well-formed UTF-8, or `nil`.
  public var firstInvalidUTF8: Int? {
    var i = 0
    let n = count
    while i < n {
      // ASCII eight bytes at a time (SWAR): no byte with its high bit set.
      while i &+ 8 <= n, word(at: i) & 0x8080_8080_8080_8080 == 0 { i &+= 8 }
      guard i < n else { return nil }
      let b = self[i]
      if b < 0x80 {
        i += 1
        continue
      }
      let length: Int
      let minimum: UInt32
      var scalar: UInt32
      switch b {
      case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(b & 0x1F)
      case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(b & 0x0F)
      case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(b & 0x07)
      default: return i
      }
      guard i + length <= n else { return i }
      for k in 1..<length {
        let c = self[i + k]
        guard c & 0xC0 == 0x80 else { return i }
        scalar = scalar << 6 | UInt32(c & 0x3F)
      }
      guard scalar >= minimum, scalar <= 0x10FFFF, !(0xD800...0xDFFF).contains(scalar) else { return i }
      i += length
    }
    return nil
  }
}

extension ByteView {
  /// What makes these bytes unfit as text, if anything: a NUL byte, or bytes that are not UTF-8.
  public var textProblem: String? {
    if let at = firstIndex(of: 0) { return "NUL byte at column \(at + 1)" }
    if let at = firstInvalidUTF8 { return "invalid UTF-8 at column \(at + 1)" }
    return nil
  }
}

extension Line {
  /// What makes this line unfit as a line of a text file (subscribers, tariffs, bills), if anything:
  /// longer than the reader's limit, a NUL byte, or bytes that are not UTF-8.
  public func textProblem(limit: Int) -> String? {
    if tooLong { return "line longer than \(limit) bytes" }
    return bytes.textProblem
  }
}
