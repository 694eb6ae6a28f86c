import Foundation
import TariffCalcKit

let shardCommand = Command(
  name: "shard",
  abstract: "Bill a month in shards by subscriber, for several machines (R26).",
  discussion: """
    The steps of a sharded run, each a process of its own for a batch
    scheduler (scripts/slurm/bill-month, scripts/parallel/bill-month; see
    docs/scale-out.md). Each reads the plan in the --work folder and writes
    its files there whole, then its manifest; a step run again, after it
    finished or after it was killed, gives the same files.
      plan          the month, the inputs (sizes, CRC-32), the copies among
                    them (R24 a) and N shards of equal subscriber counts
      partition I   CDR input I read once, cut into one part per shard
      ids K         the record ids of hash K matched across shards (R24 b)
      bill J        shard J billed: its bills, its rejects with their places
      merge         the shards checked against the plan and merged into
                    bills.jsonl, rejects.csv and summary.json in --out, the
                    same bytes as one machine's run; then the mark 'merged'
      status        the steps left to run, one line each

    Exit codes: 0 done; 2 bad input, or a step run before the steps it
    needs (merge names the shards that have not finished); 64 bad usage.
    """,
  arguments: [
    Positional(name: "STEP", help: "plan, partition, ids, bill, merge or status"),
    Positional(name: "INDEX", help: "the input (partition), hash (ids) or shard (bill), from 0", optional: true),
    .cdrFiles,
  ],
  options: [
    Option(name: "--work", value: "DIR", help: "the sharded run's folder (made by plan)", required: true),
    Option(name: "--shards", value: "N", help: "shards to cut the month into (plan; default: 2)"),
    Option(name: "--month", value: "YYYY-MM", help: "the billing month (plan; default: the month of the records)"),
    Option(name: "--as-of", value: "YYYY-MM-DD", help: "bill up to this day (plan; R23)"),
    Option(name: "--jobs", value: "N", help: "workers of each shard's bill (plan, bill; default: the cores)"),
    .tariffs, .subscribers,
    Option(name: "--out", value: "DIR", help: "where merge writes the three files (default: out); status says merged only when merged there"),
  ],
  forms: [
    "plan --work [--shards] [--month] [--as-of] [--jobs] [--tariffs] [--subscribers] [CDR_FILE…]",
    "partition INDEX --work", "ids INDEX --work", "bill INDEX --work [--jobs]", "merge --work [--out]", "status --work [--out]",
  ],
  run: { args in
    let work = ShardWork(args["--work"]!)
    var words = args.positionals
    guard !words.isEmpty else { throw UsageError(message: "missing expected argument 'STEP'") }
    let step = words.removeFirst()
    func index() throws -> Int {
      guard let word = words.first else { throw UsageError(message: "missing expected argument 'INDEX' of \(step)") }
      guard let n = Int(word), n >= 0 else { throw UsageError(message: "invalid value '\(word)' for INDEX: a number from 0") }
      guard words.count == 1 else { throw UsageError(message: "unexpected argument '\(words[1])'") }
      return n
    }
    func noMore() throws {
      if let extra = words.first { throw UsageError(message: "unexpected argument '\(extra)'") }
    }
    let stepOptions: [String: [String]] = [
      "plan": ["--shards", "--month", "--as-of", "--jobs", "--tariffs", "--subscribers"], "partition": [], "ids": [],
      "bill": ["--jobs"], "merge": ["--out"], "status": ["--out"],
    ]
    guard let allowed = stepOptions[step] else {
      throw UsageError(message: "unknown step '\(step)'" + Suggestion.didYouMean(step, among: Array(stepOptions.keys).sorted())
        + ": plan, partition, ids, bill, merge or status")
    }
    for name in ["--shards", "--month", "--as-of", "--jobs", "--tariffs", "--subscribers", "--out"]
    where args[name] != nil && !allowed.contains(name) {
      throw UsageError(message: "option '\(name)' is not one of shard \(step)'s", option: name)
    }
    switch step {
    case "plan":
      let shards = try args.positiveInt("--shards") ?? 2
      let jobs = try args.positiveInt("--jobs") ?? BillRunOptions.defaultJobs
      var planned = args
      planned.keepPositionals(words)
      let setup = try RunSetup(planned)
      let plan = try work.write(ShardPlan.make(setup, shards: shards, jobs: jobs, tariffs: args.tariffs, subscribers: args.subscribers))
      print("planned \(setup.month)\(plan.asOf.map { " as of \($0)" } ?? ""): \(plan.inputs.count) CDR inputs, "
        + "\(plan.firsts.last ?? 0) subscribers in \(plan.shards) shards; plan \(plan.id) in \(work.planPath)")
    case "partition":
      let m = try ShardPartition.run(work: work, input: try index())
      print("input \(m.input): \(m.lines) lines into \(m.parts.count) parts")
    case "ids":
      let m = try ShardRecordIDs.run(work: work, hash: try index())
      print("hash \(m.hash): \(m.ids) record ids, \(m.copies.reduce(0) { $0 + $1.size / 32 }) copies")
    case "bill":
      let m = try ShardBill.run(work: work, shard: try index(), jobs: try args.positiveInt("--jobs"))
      print("shard \(m.shard): \(m.billed) bills, \(m.rejected.reduce(0, +)) rejects")
    case "merge":
      try noMore()
      let folder = args["--out"] ?? "out"
      let summary = try ShardMerge.run(work: work, into: folder)
      print(BillRunReport.heading(month: summary.month, asOf: summary.asOf, folder: folder, command: "tariffcalc shard merge") + BillRunReport.body(summary),
            terminator: "")
      let problems = BillRunReport.problems(summary)
      if !problems.isEmpty { writeError(problems) }
      return summary.files.contains { $0.refused != nil } ? .badInput : .success
    default:
      try noMore()
      let s = try work.status(out: args["--out"])
      func line(_ name: String, _ left: [Int]) -> String { "\(name):" + left.map { " \($0)" }.joined() }
      print([line("partition", s.partition), line("ids", s.ids), line("bill", s.bill), "merged: \(s.merged ? "yes" : "no")"]
        .joined(separator: "\n"))
    }
    return .success
  })
