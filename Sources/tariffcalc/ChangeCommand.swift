import Foundation
import TariffCalcKit

let changeCommand = Command(
  name: "change",
  summary: "change a subscriber's plan from the 1st of next month (R4, R5)",
  usage: """
    Usage: tariffcalc change MSISDN --plan ID [--on DATE] [--subscribers FILE]

    Records a plan change (改计费类别) requested on DATE (default: today):
    the current plan ends on the last day of that month and the new one starts
    on the 1st of the next (R4 次月生效). The subscribers file is rewritten
    through a temporary file and a rename; every other line stays byte for byte.

    Refused, changing nothing (exit 2), with the reason in Chinese and English:
      on the 1st–5th of a month (R5 出帐期; Tariffs/settings.txt), an unknown or
      closed subscriber, a plan not on sale on the day it would take effect, the
      subscriber's own plan, or a second change before the first takes effect.
    """,
  run: { words in
    let args = try Arguments(words, options: ["--plan", "--on"])
    guard args.positionals.count == 1, let numberText = args.positionals.first else {
      throw UsageError(message: "expected one MSISDN")
    }
    guard let number = MSISDN.parse(numberText), numberText.count == 11 else {
      throw UsageError(message: "invalid MSISDN '\(numberText)': 11 digits expected")
    }
    guard let plan = args["--plan"] else { throw UsageError(message: "--plan ID is required") }
    let request = PlanChange(subscriber: number, plan: plan, on: try args.day("--on") ?? Day.today())
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    do {
      try request.checkFreeze(catalog.settings)  // R5: refused before the file is even read
      let book = try SubscriberBook.load(file: args.subscribers, catalog: catalog)
      let data = try Inputs.contents(of: args.subscribers)
      let old = book.index(of: number).flatMap { book.periods(of: $0).last(where: { $0.contains(request.on) }) }
      let bytes = try request.apply(to: [UInt8](data), book: book, catalog: catalog)
      let file = try AtomicFile(path: args.subscribers)
      try file.write(bytes)
      try file.commit()
      let from = old.map { catalog.plans[$0.plan] }
      let fromText = from.map { "\($0.id) \($0.name)" } ?? "?"
      let to = catalog.plan(plan)!  // apply() refused unknown plans
      print("""
        已受理: \(numberText) 自 \(request.effective) 起由 \(fromText) 改为 \(to.id) \(to.name) (次月生效, R4)。
        Accepted: \(numberText) changes from \(from?.id ?? "?") to \(to.id) on \(request.effective); \(args.subscribers) is updated.
        """)
      return .success
    } catch let refusal as PlanChange.Refusal {
      writeError(refusal.description)
      return .badInput
    }
  })
