/// The short report `tariffcalc bill` prints when the run is done.
public enum BillRunReport {
  public static func render(_ s: BillRunSummary) -> String {
    var out = "tariffcalc bill \(s.month)\(s.asOf.map { " as of \($0)" } ?? "") → \(s.outputFolder)/\n"
    let rows: [[String]] = [
      ["read", group(s.recordsRead), "records in \(s.files.count) file\(s.files.count == 1 ? "" : "s") (\(bytes(s.bytesRead)))"],
      ["rated", group(s.recordsRated), ""],
      ["rejected", group(s.recordsRejected),
       RejectReason.allCases.compactMap { r in s.rejectedByReason[r].map { "\(r.code) \($0)" } }.joined(separator: " · ")],
      ["billed", group(s.subscribersBilled), "subscribers"],
      ["revenue", Money.yuanText(fen: s.totalFen), "元  " + LineCode.allCases.compactMap { c in
        s.totalFenByCode[c].map { "\(c.code) \(Money.yuanText(fen: $0))" } }.joined(separator: " · ")],
      ["time", String(seconds: s.elapsed) + " s",
       "\(group(s.elapsed.rate(s.recordsRead))) records/s, \(s.jobs) job\(s.jobs == 1 ? "" : "s")"
         + (s.phases.isEmpty ? "" : " (" + s.phases.map { "\($0.name) \(String(seconds: $0.time))" }.joined(separator: ", ") + ")")],
    ]
    out += TextLayout.table(rows, rightAligned: [1], indent: "  ") + "\n"
    return out
  }

  /// The files refused or warned about, one `file: error|warning: …` line each: for standard error.
  public static func problems(_ s: BillRunSummary) -> String {
    var out = ""
    for f in s.files {
      if let refused = f.refused {
        out += "\(f.file): error: file refused, its \(f.read) record\(f.read == 1 ? "" : "s") rejected: \(refused)\n"
      }
      if let warning = f.warning { out += "\(f.file): warning: \(warning)\n" }
      if let original = f.duplicateOf {
        out += "\(f.file): warning: a copy of \(original): its \(f.read) record\(f.read == 1 ? " is" : "s are") rejected DUPLICATE, billed once (R24)\n"
      }
    }
    return out
  }

  /// `1,234,567`.
  static func group(_ n: Int) -> String {
    let digits = String(n.magnitude)
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "-" : "") + out
  }

  static func bytes(_ n: Int) -> String {
    if n < 10_000 { return "\(n) B" }
    if n < 10_000_000 { return "\(n / 1000) KB" }
    return "\(n / 1_000_000) MB"
  }
}
