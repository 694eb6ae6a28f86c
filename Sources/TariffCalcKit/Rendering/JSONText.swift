extension JSONValue {
  /// The value as one line of JSON: members in their order, no spaces, strings escaped as in bills.jsonl.
  public var text: String {
    var out: [UInt8] = []
    write(to: &out)
    return String(decoding: out, as: UTF8.self)
  }

  func write(to out: inout [UInt8]) {
    switch self {
    case .null: out += "null".utf8
    case .bool(let b): out += (b ? "true" : "false").utf8
    case .int(let n): BillJSON.number(n, to: &out)
    case .string(let s): BillJSON.string(s, to: &out)
    case .array(let items):
      out.append(UInt8(ascii: "["))
      for (i, item) in items.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        item.write(to: &out)
      }
      out.append(UInt8(ascii: "]"))
    case .object(let members):
      out.append(UInt8(ascii: "{"))
      for (i, (key, value)) in members.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        BillJSON.string(key, to: &out)
        out.append(UInt8(ascii: ":"))
        value.write(to: &out)
      }
      out.append(UInt8(ascii: "}"))
    }
  }

  /// A string, or `null` for `nil`.
  static func string(_ s: String?) -> JSONValue { s.map { .string($0) } ?? .null }

  /// A count.
  static func int(_ n: Int) -> JSONValue { .int(Int64(n)) }

  /// An amount.
  static func int64(_ n: Int64) -> JSONValue { .int(n) }

  /// A bill as in bills.jsonl (its one encoder, ``BillJSON``), as a value to put inside another.
  static func bill(_ bill: Bill) -> JSONValue {
    guard case .success(let value) = JSONValue.parse(BillJSON.line(bill)) else { preconditionFailure("BillJSON writes JSON") }
    return value
  }

  /// A reject as in rejects.csv: file, line, reason, detail, record.
  static func reject(_ r: Reject) -> JSONValue {
    .object([("file", .string(r.file)), ("line", .int(r.line)), ("reason", .string(r.reason.code)),
             ("detail", .string(r.detail)), ("record", .string(r.record))])
  }
}

/// The JSON of `plans --json`: the plans on sale on a day, or one plan's terms (docs/json.md). Amounts
/// of tariffs are in li (0.001 元), the unit tariff files are written to.
public enum PlansJSON {
  /// `{"on":DAY,"plans":[{id, name, parent, method, on_sale, sale_from, sale_through, fees}]}`.
  public static func list(_ catalog: TariffCatalog, on day: Day) -> JSONValue {
    .object([("on", .string(day.description)), ("plans", .array(catalog.plans.map { summary($0, on: day) }))])
  }

  static func summary(_ plan: Plan, on day: Day) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("id", .string(plan.id)), ("name", .string(plan.name)), ("parent", .string(plan.parent)),
      ("method", .string(plan.method.rawValue)), ("on_sale", .bool(plan.isOnSale(on: day))),
      ("sale_from", .string(plan.onSale.from?.description)), ("sale_through", .string(plan.onSale.through?.description)),
    ]
    let tariff = plan.tariff(on: day)
    members.append(("fees", tariff.map { t in .array(t.fees.map(fee)) } ?? .null))
    return .object(members)
  }

  /// A monthly fee: its line code, amount in li (0.001 元, as tariff files can write it) and label.
  static func fee(_ f: Fee) -> JSONValue {
    .object([("code", .string(f.kind.line.code)), ("amount_li", .int64(f.amount.li)), ("label", .string(f.label))])
  }

  /// One plan on a day: the summary, then the tariff in force: its version, minimum spend, allowances and
  /// rate rules (inherited ones with the plan they come from). Rates are in li (0.001 元), per unit:
  /// `min`, `6s` or `msg`.
  public static func plan(_ plan: Plan, on day: Day) -> JSONValue {
    guard case .object(var members) = summary(plan, on: day) else { return .null }
    guard let t = plan.tariff(on: day) else {
      members.append(("tariff", .null))
      return .object(members)
    }
    let per: (Price) -> String = { $0.unitSeconds == 0 ? "msg" : $0.unitSeconds == 60 ? "min" : "\($0.unitSeconds)s" }
    members.append(("tariff", .object([
      ("from", .string(t.range.from?.description)), ("through", .string(t.range.through?.description)),
      ("minimum_li", t.minimum.map { .int64($0.li) } ?? .null),
      ("allowances", .array(t.allowances.map { a in
        .object([("kind", .string(a.selector.words)), ("units", .int(a.units)), ("unit", .string(a.unitWord))]) })),
      ("rates", .array(t.rules.map { r in
        .object([("rule", .string(r.rule.selector.words)), ("amount_li", .int64(r.rule.price.amount.li)),
                 ("per", .string(per(r.rule.price))), ("from_plan", .string(r.plan))]) })),
    ])))
    return .object(members)
  }
}
