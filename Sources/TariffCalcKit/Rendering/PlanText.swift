/// The `plans` command's text: the catalog at a glance, and one plan explained as a clerk reads it.
public enum PlanText {
  /// One line per plan: id, Chinese name, on sale or not on `day`, method and monthly fees.
  public static func listing(_ catalog: TariffCatalog, on day: Day) -> String {
    var rows: [[String]] = [["id", "名称 name", "在售 on sale", "计费 method", "月费 monthly (元)"]]
    for plan in catalog.plans {
      var sale = plan.isOnSale(on: day) ? "是 yes" : "否 no"
      if let through = plan.onSale.through, day > through { sale += " (售至 \(through))" }
      if let from = plan.onSale.from, day < from { sale += " (\(from) 起售)" }
      let fees = plan.tariff(on: day).map(monthlySummary) ?? "— (no tariff on \(day))"
      rows.append([plan.id, plan.name, sale, plan.method.rawValue, fees])
    }
    return "资费一览 plans on \(day)\n\n" + TextLayout.table(rows)
  }

  /// `月租 50.00`, `功能费 25.00 · 最低消费 42.00`.
  static func monthlySummary(_ t: Tariff) -> String {
    var parts = t.fees.map { "\($0.label ?? feeName($0.kind)) \($0.amount)" }
    if let minimum = t.minimum { parts.append("最低消费 \(minimum)") }
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
    var out = "\(plan.id)  \(plan.name) — \(day) 的资费 (tariff on \(day))\n"
    out += "  在售 on sale: \(plan.isOnSale(on: day) ? "是 yes" : "否 no") (\(plan.saleWindow))\n"
    out += "  计费方式 method: \(plan.method.rawValue) — \(plan.method.chinese)\n"
    if let parent = plan.parent {
      out += "  继承 inherits: \(parent) \(catalog.plan(parent)?.name ?? "") — 未列出的资费按其标准 (rates not set here)\n"
    }
    for note in plan.notes { out += "  注 note: \(note)\n" }
    guard let tariff = plan.tariff(on: day) else {
      return out + "\n  no tariff on \(day): the plan's versions do not cover that day\n"
    }
    if plan.tariffs.count > 1 || tariff.range != .always {
      out += "  资费版本 version: \(tariff.range)\n"
    }

    out += "\n月费 Monthly (R17–R19, R22)\n"
    var monthly: [[String]] = tariff.fees.map { fee in
      ["\(feeName(fee.kind)) \(fee.kind.rawValue)" + (fee.label.map { " — \($0)" } ?? ""), "\(fee.amount) 元/月"]
    }
    if let minimum = tariff.minimum { monthly.append(["最低消费 minimum (补足 top-up)", "\(minimum) 元/月"]) }
    out += monthly.isEmpty ? "  无 none\n" : TextLayout.table(monthly, rightAligned: [1], indent: "  ") + "\n"

    if !tariff.allowances.isEmpty {
      out += "\n赠送 Allowances per month (R20, prorated like the rental)\n"
      out += TextLayout.table(tariff.allowances.map { a in
        [describe(a.selector, catalog: catalog), "\(a.units) \(a.unitWord == "msg" ? "条 msg" : "分钟 min")"]
      }, rightAligned: [1], indent: "  ") + "\n"
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
        for (i, title) in ["省内漫游 provincial:", "国内漫游 national:  "].enumerated() {
          let r = tariff.roaming[i]
          var line = "  \(title) \(describe(r.policy))"
          if case .during = r.policy { line += r.policy.isOpen(on: day) ? " — \(day) 开放 open" : " — \(day) 关闭 closed" }
          if r.plan != plan.id { line += "  继承 \(r.plan)" }
          out += line + "\n"
        }
      }
      if kinds == [.local], let area = tariff.serviceArea {
        out += "  仅限 only in: \(catalog.cells.name(of: area.zoneName)) (zone:\(area.zoneName)); elsewhere refused (R16)\n"
      }
      out += TextLayout.table(rows, rightAligned: [1], indent: "  ") + "\n"
    }
    out += "\n同一记录适用最具体的一条; 继承的资费只用于本资费未设之处。\n"
    out += "The most specific line applies to a record; inherited lines apply only where this plan sets none.\n"
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
      return "仅在 only during " + items.joined(separator: "; ")
    }
  }
}
