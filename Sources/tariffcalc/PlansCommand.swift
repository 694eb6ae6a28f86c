import TariffCalcKit

let plansCommand = Command(
  name: "plans",
  summary: "list the plans, or explain one plan's tariff on a day",
  usage: """
    Usage: tariffcalc plans [ID] [--on DATE] [--json] [--tariffs DIR]

    Without ID: every plan with its Chinese name, whether it is on sale on DATE,
    its proration method and its monthly fees.
    With ID: every rate, fee, allowance and roaming rule of that plan on DATE,
    inherited rates marked with the plan they come from.

    Options:
      --on DATE        the day, YYYY-MM-DD (default: today, Beijing time)
      --json           print the list or the plan's terms as JSON (docs/json.md)
      --tariffs DIR    tariff folder (default: Tariffs)
    """,
  run: { words in
    let args = try Arguments(words, options: ["--on"], flags: ["--json"])
    guard args.positionals.count <= 1 else { throw UsageError(message: "expected at most one plan id") }
    let day = try args.day("--on") ?? Day.today()
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    guard let id = args.positionals.first else {
      print(args.has("--json") ? PlansJSON.list(catalog, on: day).text : PlanText.listing(catalog, on: day))
      return .success
    }
    guard let plan = catalog.plan(id) else {
      writeError("error: unknown plan '\(id)'" + Suggestion.didYouMean(id, among: catalog.plans.map(\.id))
      + "\nknown plans: \(catalog.plans.map(\.id).joined(separator: ", "))")
      return .badInput
    }
    if args.has("--json") {
      print(PlansJSON.plan(plan, on: day).text)
    } else {
      print(PlanText.explanation(plan, on: day, catalog: catalog), terminator: "")
    }
    return .success
  })
