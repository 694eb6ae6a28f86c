#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Splits one CSV line into fields, without allocating: the non-allocating core of every CSV reader.
///
/// Fields are views into the line, or, for a quoted field, into a scratch
/// buffer owned by the splitter. Unquoted fields live as long as the line;
/// quoted ones until ``resetScratch()``, so that all the lines of a unit can
/// be split before any is used. The scratch is bounded: a line whose quoted
/// fields do not fit in what is left of it fails with ``Failure/scratchFull``
/// (it is never reused while its views are live). A record is one line: a
/// newline inside quotes is not supported (the line is then an unterminated quote).
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
    /// The quoted fields of the lines split since the last ``resetScratch()`` fill the scratch.
    case scratchFull
  }

  /// The most fields a line may have.
  static let maxFields = 256

  /// Field views, `count` of them valid.
  private let storage: UnsafeMutablePointer<ByteView>
  /// `count` lives in allocated memory too, so that reading it is a plain load.
  private let counter: UnsafeMutablePointer<Int>
  /// Unquoted copies of quoted fields, allocated at the first quoted line.
  private var scratch: UnsafeMutableRawPointer?
  let scratchCapacity: Int
  /// Bytes of the scratch in use, in allocated memory like `counter`.
  private let scratchUsed: UnsafeMutablePointer<Int>
  private let scratchLease = BufferLease(owner: "CSVSplitter scratch")

  /// A splitter whose quoted fields may take `scratchBytes` in all between two ``resetScratch()``:
  /// the bytes of the lines split in between is always enough (unquoting never grows a field).
  init(scratchBytes: Int = LineReader.textLineLimit) {
    storage = .allocate(capacity: CSVSplitter.maxFields)
    storage.initialize(repeating: ByteView(), count: CSVSplitter.maxFields)
    counter = .allocate(capacity: 1)
    counter.initialize(to: 0)
    scratchCapacity = max(1, scratchBytes)
    scratchUsed = .allocate(capacity: 1)
    scratchUsed.initialize(to: 0)
    seen = .allocate(capacity: 2)
    seen.initialize(repeating: false, count: 2)
  }

  deinit {
    storage.deinitialize(count: CSVSplitter.maxFields)
    storage.deallocate()
    counter.deallocate()
    scratch?.deallocate()
    scratchUsed.deallocate()
    seen.deallocate()
  }

  /// Lets the quoted fields of earlier lines go: call before a new unit (or a new line, when fields are
  /// used one line at a time).
  @inline(__always)
  func resetScratch() {
    scratchUsed.pointee = 0
    scratchLease.renew()
  }

  /// The fields of the last line split.
  var fields: UnsafeBufferPointer<ByteView> { UnsafeBufferPointer(start: storage, count: counter.pointee) }

  @inline(__always)
  private func append(_ field: ByteView) -> Bool {
    let n = counter.pointee
    guard n < CSVSplitter.maxFields else { return false }
    storage[n] = field
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
  func split(_ line: ByteView) -> Failure? {
    counter.pointee = 0
    guard line.count > 0 else {
      seen[0] = false
      seen[1] = false
      _ = append(ByteView())
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
      let w = line.word(at: i)
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
        storage[count] = line.unchecked(start, at &- start)
        count &+= 1
        start = at &+ 1
        commas &= commas &- 1
      }
      i &+= 8
    }
    while i < n {
      let b = line[i]
      high |= UInt64(b)
      if b == UInt8(ascii: ",") {
        guard count < limit else { return .tooManyFields }
        storage[count] = line.unchecked(start, i &- start)
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
    storage[count] = line.unchecked(start, n &- start)
    counter.pointee = count &+ 1
    return nil
  }

  /// The slow path for a line with a quote: notes NUL and high bytes over the whole line, then splits it.
  private func quoted(_ line: ByteView) -> Failure? {
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

  private func splitQuoted(_ line: ByteView) -> Failure? {
    // Unquoting never grows a line: the line fits in what is left of the scratch, or the split fails.
    guard scratchUsed.pointee + line.count <= scratchCapacity else { return .scratchFull }
    if scratch == nil { scratch = .allocate(byteCount: scratchCapacity, alignment: 16) }
    let out = scratch.unsafelyUnwrapped  // allocated just above
    var used = scratchUsed.pointee
    defer {
      scratchUsed.pointee = used
      checkInvariants()
    }
    func scratchView(_ from: Int, _ to: Int) -> ByteView { ByteView(out + from, count: to - from, lease: scratchLease) }
    var i = 0
    let n = line.count
    while true {
      if i < n, line[i] == UInt8(ascii: "\"") {
        // Quoted field: copy into scratch, "" becomes ".
        let first = used
        i += 1
        var closed = false
        while i < n {
          let b = line[i]
          if b == UInt8(ascii: "\"") {
            if i + 1 < n, line[i + 1] == UInt8(ascii: "\"") {
              out.storeBytes(of: b, toByteOffset: used, as: UInt8.self)
              used += 1
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          out.storeBytes(of: b, toByteOffset: used, as: UInt8.self)
          used += 1
          i += 1
        }
        guard closed else { return .unterminatedQuote }
        guard append(scratchView(first, used)) else { return .tooManyFields }
        if i == n { return nil }
        guard line[i] == UInt8(ascii: ",") else { return .textAfterQuote(field: counter.pointee - 1) }
        i += 1
      } else {
        let start = i
        while i < n, line[i] != UInt8(ascii: ",") { i += 1 }
        guard append(line.view(start..<i)) else { return .tooManyFields }
        if i == n { return nil }
        i += 1
      }
      if i == n {
        // A trailing comma: one more, empty field.
        return append(ByteView()) ? nil : .tooManyFields
      }
    }
  }

  /// With `TARIFFCALC_CHECKS`: the scratch in use is inside the scratch, the field count inside its storage.
  @inline(__always)
  private func checkInvariants() {
    #if TARIFFCALC_CHECKS
      precondition(scratchUsed.pointee >= 0 && scratchUsed.pointee <= scratchCapacity, "scratch \(scratchUsed.pointee) of \(scratchCapacity)")
      precondition(counter.pointee >= 0 && counter.pointee <= CSVSplitter.maxFields, "\(counter.pointee) fields")
    #endif
  }
}

extension CSVSplitter.Failure: CustomStringConvertible {
  var description: String {
    switch self {
    case .unterminatedQuote: "unterminated quoted field"
    case .textAfterQuote: "text after a closing quote"
    case .tooManyFields: "more than \(CSVSplitter.maxFields) fields"
    case .scratchFull: "too many quoted bytes in one unit of work"
    }
  }
}
