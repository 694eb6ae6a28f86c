/// Which records a `rate` or `free` line applies to: a kind and optional qualifiers.
///
/// Written in a plan file as words after the keyword, in any order:
///
///     rate local night mo      0.15/min     # band `night`, sent calls
///     rate local zone:suburbs mt 0.05/min   # a zone or a zone group (R9)
///     rate local group mt      0.20/min     # closed user group (R10)
///     rate sms off-net         0.15/msg     # the peer's network
///     rate roaming national    0.80/min     # one roaming kind (R7)
///     free 200 sms on-net
///
/// A record matches when every qualifier given holds for it; among the lines
/// of one plan that match, the one with most qualifiers wins (R14).
public struct Selector: Sendable, Hashable {
  /// `local`, `roaming`, `long-distance`, `ip` or `sms`; `roaming` covers both roaming kinds.
  public var kinds: [ChargeKind]
  public var direction: Direction?
  /// A named band of the plan and its times.
  public var bandName: String?
  public var bandValue: TimeBand?
  /// A zone or zone group id and its zone numbers.
  public var zoneName: String?
  public var zones: [Int]?
  public var inGroup: Bool?
  public var onNet: Bool?

  /// Qualifiers given, the measure of “most specific” (R14).
  public var specificity: Int {
    (kinds == [.roamingProvincial] || kinds == [.roamingNational] ? 1 : 0)
      + (direction == nil ? 0 : 1) + (bandName == nil ? 0 : 1) + (zones == nil ? 0 : 1)
      + (inGroup == nil ? 0 : 1) + (onNet == nil ? 0 : 1)
  }

  public func matches(_ c: ChargeClass) -> Bool {
    guard kinds.contains(c.kind) else { return false }
    if let direction, direction != c.direction { return false }
    if let bandValue, !bandValue.contains(minute: c.minute) { return false }
    if let zones, !zones.contains(c.zone) { return false }
    if let inGroup, inGroup != c.inGroup { return false }
    if let onNet, onNet != c.onNet { return false }
    return true
  }

  /// Whether some record could match both selectors.
  func overlaps(_ other: Selector) -> Bool {
    guard kinds.contains(where: other.kinds.contains) else { return false }
    if let a = direction, let b = other.direction, a != b { return false }
    if let a = bandValue, let b = other.bandValue, !(0..<1440).contains(where: { a.contains(minute: $0) && b.contains(minute: $0) }) {
      return false
    }
    if let a = zones, let b = other.zones, !a.contains(where: b.contains) { return false }
    if let a = inGroup, let b = other.inGroup, a != b { return false }
    if let a = onNet, let b = other.onNet, a != b { return false }
    return true
  }

  /// The words of the selector as a tariff file writes them: `local night mo`.
  public var words: String {
    var w = [kinds.count == 2 ? "roaming" : kinds[0] == .roamingProvincial ? "roaming provincial"
      : kinds[0] == .roamingNational ? "roaming national" : kinds[0].word]
    if let bandName { w.append(bandName) }
    if let zoneName { w.append("zone:\(zoneName)") }
    if inGroup == true { w.append("group") }
    if inGroup == false { w.append("non-group") }
    if let direction { w.append(direction.word) }
    if let onNet { w.append(onNet ? "on-net" : "off-net") }
    return w.joined(separator: " ")
  }

  public static func == (a: Selector, b: Selector) -> Bool { a.words == b.words }
  public func hash(into hasher: inout Hasher) { hasher.combine(words) }

  /// Parses the kind and qualifier words of a `rate` or `free` line.
  static func parse(_ words: ArraySlice<String>, bands: [String: TimeBand], cells: CellZones) -> Result<Selector, Problem> {
    guard let kindWord = words.first else { return .failure("missing kind: local, roaming, long-distance, ip or sms") }
    var selector = Selector(kinds: [])
    switch kindWord {
    case "local": selector.kinds = [.local]
    case "roaming": selector.kinds = [.roamingProvincial, .roamingNational]
    case "long-distance": selector.kinds = [.longDistance]
    case "ip": selector.kinds = [.ip]
    case "sms": selector.kinds = [.sms]
    default:
      return .failure("unknown kind '\(kindWord)': expected local, roaming, long-distance, ip or sms")
    }
    for word in words.dropFirst() {
      switch word {
      case "mo", "mt":
        guard selector.direction == nil else { return .failure("direction given twice") }
        selector.direction = word == "mo" ? .mo : .mt
      case "on-net", "off-net":
        guard selector.onNet == nil else { return .failure("network given twice") }
        selector.onNet = word == "on-net"
      case "group", "non-group":
        guard selector.inGroup == nil else { return .failure("group given twice") }
        selector.inGroup = word == "group"
      case "provincial", "national":
        guard kindWord == "roaming", selector.kinds.count == 2 else {
          return .failure("'\(word)' qualifies roaming only")
        }
        selector.kinds = [word == "provincial" ? .roamingProvincial : .roamingNational]
      default:
        if word.hasPrefix("zone:") {
          let id = String(word.dropFirst(5))
          guard selector.zones == nil else { return .failure("zone given twice") }
          guard let numbers = cells.zoneNumbers(named: id) else { return .failure("unknown zone '\(id)'") }
          selector.zoneName = id
          selector.zones = numbers
        } else if let band = bands[word] {
          guard selector.bandName == nil else { return .failure("time band given twice") }
          selector.bandName = word
          selector.bandValue = band
        } else {
          return .failure("unknown qualifier '\(word)': expected mo, mt, on-net, off-net, group, zone:ID or a band of this plan")
        }
      }
    }
    if selector.kinds == [.sms], selector.direction == .mt {
      return .failure("received SMS are never charged (R13): an sms rate applies to sent messages")
    }
    return .success(selector)
  }
}
