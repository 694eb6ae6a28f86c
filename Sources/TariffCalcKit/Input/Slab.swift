/// Storage for values indexed from 0, allocated once and grown by doubling, every slot holding a value.
///
/// The per-line storage of a worker: no bounds, uniqueness or copy-on-write check per access.
struct Slab<Element> {
  private var base: UnsafeMutablePointer<Element>
  private var capacity = 0
  private let filler: Element

  init(filler: Element) {
    self.filler = filler
    base = .allocate(capacity: 1)
    base.initialize(to: filler)
    capacity = 1
  }

  /// Makes room for indexes `0..<n`.
  mutating func reserve(_ n: Int) {
    guard n > capacity else { return }
    var grown = capacity
    while grown < n { grown *= 2 }
    let bigger = UnsafeMutablePointer<Element>.allocate(capacity: grown)
    bigger.moveInitialize(from: base, count: capacity)
    (bigger + capacity).initialize(repeating: filler, count: grown - capacity)
    base.deallocate()
    base = bigger
    capacity = grown
  }

  /// Frees the storage; the slab is not used after.
  func free() {
    base.deinitialize(count: capacity)
    base.deallocate()
  }

  /// Where slot `i` is: to write a value in place, not build it and copy it in.
  @inline(__always)
  func pointer(_ i: Int) -> UnsafeMutablePointer<Element> {
    #if TARIFFCALC_CHECKS
      precondition(i >= 0 && i < capacity, "slot \(i) of \(capacity)")
    #endif
    return base + i
  }

  @inline(__always)
  subscript(i: Int) -> Element {
    get {
      #if TARIFFCALC_CHECKS
        precondition(i >= 0 && i < capacity, "slot \(i) of \(capacity)")
      #endif
      return base[i]
    }
    nonmutating set {
      #if TARIFFCALC_CHECKS
        precondition(i >= 0 && i < capacity, "slot \(i) of \(capacity)")
      #endif
      base[i] = newValue
    }
  }
}

/// The lines of a unit, held by the reader that read them: appended without an array's uniqueness and
/// capacity checks, valid together until the reader's next unit.
public struct LineList: RandomAccessCollection {
  private var slab = Slab<Line>(filler: Line(bytes: ByteView(), offset: 0, end: 0, number: 0, terminated: true,
                                             crlf: false, tooLong: false))
  private var capacity = 1
  public private(set) var count = 0

  public var startIndex: Int { 0 }
  public var endIndex: Int { count }

  @inline(__always)
  public subscript(i: Int) -> Line { slab[i] }

  @inline(__always)
  mutating func append(_ line: Line) {
    if count == capacity {
      capacity *= 2
      slab.reserve(capacity)
    }
    slab[count] = line
    count += 1
  }

  mutating func removeAll() { count = 0 }

  /// Frees the storage; the list is not used after.
  func free() { slab.free() }
}
