import Testing
@testable import TariffCalcKit

/// A large output's write-out to the disk is started as it is written, a few megabytes at a time, so
/// that the sync before the rename (SPEC 6: an output whole or not at all) has little left to wait for;
/// the bytes are the file's whatever way they came.
@Suite struct AtomicFileTests {
  @Test func writeOutStartsEveryEightMegabytesAndTheBytesAreKept() throws {
    let mib = 1 << 20
    let path = TestSupport.temporaryFolder("atomic-write-out") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    // 8 MiB in writes of 64 KiB: the buffer (1 MiB) goes to the file eight times; at the eighth,
    // 8 × 1 MiB = 8 MiB written, one step: its write-out started.
    let small = [UInt8](repeating: UInt8(ascii: "a"), count: 64 << 10)
    for _ in 0..<(8 * mib / small.count) { try file.write(small) }
    #if os(Linux)
      #expect(file.writeOutStarted == 8 * mib)
    #endif
    // A 9 MiB piece goes to the file at once: 8 + 9 = 17 MiB written, 9 MiB since the last start.
    let piece = [UInt8](repeating: UInt8(ascii: "b"), count: 9 * mib)
    try piece.withUnsafeBytes { try file.write($0) }
    #if os(Linux)
      #expect(file.writeOutStarted == 17 * mib)
    #endif
    // 3 MiB and 5 bytes more: less than a step since the last start, none started (17 MiB still).
    for _ in 0..<(3 * mib / small.count) { try file.write(small) }
    try file.write(Array("12345".utf8))
    #if os(Linux)
      #expect(file.writeOutStarted == 17 * mib)
    #endif
    try file.commit()
    let written = try Inputs.contents(of: path)
    #expect(written.count == 8 * mib + 9 * mib + 3 * mib + 5)
    // Compared as one Bool: a failure prints no 20 MiB arrays.
    let expected = [UInt8](repeating: UInt8(ascii: "a"), count: 8 * mib) + piece
      + [UInt8](repeating: UInt8(ascii: "a"), count: 3 * mib) + Array("12345".utf8)
    let same = written == expected
    #expect(same)
  }
}
