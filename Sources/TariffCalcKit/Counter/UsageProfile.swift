import Foundation

/// A prospective customer's month, typed at the counter: `mo=120,mt=200,mo-night=60,ip=10,sms=100`.
///
/// Items are `WHAT=N`, separated by commas or spaces. `WHAT` is one of
///
/// | word | meaning (N is minutes, or messages for sms) |
/// |---|---|
/// | `mo` | local calls made |
/// | `mt` | local calls received |
/// | `ld` | long-distance calls made from home (to Beijing; Guangzhou when home is Beijing) |
/// | `ip` | the same, dialled with 17951 |
/// | `roam` | calls made while roaming in the home province (`roam-mt`: received) |
/// | `sms` | messages sent |
///
/// followed by modifiers joined with `-`: `night` (at 21:00 instead of 10:00), `off` (the other party is
/// off-net, e.g. China Unicom; on-net by default), `group` (in the same closed user group), `suburbs` (from a
/// suburban cell, Huangpi), `national` (roaming outside the province), `mt` (received, for `roam`).
/// Every call is on the 15th of the month; calls of one item are one record (split at 24 h).
public struct UsageProfile: Sendable, Hashable {
  public struct Item: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable { case mo, mt, ld, ip, roam, sms }
    public var kind: Kind
    public var night = false
    public var offNet = false
    public var group = false
    public var suburbs = false
    public var national = false
    public var received = false
    public var amount: Int
  }

  public var items: [Item]
  public var text: String

  public var needsGroupPartner: Bool { items.contains { $0.group } }

  public static func parse(_ text: String) -> Result<UsageProfile, Problem> {
    let words = text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
    guard !words.isEmpty else { return .failure("empty usage: give items such as mo=120,sms=50") }
    var items: [Item] = []
    for word in words {
      let parts = word.split(separator: "=", omittingEmptySubsequences: false)
      guard parts.count == 2, let amount = Int(parts[1]), amount > 0, amount <= 100_000 else {
        return .failure("invalid usage item '\(word)': expected WHAT=N with N from 1 to 100000")
      }
      let names = parts[0].split(separator: "-").map(String.init)
      guard let first = names.first, let kind = Item.Kind(rawValue: first) else {
        return .failure("unknown usage '\(parts[0])': it starts with one of mo, mt, ld, ip, roam, sms")
      }
      var item = Item(kind: kind, amount: amount)
      for modifier in names.dropFirst() {
        switch (modifier, kind) {
        case ("night", _): item.night = true
        case ("off", .mo), ("off", .mt), ("off", .sms), ("off", .roam): item.offNet = true
        case ("group", .mo), ("group", .mt): item.group = true
        case ("suburbs", .mo), ("suburbs", .mt), ("suburbs", .roam): item.suburbs = true
        case ("national", .roam): item.national = true
        case ("mt", .roam): item.received = true
        default:
          return .failure("'\(modifier)' does not apply to '\(first)' in '\(word)'")
        }
      }
      items.append(item)
    }
    return .success(UsageProfile(items: items, text: text))
  }

  /// The profile as CDR lines (SPEC 3.1 columns) of `subscriber` in `month`, home area `home`.
  func cdrLines(subscriber: String, partner: String, month: Month, home: AreaCode, numbering: NumberingPlan) throws -> [String] {
    let day = Day(year: month.year, month: month.month, day: min(15, month.dayCount))!
    let onNet = "13907654321"
    let offNet = "13012345678"
    let far = home.description == "010" ? "02083456789" : "01062345678"
    var lines: [String] = []
    for (k, item) in items.enumerated() {
      let clock = item.night ? "21" : "10"
      // Each call its own start second: equal voice records would be duplicates (R24 c).
      func start(_ chunk: Int) -> String { "\(day) \(clock):\(Day.pad(k % 60, 2)):\(Day.pad(chunk % 60, 2))" }
      let peer = item.group ? partner : item.offNet ? offNet : onNet
      let cell = item.suburbs ? "HP0001" : ""
      switch item.kind {
      case .sms:
        for _ in 0..<item.amount { lines.append("SMS,\(subscriber),MO,\(peer),\(start(0)),,\(home),\(cell)") }
      case .mo, .mt, .ld, .ip, .roam:
        var area = home.description
        var direction = item.kind == .mt || item.received ? "MT" : "MO"
        var to = peer
        switch item.kind {
        case .ld: to = far
        case .ip: to = "17951" + far
        case .roam: area = try roamingArea(home: home, national: item.national, numbering: numbering)
        default: break
        }
        if item.kind == .ld || item.kind == .ip { direction = "MO" }
        var minutes = item.amount
        var calls = 0
        while minutes > 0 {
          let chunk = min(minutes, 1440)
          lines.append("VOICE,\(subscriber),\(direction),\(to),\(start(calls)),\(chunk * 60),\(area),\(cell)")
          minutes -= chunk
          calls += 1
        }
      }
    }
    return lines
  }

  /// An area to roam in: another of the home province (provincial), or one outside it (national).
  private func roamingArea(home: AreaCode, national: Bool, numbering: NumberingPlan) throws -> String {
    let areas = numbering.provinceOfArea.keys.sorted()
    let pick = areas.first { $0 != home && numbering.sameProvince($0, as: home) != national }
    guard let pick else { throw Problem("no area to roam \(national ? "nationally" : "in the province") from home \(home)") }
    return pick.description
  }
}

extension Counter {
  /// A prospect's month on a plan, from a usage profile: every record rated as for a subscriber whose
  /// plan was in force the whole month (rental in full, minimum spend assessed).
  public static func quote(
    plan: Plan, usage: UsageProfile, month: Month, home: AreaCode, catalog: TariffCatalog
  ) throws -> Quote {
    guard month.days.contains(where: plan.isOnSale) else {
      throw Problem("plan '\(plan.id)' is not on sale in \(month) (\(plan.saleWindow))")
    }
    guard let planIndex = catalog.plans.firstIndex(where: { $0.id == plan.id }), plan.tariff(on: month.firstDay) != nil
    else { throw Problem("plan '\(plan.id)' has no tariff in \(month)") }
    let prospect: UInt64 = 13_800_000_001
    let partner: UInt64 = 13_800_000_002
    let start = month.firstDay.advanced(by: -365)
    let group: Int32 = usage.needsGroupPartner ? 1 : 0
    var periods = [PlanPeriod(plan: planIndex, start: start, end: nil, homeArea: home, group: group, line: 0)]
    var numbers = [prospect]
    if usage.needsGroupPartner {
      periods.append(PlanPeriod(plan: planIndex, start: start, end: nil, homeArea: home, group: group, line: 0))
      numbers.append(partner)
    }
    let book = SubscriberBook(file: "(prospect)", numbers: numbers, periods: periods,
                              firstPeriod: (0...numbers.count).map(Int32.init), groupNames: group == 0 ? [] : ["prospect"])
    let lines = try usage.cdrLines(subscriber: MSISDN.text(prospect), partner: MSISDN.text(partner), month: month,
                                   home: home, numbering: catalog.numbering)
    let records = Array((([CDRHeader.canonical] + lines).joined(separator: "\n") + "\n").utf8)
    let inputs = try RunInputs(sources: [MemorySource(name: "(usage)", bytes: records)])
    return try quote(prospect, month: month, asOf: nil, inputs: inputs, catalog: catalog, book: book, jobs: 1)
  }
}
