import Testing
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
  @Test func piecesReachTheFileInTheirOrder() throws {
    let path = TestSupport.temporaryFolder("ordered") + "/bills.jsonl"
    let file = try AtomicFile(path: path)
    let writer = OrderedWriter(file: file)
    // Piece k is k + 1 copies of the letter a + k; piece 3 is 2 MiB (past the file's 1 MiB buffer).
    func bytes(_ k: Int) -> [UInt8] { [UInt8](repeating: UInt8(ascii: "a") + UInt8(k), count: k == 3 ? 2 << 20 : k + 1) }
    var totals = [Int64](repeating: 0, count: LineCode.allCases.count)
    totals[LineCode.local.rawValue] = 100
    // 2 and 3 come early and are kept; 0 is in turn; 1 is in turn and brings 2 and 3; 4 is in turn.
    for k in [2, 3, 0, 1, 4] {
      bytes(k).withUnsafeBytes { writer.deliver(piece: k, bytes: $0, count: k, totals: totals) }
    }
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
}
