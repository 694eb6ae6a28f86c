import TariffCalcKit

let plansCommand = Command(
  name: "plans",
  abstract: "List the plans, or explain one plan's tariff on a day.",
  discussion: """
    Without ID: every plan with its Chinese name, whether it is on sale on the
    day, its proration method and its monthly fees. With ID: every rate, fee,
    allowance and roaming rule of that plan on the day, inherited rates marked
    with the plan they come from.
    """,
  arguments: [Positional(name: "ID", help: "a plan id (plans lists them)", optional: true)],
  options: [
    Option(name: "--on", value: "YYYY-MM-DD", help: "the day (default: today, Beijing time)"),
    .tariffs,
    Option(name: "--json", help: "print the list or the plan's terms as JSON (docs/json.md)"),
  ],
  run: { args in
    let day = try args.day("--on") ?? Day.today()
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    guard let id = args.positionals.first else {
      print(args.has("--json") ? PlansJSON.list(catalog, on: day).text : PlanText.listing(catalog, on: day))
      return .success
    }
    guard let plan = catalog.plan(id) else {
      return unknownPlan(id, catalog)
    }
    if args.has("--json") {
      print(PlansJSON.plan(plan, on: day).text)
    } else {
      print(PlanText.explanation(plan, on: day, catalog: catalog), terminator: "")
    }
    return .success
  })
