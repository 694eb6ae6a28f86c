import Foundation
import TariffCalcKit

let benchCommand = Command(
  name: "bench",
  abstract: "Benchmark the bill run on a generated month.",
  discussion: """
    Generates a month with `gen` (or reuses the one in DIR made with the same
    settings), loads the tariffs and subscribers once, then runs the bill run
    in-process R times with 1 job and with every core, outputs written, and
    prints for each the best and median time, records per second and
    megabytes per second, and the peak memory of the process (getrusage).
    Peak memory covers the whole process: generating a data set (streamed) and
    every run. For memory alone, bench a data set already generated.
    """,
  options: [
    Option(name: "--records", value: "M", help: "CDR records (default: 10000000)"),
    Option(name: "--subscribers", value: "N", help: "subscribers (default: 200000)"),
    Option(name: "--runs", value: "R", help: "runs per number of jobs (default: 3)"),
    Option(name: "--jobs", value: "N", help: "measure only N jobs (default: 1 and every core)"),
    Option(name: "--data", value: "DIR", help: "where the data set is kept (default: .build/bench/N-M-MONTH-S)"),
    Option(name: "--month", value: "YYYY-MM", help: "the month (default: 2004-10)"),
    Option(name: "--seed", value: "S", help: "random seed (default: 2004)"),
    .tariffs,
  ],
  run: { args in
    let records = try args.positiveInt("--records") ?? 10_000_000
    let subscribers = try args.positiveInt("--subscribers") ?? 200_000
    let month = try args.month("--month") ?? Month(year: 2004, month: 10)!
    let seed = try args.positiveInt("--seed") ?? 2004
    let data = args["--data"] ?? ".build/bench/\(subscribers)-\(records)-\(month)-\(seed)"
    let cores = BillRunOptions.defaultJobs
    let jobs = try args.positiveInt("--jobs").map { [$0] } ?? (cores > 1 ? [1, cores] : [1])
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    let benchmark = Benchmark(subscribers: subscribers, records: records, month: month, seed: UInt64(seed),
                              runs: try args.positiveInt("--runs") ?? 3, dataFolder: data)
    print("tariffcalc bench: \(records) records, \(subscribers) subscribers, \(month), \(cores) cores; data in \(data)")
    let report = try benchmark.run(catalog: catalog, jobs: jobs) { line in print("  \(line)") }
    if report.generated { print("  (data set generated for this benchmark)") }
    print(report.text, terminator: "")
    return .success
  })
