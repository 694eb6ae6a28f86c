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
