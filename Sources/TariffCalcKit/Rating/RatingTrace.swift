/// Where ``Rater`` puts a rated record's charges: the run's ``Ledger``, or a ``Tracer`` that keeps how
/// one record was rated, for the itemized bill (R27) and `explain`.
///
/// The rater is generic over it, so the ledger's calls are inlined and its `classified`/`priced` notes,
/// which do nothing, vanish: the bill run pays nothing for the story.
protocol ChargeTarget {
  func add(subscriber: Int, line: UsageLine, li: Int64, quantity: Int64)
  func draw(slot: Int, subscriber: Int, use: PendingUse)
  /// How a record was classified, once it is sure to be rated (R6–R10).
  func classified(_ c: RatingTrace.Classification)
  /// A part of its price: the rate cell that priced it and its units (R11–R15).
  func priced(_ part: RatingTrace.Part)
}

extension Ledger: ChargeTarget {
  @inline(__always) func classified(_ c: RatingTrace.Classification) {}
  @inline(__always) func priced(_ part: RatingTrace.Part) {}
}

/// How one record was rated: its classification and the parts of its price, before allowances are
/// spent (which depends on the subscriber's other records, R20).
struct RatingTrace: Sendable {
  struct Classification: Sendable {
    /// The numbering plan entry of the peer (R6), after a 17951 prefix is taken off.
    var peerEntry: Int
    var ip: Bool
    /// The cell's zone (R9), 0 for none.
    var zone: Int
    /// `.local`, `.roamingProvincial` or `.roamingNational` (R7), a message's too.
    var place: ChargeKind
    var onNet: Bool
    var inGroup: Bool
  }

  struct Part: Sendable {
    /// The base fee's kind (`local`, roaming, `sms`) or `longDistance`/`ip`.
    var kind: ChargeKind
    var cell: Tariff.RateCell
    var units: Int64
    /// Minutes or messages, as the bill's quantity counts them.
    var quantity: Int64
    /// The allowance slot it draws on, when one does.
    var slot: Int? = nil
    var li: Int64 { units * cell.li }
  }

  var classification: Classification?
  var base: Part?
  var longDistance: Part?
}

/// A ``ChargeTarget`` that keeps one record's ``RatingTrace`` and adds nothing anywhere.
final class Tracer: ChargeTarget {
  var trace = RatingTrace()

  func add(subscriber: Int, line: UsageLine, li: Int64, quantity: Int64) {}
  func draw(slot: Int, subscriber: Int, use: PendingUse) { trace.base?.slot = slot }
  func classified(_ c: RatingTrace.Classification) { trace.classification = c }
  func priced(_ part: RatingTrace.Part) {
    if part.kind.isBaseFee { trace.base = part } else { trace.longDistance = part }
  }
}

extension Rater {
  /// How `r` is rated, without adding it anywhere: its trace, or why it is refused.
  func explain(_ r: CDRRecord, slot: UnsafePointer<MonthSlot>?, order: UInt64) -> Result<RatingTrace, Refusal> {
    let tracer = Tracer()
    if let refusal = rate(r, slot: slot, order: order, into: tracer) { return .failure(refusal) }
    return .success(tracer.trace)
  }
}
