/// The `rejects.csv` contract (SPEC 6): `file,line,reason,record` for every record not billed.
///
/// A fifth column, `detail`, says in plain words what is wrong. `record` is
/// the raw line (invalid UTF-8 replaced by U+FFFD, cut at the line limit);
/// fields holding a comma, a quote or a line end are quoted.
///
/// Every row is written through a ``RawWriter`` into room made beforehand (``room(field:)`` a field):
/// a run's rejects are encoded without a capacity check or a generic `append` per piece.
public enum RejectsCSV {
  public static let header = "file,line,reason,record,detail\n"

  public static func append(_ r: Reject, to out: inout [UInt8]) {
    head(r, to: &out)
    out += tail(reason: r.reason, record: r.record, detail: r.detail)
  }

  /// `file,line,`: what precedes the tail.
  static func head(_ r: Reject, to out: inout [UInt8]) {
    field(r.file, to: &out)
    out.append(UInt8(ascii: ","))
    RawWriter.append(room: 21, to: &out) { line(r.line, &$0) }
  }

  /// `line,`: what follows `file,` in a head (21 bytes at most).
  @inline(__always)
  static func line(_ n: Int, _ w: inout RawWriter) {
    w.number(Int64(n))
    w.byte(UInt8(ascii: ","))
  }

  /// `REASON,record,detail` and the line end: what follows `file,line,` — known before the line number is.
  static func tail(reason: RejectReason, record: String, detail: String) -> [UInt8] {
    var buffer = ByteBuffer(capacity: 0)
    defer { buffer.free() }
    tail(reason: reason, record: record, detail: detail, to: &buffer)
    return [UInt8](buffer.raw)
  }

  /// The same, appended to `buffer`.
  static func tail(reason: RejectReason, record: String, detail: String, to buffer: inout ByteBuffer) {
    var copy = record
    copy.withUTF8 { tail(reason: reason, record: UnsafeRawBufferPointer($0), detail: detail, to: &buffer) }
  }

  /// The same, the record given as its bytes (well-formed UTF-8 without NUL: the run's clean lines).
  static func tail(reason: RejectReason, record: UnsafeRawBufferPointer, detail: String, to buffer: inout ByteBuffer) {
    var copy = detail
    copy.withUTF8 { detail in
      let code = reason.codeText
      buffer.write(room: code.utf8CodeUnitCount + room(field: record.count) + room(field: detail.count) + 3) { w in
        w.put(code)
        w.byte(UInt8(ascii: ","))
        field(record, &w)
        w.byte(UInt8(ascii: ","))
        field(UnsafeRawBufferPointer(detail), &w)
        w.byte(0x0A)
      }
    }
  }

  static func field(_ s: String, to out: inout [UInt8]) {
    var copy = s
    copy.withUTF8 { bytes in RawWriter.append(room: room(field: bytes.count), to: &out) { field(UnsafeRawBufferPointer(bytes), &$0) } }
  }

  /// The most bytes a field of `n` bytes takes: every byte a quote, doubled, and the quotes around it.
  static func room(field n: Int) -> Int { 2 * n + 2 }

  /// A field quoted when it holds a comma, a quote or a line end, its quotes doubled; copied in runs
  /// between quotes, not byte by byte.
  static func field(_ bytes: UnsafeRawBufferPointer, _ w: inout RawWriter) {
    guard bytes.count > 0 else { return }
    // The Input layer's byte search (memchr), over the same memory.
    let view = ByteView(bytes.baseAddress, count: bytes.count, lease: nil)
    guard view.firstIndex(of: UInt8(ascii: ",")) != nil || view.firstIndex(of: UInt8(ascii: "\"")) != nil
      || view.firstIndex(of: 0x0A) != nil || view.firstIndex(of: 0x0D) != nil
    else {
      w.bytes(bytes)
      return
    }
    w.byte(UInt8(ascii: "\""))
    var from = 0
    while let at = view.firstIndex(of: UInt8(ascii: "\""), from: from) {
      w.bytes(UnsafeRawBufferPointer(rebasing: bytes[from...at]))
      w.byte(UInt8(ascii: "\""))
      from = at + 1
    }
    w.bytes(UnsafeRawBufferPointer(rebasing: bytes[from...]))
    w.byte(UInt8(ascii: "\""))
  }
}
