import Foundation
import Testing

/// Replays the console sessions of README.md, so that the README cannot drift from the program.
///
/// Every ```` ```console ```` block of the README is a session: its `$ ` lines are commands, and the lines
/// after each one, up to the next `$ ` line or the end of the block, are what a terminal shows for it
/// (standard output and standard error interleaved). A command ending in `\` goes on to the next line.
///
/// The blocks are replayed in README order, each by one `bash`, all in one working folder: a fresh
/// temporary copy of the repo's `Tariffs/` and `SampleCDRs/` (under ``TestSupport/temporaryFolder(_:)``,
/// removed at exit; the repo is never written). So `cd`, variables and files carry on within a block,
/// and files carry on to the later blocks, as for a reader who types the sessions one after the other.
/// The built binary's folder is first on `PATH`, so `tariffcalc …` is the binary under test.
///
/// A block that cannot run in a test (a generated month of millions of records, `bench`, `/usr/bin/time`,
/// valgrind, files under /data or /tmp/big*) has, as the nearest line above its opening fence, a marker
/// the README author writes: `<!-- not replayed: REASON -->`. The test prints each skipped block and its
/// reason. A block with no command to replay and no marker fails the test, and so does a marker that is
/// not followed by a console block.
///
/// What changes from run to run or machine to machine is normalised, in both the README's lines and the
/// program's, by ``ReadmeSessions/normalise(_:)`` — see there; everything else must be equal.
@Suite struct ReadmeTests {
  @Test func consoleSessionsPrintWhatTheReadmeShows() throws {
    let readme = try String(contentsOfFile: TestSupport.packageRoot + "/README.md", encoding: .utf8)
    let blocks = try ReadmeSessions.blocks(of: readme)
    #expect(!blocks.isEmpty, "README.md has no console block")

    let folder = TestSupport.sandbox()
    let binaryFolder = (Binary.path as NSString).deletingLastPathComponent
    var replayed = 0
    var skipped: [String] = []
    for block in blocks {
      if let reason = block.skipReason {
        skipped.append("README.md:\(block.line): not replayed (\(reason)): $ \(block.commands.first?.text ?? "")")
        continue
      }
      // Never outside the working folder: a block naming /tmp or /data must carry a marker instead.
      if let outside = block.commands.first(where: { ReadmeSessions.namesOutsideFolder($0.text) }) {
        Issue.record("""
          README.md:\(outside.line): `$ \(outside.text)` names a path under /tmp or /data: not replayed; \
          write `\(ReadmeSessions.markerPrefix) REASON -->` just above the block at README.md:\(block.line)
          """)
        continue
      }
      replayed += 1
      let outputs = try ReadmeSessions.replay(block, in: folder, binaryFolder: binaryFolder)
      guard outputs.count == block.commands.count else {
        Issue.record("""
          README.md:\(block.line): the block starting `$ \(block.commands[0].text)` did not run to its end: \
          \(outputs.count) of \(block.commands.count) commands printed their marker
          """)
        continue
      }
      for (command, actual) in zip(block.commands, outputs) {
        let expected = command.output.map(ReadmeSessions.normalise)
        let got = actual.map(ReadmeSessions.normalise)
        if expected != got {
          Issue.record("\(ReadmeSessions.report(block: block, command: command, expected: command.output, actual: actual))")
        }
      }
    }
    print("README sessions: \(replayed) replayed, \(skipped.count) not replayed")
    for line in skipped { print("  " + line) }
  }
}

enum ReadmeSessions {
  struct Command {
    /// The command as bash gets it (continuation lines joined with their `\` and newline).
    var text: String
    /// README line of the `$ ` line.
    var line: Int
    /// The lines shown after it.
    var output: [String]
  }

  struct Block {
    /// README line of the opening fence.
    var line: Int
    var commands: [Command]
    /// The reason given by a `<!-- not replayed: REASON -->` marker just above the fence.
    var skipReason: String?
  }

  struct ParseError: Error, CustomStringConvertible {
    var description: String
  }

  static let markerPrefix = "<!-- not replayed:"

  /// The console blocks of `readme`, in order. Throws on a block that has no commands and no marker, on a
  /// marker that is not followed by a console block, and on a block left open.
  static func blocks(of readme: String) throws -> [Block] {
    let lines = readme.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var blocks: [Block] = []
    var pendingMarker: (reason: String, line: Int)?
    var i = 0
    while i < lines.count {
      let trimmed = lines[i].trimmingCharacters(in: .whitespaces)
      if trimmed.hasPrefix(markerPrefix) {
        if let pending = pendingMarker {
          throw ParseError(description: "README.md:\(pending.line): a 'not replayed' marker with no console block after it")
        }
        guard trimmed.hasSuffix("-->") else {
          throw ParseError(description: "README.md:\(i + 1): a 'not replayed' marker must be one line ending in -->")
        }
        let reason = trimmed.dropFirst(markerPrefix.count).dropLast(3).trimmingCharacters(in: .whitespaces)
        pendingMarker = (reason.isEmpty ? "no reason given" : reason, i + 1)
        i += 1
        continue
      }
      if trimmed.hasPrefix("```") {
        let indent = lines[i].prefix { $0 == " " }.count
        let fenceLine = i + 1
        let isConsole = trimmed == "```console"
        // Find the closing fence at the same indentation.
        var j = i + 1
        while j < lines.count, lines[j].trimmingCharacters(in: .whitespaces) != "```" { j += 1 }
        guard j < lines.count else { throw ParseError(description: "README.md:\(fenceLine): a code block is never closed") }
        if isConsole {
          let body = lines[(i + 1)..<j].map { line -> String in
            let spaces = line.prefix { $0 == " " }.count
            return String(line.dropFirst(min(spaces, indent)))
          }
          let commands = parseCommands(body, firstLine: fenceLine + 1)
          if commands.isEmpty && pendingMarker == nil {
            throw ParseError(description: "README.md:\(fenceLine): a console block with no `$ ` command and no 'not replayed' marker")
          }
          blocks.append(Block(line: fenceLine, commands: commands, skipReason: pendingMarker?.reason))
        } else if let pending = pendingMarker {
          throw ParseError(description: "README.md:\(pending.line): a 'not replayed' marker above a block that is not ```console")
        }
        pendingMarker = nil
        i = j + 1
        continue
      }
      if !trimmed.isEmpty, let pending = pendingMarker {
        throw ParseError(description: "README.md:\(pending.line): a 'not replayed' marker not just above a console block")
      }
      i += 1
    }
    if let pending = pendingMarker {
      throw ParseError(description: "README.md:\(pending.line): a 'not replayed' marker with no console block after it")
    }
    return blocks
  }

  static func parseCommands(_ body: [String], firstLine: Int) -> [Command] {
    var commands: [Command] = []
    var k = 0
    while k < body.count {
      let line = body[k]
      if line.hasPrefix("$ ") {
        var text = String(line.dropFirst(2))
        let start = firstLine + k
        while text.hasSuffix("\\"), k + 1 < body.count {
          k += 1
          text += "\n" + body[k]
        }
        commands.append(Command(text: text, line: start, output: []))
      } else if !commands.isEmpty {
        commands[commands.count - 1].output.append(line)
      }
      k += 1
    }
    return commands
  }

  /// Runs the block's commands in one `bash` in `folder`, standard output and standard error into one
  /// file as on a terminal; returns the lines each command printed. A marker line printed before each
  /// command (keeping `$?` of the one before) separates them.
  static func replay(_ block: Block, in folder: String, binaryFolder: String) throws -> [[String]] {
    let tag = "@@readme-\(UUID().uuidString)@@"
    var script = "cd \(shellQuoted(folder)) || exit 99\n"
    for (n, command) in block.commands.enumerated() {
      script += "__readme_rc=$?; printf '%s\\n' '\(tag)\(n)'; (exit $__readme_rc)\n"
      script += command.text + "\n"
    }
    let base = TestSupport.temporaryRoot + "/readme-\(UUID().uuidString)"
    try Data(script.utf8).write(to: URL(fileURLWithPath: base + ".sh"))
    _ = FileManager.default.createFile(atPath: base + ".out", contents: nil)
    defer {
      try? FileManager.default.removeItem(atPath: base + ".sh")
      try? FileManager.default.removeItem(atPath: base + ".out")
    }
    let process = Process()
    // `timeout` signals its whole process group, so a stuck command cannot hang the test run.
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["timeout", "-k", "5", "60", "bash", "--noprofile", "--norc", base + ".sh"]
    process.currentDirectoryURL = URL(fileURLWithPath: folder)
    var env = ProcessInfo.processInfo.environment
    for key in env.keys where key.hasPrefix("TARIFFCALC_") { env[key] = nil }
    env["PATH"] = binaryFolder + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["LC_ALL"] = "C.UTF-8"
    process.environment = env
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: base + ".out"))
    process.standardOutput = out
    process.standardError = out
    process.standardInput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try out.close()
    let text = String(decoding: FileManager.default.contents(atPath: base + ".out") ?? Data(), as: UTF8.self)
    var outputs: [[String]] = []
    var rest = Substring(text)
    for n in 0..<block.commands.count {
      let marker = "\(tag)\(n)\n"
      guard let range = rest.range(of: marker) else { break }
      if n > 0 { outputs.append(lines(of: rest[..<range.lowerBound])) }
      rest = rest[range.upperBound...]
      if n == block.commands.count - 1 { outputs.append(lines(of: rest)) }
    }
    return outputs
  }

  static func lines(of text: Substring) -> [String] {
    var parts = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if parts.last == "" { parts.removeLast() }
    return parts
  }

  /// Whether a command names a path under /tmp or /data, outside the working folder.
  static func namesOutsideFolder(_ command: String) -> Bool {
    command.range(of: #"(^|[\s='"])/(tmp|data)\b"#, options: .regularExpression) != nil
  }

  static func shellQuoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

  /// What differs from run to run or machine to machine, replaced by a fixed token in the README's lines
  /// and the program's alike. Only these shapes, nothing else:
  /// - a duration with three decimals and its spaces before: `   0.092 s` → ` #.### s` (so a slower
  ///   machine's wider figure cannot shift what follows);
  /// - a rate: `5,202,667 records/s` → `# records/s`, and the number of jobs after it, which is the core
  ///   count by default: `records/s, 2 jobs` → `records/s, # jobs`; `238 MB/s` → `# MB/s`;
  /// - a row of the `bench` table (jobs, best, median, records/s, MB/s) → `# # # # #`;
  /// - peak memory: `peak memory (getrusage): 232 MB` and `Maximum resident set size (kbytes): 217264` → `#`;
  /// - a shard plan's id, `; plan 4d67ea80 in ` → `; plan # in ` (a CRC-32 over its inputs' times too);
  /// - today's date, `YYYY-MM-DD` → `<today>`.
  static func normalise(_ line: String) -> String {
    var s = line
    for (pattern, template) in rules {
      s = pattern.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
    return s.replacingOccurrences(of: today, with: "<today>")
  }

  static let rules: [(NSRegularExpression, String)] = [
    (#"^\s+\d+\s+\d+\.\d{3}\s+\d+\.\d{3}\s+[\d,]+\s+\d+$"#, "# # # # #"),
    (#" +\d+\.\d{3} s\b"#, " #.### s"),
    (#"\b\d[\d,]* records/s"#, "# records/s"),
    (#"(records/s, )\d+ (jobs?)\b"#, "$1# $2"),
    (#"\b[\d,.]+ MB/s\b"#, "# MB/s"),
    (#"(peak memory \(getrusage\): )[\d,.]+ MB"#, "$1# MB"),
    (#"(Maximum resident set size \(kbytes\): )\d+"#, "$1#"),
    (#"(; plan )[0-9a-f]{8}( in )"#, "$1#$2"),  // a shard plan's CRC-32 covers its inputs' times
  ].map { (try! NSRegularExpression(pattern: $0.0), $0.1) }

  static let today: String = {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
  }()

  /// The mismatch of one command: where it is, then the README's lines against the program's, each
  /// differing line marked, as printed (before normalisation).
  static func report(block: Block, command: Command, expected: [String], actual: [String]) -> String {
    var text = """
      README.md:\(command.line): the output of `$ \(command.text)` differs from the README
        (block at README.md:\(block.line), starting `$ \(block.commands[0].text)`)
        '-' README, '+' program, ' ' equal after normalising timings

      """
    let e = expected.map(normalise), a = actual.map(normalise)
    // A plain longest common subsequence, to show lines missing or added rather than every line shifted.
    var table = Array(repeating: Array(repeating: 0, count: a.count + 1), count: e.count + 1)
    for i in stride(from: e.count - 1, through: 0, by: -1) {
      for j in stride(from: a.count - 1, through: 0, by: -1) {
        table[i][j] = e[i] == a[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
      }
    }
    var i = 0, j = 0, shown = 0
    while (i < e.count || j < a.count) && shown < 60 {
      if i < e.count, j < a.count, e[i] == a[j] {
        text += "    " + expected[i] + "\n"; i += 1; j += 1
      } else if j < a.count, i == e.count || table[i][j + 1] >= table[i + 1][j] {
        text += "  + " + actual[j] + "\n"; j += 1
      } else {
        text += "  - " + expected[i] + "\n"; i += 1
      }
      shown += 1
    }
    if i < e.count || j < a.count { text += "  … (\(e.count - i) README and \(a.count - j) program lines more)\n" }
    return text
  }
}
