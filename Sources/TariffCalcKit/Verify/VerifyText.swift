/// What `verify` prints: each difference on a line, then the summary.
///
/// A difference is one line when it fits in ``TextLayout/columns``; wider (large amounts, long field
/// values) it is wrapped between its fields, under the field after the subscriber.
public enum VerifyText {
  public static func difference(_ d: BillDifference) -> String {
    switch d {
    case .line(let s, let code, let g, let a):
      let delta = a - g
      return fields(s, [TextLayout.padRight(code.code, 15) + " golden " + TextLayout.padLeft(TextLayout.yuan(fen: g), 9),
                        "actual " + TextLayout.padLeft(TextLayout.yuan(fen: a), 9),
                        "delta \(delta > 0 ? "+" : "")\(TextLayout.yuan(fen: delta))"])
    case .other(let s, let field, let g, let a):
      let line = "\(s)  \(TextLayout.padRight(field, 15)) golden \(g)  actual \(a)"
      if TextLayout.width(line) <= TextLayout.columns { return line }
      // Long values (quantities, allowances): each on lines of its own, under the field.
      let indent = String(repeating: " ", count: TextLayout.width(s) + 2)
      return "\(s)  \(field)\n" + TextLayout.wrapped(g, first: indent + "golden ") + "\n"
        + TextLayout.wrapped(a, first: indent + "actual ")
    case .onlyInGolden(let s, let total):
      return "\(s)  only in golden (total \(TextLayout.yuan(fen: total)))"
    case .onlyInActual(let s, let total):
      return "\(s)  only in actual (total \(TextLayout.yuan(fen: total)))"
    }
  }

  /// The subscriber, then the fields two spaces apart, wrapped between fields.
  static func fields(_ subscriber: String, _ items: [String]) -> String {
    TextLayout.wrap(items: items, separator: "  ", first: subscriber + "  ").joined(separator: "\n")
  }

  public static func summary(_ s: VerifySummary) -> String {
    let g: (Int) -> String = TextLayout.grouped
    var out = "verify: \(g(s.compared)) subscribers compared: \(g(s.equal)) equal, \(g(s.different)) different\n"
    out += "        \(g(s.onlyInGolden)) only in golden, \(g(s.onlyInActual)) only in actual\n"
    if s.identical { return out + "identical\n" }
    out += "revenue delta (actual − golden):\n"
    var rows: [[String]] = []
    for code in LineCode.allCases {
      guard let d = s.deltaByCode[code], d != 0 else { continue }
      rows.append([code.code, signed(d)])
    }
    rows.append(["total", signed(s.totalDelta)])
    return out + TextLayout.table(rows, rightAligned: [1], indent: "  ") + "\n"
  }

  static func signed(_ fen: Int64) -> String { (fen > 0 ? "+" : "") + TextLayout.yuan(fen: fen) }
}
