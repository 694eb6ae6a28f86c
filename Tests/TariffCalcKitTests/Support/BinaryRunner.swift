import Foundation
import Testing

/// Runs the built `tariffcalc` executable, as a user would from a shell.
enum Binary {
  struct Result {
    var exitCode: Int32
    var stdout: String
    var stderr: String
    /// `.exit` when the program ended by itself; `.uncaughtSignal` when a signal ended it (`exitCode` is
    /// then the signal's number).
    var reason: Process.TerminationReason = .exit
    /// The run went past its time limit and was killed.
    var timedOut = false
  }

  /// The executable beside the test bundle (`swift test` builds it), or `$TARIFFCALC_BIN`.
  static let path: String = {
    if let path = ProcessInfo.processInfo.environment["TARIFFCALC_BIN"] { return path }
    return Bundle.main.bundlePath + "/tariffcalc"
  }()

  /// Runs `tariffcalc ARGS…` in `directory` (default: the package root, where the sample lives).
  ///
  /// With a `timeLimit`, a run still going after it is killed (SIGKILL) and comes back `timedOut`.
  ///
  /// The program gets an empty `TMPDIR` of its own (unless `environment` sets one): a run that ends by
  /// itself and leaves anything in it is an issue, naming the command — the program leaves no scratch file.
  static func run(_ arguments: [String], in directory: String = TestSupport.packageRoot,
                  environment: [String: String] = [:], input: [UInt8]? = nil,
                  timeLimit: Duration? = nil,
                  sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    // Files, not pipes: a large output cannot fill a pipe and stall the child.
    let base = TestSupport.temporaryRoot + "/run-\(UUID().uuidString)"
    let programTemporary = base + ".tmp"
    try FileManager.default.createDirectory(atPath: programTemporary, withIntermediateDirectories: false)
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    _ = FileManager.default.createFile(atPath: base + ".err", contents: nil)
    defer {
      try? FileManager.default.removeItem(atPath: base + ".out")
      try? FileManager.default.removeItem(atPath: base + ".err")
      try? FileManager.default.removeItem(atPath: base + ".in")
      try? FileManager.default.removeItem(atPath: programTemporary)
    }
    var env = ProcessInfo.processInfo.environment
    env["TMPDIR"] = programTemporary
    for (k, v) in environment { env[k] = v }
    process.environment = env
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".err"))
    if let input {
      try Data(input).write(to: URL(fileURLWithPath: base + ".in"))
      process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: base + ".in"))
    } else {
      process.standardInput = FileHandle.nullDevice
    }
    var timedOut = false
    if let timeLimit {
      let ended = DispatchSemaphore(value: 0)
      process.terminationHandler = { _ in ended.signal() }
      try process.run()
      let (seconds, attoseconds) = timeLimit.components
      let limit = DispatchTimeInterval.nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
      if ended.wait(timeout: .now() + limit) == .timedOut {
        timedOut = true
        kill(process.processIdentifier, SIGKILL)
      }
    } else {
      try process.run()
    }
    process.waitUntilExit()
    if process.terminationReason == .exit, environment["TMPDIR"] == nil {
      let left = ((try? FileManager.default.subpathsOfDirectory(atPath: programTemporary)) ?? []).sorted()
      if !left.isEmpty {
        Issue.record("tariffcalc \(arguments.joined(separator: " ")) left files in its TMPDIR: \(left.joined(separator: ", "))",
                     sourceLocation: sourceLocation)
      }
    }
    let out = String(decoding: FileManager.default.contents(atPath: base + ".out") ?? Data(), as: UTF8.self)
    let err = String(decoding: FileManager.default.contents(atPath: base + ".err") ?? Data(), as: UTF8.self)
    return Result(exitCode: process.terminationStatus, stdout: out, stderr: err, reason: process.terminationReason,
                  timedOut: timedOut)
  }
}
