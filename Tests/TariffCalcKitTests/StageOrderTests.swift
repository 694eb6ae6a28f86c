import Foundation
import Testing

/// The library's folders are stages, each using only the stages before it (docs/architecture.md): a type
/// declared in a later stage is never named in an earlier one. A new folder must be given its place here.
@Suite struct StageOrderTests {
  /// The stages, first to last.
  static let stages = [
    "Diagnostics", "Money", "Time",  // values every stage uses
    "Input",  // bytes of every file: sources, the one line reader, the field splitter
    "Output",  // files written whole then renamed; folders the program may write
    "Tariffs",  // tariff and reference files → the catalog
    "Subscribers",  // the subscribers file → the book of plan periods
    "CDR",  // CDR lines → records
    "Month",  // a subscriber's month: days active, proration (R2, R3)
    "Rating",  // records → charges into ledgers, allowances in time order
    "Billing",  // the month closed: ledgers → bills as values
    "Rendering",  // bills, rejects, run summaries → bytes and text
    "Verify",  // two bills files compared
    "Run",  // a month billed: inputs, units, workers, duplicates, outputs published
    "Shards",  // a month billed in shards by subscriber: plan, partition, ids, bill, merge (R26)
    "Counter",  // the clerk's quote, advice and plan change
    "Generator",  // generated months and the benchmark
  ]

  static let library = TestSupport.packageRoot + "/Sources/TariffCalcKit"

  /// The Swift files of each folder of the library, and their text.
  static func sources() throws -> [String: [(name: String, text: String)]] {
    var byFolder: [String: [(String, String)]] = [:]
    let root = URL(fileURLWithPath: library)
    let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!
    while let url = walker.nextObject() as? URL {
      guard url.pathExtension == "swift" else { continue }
      let relative = String(url.path.dropFirst(root.path.count + 1))
      let folder = String(relative.prefix { $0 != "/" })
      byFolder[folder, default: []].append((relative, try String(contentsOf: url, encoding: .utf8)))
    }
    return byFolder
  }

  /// The types a file declares at its top level (`struct`, `class`, `enum`, `protocol`, `actor`, `typealias`).
  static func declaredTypes(_ text: String) -> [String] {
    let modifiers: Set<String> = ["public", "package", "internal", "fileprivate", "private", "final", "indirect",
                                  "nonisolated"]
    let kinds: Set<String> = ["struct", "class", "enum", "protocol", "actor", "typealias"]
    var names: [String] = []
    for line in text.split(separator: "\n") where !(line.first?.isWhitespace ?? true) {
      var words = line.split(separator: " ")[...]
      while let w = words.first, w.hasPrefix("@") || modifiers.contains(String(w)) { words = words.dropFirst() }
      guard let kind = words.first, kinds.contains(String(kind)), let name = words.dropFirst().first else { continue }
      names.append(String(name.prefix { $0.isLetter || $0.isNumber || $0 == "_" }))
    }
    return names
  }

  /// The identifiers a file's code names: comments and the text of string literals left out, the code
  /// of string interpolations kept.
  static func identifiers(_ text: String) -> Set<String> {
    let bytes = Array(text.utf8)
    var names: Set<String> = []
    var word: [UInt8] = []
    var i = 0
    // Parentheses open in each interpolation we are inside; empty: in code. `inString` is true between quotes.
    var inString = false
    var interpolation: [Int] = []
    func flush() {
      if !word.isEmpty, let first = word.first, !(48...57).contains(first) { names.insert(String(decoding: word, as: UTF8.self)) }
      word.removeAll()
    }
    func isIdent(_ c: UInt8) -> Bool { (65...90).contains(c) || (97...122).contains(c) || (48...57).contains(c) || c == 95 }
    while i < bytes.count {
      let c = bytes[i]
      if inString {
        if c == 92, i + 1 < bytes.count, bytes[i + 1] == 40 {  // \( : code until its )
          interpolation.append(0)
          inString = false
          i += 2
          continue
        }
        if c == 92 { i += 2; continue }
        if c == 34 {  // closing quote (""" closes on its first quote and the next two are skipped as empty strings)
          inString = false
        }
        i += 1
        continue
      }
      if isIdent(c) { word.append(c); i += 1; continue }
      flush()
      if c == 47, i + 1 < bytes.count, bytes[i + 1] == 47 {  // line comment
        while i < bytes.count, bytes[i] != 10 { i += 1 }
        continue
      }
      if c == 47, i + 1 < bytes.count, bytes[i + 1] == 42 {  // block comment
        i += 2
        while i + 1 < bytes.count, !(bytes[i] == 42 && bytes[i + 1] == 47) { i += 1 }
        i += 2
        continue
      }
      if c == 34 { inString = true; i += 1; continue }
      if !interpolation.isEmpty {
        if c == 40 { interpolation[interpolation.count - 1] += 1 }
        if c == 41 {
          if interpolation[interpolation.count - 1] == 0 {
            interpolation.removeLast()
            inString = true
          } else {
            interpolation[interpolation.count - 1] -= 1
          }
        }
      }
      i += 1
    }
    flush()
    return names
  }

  /// Every folder's uses of another folder's types: `[user: [used: ["Type in File.swift"]]]`.
  static func uses() throws -> [String: [String: [String]]] {
    let sources = try sources()
    var owner: [String: String] = [:]
    for (folder, files) in sources {
      for file in files { for name in declaredTypes(file.text) { owner[name] = folder } }
    }
    var uses: [String: [String: [String]]] = [:]
    for (folder, files) in sources {
      for file in files {
        for name in identifiers(file.text).sorted() {
          guard let other = owner[name], other != folder else { continue }
          uses[folder, default: [:]][other, default: []].append("\(name) in \(file.name)")
        }
      }
    }
    return uses
  }

  @Test func everyFolderHasItsPlace() throws {
    let folders = Set(try Self.sources().keys)
    #expect(folders == Set(Self.stages), "folders not in the stage list: \(folders.subtracting(Self.stages).sorted())")
  }

  @Test func eachStageUsesOnlyEarlierStages() throws {
    let place = Dictionary(uniqueKeysWithValues: Self.stages.enumerated().map { ($1, $0) })
    var backwards: [String] = []
    for (user, used) in try Self.uses() {
      for (other, what) in used where (place[other] ?? .max) >= (place[user] ?? .max) {
        backwards.append("\(user) → \(other): \(what.joined(separator: ", "))")
      }
    }
    #expect(backwards.isEmpty, "stages that use a later stage:\n\(backwards.sorted().joined(separator: "\n"))")
  }

  /// docs/architecture.md names every stage as `Name/` in its table, and no folder that is not one.
  @Test func theArchitectureDocumentNamesEveryStage() throws {
    let doc = try String(contentsOfFile: TestSupport.packageRoot + "/docs/architecture.md", encoding: .utf8)
    var named: Set<String> = []
    for line in doc.split(separator: "\n") where line.hasPrefix("| `") {
      let cell = line.dropFirst(2).prefix { $0 != "|" }
      for part in cell.split(separator: "`") where part.hasSuffix("/") { named.insert(String(part.dropLast())) }
    }
    let extra = named.subtracting(Self.stages).sorted()
    let missing = Set(Self.stages).subtracting(named).sorted()
    #expect(named == Set(Self.stages), "in the document, not a stage: \(extra); a stage not in it: \(missing)")
  }

  /// The scanner that the check rests on: names in code and in interpolations count, in comments and
  /// string text they do not; only top-level declarations declare.
  @Test func theScannerSeesCodeOnly() {
    let text = """
      /// Uses Ledger in a comment.
      struct A { struct Nested {} }
      public final class B {}
      let x = "Ledger \\(Bill.total(Money(1))) and \\("Fee")" + Price.zero // Rater
      /* Proration */
      """
    #expect(Self.declaredTypes(text) == ["A", "B"])
    let names = Self.identifiers(text)
    #expect(names.isSuperset(of: ["Bill", "total", "Money", "Price", "zero", "A", "Nested", "B"]))
    #expect(names.isDisjoint(with: ["Ledger", "Rater", "Proration", "Fee", "Uses"]))
  }
}
