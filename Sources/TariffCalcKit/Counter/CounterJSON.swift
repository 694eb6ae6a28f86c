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
