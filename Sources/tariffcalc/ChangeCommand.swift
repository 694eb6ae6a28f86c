import Foundation
import TariffCalcKit

let changeCommand = Command(
  name: "change",
  abstract: "Change a subscriber's plan from the 1st of next month (R4, R5).",
  discussion: """
    Records a plan change (改计费类别) requested on DATE (default: today):
    the current plan ends on the last day of that month and the new one starts
    on the 1st of the next (R4 次月生效). The subscribers file is rewritten
    through a temporary file and a rename; every other line stays byte for byte.

    Refused, changing nothing (exit 2), with the reason in Chinese and English:
    on the 1st–5th of a month (R5 出帐期; Tariffs/settings.txt), an unknown or
    closed subscriber, a plan not on sale on the day it would take effect, the
    subscriber's own plan, or a second change before the first takes effect.
    """,
  arguments: [.msisdn],
  options: [
    Option(name: "--plan", value: "ID", help: "the new plan"),
    Option(name: "--cancel", help: "withdraw a change not yet in effect (under the same R5 freeze)"),
    Option(name: "--on", value: "YYYY-MM-DD", help: "the day of the request (default: today, Beijing time)"),
    .tariffs, .subscribers,
    Option(name: "--json", help: "print what was done as one line of JSON (docs/json.md)"),
  ],
  forms: ["MSISDN --plan [--on] [--json] [--tariffs] [--subscribers]",
          "MSISDN --cancel [--on] [--json] [--tariffs] [--subscribers]"],
  run: { args in
    let (numberText, number) = try args.msisdn()
    let on = try args.day("--on") ?? Day.today()
    if args.has("--cancel") {
      guard args["--plan"] == nil else { throw UsageError(message: "--cancel takes no --plan", option: "--cancel") }
      return try cancelChange(numberText, number, on: on, args: args)
    }
    guard let plan = args["--plan"] else { throw UsageError(message: "missing --plan ID (or --cancel)", option: "--plan") }
    let request = PlanChange(subscriber: number, plan: plan, on: on)
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    do {
      try request.checkFreeze(catalog.settings)  // R5: refused before the file is even read
      let book = try SubscriberBook.load(file: args.subscribers, catalog: catalog)
      let data = try Inputs.contents(of: args.subscribers)
      let old = book.index(of: number).flatMap { book.period(of: $0, on: request.on) }
      let bytes = try request.apply(to: [UInt8](data), book: book, catalog: catalog)
      let file = try AtomicFile(path: args.subscribers)
      try file.write(bytes)
      try file.commit()
      let from = old.map { catalog.plans[$0.plan] }
      let fromText = from.map { "\($0.id) \($0.name)" } ?? "?"
      let to = catalog.plan(plan)!  // apply() refused unknown plans
      if args.has("--json") {
        print(CounterJSON.change(request), terminator: "")
      } else {
        print("""
          已受理: \(numberText) 自 \(request.effective) 起由 \(fromText) 改为 \(to.id) \(to.name) (次月生效, R4)。
          Accepted: \(numberText) changes from \(from?.id ?? "?") to \(to.id) on \(request.effective); \(args.subscribers) is updated.
          撤销 To cancel it before then: tariffcalc change \(numberText) --cancel
          """)
      }
      return .success
    } catch let refusal as PlanChange.Refusal {
      writeError(refusal.description)
      return .badInput
    }
  })

/// `change MSISDN --cancel`: the pending change withdrawn, the subscribers file rewritten whole.
func cancelChange(_ numberText: String, _ number: UInt64, on: Day, args: Arguments) throws -> ExitCode {
  let catalog = try TariffCatalog.load(directory: args.tariffs)
  do {
    try PlanChange(subscriber: number, plan: "", on: on).checkFreeze(catalog.settings)  // R5, before reading
    let book = try SubscriberBook.load(file: args.subscribers, catalog: catalog)
    let data = try Inputs.contents(of: args.subscribers)
    let result = try PlanChange.cancel(subscriber: number, on: on, bytes: [UInt8](data), book: book, catalog: catalog)
    let file = try AtomicFile(path: args.subscribers)
    try file.write(result.bytes)
    try file.commit()
    if args.has("--json") {
      print(CounterJSON.cancellation(subscriber: numberText, plan: result.plan, from: result.from, on: on), terminator: "")
    } else {
      print("""
        已撤销: \(numberText) 原定 \(result.from) 起改为 \(result.plan) 的申请。
        Cancelled: \(numberText) stays on its plan; the change to \(result.plan) from \(result.from) is withdrawn.
        """)
    }
    return .success
  } catch let refusal as PlanChange.Refusal {
    writeError(refusal.description)
    return .badInput
  }
}
