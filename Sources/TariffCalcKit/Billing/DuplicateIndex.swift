/// The fingerprint of a record for R24: what makes two records the same call.
///
/// 128 bits of two independent hashes of the record's key, of which the index keeps 88: the chance
/// that two different records of a run share them is about n² / 2⁸⁹ (10⁻¹³ for ten million voice
/// records, 10⁻⁸ for two billion). Voice keys (R24 c) and record ids (R24 b) are hashed apart, so that
/// they never meet.
struct RecordFingerprint: Sendable, Equatable {
  var high: UInt64
  /// Only the top 24 bits count.
  var low: UInt64

  /// R24 (c): subscriber, direction, peer, start and duration of a voice record.
  @inline(__always)
  static func voice(subscriber: UInt64, mo: Bool, peer: ByteView, time: Int64, duration: Int) -> RecordFingerprint {
    var h = Hasher128(tag: 0x5643)  // "VC"
    h.mix(subscriber)
    h.mix(UInt64(bitPattern: time) << 1 | (mo ? 1 : 0))
    h.mix(UInt64(duration) << 8 | UInt64(peer.count))
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
    var shift: UInt64 = 0
    while i < bytes.count {
      last |= UInt64(bytes[i]) << shift
      shift &+= 8
      i &+= 1
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
    RecordFingerprint(high: Hasher128.fold(a ^ (b >> 29)) | 1, low: Hasher128.fold(b ^ (a >> 31)))
  }
}

/// Every fingerprint of a run's records with the position of its first copy (R24).
///
/// An open-addressing table of 16-byte slots: 64 bits of fingerprint (never zero: zero marks an empty
/// slot), then 24 more bits of it and 40 bits of the first copy's ordinal (its line among all the lines
/// of the run). One thread at a time uses it: the run's workers take turns in input order
/// (``DuplicateGate``), so that the first copy is the first in the files' order whatever the workers.
/// - Complexity: O(1) expected per record; memory 16 bytes a slot, the table kept at most 7/8 full.
struct DuplicateIndex {
  private var memory: LargeMemory
  private var slots: UnsafeMutablePointer<(UInt64, UInt64)>
  private var capacity: Int
  private var shift: UInt64
  private(set) var count = 0

  static let ordinalBits: UInt64 = 40
  static let ordinalMask: UInt64 = (1 << ordinalBits) - 1
  /// The most lines a run may have.
  static let maxOrdinal = ordinalMask

  /// A table for about `expected` records.
  init(expected: Int) {
    capacity = 1 << 10
    while capacity * 7 / 8 < expected { capacity <<= 1 }
    shift = UInt64(64 - capacity.trailingZeroBitCount)
    memory = LargeMemory(bytes: capacity * 16)
    slots = memory.base.bindMemory(to: (UInt64, UInt64).self, capacity: capacity)  // zero: every slot empty
  }

  /// Frees the slots (the index is a value, but its memory is freed once, by the run that made it).
  func free() { memory.free() }

  var bytes: Int { capacity * 16 }

  @inline(__always)
  private func home(_ fp: RecordFingerprint) -> Int { Int(truncatingIfNeeded: fp.high >> shift) }

  /// Reads the slot a fingerprint starts from, so that a batch of lookups can have their cache misses
  /// at once (the caller sums what it gets and throws it away).
  @inline(__always)
  func touch(_ fp: RecordFingerprint) -> UInt64 { slots[home(fp)].0 }

  /// The ordinal of the first record with this fingerprint, or `nil` after recording `ordinal` as it.
  @inline(__always)
  mutating func firstOrdinal(of fp: RecordFingerprint, ordinal: UInt64) -> UInt64? {
    let tag = fp.low & ~DuplicateIndex.ordinalMask
    var i = home(fp)
    let mask = capacity - 1
    while true {
      let slot = slots[i]
      if slot.0 == 0 { break }
      if slot.0 == fp.high, slot.1 & ~DuplicateIndex.ordinalMask == tag { return slot.1 & DuplicateIndex.ordinalMask }
      i = (i + 1) & mask
    }
    slots[i] = (fp.high, tag | ordinal)
    count += 1
    if count > capacity / 8 * 7 { grow() }
    return nil
  }

  private mutating func grow() {
    let old = slots
    let oldMemory = memory
    let oldCapacity = capacity
    capacity <<= 1
    shift -= 1
    memory = LargeMemory(bytes: capacity * 16)
    slots = memory.base.bindMemory(to: (UInt64, UInt64).self, capacity: capacity)
    let mask = capacity - 1
    for k in 0..<oldCapacity where old[k].0 != 0 {
      var i = Int(truncatingIfNeeded: old[k].0 >> shift)
      while slots[i].0 != 0 { i = (i + 1) & mask }
      slots[i] = old[k]
    }
    oldMemory.free()
  }
}
