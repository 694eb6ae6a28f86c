/// `explain FILE:LINE` for people: how the record was read, each step of its classification and price
/// with its rule and the tariff line that applied, or why it is not billed. Chinese first, English beside;
/// 80 columns.
public enum ExplainText {
  public static func render(_ story: RecordStory, catalog: TariffCatalog) -> String {
    var out = ""
    let verdict: String
    if let item = story.item {
      verdict = "已计费 rated  \(TextLayout.yuan(li: item.amountLi)) 元"
    } else if let r = story.reject {
      verdict = "未计费 not billed: \(r.reason.code) \(r.reason.chinese)"
    } else {
      verdict = "未计费 not billed"
    }
    out += TextLayout.wrap(items: ["\(story.file):\(story.line)", verdict], separator: "  ").joined(separator: "\n") + "\n"
    out += TextLayout.wrapped(story.text, first: "  ") + "\n\n"
    let fields = story.fields.map { "\($0.name) \($0.value.isEmpty ? "(空 empty)" : $0.value)" }
    out += TextLayout.wrapped(fields.joined(separator: " · "), first: "读取 read: ", rest: "  ") + "\n"
    if let number = story.subscriber {
      var who = [MSISDN.text(number)]
      if let period = story.period, let id = story.planID {
        who += ["\(id) \(catalog.plan(id)?.name ?? "")", "归属 home \(period.homeArea)",
                "集团 group \(story.groupName ?? "—")", "subscribers line \(period.line)"]
      } else {
        who.append("不在用户文件 not in the subscribers file")
      }
      out += TextLayout.wrapped(who.joined(separator: " · "), first: "用户 subscriber: ", rest: "  ") + "\n"
    }
    if let item = story.item {
      out += "\n分类 classification\n"
      for (rule, text) in classification(item, catalog: catalog) { out += step(rule, text) }
      out += "\n计价 price\n"
      for (rule, text) in price(item) { out += step(rule, text) }
      var sum = [item.base, item.longDistance].compactMap { $0 }.map { TextLayout.yuan(li: $0.paidLi) }.joined(separator: " + ")
      if sum.isEmpty { sum = "0" }
      let lines = [item.base, item.longDistance].compactMap { $0 }.map { "\($0.line.code) \(TextLayout.yuan(li: $0.paidLi))" }
      out += "\n" + TextLayout.wrapped(
        "\(sum) = \(TextLayout.yuan(li: item.amountLi)) 元 · 计入 to " + (lines.isEmpty ? "no line" : lines.joined(separator: ", "))
          + " · 厘 exact: each bill line is rounded once (R1)",
        first: "金额 amount: ", rest: "  ") + "\n"
    } else if let r = story.reject {
      out += "\n" + TextLayout.wrapped(r.detail, first: "原因 reason: ", rest: "  ") + "\n"
      out += TextLayout.wrapped(r.reason.rule, first: "规则 rule: ", rest: "  ") + "\n"
      if r.notYet { out += "  (本月记录, 尚未出帐 of the month, not billed yet as of the day)\n" }
    }
    return out
  }

  static func step(_ rule: String, _ text: String) -> String {
    TextLayout.wrapped(text, first: "  " + TextLayout.padRight(rule, 4), rest: "      ") + "\n"
  }

  /// R6 peer, R7 roaming, R8 long distance, R9 zone, R10 group, R12 band.
  static func classification(_ item: BillItem, catalog: TariffCatalog) -> [(String, String)] {
    let numbering = catalog.numbering
    var steps: [(String, String)] = []
    let entry = item.peerEntry
    let network = numbering.networks[entry.network]
    var peer = "对方 peer \(item.peer)"
    if item.ip { peer += ": 17951 IP长途 taken off (IP long distance)" }
    peer += " · 前缀 prefix \(entry.prefix) → \(network.id) \(entry.name)"
    peer += entry.area.map { " · 区号 area \($0)" } ?? " · 无区号 no area (a mobile number)"
    peer += item.onNet ? " · 网内 on-net" : " · 网外 off-net"
    steps.append(("R6", peer))
    switch item.place {
    case .roamingProvincial:
      steps.append(("R7", "所在地 area \(item.area) ≠ 归属 home \(item.home), 省内 in the province: 省内漫游 provincial roaming"))
    case .roamingNational:
      steps.append(("R7", "所在地 area \(item.area) ≠ 归属 home \(item.home), 省外 another province: 国内漫游 national roaming"))
    default:
      steps.append(("R7", "所在地 area \(item.area) = 归属 home \(item.home): 本地 local, not roaming"))
    }
    if !item.isVoice {
      steps.append(("R8", "短信 SMS: never long distance"))
    } else if let ld = item.longDistance {
      let why = item.direction == .mo ? "主叫 MO" : "被叫 MT while roaming"
      steps.append(("R8", "对方区号 peer's area \(entry.area.map { "\($0)" } ?? "?") ≠ 所在地 \(item.area), \(why): "
                      + (ld.kind == .ip ? "IP长途 IP long distance" : "长途 long distance")))
    } else if entry.area == nil {
      steps.append(("R8", "对方无区号 the peer has no area: not long distance"))
    } else if entry.area == item.area {
      steps.append(("R8", "对方区号 \(item.area) = 所在地: not long distance"))
    } else {
      steps.append(("R8", "被叫 MT, not roaming: not long distance"))
    }
    if let zone = item.zone {
      steps.append(("R9", "基站 cell \(item.cell) → \(catalog.cells.name(of: zone)) zone:\(zone)"))
    } else {
      steps.append(("R9", item.cell.isEmpty ? "无基站 no cell: no zone" : "基站 cell \(item.cell): 无区域 in no zone"))
    }
    steps.append(("R10", item.inGroup ? "对方同一集团 the peer is in the same closed user group that day: 集团网内 group call"
                                       : "非集团网内 not a group call"))
    let clock = ItemizedText.clock(item.second)
    if let band = item.base?.rule?.band ?? item.longDistance?.rule?.band {
      steps.append(("R12", "开始 start \(clock) → 时段 band \(band)"))
    } else {
      steps.append(("R12", "开始 start \(clock): 资费不分时段 the rate names no band"))
    }
    return steps
  }

  /// R14 base fee, R20 allowance, R15 long distance: the tariff line, the units, the amount.
  static func price(_ item: BillItem) -> [(String, String)] {
    var steps: [(String, String)] = []
    func part(_ c: ItemCharge, _ rule: String, _ name: String) {
      if c.flatIncoming {
        steps.append(("R21", "\(name): 被叫包月 local MT calls are free with the plan's flat incoming fee"))
        return
      }
      guard let r = c.rule else {
        steps.append((rule, "\(name): 无资费 no rate applies: free"))
        return
      }
      let inherited = r.inherited ? " (继承 inherited from \(r.plan))" : ""
      steps.append((rule, "\(name): \(r.text) \(r.price) — \(r.file):\(r.line)\(inherited)"))
      let units: String
      switch c.unitSeconds {
      case 0: units = "1 条 msg"
      default: units = "⌈\(item.duration) s / \(c.unitSeconds)⌉ = \(c.units)"
      }
      steps.append((c.unitSeconds == 0 ? "R13" : "R11", "\(units) × \(r.price) = \(TextLayout.yuan(li: c.units * c.priceLi))"))
    }
    if let base = item.base {
      part(base, item.isVoice ? "R14" : "R13", "基本费 base")
      if let a = base.allowance {
        var text = "赠送 \(a.kind): \(a.leftBefore) of \(a.granted) left before · \(a.free) free"
        if base.straddles { text += " · 跨越 straddle: \(base.paidUnits) paid = \(TextLayout.yuan(li: base.paidLi))" }
        steps.append(("R20", text))
      } else {
        steps.append(("R20", "赠送 allowance: none applies"))
      }
    } else {
      steps.append(("R13", "收短信不计费 a received SMS is never charged"))
    }
    if let ld = item.longDistance { part(ld, "R15", ld.kind == .ip ? "IP长途费 ip" : "长途费 long distance") }
    return steps
  }
}
