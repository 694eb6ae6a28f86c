#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A file that cannot be read or written as it must be: its name as given, the line when one is to blame,
/// and the reason, printed as `file:line: error: message`.
public struct FileError: Error, Sendable, CustomStringConvertible {
  public var file: String
  /// 1-based; 0 when the whole file is to blame.
  public var line: Int
  public var message: String

  public init(file: String, line: Int = 0, message: String) {
    self.file = file
    self.line = line
    self.message = message
  }

  /// `what` failed for the reason the system gives for `code` (`cannot open: No such file or directory`).
  public init(file: String, _ what: String, errno code: Int32) {
    self.init(file: file, message: "\(what): \(FileError.reason(code))")
  }

  /// The system's words for an error number.
  public static func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

  public var location: SourceLocation { SourceLocation(file: file, line: line) }

  public var description: String { "\(location): error: \(message)" }

  /// The same problem as a diagnostic, for loaders that collect every problem before giving up.
  public var diagnostic: Diagnostic { Diagnostic(location, .error, message) }
}
