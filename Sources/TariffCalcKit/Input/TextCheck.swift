extension ByteView {
  /// Whether the bytes are well-formed UTF-8 (runs of ASCII are skipped eight bytes at a time).
  /// - Complexity: O(n).
  public var isValidUTF8: Bool { firstInvalidUTF8 == nil }

  /// The index of the first byte that is not part of well-formed UTF-8, or `nil`.
  ///
  /// A sequence is checked by the Unicode Standard's table of well-formed bytes (3-7): its lead byte
  /// gives its length and the range of its second byte (which rules out overlong forms, surrogates and
  /// scalars past U+10FFFF), every byte after that is 80–BF. No scalar is decoded.
  public var firstInvalidUTF8: Int? {
    var i = 0
    let n = count
    while i < n {
      // ASCII eight bytes at a time (SWAR): no byte with its high bit set; then straight to the first
      // byte that has it.
      while i &+ 8 <= n {
        let high = word(at: i) & 0x8080_8080_8080_8080
        guard high == 0 else {
          i &+= high.trailingZeroBitCount &>> 3
          break
        }
        i &+= 8
      }
      guard i < n else { return nil }
      let b = self[i]
      if b < 0x80 {
        i &+= 1
        continue
      }
      var low: UInt8 = 0x80
      var high: UInt8 = 0xBF
      let length: Int
      switch b {
      case 0xC2...0xDF: length = 2
      case 0xE0: length = 3; low = 0xA0
      case 0xE1...0xEC, 0xEE, 0xEF: length = 3
      case 0xED: length = 3; high = 0x9F
      case 0xF0: length = 4; low = 0x90
      case 0xF1...0xF3: length = 4
      case 0xF4: length = 4; high = 0x8F
      default: return i
      }
      guard i &+ length <= n else { return i }
      let second = self[i &+ 1]
      guard second >= low, second <= high else { return i }
      if length > 2 {
        guard self[i &+ 2] & 0xC0 == 0x80 else { return i }
        if length > 3 { guard self[i &+ 3] & 0xC0 == 0x80 else { return i } }
      }
      i &+= length
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
