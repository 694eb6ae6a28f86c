import Foundation
import Testing
@testable import TariffCalcKit

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Seeded, reproducible corruptions of every input besides the CDR files (FuzzTests has those): the
/// subscribers file, each tariff and reference file, and a `bills.jsonl` given to `verify`.
///
/// A variant is accepted or refused, never anything else: a refusal names the corrupted file (or, for
/// tariffs, a file that relies on it) and, for a problem of a line, that line, which really holds the
/// problem said. Through the binary, every run ends by itself within a time limit, with exit 0, 1 or 2
/// (never bad usage, never a signal), the same answer as the library gives in-process, and every line
/// of standard error `FILE:LINE: error: …` or `FILE: error: …`.
///
/// Besides FuzzTests' byte corruptions: lines of 1–6 MB (digits, or a quoted field), with and without a
/// final newline; lines padded to the reader's limit give or take two bytes; CR LF; a byte order mark;
/// NUL; invalid UTF-8; a line doubled or dropped; truncation. Corruptions that keep the file's meaning
/// (CR LF, a BOM at the start, no final newline, a line padded within the limit) must be read as the
/// original is.
@Suite struct InputFuzzTests {
  // MARK: - Corruptions

  enum Corruption: String, Sendable {
    /// FuzzTests' corruptions, one to three of them.
    case bytes
    /// A line of 1–6 MB of digits: a line of its own, inside a line, or last with or without its LF.
    case longDigits
    /// A quoted field of 1–6 MB (`"xxx…"`, some left unterminated), placed the same ways.
    case longQuoted
    /// A line padded to the reader's limit, give or take 2 bytes, the way the file's syntax allows.
    case nearLimit
    /// Every LF, or one, made CR LF.
    case crlf
    /// A byte order mark at the start, twice, or at the start of another line.
    case bom
    case nul
    /// A byte that starts no character, a cut or overlong sequence, a surrogate, a scalar past U+10FFFF.
    case invalidUTF8
    case lineDoubled
    case lineDropped
    /// A line of about 256 fields (the splitter's most), a line of thousands of words, a bill with an extra
    /// field nested about 64 deep (the JSON reader's most) or 400,000 deep (within the line limit).
    case manyParts
    /// Cut at any byte (sometimes at 0: an empty file).
    case truncated
    case noFinalNewline
    /// Two to four of the small ones, and sometimes a long line after them.
    case several
  }

  /// The corruption of variant `v` is `rotation[v % rotation.count]`: every kind in every 16 variants.
  static let rotation: [Corruption] = [
    .bytes, .longDigits, .nearLimit, .crlf, .bytes, .longQuoted, .nul, .invalidUTF8,
    .bytes, .lineDoubled, .lineDropped, .bom, .manyParts, .truncated, .noFinalNewline, .several,
  ]
  static let small: [Corruption] = [.bytes, .nearLimit, .crlf, .bom, .nul, .invalidUTF8, .lineDoubled, .lineDropped,
                                    .manyParts, .truncated, .noFinalNewline]

  /// The syntax of a file, for the corruptions that follow it, and the line limit of its reader.
  enum Syntax: Sendable {
    case csv, tariff, jsonl

    var limit: Int { self == .jsonl ? BillStream.maxLineBytes : LineReader.textLineLimit }

    /// `line` (without its line end) made `length` bytes long, meaning the same: a tariff line gets a
    /// comment, a bill spaces before its closing brace; a CSV line's last field grows (a group name).
    func pad(_ line: [UInt8], to length: Int) -> [UInt8] {
      let room = max(0, length - line.count)
      switch self {
      case .csv: return line + [UInt8](repeating: UInt8(ascii: "g"), count: room)
      case .tariff: return line + Array(" #".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: max(0, room - 2))
      case .jsonl:
        let spaces = [UInt8](repeating: UInt8(ascii: " "), count: room)
        guard line.last == UInt8(ascii: "}") else { return line + spaces }
        return line.dropLast() + spaces + [UInt8(ascii: "}")]
      }
    }
  }

  struct Variant {
    var bytes: [UInt8]
    var kind: Corruption
    /// The corruption keeps the file's meaning: the file must be read as the original is.
    var benign: Bool
  }

  static func variant(of original: [UInt8], seed: UInt64, kind: Corruption, syntax: Syntax) -> Variant {
    var rng = SplitMix64(seed: seed)
    var bytes = original
    let benign = apply(kind, to: &bytes, syntax: syntax, &rng)
    return Variant(bytes: bytes, kind: kind, benign: benign)
  }

  /// Applies one corruption; returns whether it keeps the file's meaning.
  static func apply(_ kind: Corruption, to bytes: inout [UInt8], syntax: Syntax, _ rng: inout SplitMix64) -> Bool {
    let lf = UInt8(ascii: "\n")
    switch kind {
    case .bytes:
      for _ in 0..<(1 + rng.below(3)) { FuzzTests.corrupt(&bytes, &rng) }
      return false
    case .longDigits:
      var digits = [UInt8](repeating: UInt8(ascii: "0") + UInt8(rng.below(10)), count: megabytes(&rng))
      for _ in 0..<64 { digits[rng.below(digits.count)] = UInt8(ascii: "0") + UInt8(rng.below(10)) }
      place(digits, in: &bytes, syntax: syntax, &rng)
      return false
    case .longQuoted:
      var field = [UInt8](repeating: UInt8(ascii: "x"), count: megabytes(&rng))
      for _ in 0..<16 {  // what a quoted field may hold: separators, a comment sign, a doubled quote
        let at = 1 + rng.below(field.count - 3)
        switch rng.below(4) {
        case 0: field[at] = UInt8(ascii: ",")
        case 1: field[at] = UInt8(ascii: " ")
        case 2: field[at] = UInt8(ascii: "#")
        default: (field[at], field[at + 1]) = (UInt8(ascii: "\""), UInt8(ascii: "\""))
        }
      }
      field[0] = UInt8(ascii: "\"")
      field[field.count - 1] = rng.below(4) == 0 ? UInt8(ascii: "x") : UInt8(ascii: "\"")  // a quarter unterminated
      place(field, in: &bytes, syntax: syntax, &rng)
      return false
    case .nearLimit:
      let lines = lineRanges(bytes)
      guard !lines.isEmpty else { return false }
      let i = rng.below(lines.count)
      let length = syntax.limit + rng.below(5) - 2
      bytes.replaceSubrange(lines[i], with: syntax.pad(Array(bytes[lines[i]]), to: length))
      return length <= syntax.limit && !(syntax == .csv && i == 0)  // a CSV header's last column would change name
    case .crlf:
      if rng.below(2) == 0 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 16)
        for b in bytes {
          if b == lf { out.append(0x0D) }
          out.append(b)
        }
        bytes = out
      } else {
        let ends = lineRanges(bytes).map(\.upperBound).filter { $0 < bytes.count && bytes[$0] == lf }
        if let end = ends.isEmpty ? nil : ends[rng.below(ends.count)] { bytes.insert(0x0D, at: end) }
      }
      return true
    case .bom:
      let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
      switch rng.below(3) {
      case 0:
        bytes.insert(contentsOf: bom, at: 0)
        return true
      case 1: bytes.insert(contentsOf: bom + bom, at: 0)
      default:
        let starts = lineRanges(bytes).map(\.lowerBound).dropFirst()
        bytes.insert(contentsOf: bom, at: starts.isEmpty ? bytes.count : starts[starts.startIndex + rng.below(starts.count)])
      }
      return false
    case .nul:
      let at = rng.below(bytes.count + 1)
      if rng.below(2) == 0 || at == bytes.count { bytes.insert(0, at: at) } else { bytes[at] = 0 }
      return false
    case .invalidUTF8:
      let sequences: [[UInt8]] = [[0xFF], [0xC3, UInt8(ascii: "A")], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                  [0xE4, 0xB8], [0x80]]
      let leads = bytes.indices.dropLast().filter { bytes[$0] >= 0xC2 }
      if !leads.isEmpty, rng.below(3) == 0 {
        bytes.remove(at: leads[rng.below(leads.count)] + 1)  // a character of a Chinese name cut short
      } else {
        bytes.insert(contentsOf: sequences[rng.below(sequences.count)], at: rng.below(bytes.count + 1))
      }
      return false
    case .lineDoubled, .lineDropped:
      let lines = lineRanges(bytes)
      guard !lines.isEmpty else { return false }
      let r = lines[rng.below(lines.count)]
      let whole = r.lowerBound..<min(bytes.count, nextLineStart(after: r, in: bytes))
      if kind == .lineDoubled {
        var copy = Array(bytes[whole])
        if copy.last != lf { copy.insert(lf, at: 0) }  // a last line without LF: doubled after a new LF
        bytes.insert(contentsOf: copy, at: whole.upperBound)
      } else {
        bytes.removeSubrange(whole)
      }
      return false
    case .manyParts:
      let lines = lineRanges(bytes)
      guard !lines.isEmpty else { return false }
      let r = lines[rng.below(lines.count)]
      switch syntax {
      case .csv:
        // 250 to 262 fields; some with a quoted field first, for the splitter's other path.
        let fields = 250 + rng.below(13)
        var line = rng.below(2) == 0 ? Array(#""13871000001""#.utf8) : Array(bytes[r])
        line += [UInt8](repeating: UInt8(ascii: ","), count: max(0, fields - 1 - line.filter { $0 == UInt8(ascii: ",") }.count))
        bytes.replaceSubrange(r, with: line)
        return false
      case .tariff:
        // The line's last word again, 1,000 to 5,000 times.
        let line = Array(bytes[r])
        let word = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 }).last.map(Array.init) ?? Array("x".utf8)
        var more: [UInt8] = []
        for _ in 0..<(1_000 + rng.below(4_001)) { more += [0x20] + word }
        bytes.insert(contentsOf: more, at: r.upperBound)
        return false
      case .jsonl:
        // An extra field (allowed, SPEC 6) of arrays nested `depth` deep: within the reader's 64 levels, or not.
        let depth = rng.below(4) == 0 ? 400_000 : 60 + rng.below(8)
        guard r.count > 1, bytes[r.lowerBound] == UInt8(ascii: "{") else { return false }
        let field = Array(#""nest":"#.utf8) + [UInt8](repeating: UInt8(ascii: "["), count: depth)
          + [UInt8](repeating: UInt8(ascii: "]"), count: depth) + [UInt8(ascii: ",")]
        bytes.insert(contentsOf: field, at: r.lowerBound + 1)
        return depth < 64
      }
    case .truncated:
      bytes.removeSubrange((rng.below(8) == 0 ? 0 : rng.below(bytes.count + 1))...)
      return false
    case .noFinalNewline:
      if bytes.last == lf { bytes.removeLast() }
      return true
    case .several:
      for _ in 0..<(2 + rng.below(3)) { _ = apply(small[rng.below(small.count)], to: &bytes, syntax: syntax, &rng) }
      if rng.below(3) == 0 { _ = apply(rng.below(2) == 0 ? .longDigits : .longQuoted, to: &bytes, syntax: syntax, &rng) }
      return false
    }
  }

  /// 1 to 6 MiB and a few bytes.
  static func megabytes(_ rng: inout SplitMix64) -> Int { (1 + rng.below(6)) << 20 + rng.below(4096) }

  /// Puts a long run of bytes in a file: a line of its own, inside a line, in place of a field (CSV) or
  /// a word (tariffs), or last, with or without a final newline.
  static func place(_ run: [UInt8], in bytes: inout [UInt8], syntax: Syntax, _ rng: inout SplitMix64) {
    let lf = UInt8(ascii: "\n")
    let lines = lineRanges(bytes)
    let how = lines.isEmpty ? 3 + rng.below(2) : rng.below(5)
    switch how {
    case 0: bytes.insert(contentsOf: run + [lf], at: lines[rng.below(lines.count)].lowerBound)
    case 1:
      let r = lines[rng.below(lines.count)]
      bytes.insert(contentsOf: run, at: r.lowerBound + rng.below(r.count + 1))
    case 2:
      // In place of a field or a word: the span between two separators.
      let r = lines[rng.below(lines.count)]
      let isSeparator: (UInt8) -> Bool = syntax == .csv ? { $0 == UInt8(ascii: ",") } : { $0 == 0x20 || $0 == 0x09 }
      let at = r.lowerBound + rng.below(r.count + 1)
      var from = at
      while from > r.lowerBound, !isSeparator(bytes[from - 1]) { from -= 1 }
      var to = at
      while to < r.upperBound, !isSeparator(bytes[to]) { to += 1 }
      bytes.replaceSubrange(from..<to, with: run)
    default:
      if !bytes.isEmpty, bytes.last != lf { bytes.append(lf) }
      bytes += run
      if how == 3 { bytes.append(lf) }
    }
  }

  // MARK: - What a reader must make of a file

  /// The lines a reader hands out: their bytes without the LF, nor a CR before it.
  static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    bytes.withUnsafeBufferPointer { p in
      guard let base = p.baseAddress else { return }
      var start = 0
      while start < p.count {
        if let hit = memchr(base + start, 0x0A, p.count - start) {
          let lf = hit.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base)
          ranges.append(start..<(lf > start && p[lf - 1] == 0x0D ? lf - 1 : lf))
          start = lf + 1
        } else {
          ranges.append(start..<p.count)
          start = p.count
        }
      }
    }
    return ranges
  }

  /// Where the line after `r` starts (past its CR LF or LF).
  static func nextLineStart(after r: Range<Int>, in bytes: [UInt8]) -> Int {
    var i = r.upperBound
    if i < bytes.count, bytes[i] == 0x0D { i += 1 }
    return i + 1
  }

  /// What the text check must say of each line, by line number: longer than the limit (a first line's
  /// byte order mark counted), a NUL byte, bytes that are not UTF-8 — worked out here without the
  /// program's code.
  static func textProblems(_ bytes: [UInt8], limit: Int) -> [Int: String] {
    var problems: [Int: String] = [:]
    for (i, r) in lineRanges(bytes).enumerated() {
      if r.count > limit {
        problems[i + 1] = "line longer than \(limit) bytes"
        continue
      }
      var from = r.lowerBound
      if i == 0, r.count >= 3, bytes[from] == 0xEF, bytes[from + 1] == 0xBB, bytes[from + 2] == 0xBF { from += 3 }
      let problem: String? = bytes.withUnsafeBufferPointer { p in
        let line = UnsafeBufferPointer(rebasing: p[from..<r.upperBound])
        guard let base = line.baseAddress, !line.isEmpty else { return nil }
        if let nul = memchr(base, 0, line.count) {
          return "NUL byte at column \(nul.assumingMemoryBound(to: UInt8.self) - UnsafeMutablePointer(mutating: base) + 1)"
        }
        return TestSupport.firstInvalidUTF8(line).map { "invalid UTF-8 at column \($0 + 1)" }
      }
      if let problem { problems[i + 1] = problem }
    }
    return problems
  }

  static let textCheckMessages = ["line longer than ", "NUL byte at column ", "invalid UTF-8 at column "]

  /// Checks the problems of a refused file.
  ///
  /// - every problem is at a file of `files` (the corrupted one, or one that relies on it), printed as
  ///   `FILE:LINE: error: …`, or `FILE: error: …` for a message of `wholeFile`;
  /// - a line number is one of the lines of its file;
  /// - a problem of the text check (too long, NUL, not UTF-8) is at a line that has exactly that problem,
  ///   and each of `expected` (line → message) is reported.
  static func checkRefusal(_ diagnostics: [Diagnostic], description: String, corrupted: String, bytes: [UInt8],
                           files: Set<String>, limit: Int, wholeFile: [String], expected: [Int: String],
                           messagePrefix: String = "", _ label: String) {
    let lineCount = lineRanges(bytes).count
    let oracle = textProblems(bytes, limit: limit)
    #expect(!diagnostics.isEmpty, "\(label): refused without a problem")
    for d in diagnostics {
      let at = "\(label): \(d)"
      let file = d.location.file
      #expect(files.contains(file), "\(at): names \(file), not the corrupted file \(corrupted)")
      if d.location.line == 0 {
        #expect(d.description.hasPrefix("\(file): error: "), "\(at)")
        #expect(wholeFile.contains { d.message.hasPrefix($0) }, "\(at): a problem without its line")
      } else {
        #expect(d.description.hasPrefix("\(file):\(d.location.line): error: "), "\(at)")
        if file == corrupted { #expect(d.location.line <= lineCount, "\(at): the file has \(lineCount) lines") }
      }
      let message = d.message.hasPrefix(messagePrefix) ? String(d.message.dropFirst(messagePrefix.count)) : d.message
      if file == corrupted, textCheckMessages.contains(where: { message.hasPrefix($0) }) {
        #expect(oracle[d.location.line] == message, "\(at): line \(d.location.line) has \(oracle[d.location.line] ?? "no such problem")")
      }
    }
    for (line, message) in expected.sorted(by: { $0.key < $1.key }) {
      #expect(diagnostics.contains { $0.location == SourceLocation(file: corrupted, line: line) && $0.message == messagePrefix + message },
              "\(label): line \(line) has \(message), not reported")
    }
    // The description is the problems, one a line.
    #expect(description == diagnostics.map(\.description).joined(separator: "\n"), "\(label)")
  }

  /// Lines of standard error that are not `FILE:LINE: SEVERITY: …` or `FILE: SEVERITY: …` with FILE one of `files`.
  static func misshapenLines(_ stderr: String, files: Set<String>, severities: [String]) -> [String] {
    var bad: [String] = []
    for raw in stderr.utf8.split(separator: 0x0A) {
      let line = String(decoding: raw, as: UTF8.self)
      guard let mark = severities.compactMap({ line.range(of: ": \($0): ") }).min(by: { $0.lowerBound < $1.lowerBound }) else {
        bad.append(line)
        continue
      }
      var location = String(line[..<mark.lowerBound])
      if let colon = location.lastIndex(of: ":") {
        let number = location[location.index(after: colon)...]
        if number.first.map({ ("1"..."9").contains($0) }) ?? false, number.allSatisfy({ ("0"..."9").contains($0) }) {
          location = String(location[..<colon])  // FILE:LINE, the line 1 or more
        }
      }
      if !files.contains(location) { bad.append(line) }
    }
    return bad
  }

  /// Checks a run of the binary: it ended by itself, in time, with one of `codes`; a refusal (exit 2)
  /// says exactly what the library says (`expected`), one well-formed problem a line.
  static func checkRun(_ r: Binary.Result, codes: Set<Int32>, expected: String?, files: Set<String>, _ label: String) {
    guard !r.timedOut else {
      Issue.record("\(label): still running after \(runLimit): a hang")
      return
    }
    guard r.reason == .exit else {
      Issue.record("\(label): ended by signal \(r.exitCode)\n\(r.stderr.prefix(2000))")
      return
    }
    #expect(codes.contains(r.exitCode), "\(label): exit \(r.exitCode)\n\(r.stderr.prefix(2000))")
    if r.exitCode == 2 {
      #expect(r.stderr == (expected ?? "(accepted in-process)") + "\n", "\(label): standard error differs from the library's problems")
      let bad = misshapenLines(r.stderr, files: files, severities: ["error"])
      #expect(bad.isEmpty, "\(label): lines of standard error not 'FILE:LINE: error: …':\n\(bad.prefix(5).map { String($0.prefix(300)) }.joined(separator: "\n"))")
    } else {
      #expect(expected == nil, "\(label): exit \(r.exitCode), but the library refuses:\n\(expected ?? "")")
      let bad = misshapenLines(r.stderr, files: files, severities: ["warning"])
      #expect(bad.isEmpty, "\(label): lines of standard error not 'FILE: warning: …':\n\(bad.prefix(5).map { String($0.prefix(300)) }.joined(separator: "\n"))")
    }
  }

  /// Longer than this, a run of the binary is a hang.
  static let runLimit: Duration = .seconds(20)

  /// The variants of one shard: a contiguous block, so that every shard gets every corruption.
  static func block(_ shard: Int, of shards: Int, _ total: Int) -> Range<Int> {
    (total * shard / shards)..<(total * (shard + 1) / shards)
  }

  static func contents(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path)!) }

  static func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

  // MARK: - The subscribers file

  static let subscribersVariants = 1_280
  static let subscribersBinaryRuns = 24
  static let subscribers = contents(TestSupport.packageRoot + "/SampleCDRs/subscribers.csv")
  static let book = FuzzTests.book

  /// What loading a subscribers file must report of its text problems: the header's alone when the
  /// header is unusable (the loader reads no further), else every line's.
  static func expectedSubscriberProblems(_ bytes: [UInt8], diagnostics: [Diagnostic]) -> [Int: String] {
    let all = textProblems(bytes, limit: LineReader.textLineLimit)
    return diagnostics.contains { $0.location.line == 1 } ? all.filter { $0.key == 1 } : all
  }

  @Test(arguments: 0..<4)
  func subscribersFile(shard: Int) throws {
    let dir = TestSupport.temporaryFolder("input-fuzz-subscribers-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/subscribers.csv"
    var (variants, accepted, refused) = (0, 0, 0)
    for v in Self.block(shard, of: 4, Self.subscribersVariants) {
      variants += 1
      let kind = Self.rotation[v % Self.rotation.count]
      let variant = Self.variant(of: Self.subscribers, seed: 0x5B5C_0000 &+ UInt64(v), kind: kind, syntax: .csv)
      try Self.write(variant.bytes, to: path)
      let label = "subscribers variant \(v) (\(kind))"
      do {
        let book = try SubscriberBook.load(file: path, catalog: TestSupport.catalog)
        accepted += 1
        let problems = Self.textProblems(variant.bytes, limit: LineReader.textLineLimit)
        #expect(problems.isEmpty, "\(label): accepted with lines the reader must refuse: \(problems)")
        if variant.benign {
          #expect(book.numbers == Self.book.numbers, "\(label)")
          // Same lines, same numbers; padding changes a group name only.
          let period = { (p: PlanPeriod) in "\(p.plan) \(p.start)..\(p.end.map { "\($0)" } ?? "") \(p.homeArea) line \(p.line)" }
          #expect(book.periods.map(period) == Self.book.periods.map(period), "\(label)")
          if kind != .nearLimit { #expect(book.periods == Self.book.periods, "\(label)") }
        }
      } catch {
        refused += 1
        #expect(!variant.benign, "\(label): means what the original means, yet refused:\n\(error)")
        Self.checkRefusal(error.diagnostics, description: error.description, corrupted: path, bytes: variant.bytes,
                          files: [path], limit: LineReader.textLineLimit,
                          wholeFile: ["the file is empty: a header line is expected"],
                          expected: Self.expectedSubscriberProblems(variant.bytes, diagnostics: error.diagnostics), label)
      }
    }
    // Not vacuous: many variants refused, a fair share accepted.
    #expect(refused * 2 > variants, "\(refused) of \(variants) refused")
    #expect(accepted * 5 > variants, "\(accepted) of \(variants) accepted")
  }

  @Test(arguments: 0..<2)
  func subscribersFileThroughTheBinary(shard: Int) throws {
    let dir = TestSupport.temporaryFolder("input-fuzz-bill-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    // The sample's CDR files beside the variant: `bill` reads every other *.csv there.
    for name in FuzzTests.names {
      try FileManager.default.copyItem(atPath: TestSupport.packageRoot + "/SampleCDRs/" + name, toPath: "\(dir)/\(name)")
    }
    let path = dir + "/subscribers.csv"
    var exits: [Int32: Int] = [:]
    for v in Self.block(shard, of: 2, Self.subscribersBinaryRuns) {
      let kind = Self.rotation[v % Self.rotation.count]
      let variant = Self.variant(of: Self.subscribers, seed: 0x5B5C_B000 &+ UInt64(v), kind: kind, syntax: .csv)
      try Self.write(variant.bytes, to: path)
      var expected: String? = nil
      do { _ = try SubscriberBook.load(file: path, catalog: TestSupport.catalog) } catch { expected = error.description }
      let r = try Binary.run(["bill", "--subscribers", path, "--out", dir + "/out", "--jobs", "2"], timeLimit: Self.runLimit)
      Self.checkRun(r, codes: [0, 2], expected: expected, files: [path], "bill with subscribers variant \(v) (\(kind))")
      exits[r.exitCode, default: 0] += 1
    }
    #expect(exits[0, default: 0] > 0 && exits[2, default: 0] > 0, "exits \(exits)")
  }

  // MARK: - The tariff folder

  static let tariffVariantsPerFile = 16
  static let tariffBinaryRuns = 40
  /// Every file of the tariff folder, as paths under it: the reference files, then the plans.
  static let tariffFiles: [String] = {
    let r = TariffCatalog.referenceFiles
    let plans = try! FileManager.default.contentsOfDirectory(atPath: TestSupport.tariffs + "/plans")
      .filter { $0.hasSuffix(".plan") }.sorted().map { "plans/" + $0 }
    return [r.settings, r.calendar, r.cells, r.numbering] + plans
  }()
  static let tariffOriginals: [String: [UInt8]] = Dictionary(uniqueKeysWithValues: tariffFiles.map {
    ($0, contents(TestSupport.tariffs + "/" + $0))
  })
  /// For each file, the files whose problems its corruption may cause: itself; every plan for a
  /// reference file; the plans below it for a plan (through their `parent` lines).
  static let tariffDependents: [String: Set<String>] = {
    let plans = tariffFiles.filter { $0.hasPrefix("plans/") }
    var parent: [String: String] = [:]
    for plan in plans {
      let text = String(decoding: tariffOriginals[plan]!, as: UTF8.self)
      for line in text.split(separator: "\n") {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        if words.count >= 2, words[0] == "parent" { parent[plan] = "plans/\(words[1]).plan" }
      }
    }
    func below(_ plan: String) -> Set<String> {
      var found: Set<String> = [plan]
      for (child, p) in parent where p == plan && child != plan { found.formUnion(below(child)) }
      return found
    }
    var map: [String: Set<String>] = [:]
    for file in tariffFiles { map[file] = file.hasPrefix("plans/") ? below(file) : Set(plans + [file]) }
    return map
  }()
  static let wholeTariffFileMessages = ["missing '", "the root plan needs 'parent none'", "no home network"]

  /// Loads a tariff folder with `name` replaced by `variant`; checks what it says.
  /// - Returns: the problems, or `nil` when the folder loads.
  @discardableResult
  static func checkTariffVariant(_ variant: Variant, name: String, folder: String, _ label: String) -> InputError? {
    let path = folder + "/" + name
    do {
      let catalog = try TariffCatalog.load(directory: folder)
      let problems = textProblems(variant.bytes, limit: LineReader.textLineLimit)
      #expect(problems.isEmpty, "\(label): accepted with lines the reader must refuse: \(problems)")
      if variant.benign {
        #expect(catalog.plans.map(\.id) == TestSupport.catalog.plans.map(\.id), "\(label)")
        #expect(catalog.plans.map(\.tariffs.count) == TestSupport.catalog.plans.map(\.tariffs.count), "\(label)")
      }
      return nil
    } catch {
      #expect(!variant.benign, "\(label): means what the original means, yet refused:\n\(error)")
      checkRefusal(error.diagnostics, description: error.description, corrupted: path, bytes: variant.bytes,
                   files: Set(tariffDependents[name]!.map { folder + "/" + $0 }), limit: LineReader.textLineLimit,
                   wholeFile: wholeTariffFileMessages,
                   expected: textProblems(variant.bytes, limit: LineReader.textLineLimit), label)
      return error
    }
  }

  @Test(arguments: 0..<4)
  func tariffFiles(shard: Int) throws {
    let folder = TestSupport.copyOfTariffs("input-fuzz-tariffs-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
    var (variants, refused) = (0, 0)
    var accepted: [String: Int] = [:]
    let files = Self.tariffFiles
    for v in Self.block(shard, of: 4, Self.tariffVariantsPerFile * files.count) {
      variants += 1
      let name = files[v % files.count]
      // File v % 20 gets kind (5q + file) % 16 in its q-th variant: every kind once in 16 variants, and a
      // shard's block holds every kind.
      let kind = Self.rotation[(v + v / files.count) % Self.rotation.count]
      let variant = Self.variant(of: Self.tariffOriginals[name]!, seed: 0x7A21_0000 &+ UInt64(v), kind: kind, syntax: .tariff)
      try Self.write(variant.bytes, to: folder + "/" + name)
      if Self.checkTariffVariant(variant, name: name, folder: folder, "\(name) variant \(v) (\(kind))") == nil {
        accepted[name, default: 0] += 1
      } else {
        refused += 1
      }
      try Self.write(Self.tariffOriginals[name]!, to: folder + "/" + name)
    }
    #expect(refused * 2 > variants, "\(refused) of \(variants) refused")
    #expect(accepted.values.reduce(0, +) * 5 > variants, "accepted: \(accepted)")
  }

  @Test(arguments: 0..<2)
  func tariffFilesThroughTheBinary(shard: Int) throws {
    let folder = TestSupport.copyOfTariffs("input-fuzz-plans-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
    let files = Self.tariffFiles
    var exits: [Int32: Int] = [:]
    for v in Self.block(shard, of: 2, Self.tariffBinaryRuns) {
      let name = files[v % files.count]
      let kind = Self.rotation[v % Self.rotation.count]
      let variant = Self.variant(of: Self.tariffOriginals[name]!, seed: 0x7A21_B000 &+ UInt64(v), kind: kind, syntax: .tariff)
      try Self.write(variant.bytes, to: folder + "/" + name)
      let label = "plans with \(name) variant \(v) (\(kind))"
      let expected = Self.checkTariffVariant(variant, name: name, folder: folder, label)
      let r = try Binary.run(["plans", "--tariffs", folder, "--on", "2004-10-01"], timeLimit: Self.runLimit)
      Self.checkRun(r, codes: [0, 2], expected: expected?.description,
                    files: Set(Self.tariffDependents[name]!.map { folder + "/" + $0 }), label)
      exits[r.exitCode, default: 0] += 1
      try Self.write(Self.tariffOriginals[name]!, to: folder + "/" + name)
    }
    #expect(exits[0, default: 0] > 0 && exits[2, default: 0] > 0, "exits \(exits)")
  }

  // MARK: - bills.jsonl, for verify

  static let billsVariants = 480
  static let verifyBinaryRuns = 32
  static let golden = Golden.folder + "/sample/bills.jsonl"
  static let goldenBills = contents(golden)

  enum Comparison {
    case compared(VerifySummary)
    /// The problem, as the binary must print it.
    case refused(String)
  }

  /// Compares in-process, the variant as ACTUAL (as GOLDEN when `swapped`); checks what it says.
  static func checkBillsVariant(_ variant: Variant, path: String, swapped: Bool, _ label: String) -> Comparison {
    let limit = BillStream.maxLineBytes
    let problems = textProblems(variant.bytes, limit: limit)
    do {
      let summary = try BillsComparison.compare(golden: swapped ? path : golden, actual: swapped ? golden : path) { _ in }
      #expect(problems.isEmpty, "\(label): accepted with lines the reader must refuse: \(problems)")
      if variant.benign { #expect(summary.identical, "\(label): means what the golden file means, yet differs: \(summary)") }
      return .compared(summary)
    } catch {
      #expect(!variant.benign, "\(label): means what the golden file means, yet refused:\n\(error)")
      let diagnostics: [Diagnostic]
      let description: String
      switch error {
      case let e as InputError: (diagnostics, description) = (e.diagnostics, e.description)
      case let e as FileError: (diagnostics, description) = ([e.diagnostic], e.description)
      default:
        Issue.record("\(label): neither InputError nor FileError: \(type(of: error)) \(error)")
        return .refused("\(error)")
      }
      // The comparison stops at the first bad line: never after a line the reader must refuse.
      var expected: [Int: String] = [:]
      if let first = problems.keys.min() {
        let line = diagnostics.first?.location.line ?? 0
        #expect(line > 0 && line <= first, "\(label): refused at line \(line), yet line \(first) has \(problems[first]!)")
        if line == first { expected[first] = problems[first]! }
      }
      checkRefusal(diagnostics, description: description, corrupted: path, bytes: variant.bytes, files: [path],
                   limit: limit, wholeFile: [], expected: expected, messagePrefix: "not a bill: ", label)
      return .refused(description)
    }
  }

  @Test(arguments: 0..<2)
  func billsFile(shard: Int) throws {
    let dir = TestSupport.temporaryFolder("input-fuzz-bills-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/bills.jsonl"
    var outcomes: [String: Int] = [:]
    var variants = 0
    for v in Self.block(shard, of: 2, Self.billsVariants) {
      variants += 1
      let kind = Self.rotation[v % Self.rotation.count]
      let variant = Self.variant(of: Self.goldenBills, seed: 0xB111_0000 &+ UInt64(v), kind: kind, syntax: .jsonl)
      try Self.write(variant.bytes, to: path)
      switch Self.checkBillsVariant(variant, path: path, swapped: v % 4 == 3, "bills variant \(v) (\(kind))") {
      case .compared(let summary): outcomes[summary.identical ? "identical" : "different", default: 0] += 1
      case .refused: outcomes["refused", default: 0] += 1
      }
    }
    #expect(outcomes["refused", default: 0] * 2 > variants, "\(outcomes)")
    #expect(outcomes["identical", default: 0] * 10 > variants && outcomes["different", default: 0] * 20 > variants, "\(outcomes)")
  }

  @Test(arguments: 0..<2)
  func billsFileThroughVerify(shard: Int) throws {
    let dir = TestSupport.temporaryFolder("input-fuzz-verify-\(shard)")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/bills.jsonl"
    var exits: [Int32: Int] = [:]
    for v in Self.block(shard, of: 2, Self.verifyBinaryRuns) {
      let kind = Self.rotation[v % Self.rotation.count]
      let variant = Self.variant(of: Self.goldenBills, seed: 0xB111_B000 &+ UInt64(v), kind: kind, syntax: .jsonl)
      try Self.write(variant.bytes, to: path)
      let swapped = v % 4 == 3
      let label = "verify with bills variant \(v) (\(kind))\(swapped ? " as GOLDEN" : "")"
      let library = Self.checkBillsVariant(variant, path: path, swapped: swapped, label)
      let r = try Binary.run(["verify"] + (swapped ? [path, Self.golden] : [Self.golden, path]), timeLimit: Self.runLimit)
      switch library {
      case .compared(let summary):
        Self.checkRun(r, codes: [summary.identical ? 0 : 1], expected: nil, files: [path], label)
      case .refused(let description):
        Self.checkRun(r, codes: [2], expected: description, files: [path], label)
      }
      exits[r.exitCode, default: 0] += 1
    }
    #expect(exits[0, default: 0] > 0 && exits[1, default: 0] > 0 && exits[2, default: 0] > 0, "exits \(exits)")
  }
}
