import Testing
@testable import TariffCalcKit

/// The duplicate index of R24 on its own: every fingerprint keeps its first ordinal through growth and
/// wrap-around, and a run sized in advance holds a voice record in at most 16 bytes.
@Suite struct DuplicateIndexTests {
  /// Fingerprints of a fixed seed (splitmix64), distinct.
  static func fingerprints(_ n: Int, seed: UInt64) -> [RecordFingerprint] {
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    return (0..<n).map { _ in RecordFingerprint(high: next(), low: next()) }
  }

  /// An index foreseen for 1,000 entries given 50,000 grows (1,250 slots × 1.5 … ) and forgets none: each
  /// fingerprint, given again, answers the ordinal it was first recorded with.
  @Test func growingKeepsEveryFirstOrdinal() {
    let fps = Self.fingerprints(50_000, seed: 7)
    var index = DuplicateIndex(expected: 1_000)
    defer { index.free() }
    for (k, fp) in fps.enumerated() { #expect(index.firstOrdinal(of: fp, ordinal: UInt64(k)) == nil) }
    #expect(index.count == 50_000)
    var wrong = 0
    for (k, fp) in fps.enumerated() where index.firstOrdinal(of: fp, ordinal: 999_999) != UInt64(k) { wrong += 1 }
    #expect(wrong == 0)
    #expect(index.count == 50_000)
  }

  /// Fingerprints whose first word is near 2⁶⁴ all start at the last slot: they wrap to slot 0 and on,
  /// and are found there. A first word of 0 (the empty mark) is kept as 1.
  @Test func theLastSlotWrapsToTheFirst() {
    var index = DuplicateIndex(expected: 1_000)
    defer { index.free() }
    let high = (0..<10).map { RecordFingerprint(high: UInt64.max - UInt64($0), low: 0) }
    for (k, fp) in high.enumerated() { #expect(index.firstOrdinal(of: fp, ordinal: UInt64(k)) == nil) }
    for (k, fp) in high.enumerated() { #expect(index.firstOrdinal(of: fp, ordinal: 99) == UInt64(k)) }
    #expect(index.firstOrdinal(of: RecordFingerprint(high: 0, low: 0), ordinal: 10) == nil)
    #expect(index.firstOrdinal(of: RecordFingerprint(high: 1, low: 0), ordinal: 11) == 10)
  }

  /// The largest ordinal is kept whole: 2³² − 1.
  @Test func theLargestOrdinalIsKept() {
    var index = DuplicateIndex(expected: 10)
    defer { index.free() }
    let fp = RecordFingerprint(high: 12345, low: 0)
    #expect(index.firstOrdinal(of: fp, ordinal: DuplicateIndex.maxOrdinal) == nil)
    #expect(index.firstOrdinal(of: fp, ordinal: 0) == 4_294_967_295)
  }

  /// Sized for the records it gets, the index spends at most 16 bytes on each: 12-byte slots at 4/5 full
  /// is 12 × 5/4 = 15 bytes a record (the aim is 16).
  @Test func aForeseenRunCostsAtMostSixteenBytesARecord() {
    let n = 200_000
    var index = DuplicateIndex(expected: n)
    defer { index.free() }
    for (k, fp) in Self.fingerprints(n, seed: 11).enumerated() { _ = index.firstOrdinal(of: fp, ordinal: UInt64(k)) }
    #expect(index.bytes <= 16 * n)
    #expect(index.bytes == 12 * (n / 4 * 5))  // 12 × 250,000 = 3,000,000
  }
}

/// What `tariffcalc bench` prints of the index: its size and its bytes per fingerprint to a tenth.
@Suite struct BenchIndexLineTests {
  /// 89,661,615 bytes for 5,977,441 fingerprints: 15.0000… bytes each, 85 MB (89,661,615 >> 20 = 85);
  /// 1,000 bytes for 3: 333.33… → 333.3; 1,000 for 6: 166.66… → 166.7.
  @Test(arguments: [(89_661_615, 5_977_441, "5,977,441 fingerprints in 85 MB, 15.0 bytes each"),
                    (1_000, 3, "3 fingerprints in 0 MB, 333.3 bytes each"),
                    (1_000, 6, "6 fingerprints in 0 MB, 166.7 bytes each")])
  func theIndexLine(bytes: Int, records: Int, line: String) {
    let measure = Benchmark.Measure(jobs: 1, times: [.seconds(1)], records: 10, bytes: 100,
                                    duplicateIndex: (bytes, records))
    let report = Benchmark.Report(dataFolder: "d", generated: false, loadTime: .zero, measures: [measure], peakKilobytes: 0)
    #expect(report.text.contains("  duplicate index (R24): \(line)\n"), "\(report.text)")
  }
}

/// A view's bytes are mixed eight at a time, the last ones in one load from the view's end when it has
/// eight bytes or more (issue 14): the same fingerprint as the bytes mixed one at a time, at every length
/// and at every place in a buffer.
@Suite struct FingerprintBytesTests {
  static func byteByByte(_ bytes: ArraySlice<UInt8>, tag: UInt64) -> RecordFingerprint {
    var h = Hasher128(tag: tag)
    var words: [UInt64] = []
    var word: UInt64 = 0
    var shift: UInt64 = 0
    for b in bytes {
      word |= UInt64(b) << shift
      shift += 8
      if shift == 64 {
        words.append(word)
        word = 0
        shift = 0
      }
    }
    for w in words { h.mix(w) }
    h.mix(word)
    return h.finish()
  }

  @Test func sameAsByteByByte() {
    var rng = SplitMix64(seed: 24)
    let buffer = (0..<96).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    ByteView.with(buffer) { all in
      for start in 0..<16 {
        for count in 0...(buffer.count - start) {
          var h = Hasher128(tag: 0x5643)
          h.mix(all.unchecked(start, count))
          #expect(h.finish() == Self.byteByByte(buffer[start..<(start + count)], tag: 0x5643), "\(start) \(count)")
        }
      }
    }
  }
}

/// The index's memory is written before any lookup in it, chunk by chunk, by the first unit's worker and
/// by workers waiting for their turns (issue 14): every shard's chunks are all written when a unit's turn
/// in it comes.
@Suite struct DuplicateGateChunkTests {
  /// A run of 64 MiB whose first unit of 4 MiB holds 200,000 fingerprints: 200,000 × 64 / 4 = 3,200,000
  /// foreseen, 200,000 a shard, 250,000 slots of 12 bytes = 3,000,000 bytes a shard, 2 chunks of 2 MiB
  /// (2,097,152 and 902,848 bytes).
  @Test func everyChunkOfAShardIsWrittenBeforeItsFirstLookup() {
    let gate = DuplicateGate(lineBase: [1], totalBytes: 64 << 20)
    var seen: [(count: Int, written: Int)] = []
    #expect(gate.number(unit: 0, input: 0, lines: 10) != nil)
    let passed = gate.lookUp(unit: 0, fingerprints: 200_000, bytes: 4 << 20) { s, _ in seen.append(gate.chunks(ofShard: s)) }
    #expect(passed)
    #expect(seen.count == DuplicateGate.shardCount)
    #expect(seen.allSatisfy { $0.count == 2 && $0.written == 2 })
  }

  /// A second worker waits for unit 1's turns (writing chunks meanwhile) while unit 0 takes its own: the
  /// two write the 32 chunks between them, and unit 1's lookups find every shard written.
  @Test func aSecondWorkersLookupsFindEveryShardWritten() async {
    let gate = DuplicateGate(lineBase: [1], totalBytes: 64 << 20)
    #expect(gate.number(unit: 0, input: 0, lines: 10) != nil)
    async let second: [(count: Int, written: Int)] = {
      #expect(gate.number(unit: 1, input: 0, lines: 10) != nil)
      var seen: [(count: Int, written: Int)] = []
      _ = gate.lookUp(unit: 1, fingerprints: 0, bytes: 4 << 20) { s, _ in seen.append(gate.chunks(ofShard: s)) }
      return seen
    }()
    _ = gate.lookUp(unit: 0, fingerprints: 200_000, bytes: 4 << 20) { _, _ in }
    let seen = await second
    #expect(seen.count == DuplicateGate.shardCount)
    #expect(seen.allSatisfy { $0.count == 2 && $0.written == 2 })
  }
}
