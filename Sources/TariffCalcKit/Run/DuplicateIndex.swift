/// The fingerprint of a record for R24: what makes two records the same call.
///
/// 128 bits of two independent hashes of the record's key, of which the index compares 68
/// (``DuplicateIndex``). Voice keys (R24 c) and record ids (R24 b) are hashed apart, so that
/// they never meet.
struct RecordFingerprint: Sendable, Equatable {
  var high: UInt64
  /// Only the low bits that choose the shard count (``DuplicateGate/shard(of:)``).
  var low: UInt64

  /// R24 (c): subscriber, direction, peer, start and duration of a voice record.
  ///
  /// The subscriber (11 digits: below 2³⁷), the direction, the peer's length (at most 24) and the duration
  /// (at most 86400) are one word, bits 0–36, 37, 38–42 and 43 on: fewer words to mix, none two ways.
  @inline(__always)
  static func voice(subscriber: UInt64, mo: Bool, peer: ByteView, time: Int64, duration: Int) -> RecordFingerprint {
    #if TARIFFCALC_CHECKS
      precondition(subscriber < 1 << 37 && peer.count < 32 && duration >= 0 && duration < 1 << 21, "a voice key out of its bounds")
    #endif
    var h = Hasher128(tag: 0x5643)  // "VC"
    h.mix(subscriber | (mo ? 1 << 37 : 0) | UInt64(peer.count) << 38 | UInt64(duration) << 43)
    h.mix(UInt64(bitPattern: time))
    h.mix(peer)
    return h.finish()
  }

  /// R24 (b): the switch's record id.
  @inline(__always)
  static func recordID(_ id: ByteView) -> RecordFingerprint {
    var h = Hasher128(tag: 0x4944)  // "ID"
    h.mix(UInt64(id.count))
    h.mix(id)
    return h.finish()
  }
}

/// Two lanes of a multiply-xorshift hash (64-bit words in, 128 bits out); not for adversaries, for
/// telling records apart.
struct Hasher128 {
  private var a: UInt64
  private var b: UInt64

  @inline(__always)
  init(tag: UInt64) {
    a = 0x9E37_79B9_7F4A_7C15 ^ tag
    b = 0xC2B2_AE3D_27D4_EB4F &+ tag
  }

  @inline(__always)
  mutating func mix(_ w: UInt64) {
    a = Hasher128.fold((a ^ w) &* 0xBF58_476D_1CE4_E5B9)
    b = Hasher128.fold((b &+ w) &* 0x94D0_49BB_1331_11EB)
  }

  /// Every byte of a view, eight at a time, the last word padded with zeros (the length is mixed by the caller).
  @inline(__always)
  mutating func mix(_ bytes: ByteView) {
    var i = 0
    while i &+ 8 <= bytes.count {
      mix(bytes.word(at: i))
      i &+= 8
    }
    var last: UInt64 = 0
    let rest = bytes.count &- i
    if rest > 0, bytes.count >= 8 {
      // The last `rest` bytes in one load: the word ending at the view's end, shifted down.
      last = bytes.word(at: bytes.count &- 8) &>> UInt64(8 &* (8 &- rest))
    } else {
      var shift: UInt64 = 0
      while i < bytes.count {
        last |= UInt64(bytes[i]) << shift
        shift &+= 8
        i &+= 1
      }
    }
    mix(last)
  }

  @inline(__always)
  private static func fold(_ x: UInt64) -> UInt64 {
    let p = x.multipliedFullWidth(by: 0xD6E8_FEB8_6659_FD93)
    return p.high ^ p.low
  }

  @inline(__always)
  func finish() -> RecordFingerprint {
    RecordFingerprint(high: Hasher128.fold(a ^ (b >> 29)), low: Hasher128.fold(b ^ (a >> 31)))
  }
}

/// Every fingerprint of a run's records with the position of its first copy (R24), in one shard of the run.
///
/// An open-addressing table (linear probing) of 12-byte slots: 64 bits of fingerprint (never zero: zero
/// marks an empty slot) and the 32-bit ordinal of the first copy (its line among all the lines of the
/// run). The shard a fingerprint falls in (``DuplicateGate/shard(of:)``) is 4 more bits of it, so that
/// two records count as one call when 68 bits of their fingerprints agree: for n voice records the odds
/// of one false duplicate in a run are about n² / 2⁶⁹ (2·10⁻⁷ for ten million, 2·10⁻³ for a billion).
/// The slot a fingerprint starts from is `fingerprint × capacity / 2⁶⁴`, so any capacity works: the
/// table is sized for the run (``init(expected:)``) and grows by half when it is 7/8 full.
/// One thread at a time uses it: the run's workers take turns in input order (``DuplicateGate``), so
/// that the first copy is the first in the files' order whatever the workers.
/// - Complexity: O(1) expected per record; memory 12 bytes a slot, about 15 bytes a record when the
///   size was foreseen (at 4/5 full).
struct DuplicateIndex {
  /// The slots' memory; made with `written: false`, its chunks are to be written before the first lookup.
  private(set) var memory: LargeMemory
  private var slots: UnsafeMutableRawPointer
  private var capacity: Int
  private(set) var count = 0
  private var limit: Int

  static let slotBytes = 12
  /// The most lines a run may have (the ordinal is kept in 32 bits).
  static let maxOrdinal = UInt64(UInt32.max)

  /// A table for about `expected` records, at 4/5 full.
  /// - Parameter written: whether its memory's pages are written now (``LargeMemory/init(bytes:written:)``);
  ///   `false`: every chunk of ``memory`` must be written before the table is used.
  init(expected: Int, written: Bool = true) {
    capacity = max(1024, expected / 4 * 5)
    limit = capacity / 8 * 7
    memory = LargeMemory(bytes: capacity * DuplicateIndex.slotBytes, written: written)
    slots = memory.base  // zero: every slot empty
  }

  /// Frees the slots (the index is a value, but its memory is freed once, by the run that made it).
  func free() { memory.free() }

  var bytes: Int { capacity * DuplicateIndex.slotBytes }

  /// What the table compares: a fingerprint's first word, never zero.
  @inline(__always)
  static func key(_ fp: RecordFingerprint) -> UInt64 { fp.high == 0 ? 1 : fp.high }

  @inline(__always)
  private static func home(_ key: UInt64, capacity: Int) -> Int {
    Int(truncatingIfNeeded: key.multipliedFullWidth(by: UInt64(capacity)).high)
  }

  @inline(__always)
  private func keyAt(_ i: Int) -> UInt64 {
    slots.loadUnaligned(fromByteOffset: i &* DuplicateIndex.slotBytes, as: UInt64.self)
  }

  @inline(__always)
  private func ordinalAt(_ i: Int) -> UInt32 {
    slots.load(fromByteOffset: i &* DuplicateIndex.slotBytes &+ 8, as: UInt32.self)
  }

  @inline(__always)
  private static func put(_ key: UInt64, _ ordinal: UInt32, at i: Int, in slots: UnsafeMutableRawPointer) {
    slots.storeBytes(of: key, toByteOffset: i &* slotBytes, as: UInt64.self)
    slots.storeBytes(of: ordinal, toByteOffset: i &* slotBytes &+ 8, as: UInt32.self)
  }

  /// Reads the slot a fingerprint starts from, so that a batch of lookups can have their cache misses
  /// at once (the caller sums what it gets and throws it away).
  @inline(__always)
  func touch(_ fp: RecordFingerprint) -> UInt64 {
    keyAt(DuplicateIndex.home(DuplicateIndex.key(fp), capacity: capacity))
  }

  /// The ordinal of the first record with this fingerprint, or `nil` after recording `ordinal` as it.
  /// - Precondition: `ordinal <= maxOrdinal` (``DuplicateGate`` refuses a run of more lines).
  @inline(__always)
  mutating func firstOrdinal(of fp: RecordFingerprint, ordinal: UInt64) -> UInt64? {
    let key = DuplicateIndex.key(fp)
    var i = DuplicateIndex.home(key, capacity: capacity)
    while true {
      let k = keyAt(i)
      if k == 0 { break }
      if k == key { return UInt64(ordinalAt(i)) }
      i &+= 1
      if i == capacity { i = 0 }
    }
    DuplicateIndex.put(key, UInt32(truncatingIfNeeded: ordinal), at: i, in: slots)
    count += 1
    if count > limit { grow() }
    return nil
  }

  private mutating func grow() {
    let old = slots
    let oldMemory = memory
    let oldCapacity = capacity
    capacity += capacity / 2
    limit = capacity / 8 * 7
    memory = LargeMemory(bytes: capacity * DuplicateIndex.slotBytes)
    slots = memory.base
    for k in 0..<oldCapacity {
      let key = old.loadUnaligned(fromByteOffset: k * DuplicateIndex.slotBytes, as: UInt64.self)
      guard key != 0 else { continue }
      var i = DuplicateIndex.home(key, capacity: capacity)
      while keyAt(i) != 0 {
        i += 1
        if i == capacity { i = 0 }
      }
      DuplicateIndex.put(key, old.load(fromByteOffset: k * DuplicateIndex.slotBytes + 8, as: UInt32.self), at: i, in: slots)
    }
    oldMemory.free()
  }
}
