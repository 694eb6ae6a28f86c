import Synchronization

/// The first error of work done in parallel; later ones, often its consequences, are dropped.
public final class FirstError: Sendable {
  private let first = Mutex<(any Error)?>(nil)

  public init() {}

  /// Keeps `error` unless one came before it.
  public func record(_ error: any Error) { first.withLock { $0 = $0 ?? error } }

  /// The first error recorded, if any.
  public var error: (any Error)? { first.withLock { $0 } }

  /// Throws the first error recorded, if any.
  public func check() throws { if let error { throw error } }
}
