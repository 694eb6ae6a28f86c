/// The `rejects.csv` contract (SPEC 6): `file,line,reason,record` for every record not billed.
///
/// A fifth column, `detail`, says in plain words what is wrong. `record` is
/// the raw line (invalid UTF-8 replaced by U+FFFD, cut at the line limit);
/// fields holding a comma, a quote or a line end are quoted.
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
    line(r.line, to: &out)
  }

  /// `line,`: what follows `file,` in a head.
  static func line(_ n: Int, to out: inout [UInt8]) {
    BillJSON.number(Int64(n), to: &out)
    out.append(UInt8(ascii: ","))
  }

  /// `REASON,record,detail` and the line end: what follows `file,line,` — known before the line number is.
  static func tail(reason: RejectReason, record: String, detail: String) -> [UInt8] {
    var copy = record
    return copy.withUTF8 { tail(reason: reason, record: UnsafeRawBufferPointer($0), detail: detail) }
  }

  /// The same, the record given as its bytes (well-formed UTF-8 without NUL: the run's clean lines).
  static func tail(reason: RejectReason, record: UnsafeRawBufferPointer, detail: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(record.count + detail.utf8.count + 32)
    tail(reason: reason, record: record, detail: detail, to: &out)
    return out
  }

  /// The same, appended to `out`.
  static func tail(reason: RejectReason, record: UnsafeRawBufferPointer, detail: String, to out: inout [UInt8]) {
    out += reason.code.utf8
    out.append(UInt8(ascii: ","))
    field(record, to: &out)
    out.append(UInt8(ascii: ","))
    field(detail, to: &out)
    out.append(0x0A)
  }

  static func field(_ s: String, to out: inout [UInt8]) {
    var copy = s
    copy.withUTF8 { field(UnsafeRawBufferPointer($0), to: &out) }
  }

  /// A field quoted when it holds a comma, a quote or a line end, its quotes doubled; copied in runs
  /// between quotes, not byte by byte.
  static func field(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
    guard bytes.count > 0 else { return }
    // The Input layer's byte search (memchr), over the same memory.
    let view = ByteView(bytes.baseAddress, count: bytes.count, lease: nil)
    guard view.firstIndex(of: UInt8(ascii: ",")) != nil || view.firstIndex(of: UInt8(ascii: "\"")) != nil
      || view.firstIndex(of: 0x0A) != nil || view.firstIndex(of: 0x0D) != nil
    else {
      out.append(contentsOf: bytes)
      return
    }
    out.append(UInt8(ascii: "\""))
    var from = 0
    while let at = view.firstIndex(of: UInt8(ascii: "\""), from: from) {
      out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[from...at]))
      out.append(UInt8(ascii: "\""))
      from = at + 1
    }
    out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[from...]))
    out.append(UInt8(ascii: "\""))
  }


}
