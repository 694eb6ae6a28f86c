import TariffCalcKit

let plansCommand = Command(
  name: "plans",
  summary: "list the plans, or explain one plan's tariff on a day",
  usage: """
    Usage: tariffcalc plans [ID] [--on DATE] [--tariffs DIR]

    Without ID: every plan with its Chinese name, whether it is on sale on DATE,
    its proration method and its monthly fees.
    With ID: every rate, fee, allowance and roaming rule of that plan on DATE,
    inherited rates marked with the plan they come from.

    Options:
      --on DATE        the day, YYYY-MM-DD (default: today, Beijing time)
      --tariffs DIR    tariff folder (default: Tariffs)
    """,
  run: { words in
    let args = try Arguments(words, options: ["--on"])
    guard args.positionals.count <= 1 else { throw UsageError(message: "expected at most one plan id") }
    let day = try args.day("--on") ?? Day.today()
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    guard let id = args.positionals.first else {
      print(PlanText.listing(catalog, on: day))
      return .success
    }
    guard let plan = catalog.plan(id) else {
      writeError("error: unknown plan '\(id)'; known plans: \(catalog.plans.map(\.id).joined(separator: ", "))")
      return .badInput
    }
    print(PlanText.explanation(plan, on: day, catalog: catalog), terminator: "")
    return .success
  })
