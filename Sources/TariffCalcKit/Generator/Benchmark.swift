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
    /// Seconds of each run (rating and writing the outputs; tariffs and subscribers loaded once before).
    public var seconds: [Double]
    public var records: Int
    public var bytes: Int

    public var best: Double { seconds.min() ?? 0 }
    public var median: Double { seconds.sorted()[seconds.count / 2] }
    public var recordsPerSecond: Double { Double(records) / max(best, 1e-9) }
    public var bytesPerSecond: Double { Double(bytes) / max(best, 1e-9) }
  }

  public struct Report: Sendable {
    public var dataFolder: String
    public var generated: Bool
    public var loadSeconds: Double
    public var measures: [Measure]
    /// Peak resident memory of the process, from getrusage (kilobytes).
    public var peakKilobytes: Int
  }

  /// The data set: reused when its recipe matches, generated otherwise.
  public func prepare(catalog: TariffCatalog) throws -> (files: [String], generated: Bool) {
    let recipe = "subscribers \(subscribers)\nrecords \(records)\nmonth \(month)\nseed \(seed)\n"
    let recipePath = "\(dataFolder)/recipe.txt"
    let files = (1...4).map { "\(dataFolder)/cdr-\(month)-\($0).csv" }
    if (try? String(contentsOfFile: recipePath, encoding: .utf8)) == recipe,
      files.allSatisfy({ FileManager.default.fileExists(atPath: $0) })
    {
      return (files, false)
    }
    try? FileManager.default.removeItem(atPath: dataFolder)
    let generator = DataGenerator(subscribers: subscribers, records: records, month: month, seed: seed, files: 4)
    let written = try generator.write(to: dataFolder, catalog: catalog)
    try recipe.write(toFile: recipePath, atomically: true, encoding: .utf8)
    return (written, true)
  }

  /// Runs the bill run `runs` times for each number of jobs, outputs written to a scratch folder.
  public func run(catalog: TariffCatalog, jobs: [Int], progress: (String) -> Void) throws -> Report {
    let (files, generated) = try prepare(catalog: catalog)
    let loading = DispatchTime.now()
    let book = try SubscriberBook.load(file: "\(dataFolder)/subscribers.csv", catalog: catalog)
    let loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - loading.uptimeNanoseconds) / 1e9
    let bytes = files.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
    let out = "\(dataFolder)/out"
    var measures: [Measure] = []
    for j in jobs {
      var seconds: [Double] = []
      var read = 0
      for r in 1...runs {
        let options = BillRunOptions(month: month, cdrFiles: files, jobs: j)
        let summary = try BillRun.run(options, catalog: catalog, book: book, outputFolder: out)
        seconds.append(summary.elapsedSeconds)
        read = summary.recordsRead
        progress("jobs \(j), run \(r): \(String(format3: summary.elapsedSeconds)) s")
      }
      measures.append(Measure(jobs: j, seconds: seconds, records: read, bytes: bytes))
    }
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Report(dataFolder: dataFolder, generated: generated, loadSeconds: loadSeconds, measures: measures,
                  peakKilobytes: Int(usage.ru_maxrss))
  }
}

extension Benchmark.Report {
  /// The table `tariffcalc bench` prints.
  public var text: String {
    var rows: [[String]] = [["jobs", "best (s)", "median (s)", "records/s", "MB/s"]]
    for m in measures {
      rows.append(["\(m.jobs)", String(format3: m.best), String(format3: m.median),
                   BillRunReport.group(Int(m.recordsPerSecond)), BillRunReport.group(Int(m.bytesPerSecond / 1e6))])
    }
    var out = TextLayout.table(rows, rightAligned: [0, 1, 2, 3, 4], indent: "  ") + "\n"
    out += "  loading the subscribers once: \(String(format3: loadSeconds)) s (not in the runs)\n"
    out += "  peak memory (getrusage): \(peakKilobytes / 1024) MB\n"
    return out
  }
}
