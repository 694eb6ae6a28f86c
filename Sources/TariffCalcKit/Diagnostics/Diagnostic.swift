/// A place in an input file: its path as given and a 1-based line number.
public struct SourceLocation: Hashable, Sendable, Comparable, CustomStringConvertible {
  public var file: String
  public var line: Int

  public init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  public static func < (a: SourceLocation, b: SourceLocation) -> Bool { (a.file, a.line) < (b.file, b.line) }

  /// `file:line`, or `file` alone when the problem is the whole file (line 0).
  public var description: String { line > 0 ? "\(file):\(line)" : file }
}

/// One problem found in an input file, printed as `file:line: error: message`.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  public enum Severity: String, Sendable { case error, warning, note }

  public var location: SourceLocation
  public var severity: Severity
  public var message: String

  public init(_ location: SourceLocation, _ severity: Severity = .error, _ message: String) {
    self.location = location
    self.severity = severity
    self.message = message
  }

  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}

/// Input that cannot be used: every problem found, in file and line order.
///
/// Loading collects all errors of all files before giving up, so that one run
/// shows an analyst everything to fix. The executable prints each and exits 2.
public struct InputError: Error, Sendable, CustomStringConvertible {
  public var diagnostics: [Diagnostic]

  public init(_ diagnostics: [Diagnostic]) {
    self.diagnostics = diagnostics.sorted { ($0.location, $0.message) < ($1.location, $1.message) }
  }

  public init(_ location: SourceLocation, _ message: String) {
    self.init([Diagnostic(location, .error, message)])
  }

  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A problem with one value, before its file and line are known.
public struct Problem: Error, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
  public var message: String

  public init(_ message: String) { self.message = message }
  public init(stringLiteral value: String) { self.message = value }
  public init(stringInterpolation: DefaultStringInterpolation) { self.message = String(stringInterpolation: stringInterpolation) }

  public var description: String { message }
}
