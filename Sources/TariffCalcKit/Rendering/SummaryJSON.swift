/// The `summary.json` of a bill run (SPEC 6), pretty-printed for people and `jq`.
///
/// Keys of the contract: `records_read`, `records_rated`, `records_rejected`,
/// `rejected_by_reason` (every reason, 0 included), `subscribers_billed`,
/// `total_fen_by_code` (every line code), `elapsed_s`. Also: the month, the
/// as-of day, the jobs, the total, and the same counts per file.
public enum SummaryJSON {
  public static func render(_ s: BillRunSummary) -> String {
    func quoted(_ text: String) -> String {
      var out: [UInt8] = []
      BillJSON.string(text, to: &out)
      return String(decoding: out, as: UTF8.self)
    }
    var lines: [String] = []
    lines.append("  \"month\": \"\(s.month)\",")
    lines.append("  \"as_of\": \(s.asOf.map { "\"\($0)\"" } ?? "null"),")
    lines.append("  \"records_read\": \(s.recordsRead),")
    lines.append("  \"records_rated\": \(s.recordsRated),")
    lines.append("  \"records_rejected\": \(s.recordsRejected),")
    let reasons = RejectReason.allCases.map { "    \"\($0.code)\": \(s.rejectedByReason[$0] ?? 0)" }
    lines.append("  \"rejected_by_reason\": {\n\(reasons.joined(separator: ",\n"))\n  },")
    lines.append("  \"subscribers_billed\": \(s.subscribersBilled),")
    let codes = LineCode.allCases.map { "    \"\($0.code)\": \(s.totalFenByCode[$0] ?? 0)" }
    lines.append("  \"total_fen_by_code\": {\n\(codes.joined(separator: ",\n"))\n  },")
    lines.append("  \"total_fen\": \(s.totalFen),")
    let files = s.files.map { f in
      var fields = [
        "\"file\": \(quoted(f.file))", "\"bytes\": \(f.bytes)", "\"records_read\": \(f.read)",
        "\"records_rated\": \(f.rated)", "\"records_rejected\": \(f.rejected)",
      ]
      if let refused = f.refused { fields.append("\"refused\": \(quoted(refused))") }
      if let warning = f.warning { fields.append("\"warning\": \(quoted(warning))") }
      if let original = f.duplicateOf { fields.append("\"duplicate_of\": \(quoted(original))") }
      return "    {" + fields.joined(separator: ", ") + "}"
    }
    lines.append("  \"files\": [\n\(files.joined(separator: ",\n"))\n  ],")
    lines.append("  \"jobs\": \(s.jobs),")
    let phases = s.phases.map { "\"\($0.name)\": \(String(seconds: $0.time))" }.joined(separator: ", ")
    lines.append("  \"phases_s\": {\(phases)},")
    lines.append("  \"elapsed_s\": \(String(seconds: s.elapsed))")
    return "{\n" + lines.joined(separator: "\n") + "\n}\n"
  }
}

extension String {
  /// A time in seconds with three decimals: `1.234`.
  public init(seconds d: Duration) {
    let ms = d.milliseconds
    self = "\(ms / 1000).\(Day.pad(Int(ms % 1000), 3))"
  }
}

extension Duration {
  /// Whole milliseconds, rounded (integer arithmetic).
  public var milliseconds: Int64 {
    let (s, atto) = components
    return s * 1000 + (atto + 500_000_000_000_000) / 1_000_000_000_000_000
  }

  /// Events per second, for `count` events in this time.
  public func rate(_ count: Int) -> Int {
    let (s, atto) = components
    let ns = s * 1_000_000_000 + atto / 1_000_000_000
    return ns > 0 ? Int(Int64(count) * 1_000_000_000 / ns) : 0
  }
}
