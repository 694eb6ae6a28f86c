/// The itemized bill as the clerk shows it (通话详单, R27): one line per record — start, 主叫/被叫/短信,
/// peer, duration, where, amount — and under it how it was priced. Chinese first, English beside;
/// 80 columns.
public enum ItemizedText {
  /// The bill, its items, the monthly fees apart, what the items add up to, and every record not billed.
  public static func render(_ itemized: ItemizedBill, catalog: TariffCatalog, source: String) -> String? {
    guard let bill = itemized.quote.bill else { return nil }
    return BillText.render(bill, catalog: catalog, source: source, rejects: itemized.quote.rejects,
                           details: details(itemized, catalog: catalog), rejectsShown: .max)
  }

  static func details(_ itemized: ItemizedBill, catalog: TariffCatalog) -> String {
    var out = "\n通话详单 itemized bill: \(itemized.items.count) 条 records, 按时间 in time order (R20, R27)\n"
    out += columns(start: "时间 start", kind: "类型", peer: "对方 peer", duration: "时长", place: "地点 place",
                   amount: "金额 (元)") + "\n"
    for item in itemized.items {
      out += line(item) + "\n"
      out += TextLayout.wrapped(how(item, catalog: catalog).joined(separator: " · "), first: "      ") + "\n"
    }
    if itemized.items.isEmpty { out += "  (无 none)\n" }
    let fees = itemized.fees
    if !fees.isEmpty {
      out += "\n" + TextLayout.wrapped(
        fees.map { "\($0.code.label) \($0.code.code) \(TextLayout.yuan(fen: $0.amountFen))" }.joined(separator: " · "),
        first: "月费 monthly fees (不在详单 not items): ") + "\n"
    }
    var sums: [String] = []
    for code in BillItem.usageCodes {
      let parts = itemized.items.flatMap { [$0.base, $0.longDistance] }.compactMap { $0 }.filter { $0.line == code }
      guard !parts.isEmpty else { continue }
      let li = parts.reduce(0) { $0 + $1.paidLi }
      sums.append("\(code.label) \(code.code) \(TextLayout.yuan(li: li)) → \(TextLayout.yuan(fen: Money.roundedToFen(numerator: li)))")
    }
    if !sums.isEmpty {
      out += "详单合计 items by line (厘 exact → 分 rounded once, R1):\n"
      out += TextLayout.wrapped(sums.joined(separator: " · "), first: "  ") + "\n"
    }
    return out
  }

  /// `10-03 08:15:02 主叫 02787654321  3分钟  本地  1.200`, in fixed columns.
  static func line(_ item: BillItem) -> String {
    let start = "\(Day.pad(item.day.components.month, 2))-\(Day.pad(item.day.components.day, 2)) \(clock(item.second))"
    return columns(start: start, kind: kind(item), peer: item.peer, duration: quantity(item),
                   place: placeText(item.place), amount: TextLayout.yuan(li: item.amountLi))
  }

  /// The fixed columns of an item's line (and of the heading): the amount ends at column 80.
  static func columns(start: String, kind: String, peer: String, duration: String, place: String, amount: String) -> String {
    let head = "  " + TextLayout.padRight(start, 14) + " " + TextLayout.padRight(kind, 6) + " " + TextLayout.padRight(peer, 16)
      + " " + TextLayout.padLeft(duration, 10) + "  " + TextLayout.padRight(place, 10)
    return head + TextLayout.padLeft(amount, max(1, TextLayout.columns - TextLayout.width(head)))
  }

  /// How the item was priced, as items of a line: band, zone, group, network, base fee, long distance, allowance.
  static func how(_ item: BillItem, catalog: TariffCatalog) -> [String] {
    var parts: [String] = []
    if let band = item.base?.rule?.band ?? item.longDistance?.rule?.band { parts.append("时段 band \(band)") }
    if let zone = item.zone { parts.append("\(catalog.cells.name(of: zone)) zone:\(zone)") }
    if item.inGroup { parts.append("集团网内 group") }
    parts.append(item.onNet ? "网内 on-net" : "网外 off-net \(item.peerNetwork)")
    if let base = item.base {
      parts.append("基本 base " + charge(base))
      if let a = base.allowance, a.free == 0 {
        parts.append("赠送已用完 allowance used up")
      } else if let a = base.allowance {
        var text = "赠送 free \(a.free)\(BillText.unitWord(a.unit)) (\(a.leftBefore) → \(a.leftBefore - a.free) 剩 left)"
        if base.straddles { text += " 跨越 straddle: \(base.paidUnits)\(BillText.unitWord(a.unit)) 计费 paid" }
        parts.append(text)
      }
    } else if !item.isVoice {
      parts.append("收短信不计费 received SMS free (R13)")
    }
    if let ld = item.longDistance {
      parts.append((ld.kind == .ip ? "IP长途 ip " : "长途 long distance ") + charge(ld))
    }
    return parts
  }

  /// `3 × 0.40/min = 1.200`, `11 × 0.07/6s = 0.770`, `被叫包月 free (R21)`.
  static func charge(_ c: ItemCharge) -> String {
    if c.flatIncoming { return "被叫包月 free (R21)" }
    guard let rule = c.rule else { return "免费 free (无资费 no rate)" }
    return "\(c.units) × \(rule.price) = \(TextLayout.yuan(li: c.units * c.priceLi))"
  }

  static func kind(_ item: BillItem) -> String {
    if !item.isVoice { return item.direction == .mo ? "短信" : "收短信" }
    return item.direction == .mo ? "主叫" : "被叫"
  }

  static func quantity(_ item: BillItem) -> String {
    item.isVoice ? "\(TextLayout.grouped((item.duration + 59) / 60))分钟" : "1条"
  }

  static func placeText(_ place: ChargeKind) -> String {
    switch place {
    case .roamingProvincial: "省内漫游"
    case .roamingNational: "国内漫游"
    default: "本地"
    }
  }

  static func clock(_ second: Int) -> String {
    "\(Day.pad(second / 3600, 2)):\(Day.pad(second / 60 % 60, 2)):\(Day.pad(second % 60, 2))"
  }
}
