/// The JSON of the clerk's commands (docs/json.md). Amounts in fen.
public enum CounterJSON {
  /// `advise --json`: `{"subscriber","month","plans":[{"plan","name","current","suitable","total_fen",
  /// "saving_fen","refused":[rejects],"bill":{as in bills.jsonl}}]}`, in the order of the advice
  /// (suitable plans cheapest first). `saving_fen` is the current plan's total less this one's.
  public static func advice(_ options: [Counter.PlanOption], subscriber: String, month: Month) -> String {
    let current = options.first(where: \.isCurrent)?.bill.totalFen
    let plans: [JSONValue] = options.map { o in
      .object([
        ("plan", .string(o.plan)), ("name", .string(o.name)), ("current", .bool(o.isCurrent)),
        ("suitable", .bool(o.isSuitable)), ("total_fen", .int(o.bill.totalFen)),
        ("saving_fen", current.map { .int($0 - o.bill.totalFen) } ?? .null),
        ("refused", .array(o.refused.map(JSONValue.reject))), ("bill", .bill(o.bill)),
      ])
    }
    return JSONValue.object([("subscriber", .string(subscriber)), ("month", .string(month.description)),
                             ("plans", .array(plans))]).text + "\n"
  }

  /// `change --json`: `{"subscriber","plan","requested_on","effective"}`.
  public static func change(_ c: PlanChange) -> String {
    JSONValue.object([("subscriber", .string(MSISDN.text(c.subscriber))), ("plan", .string(c.plan)),
                      ("requested_on", .string(c.on.description)), ("effective", .string(c.effective.description))]).text + "\n"
  }

  /// `change --cancel --json`: `{"subscriber","cancelled_plan","was_effective","on"}`.
  public static func cancellation(subscriber: String, plan: String, from: Day, on: Day) -> String {
    JSONValue.object([("subscriber", .string(subscriber)), ("cancelled_plan", .string(plan)),
                      ("was_effective", .string(from.description)), ("on", .string(on.description))]).text + "\n"
  }
}

/// `quote --itemized --json` and `explain --json` (docs/json.md). Amounts of items are in li, exact; the
/// bill's are in fen, as in bills.jsonl.
public enum ItemizedJSON {
  /// `{"bill":{as in bills.jsonl},"items":[item…],"rejects":[reject…]}`.
  public static func render(_ itemized: ItemizedBill) -> String {
    JSONValue.object([
      ("bill", itemized.quote.bill.map(JSONValue.bill) ?? .null),
      ("items", .array(itemized.items.map(item))),
      ("rejects", .array(itemized.quote.rejects.map(JSONValue.reject))),
    ]).text + "\n"
  }

  /// One item: `{"file","line","start","type","direction","peer","duration_s","place","peer_prefix",
  /// "peer_network","on_net","ip","cell","zone","group","base","long_distance","amount_li"}`.
  static func item(_ i: BillItem) -> JSONValue {
    .object([
      ("file", .string(i.file)), ("line", .int(i.line)),
      ("start", .string("\(i.day) \(ItemizedText.clock(i.second))")), ("type", .string(i.isVoice ? "VOICE" : "SMS")),
      ("direction", .string(i.direction == .mo ? "MO" : "MT")), ("peer", .string(i.peer)),
      ("duration_s", .int(i.duration)), ("place", .string(placeWord(i.place))),
      ("peer_prefix", .string(i.peerEntry.prefix)), ("peer_network", .string(i.peerNetwork)), ("on_net", .bool(i.onNet)),
      ("ip", .bool(i.ip)), ("cell", .string(i.cell)), ("zone", .string(i.zone)), ("group", .bool(i.inGroup)),
      ("base", i.base.map(charge) ?? .null), ("long_distance", i.longDistance.map(charge) ?? .null),
      ("amount_li", .int64(i.amountLi)),
    ])
  }

  /// `{"kind","line","units","unit_s","price_li","rule":{"file","line","plan","inherited","band"}|null,
  /// "flat_incoming","allowance":{"kind","unit","granted","left_before","free"}|null,"paid_units","amount_li"}`.
  static func charge(_ c: ItemCharge) -> JSONValue {
    .object([
      ("kind", .string(placeWord(c.kind))), ("line", .string(c.line.code)), ("units", .int64(c.units)),
      ("unit_s", .int(c.unitSeconds)), ("price_li", .int64(c.priceLi)),
      ("rule", c.rule.map { r in
        .object([("file", .string(r.file)), ("line", .int(r.line)), ("plan", .string(r.plan)),
                 ("inherited", .bool(r.inherited)), ("band", .string(r.band))])
      } ?? .null),
      ("flat_incoming", .bool(c.flatIncoming)),
      ("allowance", c.allowance.map { a in
        .object([("kind", .string(a.kind)), ("unit", .string(a.unit)), ("granted", .int64(a.granted)),
                 ("left_before", .int64(a.leftBefore)), ("free", .int64(a.free))])
      } ?? .null),
      ("paid_units", .int64(c.paidUnits)), ("amount_li", .int64(c.paidLi)),
    ])
  }

  /// `local`, `roaming-provincial`, `roaming-national`, `long-distance`, `ip`, `sms`.
  static func placeWord(_ k: ChargeKind) -> String {
    switch k {
    case .roamingProvincial: "roaming-provincial"
    case .roamingNational: "roaming-national"
    default: k.word
    }
  }
}

/// `explain --json` (docs/json.md): `{"file","line","record","fields":{name:value},"subscriber","plan",
/// "home","group","rated","item":{as in quote --itemized}|null,"reject":{as in rejects.csv}|null,"rule"}`.
public enum ExplainJSON {
  public static func render(_ s: RecordStory) -> String {
    JSONValue.object([
      ("file", .string(s.file)), ("line", .int(s.line)), ("record", .string(s.text)),
      ("fields", .object(s.fields.map { ($0.name, .string($0.value)) })),
      ("subscriber", .string(s.subscriber.map(MSISDN.text))), ("plan", .string(s.planID)),
      ("home", .string(s.period.map { "\($0.homeArea)" })), ("group", .string(s.groupName)),
      ("rated", .bool(s.item != nil)), ("item", s.item.map(ItemizedJSON.item) ?? .null),
      ("reject", s.reject.map(JSONValue.reject) ?? .null), ("rule", .string(s.reject?.reason.rule)),
    ]).text + "\n"
  }
}
