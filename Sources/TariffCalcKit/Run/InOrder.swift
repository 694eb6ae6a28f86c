/// Items numbered 0, 1, 2, … that arrive in any order, handed on in their order: the units of a run
/// (``Collector``).
struct InOrder<Item> {
  private var waiting: [Int: Item] = [:]
  /// The number of the next item to hand on.
  private(set) var next = 0

  /// Keeps item `number` until every item before it has been handed on, then hands on it and those
  /// after it that are waiting.
  mutating func add(_ number: Int, _ item: Item, handOn: (Item) throws -> Void) rethrows {
    waiting[number] = item
    while let ready = waiting.removeValue(forKey: next) {
      next += 1
      try handOn(ready)
    }
  }
}
