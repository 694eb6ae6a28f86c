import Foundation
import TariffCalcKit

let quoteCommand = Command(
  name: "quote",
  abstract: "One subscriber's bill as the clerk shows it, or a prospect's quote.",
  discussion: """
    The bill of one subscriber: plan and active days, every line with its
    Chinese label, quantity and amount in yuan, allowances used and left, the
    total, and the records not billed. Which bill:
      --bills FILE   that subscriber's bill from a bill run's bills.jsonl
      --as-of DATE   computed from the CDR files: records before DATE, fees
                     apportioned by day (R23, 实时缴费)
      neither        the last bill run's out/bills.jsonl if it is for the
                     month; otherwise computed as of today's day of the month
                     in the data's month (on the 21st: records up to the 20th)
    The month is --month, the month of --as-of, or that of the CDR files.

    A prospect's quote: --plan ID --usage ITEMS, a whole month on the plan.
    ITEMS are WHAT=N separated by commas, N minutes (messages for sms):
      mo, mt        local calls made, received
      ld, ip        long-distance calls made, plain or dialled with 17951
      roam          calls made while roaming in the province (roam-mt: received)
      sms           messages sent
    with modifiers joined by '-': night (21:00, else 10:00), off (the other
    party off-net), group (same closed user group), suburbs (a Huangpi cell),
    national (roaming outside the province).
    Example: --usage mo=120,mt=200,mo-night=60,ld=20,ip-night=10,sms=100,sms-off=20
    """,
  arguments: [
    Positional(name: "MSISDN", help: Positional.msisdn.help, optional: true),
    .cdrFiles,
  ],
  options: [
    Option(name: "--month", value: "YYYY-MM", help: "the billing month"),
    Option(name: "--as-of", value: "YYYY-MM-DD", help: "the bill computed up to this day (R23)"),
    Option(name: "--bills", value: "FILE", help: "the bill from this bills.jsonl"),
    Option(name: "--plan", value: "ID", help: "a prospect's quote on this plan"),
    Option(name: "--usage", value: "ITEMS", help: "the prospect's month of usage, WHAT=N,…"),
    Option(name: "--home", value: "AREA", help: "the prospect's home area (default: 027)"),
    .tariffs, .subscribers,
    Option(name: "--itemized", help: "the bill and its 详单: every record with what it cost (R27)"),
    Option(name: "--json", help: "print the bill as one line of bills.jsonl (with --itemized: docs/json.md)"),
  ],
  forms: ["MSISDN [--month] [--as-of] [--bills] [--itemized] [--json] [--tariffs] [--subscribers] [CDR_FILE…]",
          "--plan --usage [--month] [--home] [--json] [--tariffs] [--subscribers]"],
  run: { args in
    // Every argument is checked before any file is read (bad usage, exit 64).
    _ = try args.day("--as-of")
    _ = try args.month("--month")
    let itemized = args.has("--itemized")
    if itemized, args["--bills"] != nil || args["--plan"] != nil || args["--usage"] != nil {
      throw UsageError(message: "--itemized lists a subscriber's records of the CDR files: not with --bills, --plan or --usage",
                       option: "--itemized")
    }
    if args["--plan"] != nil || args["--usage"] != nil {
      guard args.positionals.isEmpty else {
        throw UsageError(message: "a prospect's quote (--plan, --usage) takes no MSISDN or CDR files: unexpected '\(args.positionals[0])'")
      }
      return try prospectQuote(args)
    }
    if args["--home"] != nil {
      throw UsageError(message: "--home is a prospect's home area: it goes with --plan and --usage", option: "--home")
    }
    let (numberText, number) = try args.msisdn()
    func show(_ bill: Bill, catalog: TariffCatalog, source: String, rejects: [Reject] = []) -> ExitCode {
      if args.has("--json") {
        print(BillJSON.line(bill), terminator: "")
      } else {
        print(BillText.render(bill, catalog: catalog, source: source, rejects: rejects), terminator: "")
      }
      return .success
    }
    if let path = args["--bills"] {
      let catalog = try TariffCatalog.load(directory: args.tariffs)
      guard let bill = try BillsFile(path: path).bill(of: numberText) else {
        writeError("Error: \(numberText) has no bill in \(path)")
        return .badInput
      }
      return show(bill, catalog: catalog, source: "\(path)")
    }
    var rest = args
    rest.dropFirstPositional()
    // One load of the tariffs (and of the subscribers) for every other way to the bill.
    let setup = try RunSetup(rest, subscriber: number)
    let catalog = setup.catalog
    guard setup.book.index(of: number) != nil else {
      writeError("Error: \(numberText) is not a subscriber (\(setup.book.file))")
      return .badInput
    }
    let lastRun = setup.asOf == nil ? try BillsFile.lastRunBill(of: numberText, month: setup.month) : nil
    if let bill = lastRun, !itemized {
      return show(bill, catalog: catalog, source: "\(BillsFile.lastRun) (the last bill run of \(setup.month))")
    }
    let files = setup.inputs.names.joined(separator: ", ")
    if itemized {
      // The items of the bill the clerk would show: the whole month when the last bill run billed it.
      let asOf = lastRun == nil ? setup.asOf ?? Counter.defaultAsOf(in: setup.month) : nil
      let result = try Counter.itemize(number, month: setup.month, asOf: asOf, inputs: setup.inputs,
                                       catalog: setup.catalog, book: setup.book)
      let source = files + (asOf.map { " (records before \($0))" } ?? " (the whole month)")
      guard let text = ItemizedText.render(result, catalog: catalog, source: source) else {
        writeError("Error: \(numberText) has no plan in \(setup.month)" + (asOf.map { " before \($0)" } ?? ""))
        return .badInput
      }
      print(args.has("--json") ? ItemizedJSON.render(result) : text, terminator: "")
      return .success
    }
    let asOf = setup.asOf ?? Counter.defaultAsOf(in: setup.month)
    let quote = try Counter.quote(number, month: setup.month, asOf: asOf, inputs: setup.inputs, catalog: setup.catalog,
                                  book: setup.book)
    guard let bill = quote.bill else {
      writeError("Error: \(numberText) has no plan in \(setup.month) before \(asOf)")
      return .badInput
    }
    return show(bill, catalog: catalog, source: "\(files) (records before \(asOf))", rejects: quote.rejects)
  })

/// `quote --plan ID --usage ITEMS`: a whole month of a prospect's usage on one plan.
func prospectQuote(_ args: Arguments) throws -> ExitCode {
  guard let id = args["--plan"], let usageText = args["--usage"] else {
    throw UsageError(message: "a prospect's quote needs both --plan ID and --usage ITEMS")
  }
  let usage: UsageProfile
  switch UsageProfile.parse(usageText) {
  case .success(let u): usage = u
  case .failure(let problem): throw UsageError(message: problem.message)
  }
  guard let home = AreaCode(args["--home"] ?? "027") else { throw UsageError(message: "invalid --home: an area code such as 027") }
  let givenMonth = try args.month("--month")
  let catalog = try TariffCatalog.load(directory: args.tariffs)
  guard let plan = catalog.plan(id) else {
    return unknownPlan(id, catalog)
  }
  let month = givenMonth ?? sampleMonth(args) ?? Day.today().month
  let quote: Counter.Quote
  do {
    quote = try Counter.quote(plan: plan, usage: usage, month: month, home: home, catalog: catalog)
  } catch let problem as Problem {
    writeError("Error: \(problem.message)")
    return .badInput
  }
  guard let bill = quote.bill else { return .badInput }
  if args.has("--json") {
    print(BillJSON.line(bill), terminator: "")
  } else {
    print(BillText.render(bill, catalog: catalog, title: "报价 quote  \(plan.id) \(plan.name)  \(month)",
                          source: "usage \(usageText), home \(home), every call on the 15th", rejects: quote.rejects),
          terminator: "")
  }
  return .success
}

/// The month of the bundled sample's CDR files, for a prospect's quote without `--month`.
func sampleMonth(_ args: Arguments) -> Month? {
  guard let inputs = try? RunInputs(BillRun.cdrFiles(besideSubscribers: args.subscribers)),
    case .agreed(let month) = try? inputs.monthOfRecords()
  else { return nil }
  return month
}
