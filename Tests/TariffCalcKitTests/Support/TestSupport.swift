import Foundation
@testable import TariffCalcKit

/// Paths and helpers shared by the tests.
enum TestSupport {
  /// The package root, found from this file's path.
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    fatalError("no Package.swift above \(#filePath)")
  }()

  /// Where the standard library's UTF-8 decoder first finds an error in `bytes` (0-based), or `nil`:
  /// what `ByteView.firstInvalidUTF8` is checked against.
  static func firstInvalidUTF8<S: Sequence<UInt8>>(_ bytes: S) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var input = bytes.makeIterator()
    var at = 0
    while true {
      switch parser.parseScalar(from: &input) {
      case .valid(let scalar): at += scalar.count
      case .error: return at
      case .emptyInput: return nil
      }
    }
  }

  static let tariffs = packageRoot + "/Tariffs"
  static let fixtures = packageRoot + "/Tests/TariffCalcKitTests/Fixtures"

  /// The shipped catalog, loaded once.
  static let catalog: TariffCatalog = {
    do { return try TariffCatalog.load(directory: tariffs) } catch { fatalError("shipped tariffs do not load:\n\(error)") }
  }()

  /// The one folder of this test process under the system's temporary folder: every file a test makes
  /// is in it, and it is removed when the process exits, so that a test run leaves nothing behind.
  static let temporaryRoot: String = {
    let path = NSTemporaryDirectory() + "tariffcalc-tests-\(getpid())"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(atPath: TestSupport.temporaryRoot) }
    return path
  }()

  /// A new empty folder in ``temporaryRoot``.
  static func temporaryFolder(_ name: String = #function) -> String {
    let safe = name.filter { $0.isLetter || $0.isNumber }
    let path = temporaryRoot + "/\(safe)-\(UUID().uuidString.prefix(8))"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  /// A copy of the shipped tariff folder, to break or extend.
  static func copyOfTariffs(_ name: String = #function) -> String {
    let dir = temporaryFolder(name) + "/Tariffs"
    try! FileManager.default.copyItem(atPath: tariffs, toPath: dir)
    return dir
  }

  /// The shipped tariffs plus the fixture plans of `Fixtures/extra-plans`: one folder for the whole test
  /// run, shared by ``Scenario/catalog`` and the golden scenarios that say `plans extra`. Never written to.
  static let tariffsWithFixtures: String = {
    let dir = copyOfTariffs("fixture-tariffs")
    let extra = fixtures + "/extra-plans"
    for name in try! FileManager.default.contentsOfDirectory(atPath: extra) {
      try! FileManager.default.copyItem(atPath: "\(extra)/\(name)", toPath: "\(dir)/plans/\(name)")
    }
    return dir
  }()

  static func write(_ text: String, to path: String) {
    try! FileManager.default.createDirectory(
      atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try! Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  /// Writes bytes to a new file in a new temporary folder; returns its path.
  static func writeTemporary(_ bytes: [UInt8], name: String, folder: String = #function) -> String {
    let path = temporaryFolder(folder) + "/" + name
    try! Data(bytes).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func day(_ text: String) -> Day { Day(text)! }
}

extension TestSupport {
  /// A folder holding copies of `Tariffs/` and `SampleCDRs/`: a counter of one's own, to run commands in.
  static func sandbox(_ name: String = #function) -> String {
    let dir = temporaryFolder(name)
    for folder in ["Tariffs", "SampleCDRs"] {
      try! FileManager.default.copyItem(atPath: "\(packageRoot)/\(folder)", toPath: "\(dir)/\(folder)")
    }
    return dir
  }
}
