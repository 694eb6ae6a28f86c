import Dispatch
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
@testable import TariffCalcKit

/// The run's two shared primitives: items handed on in their order, and the first error of parallel work.
@Suite struct InOrderTests {
  /// Items arriving as 3, 0, 2, 1, 5, 4 are handed on as 0, 1, 2, 3, 4, 5: 0 at once, then 1 brings 1, 2
  /// and 3, then 5 waits for 4.
  @Test func itemsAreHandedOnInTheirOrder() {
    var order = InOrder<String>()
    var out: [String] = []
    var afterEach: [[String]] = []
    for n in [3, 0, 2, 1, 5, 4] {
      order.add(n, "item \(n)") { out.append($0) }
      afterEach.append(out)
    }
    #expect(out == (0...5).map { "item \($0)" })
    #expect(afterEach.map(\.count) == [0, 1, 1, 4, 4, 6])
    #expect(order.next == 6)
  }

  struct Failure: Error, Equatable { var n: Int }

  @Test func theFirstErrorIsKept() {
    let first = FirstError()
    #expect(first.error == nil)
    #expect(throws: Never.self) { try first.check() }
    first.record(Failure(n: 1))
    first.record(Failure(n: 2))
    #expect(first.error as? Failure == Failure(n: 1))
    #expect(throws: Failure(n: 1)) { try first.check() }
  }
}

/// The bills phase's writer: pieces delivered in any order reach the file in their order, whether
/// written from the caller's buffer (in turn) or kept (early); bill counts and totals are summed.
@Suite struct OrderedWriterTests {
  /// A buffer holding `bytes`.
  static func buffer(_ bytes: [UInt8]) -> ByteBuffer {
    var buffer = ByteBuffer(capacity: bytes.count)
    fill(&buffer, with: bytes)
    return buffer
  }

  /// `buffer` emptied, then holding `bytes`.
  static func fill(_ buffer: inout ByteBuffer, with bytes: [UInt8]) {
    buffer.count = 0
    bytes.withUnsafeBytes { b in buffer.write(room: b.count) { $0.bytes(b) } }
  }

  @Test func piecesReachTheFileInTheirOrder() throws {
    let path = TestSupport.temporaryFolder("ordered") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    let writer = OrderedWriter(file: file, ahead: 2)
    // Piece k is k + 1 copies of the letter a + k; piece 3 is 2 MiB (past the file's 1 MiB buffer).
    func bytes(_ k: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "a") + UInt8(k), count: k == 3 ? 2 << 20 : k + 1) }
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
    totals[LineCode.local.rawValue] = 100
    // 2 and 3 come early and are kept (their buffers too: the caller gets an empty one back); 0 is in
    // turn and stays the caller's; 1 is in turn and brings 2 and 3; 4 is in turn.
    var kept: [Int] = []
    for k in [2, 3, 0, 1, 4] {
      var buffer = OrderedWriterTests.buffer(bytes(k))
      let given = buffer.base
      writer.deliver(piece: k, bytes: &buffer, count: k, totals: totals)
      if buffer.base != given {
        kept.append(k)
        #expect(buffer.count == 0)
      } else {
        #expect(buffer.count == bytes(k).count)
      }
      buffer.free()
    }
    #expect(kept == [2, 3])
    let (count, byCode) = try writer.result()
    #expect(count == 0 + 1 + 2 + 3 + 4)
    #expect(byCode == [.local: 5 * 100])
    try file.finish()
    try file.publish()
    let written = try Inputs.contents(of: path)
    // Compared as one Bool: a failure prints no 2 MiB arrays.
    let inOrder = written == (0...4).flatMap(bytes)
    #expect(written.count == 1 + 2 + 3 + (2 << 20) + 5)
    #expect(inOrder)
  }

  /// Four threads deliver 400 pieces of 1 to 60,000 bytes, taken in turn, each eight backwards (so that
  /// most come early and are kept): each written once, in order, whoever writes it (the file is the
  /// pieces one after the other).
  @Test func piecesFromManyThreadsReachTheFileInTheirOrder() throws {
    let path = TestSupport.temporaryFolder("ordered-threads") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    let writer = OrderedWriter(file: file, ahead: 8)
    let pieces = 400
    // Piece k: its number in 4 bytes, then (k × 7919 mod 60,000) − 3 bytes of k's last byte, at least 1 in all.
    @Sendable func bytes(_ k: Int) -> [UInt8] {
      let head = withUnsafeBytes(of: UInt32(k).littleEndian) { Array($0) }
      return Array((head + [UInt8](repeating: UInt8(truncatingIfNeeded: k), count: max(0, k * 7919 % 60000 - 3))).prefix(max(1, k * 7919 % 60000)))
    }
    let next = Atomic<Int>(0)
    let keptCount = Atomic<Int>(0)
    let totals = [Int64](repeating: 1, count: LineCode.allCases.count)
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      var buffer = ByteBuffer(capacity: 64)
      defer { buffer.free() }
      while true {
        let taken = next.wrappingAdd(1, ordering: .relaxed).oldValue
        guard taken < pieces else { return }
        let k = taken / 8 * 8 + 7 - taken % 8  // 7, 6, …, 0, 15, 14, …: most pieces come early
        OrderedWriterTests.fill(&buffer, with: bytes(k))
        let given = buffer.base
        writer.deliver(piece: k, bytes: &buffer, count: 1, totals: totals)
        if buffer.base != given { keptCount.wrappingAdd(1, ordering: .relaxed) }
      }
    }
    let (count, byCode) = try writer.result()
    #expect(count == pieces)
    #expect(byCode[.local] == Int64(pieces))
    try file.finish()
    try file.publish()
    let written = try Inputs.contents(of: path)
    let inOrder = written == (0..<pieces).flatMap(bytes)
    #expect(inOrder)
    // Pieces were kept on the way (how many depends on the threads' timing: a piece delivered after those
    // before it is written at once; for none of the 50 first-taken pieces to be kept, each one's thread would
    // have to stall while seven later pieces are made and written).
    #expect(keptCount.load(ordering: .relaxed) > 0)
  }

  /// What the two threads of ``aWorkerTooFarAheadWaitsForTheWriter()`` share.
  final class AheadShared: Sendable {
    let zeroDelivered = Atomic<Bool>(false)
    let results = Mutex<[String]>([])
    let oneDelivered = DispatchSemaphore(value: 0)
    let finished = DispatchSemaphore(value: 0)
  }

  /// At most `ahead` pieces wait: with 1, piece 2 delivered while 1 waits for 0 is held back until 0
  /// comes (then kept or written by its own worker, as the writer has got on), and written after 0 and 1.
  @Test func aWorkerTooFarAheadWaitsForTheWriter() throws {
    let path = TestSupport.temporaryFolder("ordered-ahead") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    let writer = OrderedWriter(file: file, ahead: 1)
    let totals = [Int64](repeating: 0, count: LineCode.allCases.count)
    let shared = AheadShared()
    // A thread of its own (not a pool's, which might run both sides on one thread): pieces 1 and 2.
    Thread {
      var one = OrderedWriterTests.buffer(Array("1".utf8))
      let given1 = one.base
      writer.deliver(piece: 1, bytes: &one, count: 1, totals: totals)
      shared.oneDelivered.signal()
      var two = OrderedWriterTests.buffer(Array("2".utf8))
      writer.deliver(piece: 2, bytes: &two, count: 1, totals: totals)
      let after0 = shared.zeroDelivered.load(ordering: .acquiring)
      shared.results.withLock {
        $0.append("1 kept: \(one.base != given1)")
        $0.append("2 delivered after 0: \(after0)")
      }
      one.free()
      two.free()
      shared.finished.signal()
    }.start()
    // Piece 0, once 1 is kept and while 2 waits (or, on a thread held up that long, before 2 comes).
    shared.oneDelivered.wait()
    usleep(50_000)
    var zero = OrderedWriterTests.buffer(Array("0".utf8))
    shared.zeroDelivered.store(true, ordering: .releasing)
    writer.deliver(piece: 0, bytes: &zero, count: 1, totals: totals)
    zero.free()
    shared.finished.wait()
    #expect(shared.results.withLock { $0 } == ["1 kept: true", "2 delivered after 0: true"])
    #expect(try writer.result().0 == 3)
    try file.finish()
    try file.publish()
    #expect(try Inputs.contents(of: path) == Array("012".utf8))
  }

  /// A write that fails ends the waiting: with 1 piece kept (2) and one more (3) waiting for room, piece 0's
  /// write fails and piece 1 never comes (its worker saw the failure and stopped): the waiting worker
  /// returns, and the result is the failure.
  @Test func aFailedWriteEndsTheWaiting() throws {
    let path = TestSupport.temporaryFolder("ordered-failed") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    file.abandon()  // its descriptor closed: the next write to the file fails (EBADF)
    let writer = OrderedWriter(file: file, ahead: 1)
    let totals = [Int64](repeating: 0, count: LineCode.allCases.count)
    let shared = AheadShared()
    Thread {
      var two = OrderedWriterTests.buffer(Array("2".utf8))
      writer.deliver(piece: 2, bytes: &two, count: 1, totals: totals)
      shared.oneDelivered.signal()
      var three = OrderedWriterTests.buffer(Array("3".utf8))
      writer.deliver(piece: 3, bytes: &three, count: 1, totals: totals)
      two.free()
      three.free()
      shared.finished.signal()
    }.start()
    shared.oneDelivered.wait()
    usleep(50_000)  // piece 3 waits for room meanwhile
    // 2 MiB: past the file's 1 MiB buffer, written at once, and failing.
    var zero = OrderedWriterTests.buffer([UInt8](repeating: UInt8(ascii: "0"), count: 2 << 20))
    writer.deliver(piece: 0, bytes: &zero, count: 1, totals: totals)
    zero.free()
    #expect(writer.failed)
    #expect(shared.finished.wait(timeout: .now() + 10) == .success, "the worker with piece 3 still waits")
    #expect(throws: FileError.self) { try writer.result() }
  }
}
