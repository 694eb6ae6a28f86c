import Foundation
import TariffCalcKit

let adviseCommand = Command(
  name: "advise",
  summary: "re-bill a subscriber's month on every plan on sale, cheapest first",
  usage: """
    Usage: tariffcalc advise MSISDN [--month YYYY-MM] [--json] [CDR_FILE…]

    Bills the subscriber's actual month again on every plan on sale in that
    month, and lists them cheapest first with the saving against the current
    plan (“which plan suits me”). Plans that would refuse some of the month's
    records (roaming on a local-only plan, a call outside a base-station
    plan's zone, roaming outside a plan's windows) are listed apart as
    unsuitable, with the reason.

    The month is --month or that of the CDR files. --json prints the advice
    as one line of JSON (docs/json.md).
    """,
  run: { words in
    let args = try Arguments(words, options: ["--month"], flags: ["--json"])
    guard let numberText = args.positionals.first else { throw UsageError(message: "expected an MSISDN") }
    guard let number = MSISDN.parse(numberText), numberText.count == 11 else {
      throw UsageError(message: "invalid MSISDN '\(numberText)': 11 digits expected")
    }
    var rest = args
    rest.dropFirstPositional()
    let setup = try RunSetup(rest)
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
      writeError("error: \(problem.message)")
      return .badInput
    }
  })
