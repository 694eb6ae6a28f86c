/// The `rejects.csv` contract (SPEC 6): `file,line,reason,record` for every record not billed.
///
/// A fifth column, `detail`, says in plain words what is wrong. `record` is
/// the raw line (invalid UTF-8 replaced by U+FFFD, cut at the line limit);
/// fields holding a comma, a quote or a line end are quoted.
public enum RejectsCSV {
  public static let header = "file,line,reason,record,detail\n"

  public static func append(_ r: Reject, to out: inout [UInt8]) {
    field(r.file, to: &out)
    out.append(UInt8(ascii: ","))
    BillJSON.number(Int64(r.line), to: &out)
    out.append(UInt8(ascii: ","))
    out += tail(reason: r.reason, record: r.record, detail: r.detail)
  }

  /// `REASON,record,detail` and the line end: what follows `file,line,` — known before the line number is.
  static func tail(reason: RejectReason, record: String, detail: String) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(record.utf8.count + detail.utf8.count + 24)
    out += reason.code.utf8
    out.append(UInt8(ascii: ","))
    field(record, to: &out)
    out.append(UInt8(ascii: ","))
    field(detail, to: &out)
    out.append(0x0A)
    return out
  }

  static func field(_ s: String, to out: inout [UInt8]) {
    var copy = s
    copy.withUTF8 { bytes in
      let needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
      guard needsQuotes else {
        out.append(contentsOf: bytes)
        return
      }
      out.append(UInt8(ascii: "\""))
      for b in bytes {
        if b == UInt8(ascii: "\"") { out.append(b) }
        out.append(b)
      }
      out.append(UInt8(ascii: "\""))
    }
  }
}
