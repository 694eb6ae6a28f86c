import TariffCalcKit

let genCommand = Command(
  name: "gen",
  summary: "generate a synthetic month: subscribers and CDR files",
  usage: """
    Usage: tariffcalc gen --subscribers N --records M --month YYYY-MM --out DIR
                          [--seed S] [--files K] [--tariffs DIR]

    Writes DIR/subscribers.csv (N subscribers over the plans on sale) and K CDR
    files DIR/cdr-YYYY-MM-1.csv … holding M records in all: voice and SMS, MO
    and MT, on-net and off-net peers, local, long-distance and IP calls,
    roaming in and out of windows, cells in the zones, and a small share of
    bad records. The same seed gives the same bytes.

    Options:
      --subscribers N   subscribers (default: 200000)
      --records M       CDR records (default: 10000000)
      --month YYYY-MM   the month (default: 2004-10)
      --out DIR         output folder (required)
      --seed S          random seed (default: 2004)
      --files K         CDR files (default: 4)
    """,
  run: { words in
    let args = try Arguments(words, options: ["--records", "--month", "--out", "--seed", "--files"])
    guard let out = args["--out"] else { throw UsageError(message: "--out DIR is required") }
    let catalog = try TariffCatalog.load(directory: args.tariffs)
    let generator = DataGenerator(
      subscribers: try args.positiveInt("--subscribers") ?? 200_000, records: try args.positiveInt("--records") ?? 10_000_000,
      month: try args.month("--month") ?? Month(year: 2004, month: 10)!,
      seed: UInt64(try args.positiveInt("--seed") ?? 2004), files: try args.positiveInt("--files") ?? 4)
    let clock = ContinuousClock()
    let started = clock.now
    let files = try generator.write(to: out, catalog: catalog)
    print("wrote \(out)/subscribers.csv (\(generator.subscribers) subscribers) and \(files.count) CDR files (\(generator.records) records) in \(String(seconds: clock.now - started)) s")
    return .success
  })
