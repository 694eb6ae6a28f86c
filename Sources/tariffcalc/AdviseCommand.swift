import Foundation
import TariffCalcKit

let adviseCommand = Command(
  name: "advise",
  abstract: "Re-bill a subscriber's month on every plan on sale, cheapest first.",
  discussion: """
    Bills the subscriber's actual month again on every plan on sale in that
    month, and lists them cheapest first with the saving against the current
    plan (“which plan suits me”). Plans that would refuse some of the month's
    records (roaming on a local-only plan, a call outside a base-station
    plan's zone, roaming outside a plan's windows) are listed apart as
    unsuitable, with the reason. The month is --month or that of the CDR files.
    """,
  arguments: [
    .msisdn,
    .cdrFiles,
  ],
  options: [
    Option(name: "--month", value: "YYYY-MM", help: "the month (default: that of the CDR files)"),
    .tariffs, .subscribers,
    Option(name: "--json", help: "print the advice as one line of JSON (docs/json.md)"),
  ],
  run: { args in
    let (numberText, number) = try args.msisdn()
    var rest = args
    rest.dropFirstPositional()
    let setup = try RunSetup(rest, subscriber: number)
    do {
      let options = try Counter.advise(number, month: setup.month, inputs: setup.inputs, catalog: setup.catalog,
                                       book: setup.book)
      if args.has("--json") {
        print(CounterJSON.advice(options, subscriber: numberText, month: setup.month), terminator: "")
      } else {
        print(PlanText.advice(options, subscriber: numberText, month: setup.month), terminator: "")
      }
      return .success
    } catch let problem as Problem {
      writeError("Error: \(problem.message)")
      return .badInput
    }
  })
