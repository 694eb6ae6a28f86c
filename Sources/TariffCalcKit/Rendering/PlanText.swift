/// The `plans` command's text: the catalog at a glance, and one plan explained as a clerk reads it.
public enum PlanText {
  /// One row per plan: id, Chinese name, on sale or not on `day`, method and monthly fees (wrapped in
  /// their column); then the plans not on sale with their sale window, and the header's words in English.
  public static func listing(_ catalog: TariffCatalog, on day: Day) -> String {
    var rows: [[String]] = [["id", "名称", "在售", "计费", "月费 (元)"]]
    var notOnSale: [String] = []
    for plan in catalog.plans {
      let onSale = plan.isOnSale(on: day)
      if !onSale {
        var window = "\(plan.id) \(plan.name):"
        if let from = plan.onSale.from, day < from { window += " \(from) 起售 (on sale from)" }
        if let through = plan.onSale.through, day > through { window += " 售至 \(through) (sold until)" }
        notOnSale.append(window)
      }
      let fees = plan.tariff(on: day).map(monthlySummary) ?? "— (no tariff on \(day))"
      rows.append([plan.id, plan.name, onSale ? "是" : "否", plan.method.rawValue, fees])
    }
    var out = "资费一览 plans on \(day)\n\n" + TextLayout.table(rows, width: TextLayout.columns) + "\n"
    if !notOnSale.isEmpty {
      out += "\n不在售 not on sale on \(day):\n"
      for line in notOnSale { out += TextLayout.wrapped(line, first: "  ", rest: "    ") + "\n" }
    }
    out += "\n名称 name · 在售 on sale · 计费 method · 月费 monthly fees"
    return out
  }

  /// `月租 50.00`, `功能费 25.00 · 最低消费 42.00`.
  static func monthlySummary(_ t: Tariff) -> String {
    var parts = t.fees.map { "\($0.label ?? feeName($0.kind)) \(TextLayout.yuan(li: $0.amount.li))" }
    if let minimum = t.minimum { parts.append("最低消费 \(TextLayout.yuan(li: minimum.li))") }
    return parts.isEmpty ? "—" : parts.joined(separator: " · ")
  }

  static func feeName(_ kind: Fee.Kind) -> String {
    switch kind {
    case .rental: "月租"
    case .feature: "功能费"
    case .flatIncoming: "被叫包月"
    }
  }

  /// Every term of a plan on a day, inherited rates marked with the plan they come from.
  public static func explanation(_ plan: Plan, on day: Day, catalog: TariffCatalog) -> String {
    /// A line of text, wrapped under its start (after its label when `hang` is set).
    func line(_ text: String, _ first: String = "", hang: String? = nil) -> String {
      TextLayout.wrapped(text, first: first, rest: hang) + "\n"
    }
    func table(_ rows: [[String]], rightAligned: Set<Int> = [1], wrap: Int = 0) -> String {
      TextLayout.table(rows, rightAligned: rightAligned, indent: "  ", width: TextLayout.columns, wrap: wrap,
                       hang: "  ") + "\n"
    }
    var out = line("\(plan.id)  \(plan.name) — \(day) 的资费 (tariff on \(day))", hang: "  ")
    out += line("\(plan.isOnSale(on: day) ? "是 yes" : "否 no") (\(plan.saleWindow))", "  在售 on sale: ")
    out += line("\(plan.method.rawValue) — \(plan.method.chinese)", "  计费方式 method: ")
    if let parent = plan.parent {
      out += TextLayout.wrap(items: ["\(parent) \(catalog.plan(parent)?.name ?? "")", "未列出的资费按其标准 (rates not set here)"],
                             separator: " — ", first: "  继承 inherits: ").joined(separator: "\n") + "\n"
    }
    for note in plan.notes { out += line(note, "  注 note: ") }
    guard let tariff = plan.tariff(on: day) else {
      return out + "\n" + line("no tariff on \(day): the plan's versions do not cover that day", "  ")
    }
    if plan.tariffs.count > 1 || tariff.range != .always {
      out += line("\(tariff.range)", "  资费版本 version: ")
    }

    out += "\n月费 Monthly (R17–R19, R22)\n"
    var monthly: [[String]] = tariff.fees.map { fee in
      ["\(feeName(fee.kind)) \(fee.kind.rawValue)" + (fee.label.map { " — \($0)" } ?? ""),
       "\(TextLayout.yuan(li: fee.amount.li)) 元/月"]
    }
    if let minimum = tariff.minimum {
      monthly.append(["最低消费 minimum (补足 top-up)", "\(TextLayout.yuan(li: minimum.li)) 元/月"])
    }
    out += monthly.isEmpty ? "  无 none\n" : table(monthly)

    if !tariff.allowances.isEmpty {
      out += "\n赠送 Allowances per month (R20, prorated like the rental)\n"
      out += table(tariff.allowances.map { a in
        [describe(a.selector, catalog: catalog),
         "\(TextLayout.grouped(Int(a.units))) \(a.unitWord == "msg" ? "条 msg" : "分钟 min")"]
      })
    }

    // Rules that price at least one kind of record on this day, child first.
    let used = Set(tariff.table.map { Int($0.rule) })
    let sections: [(String, [ChargeKind])] = [
      ("本地通话 Local calls (R14)", [.local]),
      ("漫游通话 Roaming calls (R7, R14)", [.roamingProvincial, .roamingNational]),
      ("长途 Long distance, added to the base fee (R8, R15)", [.longDistance, .ip]),
      ("短信 SMS, sent only (R13)", [.sms]),
    ]
    for (title, kinds) in sections {
      var rows: [[String]] = []
      for (i, sourced) in tariff.rules.enumerated() where used.contains(i) && kinds.contains(where: sourced.rule.selector.kinds.contains) {
        let plus = kinds.contains(.longDistance) ? "+" : ""
        rows.append([describe(sourced.rule.selector, catalog: catalog), plus + sourced.rule.price.chinese,
                     sourced.level == 0 ? "" : "继承 \(sourced.plan)"])
      }
      if kinds == [.local], tariff.hasFlatIncoming {
        rows.append(["本地 被叫 mt", "免费", "被叫包月 R21"])
      }
      out += "\n\(title)\n"
      if kinds.contains(.roamingProvincial) {
        for (i, title) in ["省内漫游 provincial: ", "国内漫游 national:   "].enumerated() {
          let r = tariff.roaming[i]
          var text = describe(r.policy)
          if case .during = r.policy { text += r.policy.isOpen(on: day) ? " — \(day) 开放 open" : " — \(day) 关闭 closed" }
          if r.plan != plan.id { text += "  继承 \(r.plan)" }
          out += line(text, "  " + title)
        }
      }
      if kinds == [.local], let area = tariff.serviceArea {
        out += line("\(catalog.cells.name(of: area.zoneName)) (zone:\(area.zoneName)); elsewhere refused (R16)",
                    "  仅限 only in: ")
      }
      out += table(rows)
    }
    out += "\n" + line("同一记录适用最具体的一条; 继承的资费只用于本资费未设之处。")
    out += line("The most specific line applies to a record; inherited lines apply only where this plan sets none.")
    return out
  }

  /// `roaming national` → `国内漫游 national`, `local night mo` → `本地 19:00-08:00 主叫 mo`.
  static func describe(_ s: Selector, catalog: TariffCatalog) -> String {
    var parts: [String] = []
    switch s.kinds {
    case [.local]: parts.append("本地")
    case [.roamingProvincial]: parts.append("省内漫游")
    case [.roamingNational]: parts.append("国内漫游")
    case [.roamingProvincial, .roamingNational]: parts.append("漫游")
    case [.longDistance]: parts.append("长途 long-distance")
    case [.ip]: parts.append("IP长途 ip (17951)")
    default: parts.append("短信")
    }
    if let name = s.bandName, let band = s.bandValue { parts.append("\(band) (\(name))") }
    if let zone = s.zoneName { parts.append("在\(catalog.cells.name(of: zone)) zone:\(zone)") }
    if let g = s.inGroup { parts.append(g ? "集团/校园网内 group" : "非集团 non-group") }
    if let d = s.direction { parts.append(d == .mo ? "主叫 mo" : "被叫 mt") }
    if let n = s.onNet { parts.append(n ? "网内 on-net" : "网外 off-net") }
    if parts.count == 1, s.kinds != [.longDistance], s.kinds != [.ip] { parts.append("all") }
    return parts.joined(separator: " ")
  }

  static func describe(_ p: RoamingPolicy) -> String {
    switch p {
    case .allowed: return "开放 open"
    case .notAllowed: return "无漫游 none (本地通)"
    case .during(let months, let windows):
      var items: [String] = []
      if !months.isEmpty { items.append(months.map(String.init).joined(separator: "、") + "月") }
      items += windows.map { "\($0.name) \($0.id)" }
      return "仅在 only during " + items.joined(separator: " · ")
    }
  }
}
