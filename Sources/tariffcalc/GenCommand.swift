import TariffCalcKit

let genCommand = Command(
  name: "gen",
  abstract: "Generate a synthetic month: subscribers and CDR files.",
  discussion: """
    Writes DIR/subscribers.csv (N subscribers over the plans on sale) and K CDR
    files DIR/cdr-YYYY-MM-1.csv … holding M records in all: voice and SMS, MO
    and MT, on-net and off-net peers, local, long-distance and IP calls,
    roaming in and out of windows, cells in the zones, and a small share of
    bad records. The same seed gives the same bytes.
    """,
  options: [
    Option(name: "--subscribers", value: "N", help: "subscribers (default: 200000)"),
    Option(name: "--records", value: "M", help: "CDR records (default: 10000000)"),
    Option(name: "--month", value: "YYYY-MM", help: "the month (default: 2004-10)"),
    Option(name: "--out", value: "DIR", help: "output folder, made by gen", required: true),
    Option(name: "--seed", value: "S", help: "random seed (default: 2004)"),
    Option(name: "--files", value: "K", help: "CDR files (default: 4)"),
    .tariffs,
  ],
  run: { args in
    let out = args["--out"]!  // required: the parser refused a run without it
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
