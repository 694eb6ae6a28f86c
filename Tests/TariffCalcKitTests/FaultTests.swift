import Foundation
import Testing
@testable import TariffCalcKit

/// Write errors: reported clearly, exit 2, and the previous outputs stay as they were.
@Suite struct WriteErrorTests {
  /// Whether this machine lets a process mount a small tmpfs in a user namespace of its own.
  static let canMountTmpfs: Bool = {
    let r = try? Shell.run("unshare --user --map-root-user --mount sh -c 'mount -t tmpfs -o size=16k none /tmp && echo ok'")
    return r?.stdout == "ok\n"
  }()
  static let isRoot = getuid() == 0
  static let hasSetpriv = FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

  @Test func outputFolderThatIsAFile() throws {
    let dir = TestSupport.sandbox()
    TestSupport.write("not a folder\n", to: dir + "/taken")
    let r = try Binary.run(["bill", "--out", "taken/out"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr == "taken/out: error: cannot create the output folder: Not a directory\n")
  }

  /// A folder the run may not write in (run as `nobody` against a folder of root's, mode 755).
  @Test(.enabled(if: isRoot && hasSetpriv, "needs root to run as nobody"))
  func outputFolderNotWritable() throws {
    let dir = TestSupport.sandbox()
    try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: true)
    chmod(dir + "/locked", 0o755)
    for path in [dir, dir + "/Tariffs", dir + "/SampleCDRs"] { chmod(path, 0o755) }
    let r = try Shell.run("cd '\(dir)' && setpriv --reuid=65534 --regid=65534 --clear-groups '\(Binary.path)' bill --out locked")
    #expect(r.exitCode == 2)
    #expect(r.stderr == "locked/rejects.csv: error: cannot write: Permission denied\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir + "/locked").isEmpty)
  }

  /// A full disk (a 32 KiB tmpfs): the second run cannot write, says why, and leaves the first run's
  /// outputs byte for byte, with no temporary file behind.
  @Test(.enabled(if: canMountTmpfs, "needs unprivileged user namespaces to mount a tmpfs"))
  func diskFullKeepsThePreviousOutputs() throws {
    let dir = TestSupport.sandbox()
    let save = TestSupport.temporaryFolder("diskfull")
    let script = """
      mount -t tmpfs -o size=32k none /mnt && cd '\(dir)' &&
      '\(Binary.path)' bill --out /mnt/out > /dev/null && cp -r /mnt/out '\(save)/before' &&
      '\(Binary.path)' bill --as-of 2004-10-15 --out /mnt/out > /dev/null 2> '\(save)/stderr'
      echo $? > '\(save)/exit'; cp -r /mnt/out '\(save)/after'
      """
    TestSupport.write(script + "\n", to: save + "/script.sh")
    _ = try Shell.run("unshare --user --map-root-user --mount sh '\(save)/script.sh'")
    #expect(try String(contentsOfFile: save + "/exit", encoding: .utf8) == "2\n")
    let stderr = try String(contentsOfFile: save + "/stderr", encoding: .utf8)
    #expect(stderr.hasPrefix("/mnt/out/") && stderr.hasSuffix(": error: cannot write: No space left on device\n"))
    let names = try FileManager.default.contentsOfDirectory(atPath: save + "/after").sorted()
    #expect(names == [".tariffcalc-output", "bills.jsonl", "rejects.csv", "summary.json"])
    for name in names {
      #expect(FileManager.default.contents(atPath: "\(save)/after/\(name)") == FileManager.default.contents(atPath: "\(save)/before/\(name)"))
    }
  }
}

/// Runs a shell command line.
enum Shell {
  static func run(_ command: String) throws -> Binary.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", command]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Binary.Result(exitCode: process.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                         stderr: String(decoding: e, as: UTF8.self))
  }
}

/// A run killed with SIGKILL at any moment leaves each output either as the previous run wrote it or
/// as the new run writes it in full — never a part of a file.
@Suite struct KillTests {
  @Test func killedRunsLeaveCompleteOutputs() throws {
    let data = TestSupport.temporaryFolder("kill")
    let files = try DataGenerator(subscribers: 2_000, records: 300_000, month: Month(year: 2004, month: 10)!, seed: 11)
      .write(to: data, catalog: TestSupport.catalog)
    let common = ["bill", "--tariffs", TestSupport.tariffs, "--subscribers", data + "/subscribers.csv", "--jobs", "2"]
    let names = ["bills.jsonl", "rejects.csv", "summary.json"]
    // summary.json is compared without its timings, which differ from run to run.
    func contents(_ folder: String) -> [Data?] {
      names.map { name in
        guard let data = FileManager.default.contents(atPath: "\(folder)/\(name)") else { return nil }
        guard name == "summary.json" else { return data }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        return Data(lines.filter { !$0.contains("elapsed_s") && !$0.contains("phases_s") }.joined(separator: "\n").utf8)
      }
    }

    // The previous outputs (A) and what the new run writes when it completes (B).
    let out = data + "/out"
    #expect(try Binary.run(common + ["--month", "2004-10", "--out", out] + files).exitCode == 0)
    let previous = contents(out)
    let fresh = data + "/fresh"
    let started = Date()
    #expect(try Binary.run(common + ["--as-of", "2004-10-20", "--out", fresh] + files).exitCode == 0)
    let runTime = Date().timeIntervalSince(started)
    let new = contents(fresh)
    #expect(previous[0] != new[0])

    // Kill the new run at moments spread over its length (and one after its end).
    var outcomes: [String] = []
    for fraction in [0.05, 0.2, 0.4, 0.6, 0.8, 0.95, 1.5] {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: Binary.path)
      process.arguments = common + ["--as-of", "2004-10-20", "--out", out] + files
      process.currentDirectoryURL = URL(fileURLWithPath: TestSupport.packageRoot)
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(useconds_t(runTime * fraction * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      let now = contents(out)
      for (i, name) in names.enumerated() {
        #expect(now[i] == previous[i] || now[i] == new[i], "\(name) is neither complete version after a kill at \(fraction)")
        outcomes.append(now[i] == new[i] ? "new" : "old")
      }
    }
    // The next run clears what killed runs left behind (hidden temporary files) and completes.
    #expect(try Binary.run(common + ["--as-of", "2004-10-20", "--out", out] + files).exitCode == 0)
    #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [".tariffcalc-output"] + names)
    #expect(contents(out) == new)
    // Some kills came before the new outputs were in place, some after (the last is after the end).
    #expect(outcomes.first == "old")
    #expect(outcomes.last == "new")
  }
}
