/// R24 (b) decided before a shard's run (R26): the records of the shard whose `record_id` was seen
/// earlier in the month, in any shard, and where the first copy is.
///
/// A `record_id` repeated under another subscriber's number is a copy too, and the other subscriber can
/// be in another shard: a shard cannot find those copies alone. The run looks its records with a
/// `record_id` up here instead of in its own duplicate index; records without one (R24 c: one phone's
/// calls) are still found by the run, all of a subscriber's records being in one shard.
public final class RecordCopies: @unchecked Sendable {
  // Sendable: filled before the run, then only read.
  private var first: [UInt64: (input: Int, line: Int)] = [:]

  public init() {}

  /// The record at line `line` of input `input` as the shard reads it (its part of the file) is a copy
  /// of the record at line `firstLine` of input `firstInput` as delivered.
  public func add(input: Int, line: Int, firstInput: Int, firstLine: Int) {
    first[RecordCopies.key(input, line)] = (firstInput, firstLine)
  }

  public var count: Int { first.count }

  /// The first copy of the record at `line` of `input` (as the shard reads it), if it is a copy.
  func firstCopy(input: Int, line: Int) -> (input: Int, line: Int)? { first[RecordCopies.key(input, line)] }

  private static func key(_ input: Int, _ line: Int) -> UInt64 { UInt64(input) << 40 | UInt64(line) }
}
