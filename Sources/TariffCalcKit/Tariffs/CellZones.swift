/// Cell id prefixes → zone, and zones grouped under a name (SPEC 3.4, R9).
///
/// Read from `Tariffs/cells.txt`:
///
///     zone  huangpi  黄陂  HP          # cells HP… are in zone huangpi
///     group suburbs  武汉六郊县  huangpi jiangxia xinzhou caidian hannan dongxihu
///
/// Zones are numbered from 1; 0 is “no zone” (a cell of no listed prefix, or
/// no cell at all).
public struct CellZones: Sendable {
  public struct Zone: Sendable, Hashable {
    public var id: String
    public var name: String
    public var prefixes: [String]
  }

  public struct Group: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Zone numbers (1-based) in the group.
    public var zones: [Int]
  }

  /// Zone 0 is “no zone”; ``zones``[i - 1] is zone i.
  public private(set) var zones: [Zone] = []
  public private(set) var groups: [Group] = []
  /// Prefixes grouped by first byte, longest first: those of byte b are at `first[b] ..< first[b + 1]`,
  /// each packed into an integer (its bytes, little-endian) with its length and zone. Flat arrays of
  /// plain values: a lookup touches no reference count.
  private var first = [Int32](repeating: 0, count: 257)
  private var packedPrefix: [UInt64] = []
  private var prefixLength: [UInt8] = []
  private var prefixZone: [UInt8] = []

  public var zoneCount: Int { zones.count }

  /// The zone numbers a `zone:NAME` selector names: one zone or every zone of a group.
  public func zoneNumbers(named id: String) -> [Int]? {
    if let z = zones.firstIndex(where: { $0.id == id }) { return [z + 1] }
    return groups.first { $0.id == id }?.zones
  }

  /// The Chinese name of a zone or group id.
  public func name(of id: String) -> String {
    zones.first { $0.id == id }?.name ?? groups.first { $0.id == id }?.name ?? id
  }

  /// The zone number of a cell id given as bytes, 0 when none (R9).
  /// - Complexity: O(p) in the prefixes sharing the cell's first byte, no allocation.
  @inline(__always)
  public func zone<C: Collection>(ofCell cell: C) -> Int where C.Element == UInt8 {
    guard let b = cell.first else { return 0 }
    var head: UInt64 = 0
    var n = 0
    for byte in cell.prefix(8) {
      head |= UInt64(byte) << (8 * UInt64(n))
      n += 1
    }
    for k in Int(first[Int(b)])..<Int(first[Int(b) + 1]) {
      let length = Int(prefixLength[k])
      guard length <= n else { continue }
      let mask: UInt64 = length == 8 ? ~0 : (1 << (8 * UInt64(length))) - 1
      if head & mask == packedPrefix[k] { return Int(prefixZone[k]) }
    }
    return 0
  }

  public func zone(ofCell cell: String) -> Int { zone(ofCell: Array(cell.utf8)) }

  /// Packs every zone's prefixes into the flat lookup arrays.
  private mutating func buildLookup() {
    var all: [(bytes: [UInt8], zone: UInt8)] = []
    for (z, zone) in zones.enumerated() {
      for prefix in zone.prefixes { all.append((Array(prefix.utf8), UInt8(z + 1))) }
    }
    all.sort { ($0.bytes[0], -$0.bytes.count) < ($1.bytes[0], -$1.bytes.count) }
    first = [Int32](repeating: 0, count: 257)
    for p in all {
      var packed: UInt64 = 0
      for (i, b) in p.bytes.enumerated() { packed |= UInt64(b) << (8 * UInt64(i)) }
      packedPrefix.append(packed)
      prefixLength.append(UInt8(p.bytes.count))
      prefixZone.append(p.zone)
    }
    var k = 0
    for b in 0...256 {
      while k < all.count, Int(all[k].bytes[0]) < b { k += 1 }
      first[b] = Int32(k)
    }
  }

  static func parse(_ lines: [TariffLine], file: String, diagnostics: inout [Diagnostic]) -> CellZones {
    var result = CellZones()
    var seenPrefix: [String: Int] = [:]
    var seenID: [String: Int] = [:]
    func error(_ line: TariffLine, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line.number), .error, message))
    }
    func claim(_ id: String, _ line: TariffLine) -> Bool {
      if let first = seenID[id] {
        error(line, "'\(id)' is already defined at line \(first)")
        return false
      }
      seenID[id] = line.number
      return true
    }
    for line in lines where line.keyword == "zone" {
      let args = Array(line.arguments)
      guard args.count >= 3 else {
        error(line, "expected 'zone ID NAME CELL-PREFIX…'")
        continue
      }
      guard claim(args[0], line) else { continue }
      guard result.zones.count < 250 else {
        error(line, "too many zones (250 at most)")
        continue
      }
      var prefixes: [String] = []
      for prefix in args[2...] {
        if let first = seenPrefix[prefix] {
          error(line, "cell prefix '\(prefix)' is already in a zone at line \(first)")
          continue
        }
        guard prefix.utf8.count <= 8, prefix.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ",") }) else {
          error(line, "invalid cell prefix '\(prefix)': 1 to 8 visible ASCII characters expected")
          continue
        }
        seenPrefix[prefix] = line.number
        prefixes.append(prefix)
      }
      result.zones.append(Zone(id: args[0], name: args[1], prefixes: prefixes))
    }
    result.buildLookup()
    for line in lines where line.keyword != "zone" {
      let args = Array(line.arguments)
      guard line.keyword == "group" else {
        error(line, unknownKeyMessage(line.keyword, known: ["zone", "group"]))
        continue
      }
      guard args.count >= 3 else {
        error(line, "expected 'group ID NAME ZONE…'")
        continue
      }
      guard claim(args[0], line) else { continue }
      var members: [Int] = []
      for id in args[2...] {
        guard let z = result.zones.firstIndex(where: { $0.id == id }) else {
          error(line, "unknown zone '\(id)'")
          continue
        }
        members.append(z + 1)
      }
      result.groups.append(Group(id: args[0], name: args[1], zones: members))
    }
    return result
  }
}
