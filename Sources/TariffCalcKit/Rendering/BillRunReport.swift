/// The short report `tariffcalc bill` prints when the run is done.
///
/// Every line fits in ``TextLayout/columns``: the breakdowns of rejects by reason and of revenue by line
/// code are wrapped at ` · ` under their first item, the times of the phases are on a line of their own.
public enum BillRunReport {
  public static func render(_ s: BillRunSummary) -> String {
    heading(month: s.month, asOf: s.asOf, folder: s.outputFolder) + body(s)
  }

  /// The report's first line (or two): the command, what is billed and where; printed when the run starts.
  public static func heading(month: Month, asOf: Day?, folder: String, command: String = "tariffcalc bill") -> String {
    let title = "\(command) \(month)\(asOf.map { " as of \($0)" } ?? "") → \(folder)/"
    return TextLayout.wrapped(title, rest: "  ") + "\n"
  }

  /// One progress line, for a terminal (rewritten in place): bytes and records done, rate, time left.
  public static func progress(_ p: RunProgress) -> String {
    let ms = max(1, p.elapsed.components.seconds * 1000 + p.elapsed.components.attoseconds / 1_000_000_000_000_000)
    let rate = Int(Int64(p.records) * 1000 / ms)
    var line = "  \(bytes(p.bytesDone))"
    if let total = p.bytesTotal { line += " of \(bytes(total))" }
    line += " · \(group(p.records)) records · \(group(rate)) records/s"
    if let left = p.timeLeft { line += " · \(seconds(left)) s left" }
    return line
  }

  /// The report after its heading: counts, rejects by reason, revenue, time.
  public static func body(_ s: BillRunSummary) -> String {
    var out = ""
    var rows: [[String]] = [
      ["read", group(s.recordsRead), "records in \(group(s.files.count)) file\(s.files.count == 1 ? "" : "s") (\(bytes(s.bytesRead)))"],
      ["rated", group(s.recordsRated), ""],
      ["rejected", group(s.recordsRejected),
       RejectReason.allCases.compactMap { r in s.rejectedByReason[r].map { "\(r.code) \(group($0))" } }.joined(separator: " · ")],
      ["billed", group(s.subscribersBilled), "subscribers"],
      ["revenue", TextLayout.yuan(fen: s.totalFen),
       LineCode.allCases.compactMap { c in s.totalFenByCode[c].map { "\(c.code) \(TextLayout.yuan(fen: $0))" } }
         .joined(separator: " · ")],
      ["time", seconds(s.elapsed) + " s",
       "\(group(s.elapsed.rate(s.recordsRead))) records/s, \(s.jobs) job\(s.jobs == 1 ? "" : "s")"],
    ]
    if !s.phases.isEmpty {
      rows.append(["", "", s.phases.map { "\($0.name) \(seconds($0.time)) s" }.joined(separator: " · ")])
    }
    // The details start after the label and the number; "元" goes before the revenue's breakdown, which
    // wraps under its first code.
    let labels = rows.map { TextLayout.width($0[0]) }.max()! + 2
    let numbers = rows.map { TextLayout.width($0[1]) }.max()! + 2
    let room = TextLayout.columns - 2 - labels - numbers
    for r in rows.indices {
      let isRevenue = rows[r][0] == "revenue"
      let lines = TextLayout.wrap(rows[r][2], width: room, first: isRevenue ? "元  " : "")
      rows[r][2] = lines.joined(separator: "\n")
    }
    out += TextLayout.table(rows, rightAligned: [1], indent: "  ") + "\n"
    return out
  }

  /// The files refused or warned about, one `file: error|warning: …` line each: for standard error.
  ///
  /// These are diagnostics, one to a line whatever their length, as a compiler prints them: a script
  /// greps them by file.
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
  static func group(_ n: Int) -> String { TextLayout.grouped(n) }

  /// `12,345.678`.
  static func seconds(_ d: Duration) -> String { TextLayout.grouped(decimal: String(seconds: d)) }

  static func bytes(_ n: Int) -> String {
    if n < 10_000 { return "\(group(n)) B" }
    if n < 10_000_000 { return "\(group(n / 1000)) KB" }
    return "\(group(n / 1_000_000)) MB"
  }
}
