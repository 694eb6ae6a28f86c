/// What `verify` prints: each difference on a line, then the summary.
public enum VerifyText {
  public static func difference(_ d: BillDifference) -> String {
    switch d {
    case .line(let s, let code, let g, let a):
      let delta = a - g
      return "\(s)  \(TextLayout.padRight(code.code, 15)) golden \(TextLayout.padLeft(Money.yuanText(fen: g), 9))  actual \(TextLayout.padLeft(Money.yuanText(fen: a), 9))  delta \(delta > 0 ? "+" : "")\(Money.yuanText(fen: delta))"
    case .other(let s, let field, let g, let a):
      return "\(s)  \(TextLayout.padRight(field, 15)) golden \(g)  actual \(a)"
    case .onlyInGolden(let s, let total):
      return "\(s)  only in golden (total \(Money.yuanText(fen: total)))"
    case .onlyInActual(let s, let total):
      return "\(s)  only in actual (total \(Money.yuanText(fen: total)))"
    }
  }

  public static func summary(_ s: VerifySummary) -> String {
    var out = "verify: \(s.compared) subscribers compared: \(s.equal) equal, \(s.different) different"
    out += "; \(s.onlyInGolden) only in golden, \(s.onlyInActual) only in actual\n"
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

  static func signed(_ fen: Int64) -> String { (fen > 0 ? "+" : "") + Money.yuanText(fen: fen) }
}
