#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits one CSV line into fields, without allocating.
///
/// Fields are views into the line, or, for a quoted field holding doubled
/// quotes, into a scratch buffer owned by the splitter; they stay valid until
/// the next call to ``split(_:)``. A record is one line: a newline inside
/// quotes is not supported (the line is then an unterminated quote).
final class CSVSplitter {
  enum Failure: Equatable {
    case unterminatedQuote
    /// Text between a closing quote and the next comma, in field `index` (0-based).
    case textAfterQuote(field: Int)
  }

  /// The fields of the last line split.
  private(set) var fields: [UnsafeRawBufferPointer] = []
  private let scratch: UnsafeMutableRawBufferPointer
  private var scratchUsed = 0

  init(maxLineBytes: Int = 1 << 16) {
    fields.reserveCapacity(64)
    // One byte more than the longest line: unescaping never grows a field.
    scratch = .allocate(byteCount: maxLineBytes + 1, alignment: 1)
  }

  deinit { scratch.deallocate() }

  /// Splits `line` (without its line end) at commas, honouring double quotes.
  /// - Complexity: O(n) in the bytes of the line, no allocation.
  @discardableResult
  func split(_ line: UnsafeRawBufferPointer) -> Failure? {
    fields.removeAll(keepingCapacity: true)
    scratchUsed = 0
    guard let base = line.baseAddress, line.count > 0 else {
      fields.append(UnsafeRawBufferPointer(start: nil, count: 0))
      return nil
    }
    // Fast path: no quote anywhere, fields end at commas.
    if memchr(base, Int32(UInt8(ascii: "\"")), line.count) == nil {
      var start = 0
      var p = base
      var remaining = line.count
      while let comma = memchr(p, Int32(UInt8(ascii: ",")), remaining) {
        let end = UnsafeRawPointer(comma) - base
        fields.append(UnsafeRawBufferPointer(rebasing: line[start..<end]))
        start = end + 1
        p = UnsafeRawPointer(comma) + 1
        remaining = line.count - start
      }
      fields.append(UnsafeRawBufferPointer(rebasing: line[start..<line.count]))
      return nil
    }
    return splitQuoted(line)
  }

  private func splitQuoted(_ line: UnsafeRawBufferPointer) -> Failure? {
    var i = 0
    let n = line.count
    while true {
      if i < n, line[i] == UInt8(ascii: "\"") {
        // Quoted field: copy into scratch, "" becomes ".
        let out = scratchUsed
        i += 1
        var closed = false
        while i < n {
          let b = line[i]
          if b == UInt8(ascii: "\"") {
            if i + 1 < n, line[i + 1] == UInt8(ascii: "\"") {
              scratch[scratchUsed] = b
              scratchUsed += 1
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          scratch[scratchUsed] = b
          scratchUsed += 1
          i += 1
        }
        guard closed else { return .unterminatedQuote }
        fields.append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[out..<scratchUsed]))
        if i == n { return nil }
        guard line[i] == UInt8(ascii: ",") else { return .textAfterQuote(field: fields.count - 1) }
        i += 1
      } else {
        let start = i
        while i < n, line[i] != UInt8(ascii: ",") { i += 1 }
        fields.append(UnsafeRawBufferPointer(rebasing: line[start..<i]))
        if i == n { return nil }
        i += 1
      }
      if i == n {
        // A trailing comma: one more, empty field.
        fields.append(UnsafeRawBufferPointer(start: nil, count: 0))
        return nil
      }
    }
  }
}

extension UnsafeRawBufferPointer {
  /// The bytes as a `String` (invalid UTF-8 repaired); for messages and slow paths only.
  var text: String { String(decoding: self, as: UTF8.self) }

  /// Whether the bytes equal an ASCII literal.
  @inline(__always)
  func equals(_ literal: StaticString) -> Bool {
    guard count == literal.utf8CodeUnitCount else { return false }
    guard count > 0 else { return true }
    return memcmp(baseAddress!, literal.utf8Start, count) == 0
  }
}
