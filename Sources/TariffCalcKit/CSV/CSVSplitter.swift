#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits one CSV line into fields, without allocating.
///
/// Fields are views into the line, or, for a quoted field, into a scratch
/// buffer owned by the splitter. Unquoted fields live as long as the line;
/// quoted ones until ``resetScratch()``, so that a batch of lines can be
/// split before any is used (the scratch holds a batch of the longest lines). A record is one line: a newline inside
/// quotes is not supported (the line is then an unterminated quote).
///
/// The fields live in storage allocated once: no array to grow, no
/// copy-on-write or exclusivity check per field on the hot path.
final class CSVSplitter {
  enum Failure: Equatable {
    case unterminatedQuote
    /// Text between a closing quote and the next comma, in field `index` (0-based).
    case textAfterQuote(field: Int)
    /// More than ``maxFields`` fields.
    case tooManyFields
  }

  /// The most fields a line may have.
  static let maxFields = 256

  /// Field views, `count` of them valid.
  private let storage: UnsafeMutablePointer<UnsafeRawBufferPointer>
  /// `count` lives in allocated memory too, so that reading it is a plain load.
  private let counter: UnsafeMutablePointer<Int>
  private let scratch: UnsafeMutableRawBufferPointer
  /// Bytes of the scratch in use, in allocated memory like `counter`.
  private let scratchUsed: UnsafeMutablePointer<Int>

  init(maxLineBytes: Int = 1 << 16, batch: Int = ChunkLineReader.batchCapacity) {
    storage = .allocate(capacity: CSVSplitter.maxFields)
    counter = .allocate(capacity: 1)
    counter.initialize(to: 0)
    // A batch of the longest lines: unescaping never grows a field.
    scratch = .allocate(byteCount: (maxLineBytes + 1) * batch, alignment: 1)
    scratchUsed = .allocate(capacity: 1)
    scratchUsed.initialize(to: 0)
    seen = .allocate(capacity: 2)
    seen.initialize(repeating: false, count: 2)
  }

  deinit {
    storage.deallocate()
    counter.deallocate()
    scratch.deallocate()
    scratchUsed.deallocate()
    seen.deallocate()
  }

  /// Lets the quoted fields of earlier lines go: call before a new batch.
  @inline(__always)
  func resetScratch() { scratchUsed.pointee = 0 }

  /// The fields of the last line split.
  var fields: UnsafeBufferPointer<UnsafeRawBufferPointer> { UnsafeBufferPointer(start: storage, count: counter.pointee) }

  @inline(__always)
  private func append(_ field: UnsafeRawBufferPointer) -> Bool {
    let n = counter.pointee
    guard n < CSVSplitter.maxFields else { return false }
    (storage + n).initialize(to: field)
    counter.pointee = n + 1
    return true
  }

  /// What the last split saw on its way, bytes that need a closer look: [NUL byte, byte ≥ 0x80].
  /// In allocated memory, like `counter`: plain loads and stores.
  private let seen: UnsafeMutablePointer<Bool>
  var sawNUL: Bool { seen[0] }
  var sawHighBit: Bool { seen[1] }

  /// Splits `line` (without its line end) at commas, honouring double quotes.
  ///
  /// One pass over the bytes finds the commas and notes a NUL byte or a byte
  /// of 0x80 or more (``sawNUL``, ``sawHighBit``), so that the caller checks
  /// UTF-8 only on the rare lines that need it.
  /// - Complexity: O(n) in the bytes of the line, no allocation.
  @discardableResult
  func split(_ line: UnsafeRawBufferPointer) -> Failure? {
    counter.pointee = 0
    guard let base = line.baseAddress, line.count > 0 else {
      seen[0] = false
      seen[1] = false
      _ = append(UnsafeRawBufferPointer(start: nil, count: 0))
      return nil
    }
    let n = line.count
    var start = 0
    var high: UInt64 = 0
    var nul = false
    var i = 0
    // The count stays in a register; fields go straight to storage.
    var count = 0
    let limit = CSVSplitter.maxFields
    // Eight bytes a step: the commas of a word, and whether it holds a quote or a NUL.
    while i &+ 8 <= n {
      let w = SWAR.load(base, i)
      high |= w
      let special = SWAR.bytes(w, equalTo: UInt8(ascii: "\"")) | SWAR.zeroBytes(w)
      if special != 0 {
        if SWAR.bytes(w, equalTo: UInt8(ascii: "\"")) != 0 { return quoted(line) }
        nul = true
      }
      var commas = SWAR.bytes(w, equalTo: UInt8(ascii: ","))
      while commas != 0 {
        let at = i &+ commas.trailingZeroBitCount >> 3
        guard count < limit else { return .tooManyFields }
        (storage + count).initialize(to: UnsafeRawBufferPointer(start: base + start, count: at &- start))
        count &+= 1
        start = at &+ 1
        commas &= commas &- 1
      }
      i &+= 8
    }
    while i < n {
      let b = base.load(fromByteOffset: i, as: UInt8.self)
      high |= UInt64(b)
      if b == UInt8(ascii: ",") {
        guard count < limit else { return .tooManyFields }
        (storage + count).initialize(to: UnsafeRawBufferPointer(start: base + start, count: i &- start))
        count &+= 1
        start = i &+ 1
      } else if b == UInt8(ascii: "\"") {
        return quoted(line)
      } else if b == 0 {
        nul = true
      }
      i &+= 1
    }
    seen[0] = nul
    seen[1] = high & SWAR.high != 0
    guard count < limit else { return .tooManyFields }
    (storage + count).initialize(to: UnsafeRawBufferPointer(start: base + start, count: n &- start))
    counter.pointee = count &+ 1
    return nil
  }

  /// The slow path for a line with a quote: notes NUL and high bytes over the whole line, then splits it.
  private func quoted(_ line: UnsafeRawBufferPointer) -> Failure? {
    var all: UInt8 = 0
    var nul = false
    for b in line {
      all |= b
      if b == 0 { nul = true }
    }
    seen[0] = nul
    seen[1] = all >= 0x80
    counter.pointee = 0  // start over: the quoted path splits the whole line
    return splitQuoted(line)
  }

  private func splitQuoted(_ line: UnsafeRawBufferPointer) -> Failure? {
    // Unquoting never grows a line; start over when the rest of the scratch cannot take this one.
    if scratchUsed.pointee + line.count > scratch.count { scratchUsed.pointee = 0 }
    var used = scratchUsed.pointee
    defer { scratchUsed.pointee = used }
    var i = 0
    let n = line.count
    while true {
      if i < n, line[i] == UInt8(ascii: "\"") {
        // Quoted field: copy into scratch, "" becomes ".
        let out = used
        i += 1
        var closed = false
        while i < n {
          let b = line[i]
          if b == UInt8(ascii: "\"") {
            if i + 1 < n, line[i + 1] == UInt8(ascii: "\"") {
              scratch[used] = b
              used += 1
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          scratch[used] = b
          used += 1
          i += 1
        }
        guard closed else { return .unterminatedQuote }
        guard append(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(scratch)[out..<used])) else { return .tooManyFields }
        if i == n { return nil }
        guard line[i] == UInt8(ascii: ",") else { return .textAfterQuote(field: counter.pointee - 1) }
        i += 1
      } else {
        let start = i
        while i < n, line[i] != UInt8(ascii: ",") { i += 1 }
        guard append(UnsafeRawBufferPointer(rebasing: line[start..<i])) else { return .tooManyFields }
        if i == n { return nil }
        i += 1
      }
      if i == n {
        // A trailing comma: one more, empty field.
        return append(UnsafeRawBufferPointer(start: nil, count: 0)) ? nil : .tooManyFields
      }
    }
  }
}

extension CSVSplitter.Failure: CustomStringConvertible {
  var description: String {
    switch self {
    case .unterminatedQuote: "unterminated quoted field"
    case .textAfterQuote: "text after a closing quote"
    case .tooManyFields: "more than \(CSVSplitter.maxFields) fields"
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
    return memcmp(baseAddress!, literal.utf8Start, count) == 0  // count > 0: baseAddress is not nil
  }
}
