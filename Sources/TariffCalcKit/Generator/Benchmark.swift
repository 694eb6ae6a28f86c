import Dispatch
import Foundation

/// The benchmark of the bill run: a generated month, billed in-process several times.
public struct Benchmark: Sendable {
  public var subscribers: Int
  public var records: Int
  public var month: Month
  public var seed: UInt64
  public var runs: Int
  /// Where the data set is kept between benchmarks.
  public var dataFolder: String

  public init(subscribers: Int, records: Int, month: Month, seed: UInt64 = 2004, runs: Int = 3, dataFolder: String) {
    self.subscribers = subscribers
    self.records = records
    self.month = month
    self.seed = seed
    self.runs = max(1, runs)
    self.dataFolder = dataFolder
  }

  /// One measured configuration: the runs of one number of jobs.
  public struct Measure: Sendable {
    public var jobs: Int
    /// Each run (rating and writing the outputs; tariffs and subscribers loaded once before).
    public var times: [Duration]
    public var records: Int
    public var bytes: Int
    /// The duplicate index of the last run (R24): bytes and fingerprints.
    public var duplicateIndex: (bytes: Int, records: Int) = (0, 0)

    public var best: Duration { times.min() ?? .zero }
    public var median: Duration { times.sorted()[times.count / 2] }
    public var recordsPerSecond: Int { best.rate(records) }
    public var bytesPerSecond: Int { best.rate(bytes) }
  }

  public struct Report: Sendable {
    public var dataFolder: String
    public var generated: Bool
    public var loadTime: Duration
    public var measures: [Measure]
    /// Peak resident memory of the process, from getrusage (kilobytes).
    public var peakKilobytes: Int
  }

  /// The data set: reused when its recipe matches, generated otherwise.
  public func prepare(catalog: TariffCatalog) throws -> (files: [String], generated: Bool) {
    let recipe = "subscribers \(subscribers)\nrecords \(records)\nmonth \(month)\nseed \(seed)\n"
    let recipePath = "\(dataFolder)/recipe.txt"
    let files = (1...4).map { "\(dataFolder)/cdr-\(month)-\($0).csv" }
    if Inputs.text(of: recipePath) == recipe,
      OwnedFolder.isDataSet(dataFolder, holding: ["recipe.txt"]),
      files.allSatisfy({ FileManager.default.fileExists(atPath: $0) })
    {
      return (files, false)
    }
    // A folder of someone else's is refused by the generator, untouched; a data set of ours is rewritten.
    let generator = DataGenerator(subscribers: subscribers, records: records, month: month, seed: seed, files: 4)
    let written = try generator.write(to: dataFolder, catalog: catalog, alsoListing: ["recipe.txt"])
    try recipe.write(toFile: recipePath, atomically: true, encoding: .utf8)
    return (written, true)
  }

  /// Runs the bill run `runs` times for each number of jobs, outputs written to a scratch folder.
  public func run(catalog: TariffCatalog, jobs: [Int], progress: (String) -> Void) throws -> Report {
    let (files, generated) = try prepare(catalog: catalog)
    let clock = ContinuousClock()
    let loading = clock.now
    let book = try SubscriberBook.load(file: "\(dataFolder)/subscribers.csv", catalog: catalog)
    let loadTime = clock.now - loading
    let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    let out = "\(dataFolder)/out"
    var measures: [Measure] = []
    for j in jobs {
      var times: [Duration] = []
      var read = 0
      var index = (bytes: 0, records: 0)
      for r in 1...runs {
        let options = BillRunOptions(month: month, cdrFiles: files, jobs: j)
        let summary = try BillRun.run(options, catalog: catalog, book: book, outputFolder: out)
        times.append(summary.elapsed)
        read = summary.recordsRead
        index = summary.duplicateIndex
        progress("jobs \(j), run \(r): \(String(seconds: summary.elapsed)) s")
      }
      measures.append(Measure(jobs: j, times: times, records: read, bytes: bytes, duplicateIndex: index))
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Report(dataFolder: dataFolder, generated: generated, loadTime: loadTime, measures: measures,
                  peakKilobytes: Int(usage.ru_maxrss))
  }
}

extension Benchmark.Report {
  /// The table `tariffcalc bench` prints.
  public var text: String {
    var rows: [[String]] = [["jobs", "best (s)", "median (s)", "records/s", "MB/s"]]
    for m in measures {
      rows.append(["\(m.jobs)", String(seconds: m.best), String(seconds: m.median),
                   BillRunReport.group(m.recordsPerSecond), BillRunReport.group(m.bytesPerSecond / 1_000_000)])
    }
    var out = TextLayout.table(rows, rightAligned: [0, 1, 2, 3, 4], indent: "  ") + "\n"
    out += "  loading the subscribers once: \(String(seconds: loadTime)) s (not in the runs)\n"
    out += "  peak memory (getrusage): \(peakKilobytes / 1024) MB\n"
    if let index = measures.last?.duplicateIndex, index.records > 0 {
      // bytes per fingerprint to a tenth, rounded half up: 10 × bytes / records
      let tenths = (20 * index.bytes / index.records + 1) / 2
      out += "  duplicate index (R24): \(BillRunReport.group(index.records)) fingerprints in \(index.bytes >> 20) MB, "
        + "\(tenths / 10).\(tenths % 10) bytes each\n"
    }
    return out
  }
}
