import Testing
@testable import TariffCalcKit

/// The rater's flat tables (``PeerAndCellLookup``) answer what the catalog's own lookups answer: the
/// numbering plan's longest prefix (R6) and the cell's zone (R9).
@Suite struct PeerAndCellLookupTests {
  static let catalog = TestSupport.catalog
  static let lookup = PeerAndCellLookup(numbering: catalog.numbering, cells: catalog.cells)
  static var view: PeerAndCellView { PeerAndCellView(lookup) }

  static func entry(_ digits: String) -> Int { ByteView.with(digits) { view.peerEntry($0) } }
  /// The table's zone, the catalog's lookup where the table leaves it (as the rater asks).
  static func zone(_ cell: ByteView, view: PeerAndCellView, cells: CellZones) -> Int {
    let z = view.zone(ofCell: cell)
    return z >= 0 ? z : cells.zone(ofCell: cell)
  }
  static func zone(_ cell: String) -> Int { ByteView.with(cell) { zone($0, view: view, cells: catalog.cells) } }

  /// Hand-picked: 027… is the Wuhan fixed-line prefix 027; 1390710… the H-code 1390710, not 139; a
  /// number no prefix begins with has none.
  @Test func knownPrefixes() {
    let entries = Self.catalog.numbering.entries
    #expect(entries[Self.entry("02787654321")].prefix == "027")
    #expect(entries[Self.entry("13907101234")].prefix == "1390710")
    #expect(Self.entry("99912345") == -1)
    #expect(Self.entry("") == -1)
  }

  /// Every number of 1 to 5 digits, and every 4-digit start followed by each digit pair (the table and
  /// the walk after it), as the numbering plan's lookup says.
  @Test func everyShortNumber() {
    let plan = Self.catalog.numbering
    var checked = 0
    var numbers: [String] = []
    for length in 1...4 {
      var limit = 1
      for _ in 0..<length { limit *= 10 }
      for v in 0..<limit {
        let text = String(v)
        numbers.append(String(repeating: "0", count: length - text.count) + text)
      }
    }
    for base in numbers where base.count == 4 {
      numbers.append(base + "0")
      numbers.append(base + "71")
    }
    numbers += plan.entries.map(\.prefix)
    numbers += plan.entries.flatMap { e in (0...9).map { e.prefix + "\($0)" + "5555" } }
    numbers += ["17951", "1795113907101234", "027", "02", "0", "12a4", "1x", "13a", "0271x"]
    for n in numbers {
      #expect(Self.entry(n) == plan.lookupIndex(Array(n.utf8)), "\(n)")
      checked += 1
    }
    #expect(checked > 11_000)
  }

  /// Every cell of one and two bytes, and the zone prefixes with each byte after them.
  @Test func everyShortCell() {
    let cells = Self.catalog.cells
    var tried: [[UInt8]] = [[]]
    for b0 in 0...255 {
      tried.append([UInt8(b0)])
      for b1 in 0...255 { tried.append([UInt8(b0), UInt8(b1)]) }
    }
    for zone in cells.zones {
      for prefix in zone.prefixes {
        let p = Array(prefix.utf8)
        tried.append(p)
        tried.append(Array(p.dropLast()))
        for b in [0x30, 0x41, 0x58, 0x48, 0x20, 0x7E, 0xE4] as [UInt8] { tried.append(p + [b, 0x31]) }
      }
    }
    for cell in tried {
      let fast = ByteView.with(cell) { Self.zone($0, view: Self.view, cells: cells) }
      #expect(fast == cells.zone(ofCell: cell), "\(cell)")
    }
    // HP0101 is in zone huangpi, DXH01 in dongxihu (three bytes: the catalog's lookup after the table).
    #expect(Self.zone("HP0101") == cells.zoneNumbers(named: "huangpi")![0])
    #expect(Self.zone("DXH01") == cells.zoneNumbers(named: "dongxihu")![0])
    #expect(Self.zone("WC0101") == 0)
  }

  /// Prefixes of one, two, three and eight bytes sharing first bytes: longest first, as the catalog says.
  @Test func prefixesOfEveryLength() {
    let text = ["zone a A H", "zone b B HP", "zone c C HPX", "zone d D HPXYZ123", "zone e E Q1 Q", "zone f F ~~"]
    let lines = text.enumerated().map { TariffLine(number: $0.offset + 1, words: TariffLexer.words($0.element)!) }
    var diagnostics: [Diagnostic] = []
    let cells = CellZones.parse(lines, file: "cells.txt", diagnostics: &diagnostics)
    #expect(diagnostics.isEmpty)
    let view = PeerAndCellView(PeerAndCellLookup(numbering: Self.catalog.numbering, cells: cells))
    var tried: [String] = ["", "H", "HP", "HPX", "HPXY", "HPXYZ12", "HPXYZ123", "HPXYZ1234", "HQ", "Q", "Q1", "Q2", "QQ",
                           "~", "~~", "~~~", "P", "XH"]
    tried += tried.map { $0 + "0" }
    for cell in tried {
      let fast = ByteView.with(cell) { Self.zone($0, view: view, cells: cells) }
      #expect(fast == cells.zone(ofCell: cell), "\(cell)")
    }
    // Zones are numbered from 1 in file order: HPXYZ1234 is in d (4), HPXY in c (3), HQ in a (1), Q2 in e (5).
    #expect(ByteView.with("HPXYZ1234") { Self.zone($0, view: view, cells: cells) } == 4)
    #expect(ByteView.with("HPXY") { Self.zone($0, view: view, cells: cells) } == 3)
    #expect(ByteView.with("HQ") { Self.zone($0, view: view, cells: cells) } == 1)
    #expect(ByteView.with("Q2") { Self.zone($0, view: view, cells: cells) } == 5)
  }
}
