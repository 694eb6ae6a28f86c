/// The numbering plan's longest-prefix lookup (R6) and the cell zones' (R9) as the rater asks them, in
/// flat tables made once a month: a peer's first four digits, or a cell's first two bytes, index a table
/// that answers at once for most records; the rest of the question goes on as the catalog's own lookup.
///
/// Each answer is the catalog's: ``NumberingPlan/lookupIndex(_:)`` and ``CellZones/zone(ofCell:)``
/// (`PeerAndCellLookupTests` compares them on every table entry and on the sample's records).
/// Read by every worker at once through raw pointers, never changed.
final class PeerAndCellLookup: @unchecked Sendable {
  // Sendable: built in init, then only read.

  /// Per four digits d (0000–9999): the entry of the longest prefix of at most four digits of d, or -1.
  let peerBest: UnsafeMutablePointer<Int32>
  /// Per four digits: the trie node below them (a longer prefix starts with them), or 0 for none.
  let peerNode: UnsafeMutablePointer<Int32>
  /// The digit trie of the prefixes: node i's children are `trie[i * 10 + digit]`, 0 for none.
  let trie: UnsafeMutablePointer<Int32>
  /// The entry index + 1 of the prefix ending at each node, 0 for none.
  let terminal: UnsafeMutablePointer<Int32>
  /// Per first two bytes of a cell (b0 | b1 << 8): its zone, or `cellLongerPrefix` when a prefix longer
  /// than two bytes begins with them (then the catalog's lookup answers).
  let cellZone: UnsafeMutablePointer<UInt8>
  static let cellLongerPrefix: UInt8 = 255

  init(numbering: NumberingPlan, cells: CellZones) {
    // The trie, as NumberingPlan builds it: an entry's prefix ends at the node its digits lead to.
    var trie = [Int32](repeating: 0, count: 10)
    var terminal: [Int32] = [0]
    for (index, entry) in numbering.entries.enumerated() {
      var node = 0
      for byte in entry.prefix.utf8 {
        let slot = node * 10 + Int(byte - UInt8(ascii: "0"))
        if trie[slot] == 0 {
          trie[slot] = Int32(terminal.count)
          terminal.append(0)
          trie.append(contentsOf: repeatElement(0, count: 10))
        }
        node = Int(trie[slot])
      }
      terminal[node] = Int32(index + 1)  // a prefix given twice: the catalog refuses it; the last one wins there too
    }
    var peerBest = [Int32](repeating: -1, count: 10_000)
    var peerNode = [Int32](repeating: 0, count: 10_000)
    for d in 0..<10_000 {
      var node = 0
      var best: Int32 = -1
      var divisor = 1000
      while divisor > 0 {
        let digit = d / divisor % 10
        divisor /= 10
        node = Int(trie[node * 10 + digit])
        if node == 0 { break }
        if terminal[node] != 0 { best = terminal[node] - 1 }
      }
      peerBest[d] = best
      peerNode[d] = Int32(node)
    }
    // Cells: first bytes that begin a prefix of three bytes or more; then every two-byte start's zone.
    var longer = Set<Int>()
    var firstBytes = Set<UInt8>()
    for zone in cells.zones {
      for prefix in zone.prefixes {
        let bytes = Array(prefix.utf8)
        firstBytes.insert(bytes[0])
        if bytes.count > 2 { longer.insert(Int(bytes[0]) | Int(bytes[1]) << 8) }
      }
    }
    var cellZone = [UInt8](repeating: 0, count: 65_536)
    for b0 in firstBytes {
      for b1 in 0...255 {
        let key = Int(b0) | b1 << 8
        cellZone[key] = longer.contains(key) ? PeerAndCellLookup.cellLongerPrefix
          : UInt8(cells.zone(ofCell: [b0, UInt8(b1)]))
      }
    }
    func copy<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
      let p = UnsafeMutablePointer<T>.allocate(capacity: values.count)
      p.initialize(from: values, count: values.count)
      return p
    }
    self.peerBest = copy(peerBest)
    self.peerNode = copy(peerNode)
    self.trie = copy(trie)
    self.terminal = copy(terminal)
    self.cellZone = copy(cellZone)
  }

  deinit {
    peerBest.deallocate()
    peerNode.deallocate()
    trie.deallocate()
    terminal.deallocate()
    cellZone.deallocate()
  }
}

/// A ``PeerAndCellLookup`` seen through its pointers: what a rater holds.
struct PeerAndCellView {
  let peerBest: UnsafePointer<Int32>
  let peerNode: UnsafePointer<Int32>
  let trie: UnsafePointer<Int32>
  let terminal: UnsafePointer<Int32>
  let cellZone: UnsafePointer<UInt8>

  init(_ lookup: PeerAndCellLookup) {
    peerBest = UnsafePointer(lookup.peerBest)
    peerNode = UnsafePointer(lookup.peerNode)
    trie = UnsafePointer(lookup.trie)
    terminal = UnsafePointer(lookup.terminal)
    cellZone = UnsafePointer(lookup.cellZone)
  }

  /// Index in the numbering plan's entries of the longest prefix of a number of ASCII digits (a peer
  /// checked as such by the reader), or -1: ``NumberingPlan/lookupIndex(_:)``.
  @inline(__always)
  func peerEntry(_ digits: ByteView) -> Int {
    let n = digits.count
    var node = 0
    var best = -1
    var k = 0
    if n >= 4 {
      // The first four bytes in one load: digits, then pairs (each byte's value times 10 plus the next's:
      // bytes 0 and 2 are the two 2-digit halves, at most 99, no carry).
      let w = digits.word32(at: 0)
      guard SWAR.nonDigitBytes(UInt64(w)) & 0x8080_8080 == 0 else { return walk(digits) }  // the reader lets none through
      let v = w &- 0x3030_3030
      let pairs = v &* 10 &+ v &>> 8
      let d = Int(pairs & 0xFF) &* 100 &+ Int(pairs &>> 16 & 0xFF)
      best = Int(peerBest[d])
      node = Int(peerNode[d])
      if node == 0 { return best }
      k = 4
    }
    while k < n {
      let digit = Int(digits[k] &- 0x30)
      guard digit < 10 else { return -1 }
      let next = Int(trie[node &* 10 &+ digit])
      if next == 0 { break }
      node = next
      let t = Int(terminal[node])
      if t != 0 { best = t &- 1 }
      k &+= 1
    }
    return best
  }

  /// The whole walk from the trie's root, digit after digit, as ``NumberingPlan/lookupIndex(_:)`` walks.
  private func walk(_ digits: ByteView) -> Int {
    var node = 0
    var best = -1
    for byte in digits {
      let digit = Int(byte &- 0x30)
      guard digit < 10 else { return -1 }
      let next = Int(trie[node &* 10 &+ digit])
      if next == 0 { break }
      node = next
      if terminal[node] != 0 { best = Int(terminal[node]) &- 1 }
    }
    return best
  }

  /// The zone of a cell id of two bytes or more as ``CellZones/zone(ofCell:)`` gives it, or -1 when a
  /// longer prefix begins with its first two bytes, or it has fewer (then the catalog's lookup answers).
  @inline(__always)
  func zone(ofCell cell: ByteView) -> Int {
    guard cell.count >= 2 else { return cell.isEmpty ? 0 : -1 }
    let z = cellZone[Int(cell[0]) | Int(cell[1]) << 8]
    return z == PeerAndCellLookup.cellLongerPrefix ? -1 : Int(z)
  }
}
