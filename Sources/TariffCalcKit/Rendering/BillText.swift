/// A bill as the clerk shows it: Chinese labels, quantities, yuan with two decimals, allowances, total.
public enum BillText {
  /// The bill of one subscriber (or prospect), with where it comes from and what was not billed.
  ///
  /// `details` (the itemized bill's items and fees) go after the allowances; `rejectsShown` of the
  /// records not billed are listed, the count of the others after them.
  public static func render(
    _ bill: Bill, catalog: TariffCatalog, title: String? = nil, source: String, rejects: [Reject] = [],
    details: String = "", rejectsShown: Int = 10
  ) -> String {
    var out = ""
    let when = bill.asOf.map { "截至 \($0) 前一日 (as of \($0), 实时缴费)" } ?? "整月 (whole month)"
    let head = title ?? "\(bill.subscriber)  账单 bill \(bill.month)"
    // Which bill and which days on one line when they fit, else the days on the next.
    if TextLayout.width(head + "  " + when) <= TextLayout.columns {
      out += head + "  " + when + "\n"
    } else {
      out += TextLayout.wrapped(head, rest: "  ") + "\n" + TextLayout.wrapped(when, rest: "  ") + "\n"
    }
    let plans = bill.plans.map { id in "\(id) \(catalog.plan(id)?.name ?? "")" }
    out += TextLayout.wrapped((plans + ["在网 \(bill.activeDays) 天 (active days)"]).joined(separator: " · "),
                              first: "套餐 plan: ") + "\n\n"

    var rows: [[String]] = [["项目 item", "数量 quantity", "金额 amount (元)"]]
    for line in bill.lines {
      let quantity: String
      switch (line.quantity, line.unit) {
      case (let q?, .minutes?): quantity = "\(TextLayout.grouped(Int(q))) 分钟"
      case (let q?, .messages?): quantity = "\(TextLayout.grouped(Int(q))) 条"
      default: quantity = line.code == .minSpendTopUp ? "" : "\(bill.activeDays) 天"
      }
      rows.append(["\(line.code.label) \(line.code.code)", quantity, TextLayout.yuan(fen: line.amountFen)])
    }
    if bill.lines.isEmpty { rows.append(["(无费用 nothing to pay)", "", "0.00"]) }
    rows.append(["合计 total", "", TextLayout.yuan(fen: bill.totalFen)])
    let table = TextLayout.table(rows, rightAligned: [1, 2], indent: "  ").split(separator: "\n").map(String.init)
    let width = table.map(TextLayout.width).max() ?? 0
    out += table.dropLast().joined(separator: "\n") + "\n  " + String(repeating: "─", count: max(0, width - 2)) + "\n"
    out += table.last! + " 元\n"  // the table has the total row at least

    if !bill.allowances.isEmpty {
      out += "\n赠送 allowances (本月 this month)\n"
      var rows: [[String]] = [["", "赠送 granted", "已用 used", "剩余 left"]]
      for a in bill.allowances {
        let unit = unitWord(a.unit)
        rows.append([describe(a.kind, catalog: catalog), "\(TextLayout.grouped(Int(a.granted))) \(unit)",
                     "\(TextLayout.grouped(Int(a.used))) \(unit)", "\(TextLayout.grouped(Int(a.granted - a.used))) \(unit)"])
      }
      out += TextLayout.table(rows, rightAligned: [1, 2, 3], indent: "  ", width: TextLayout.columns, wrap: 0,
                              hang: "  ") + "\n"
    }
    out += details
    if !rejects.isEmpty {
      out += "\n未计费记录 records not billed: \(rejects.count)\n"
      // Where and why on a line, the detail under it: a file's path and a detail are as long as they are.
      for r in rejects.prefix(rejectsShown) {
        out += TextLayout.wrap(items: ["\(r.file):\(r.line)", "\(r.reason.code) \(r.reason.chinese)"], separator: "  ",
                               first: "  ", rest: "    ").joined(separator: "\n") + "\n"
        out += TextLayout.wrapped(r.detail, first: "    ") + "\n"
      }
      if rejects.count > rejectsShown { out += "  … and \(rejects.count - rejectsShown) more\n" }
    }
    // A list of files or of usage, then the days: broken after its commas first.
    let parts = source.components(separatedBy: ", ")
    out += "\n" + TextLayout.wrap(items: parts.indices.map { parts[$0] + ($0 < parts.count - 1 ? "," : "") },
                                  separator: " ", first: "来源 source: ").joined(separator: "\n") + "\n"
    return out
  }

  /// An allowance's unit in Chinese: `msg` → 条, `min` → 分钟.
  static func unitWord(_ unit: String) -> String { unit == "msg" ? "条" : "分钟" }

  /// An allowance's words in Chinese: `sms on-net` → `网内短信`, `local group mt` → `集团网内被叫本地通话`.
  static func describe(_ words: String, catalog: TariffCatalog) -> String {
    var qualifiers = ""
    var kind = ""
    for w in words.split(separator: " ").map(String.init) {
      switch w {
      case "sms": kind = "短信"
      case "local": kind = "本地通话"
      case "roaming": kind = "漫游通话"
      case "provincial": qualifiers += "省内"
      case "national": qualifiers += "国内"
      case "on-net": qualifiers += "网内"
      case "off-net": qualifiers += "网外"
      case "group": qualifiers += "集团网内"
      case "non-group": qualifiers += "集团网外"
      case "mo": qualifiers += "主叫"
      case "mt": qualifiers += "被叫"
      default:
        qualifiers += w.hasPrefix("zone:") ? catalog.cells.name(of: String(w.dropFirst(5))) : "\(w) "
      }
    }
    return "\(qualifiers)\(kind) (\(words))"
  }
}
