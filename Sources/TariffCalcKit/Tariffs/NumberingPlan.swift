/// Number prefixes → network and area, longest prefix wins (SPEC 3.4, R6).
///
/// Read from `Tariffs/numbering.txt`:
///
///     network  CMCC   中国移动  home      # on-net is this network
///     network  CUCC   中国联通
///     province hubei  湖北  027 0710 0711 …
///     prefix   134     CMCC              # no area: wherever the subscriber is
///     prefix   1390710 CMCC  0710        # H-code with its home area
///     prefix   027     FIXED 027  武汉
public struct NumberingPlan: Sendable {
  /// A network of the plan: `CMCC`, `CUCC`, `FIXED`, …
  public struct Network: Sendable, Hashable {
    public var id: String
    public var name: String
  }

  /// What a number's prefix tells: its network and, for fixed lines and H-codes, its area.
  public struct Entry: Sendable, Hashable {
    public var prefix: String
    public var network: Int
    /// `nil`: a mobile number “wherever the subscriber is”, never long distance (R8).
    public var area: AreaCode?
    public var name: String
  }

  public private(set) var networks: [Network] = []
  /// Index in ``networks`` of the operator's own network: peers on it are on-net (网内).
  public private(set) var homeNetwork: Int = 0
  public private(set) var entries: [Entry] = []
  /// Per entry, its network and its packed area (0 for none): plain values for the hot path.
  private(set) var entryNetwork: [Int32] = []
  private(set) var entryArea: [UInt64] = []
  /// Province id of each area code the file lists in a `province` line.
  public private(set) var provinceOfArea: [AreaCode: String] = [:]
  /// Chinese name of each province id.
  public private(set) var provinceNames: [String: String] = [:]
  /// Names of area codes, from `prefix` lines of fixed networks.
  public private(set) var areaNames: [AreaCode: String] = [:]

  /// Digit trie over prefixes: node i's children are trie[i*10 ..< i*10+10]; 0 means none.
  private var trie: [Int32] = Array(repeating: 0, count: 10)
  /// Entry index + 1 ending at each node, 0 when none.
  private var terminal: [Int32] = [0]

  public func network(_ id: String) -> Int? { networks.firstIndex { $0.id == id } }

  /// The longest-prefix entry of a number given as ASCII digits, or `nil` (R6 `UNKNOWN_PEER`).
  /// - Complexity: O(n) in the digits of the number, no allocation.
  @inline(__always)
  public func lookup<C: Collection>(_ digits: C) -> Entry? where C.Element == UInt8 {
    let index = lookupIndex(digits)
    return index < 0 ? nil : entries[index]
  }

  /// Index in ``entries`` of the longest matching prefix, or -1.
  @inline(__always)
  public func lookupIndex<C: Collection>(_ digits: C) -> Int where C.Element == UInt8 {
    var node = 0
    var best = -1
    for byte in digits {
      let digit = Int(byte &- UInt8(ascii: "0"))
      guard digit < 10 else { return -1 }
      let next = Int(trie[node * 10 + digit])
      if next == 0 { break }
      node = next
      if terminal[node] != 0 { best = Int(terminal[node]) - 1 }
    }
    return best
  }

  public func lookup(_ number: String) -> Entry? { lookup(Array(number.utf8)) }

  /// Whether an area code belongs to the same province as the home area (R7).
  public func sameProvince(_ area: AreaCode, as home: AreaCode) -> Bool {
    sameProvince(packed: area.packed, home: home.packed)
  }

  /// Packed area codes listed in `province` lines, sorted, and the number of each one's province: the
  /// rater's lookup, a binary search over plain integers (no hashing, no string compared).
  private(set) var provinceAreas: [UInt64] = []
  private(set) var provinceNumbers: [Int32] = []

  /// ``sameProvince(_:as:)`` on packed area codes (R7).
  @inline(__always)
  func sameProvince(packed area: UInt64, home: UInt64) -> Bool {
    guard let p = provinceNumber(home) else { return area == home }
    return provinceNumber(area) == p
  }

  @inline(__always)
  private func provinceNumber(_ packed: UInt64) -> Int32? {
    var lo = 0
    var hi = provinceAreas.count
    while lo < hi {
      let mid = (lo &+ hi) >> 1
      if provinceAreas[mid] < packed { lo = mid &+ 1 } else { hi = mid }
    }
    return lo < provinceAreas.count && provinceAreas[lo] == packed ? provinceNumbers[lo] : nil
  }

  /// Whether the file lists this area code (in a province or as a fixed-line prefix).
  public func knows(_ area: AreaCode) -> Bool { provinceOfArea[area] != nil || areaNames[area] != nil }

  public func areaName(_ area: AreaCode) -> String { areaNames[area] ?? area.description }

  private mutating func insert(_ entry: Entry) {
    var node = 0
    for byte in entry.prefix.utf8 {
      let digit = Int(byte - UInt8(ascii: "0"))
      var next = Int(trie[node * 10 + digit])
      if next == 0 {
        next = terminal.count
        terminal.append(0)
        trie.append(contentsOf: repeatElement(0, count: 10))
        trie[node * 10 + digit] = Int32(next)
      }
      node = next
    }
    entries.append(entry)
    entryNetwork.append(Int32(entry.network))
    entryArea.append(entry.area?.packed ?? 0)
    terminal[node] = Int32(entries.count)
  }

  /// Parses the file's lines; problems are appended to `diagnostics`.
  static func parse(_ lines: [TariffLine], file: String, diagnostics: inout [Diagnostic]) -> NumberingPlan {
    var plan = NumberingPlan()
    var homeLine: Int? = nil
    var prefixLines: [String: Int] = [:]
    var areaLines: [AreaCode: Int] = [:]
    func error(_ line: TariffLine, _ message: String) {
      diagnostics.append(Diagnostic(SourceLocation(file: file, line: line.number), .error, message))
    }
    // Networks first, so that prefixes may name a network declared further down.
    for line in lines where line.keyword == "network" {
      let args = Array(line.arguments)
      guard args.count == 2 || (args.count == 3 && args[2] == "home") else {
        error(line, "expected 'network ID NAME [home]'")
        continue
      }
      if plan.network(args[0]) != nil {
        error(line, "network '\(args[0])' is declared twice")
        continue
      }
      plan.networks.append(Network(id: args[0], name: args[1]))
      if args.count == 3 {
        if let first = homeLine {
          error(line, "a second home network; the first is at line \(first)")
        } else {
          homeLine = line.number
          plan.homeNetwork = plan.networks.count - 1
        }
      }
    }
    for line in lines {
      let args = Array(line.arguments)
      switch line.keyword {
      case "network":
        continue
      case "province":
        guard args.count >= 3 else {
          error(line, "expected 'province ID NAME AREA…'")
          continue
        }
        plan.provinceNames[args[0]] = args[1]
        for word in args[2...] {
          guard let area = AreaCode(word) else {
            error(line, "invalid area code '\(word)'")
            continue
          }
          if let first = areaLines[area] {
            error(line, "area code '\(word)' is already in a province at line \(first)")
            continue
          }
          areaLines[area] = line.number
          plan.provinceOfArea[area] = args[0]
        }
      case "prefix":
        guard (2...4).contains(args.count) else {
          error(line, "expected 'prefix DIGITS NETWORK [AREA|*] [NAME]'")
          continue
        }
        guard AreaCode(args[0]) != nil else {
          error(line, "invalid prefix '\(args[0])': digits expected")
          continue
        }
        guard let network = plan.network(args[1]) else {
          error(line, "unknown network '\(args[1])'")
          continue
        }
        var area: AreaCode? = nil
        if args.count >= 3, args[2] != "*" {
          guard let code = AreaCode(args[2]) else {
            error(line, "invalid area code '\(args[2])'")
            continue
          }
          area = code
        }
        if let first = prefixLines[args[0]] {
          error(line, "prefix '\(args[0])' is already defined at line \(first)")
          continue
        }
        prefixLines[args[0]] = line.number
        let name = args.count == 4 ? args[3] : ""
        if let area, !name.isEmpty { plan.areaNames[area] = name }
        plan.insert(Entry(prefix: args[0], network: network, area: area, name: name))
      default:
        error(line, unknownKeyMessage(line.keyword, known: ["network", "province", "prefix"]))
      }
    }
    if homeLine == nil {
      diagnostics.append(
        Diagnostic(SourceLocation(file: file, line: 0), .error, "no home network: mark one 'network' line with 'home'"))
    }
    let provinces = Array(Set(plan.provinceOfArea.values)).sorted()
    let sorted = plan.provinceOfArea.map { ($0.key.packed, Int32(provinces.firstIndex(of: $0.value)!)) }.sorted { $0.0 < $1.0 }
    plan.provinceAreas = sorted.map(\.0)
    plan.provinceNumbers = sorted.map(\.1)
    return plan
  }
}

/// `unknown key 'X'`, with the nearest known key suggested when one is close.
func unknownKeyMessage(_ key: String, known: [String]) -> String {
  "unknown key '\(key)'" + Suggestion.didYouMean(key, among: known)
}
