import Dispatch
import Foundation

/// A small, fast, seedable random number generator (SplitMix64): the same seed, the same data.
struct SplitMix64: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `0..<n`.
  @inline(__always)
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

  /// True with probability `per10000 / 10000`.
  @inline(__always)
  mutating func chance(_ per10000: Int) -> Bool { below(10_000) < per10000 }
}

/// Writes a realistic synthetic month: a subscribers file over the plans on sale and CDR files.
///
/// The mix: 60 % voice, 40 % SMS; MO and MT alike; peers other subscribers, other mobiles of both
/// networks, local and long-distance fixed lines, IP calls; about 8 % roaming (provincial and
/// national, in and out of windows); a fifth of cells in the suburban zones; about 0.1 % malformed
/// lines, 0.2 % from another month, 0.1 % of unknown numbers and 0.1 % of calls sent twice (R24). Deterministic for a seed; the
/// CDR files are written in parallel, each from its own random stream.
public struct DataGenerator: Sendable {
  public var subscribers: Int
  public var records: Int
  public var month: Month
  public var seed: UInt64
  public var files: Int

  public init(subscribers: Int, records: Int, month: Month, seed: UInt64 = 2004, files: Int = 4) {
    self.subscribers = max(1, subscribers)
    self.records = max(0, records)
    self.month = month
    self.seed = seed
    self.files = max(1, files)
  }

  /// The number of subscriber `i`: distinct, all China Mobile (135…138).
  static func number(_ i: Int) -> UInt64 { 13_500_000_000 + UInt64(i) * 37 }

  /// Writes `subscribers.csv` and `cdr-MONTH-N.csv` into `folder`; returns the CDR file paths.
  ///
  /// The folder must be new, empty, or a data set written before (``OwnedFolder``): a folder of other
  /// files is refused, untouched. `alsoListing` names files the caller adds to the data set (bench's recipe).
  public func write(to folder: String, catalog: TariffCatalog, alsoListing extra: [String] = []) throws -> [String] {
    try OwnedFolder.claimDataSet(folder)
    let names = (1...files).map { "cdr-\(month)-\($0).csv" }
    try OwnedFolder.markDataSet(folder, files: ["subscribers.csv"] + names + extra)
    let profiles = try writeSubscribers(to: "\(folder)/subscribers.csv", catalog: catalog)
    let paths = names.map { "\(folder)/\($0)" }
    let failures = FirstError()
    DispatchQueue.concurrentPerform(iterations: files) { f in
      let count = records / files + (f < records % files ? 1 : 0)
      do {
        try writeCDRs(to: paths[f], count: count, stream: UInt64(f + 1), profiles: profiles)
      } catch {
        failures.record(error)
      }
    }
    try failures.check()
    return paths
  }

  /// What the CDR generator needs of a subscriber.
  struct Profile: Sendable {
    var home: [UInt8]
    var inHuangpiOnly: Bool
    var firstDay: Int
    var lastDay: Int
  }

  private func writeSubscribers(to path: String, catalog: TariffCatalog) throws -> [Profile] {
    var rng = SplitMix64(seed: seed)
    let first = month.firstDay
    let hubei = ["0710", "0711", "0712", "0713", "0714", "0715", "0716", "0717", "0718", "0719", "0722", "0724", "0728"]
    let far = ["010", "020", "021"]
    var profiles: [Profile] = []
    profiles.reserveCapacity(subscribers)
    let out = try AtomicFile(path: path)
    var text = "subscriber,plan,start,end,home_area,group\n"
    for i in 0..<subscribers {
      // When the subscription began: mostly long before the month, some within it (activation).
      let activating = rng.chance(500)
      var start = activating ? first.advanced(by: rng.below(month.dayCount)) : first.advanced(by: -(30 + rng.below(700)))
      var candidates = catalog.plans.filter { $0.isOnSale(on: start) && $0.tariff(on: start) != nil && $0.tariff(on: month.lastDay) != nil }
      if candidates.isEmpty {
        start = first
        candidates = catalog.plans.filter { $0.isOnSale(on: start) }
      }
      let plan = candidates[rng.below(candidates.count)]
      var end: Day? = nil
      if !activating, rng.chance(300) { end = first.advanced(by: rng.below(month.dayCount)) }
      let roll = rng.below(100)
      let home = roll < 85 ? "027" : roll < 95 ? hubei[rng.below(hubei.count)] : far[rng.below(far.count)]
      let group = rng.chance(1000) ? "G\(rng.below(max(1, subscribers / 200)))" : ""
      let number = MSISDN.text(DataGenerator.number(i))
      // A plan change on the 1st of the month (R4): the old plan ends the day before.
      if !activating, end == nil, rng.chance(200), let old = catalog.plans.first(where: { $0.id != plan.id && $0.isOnSale(on: start) && $0.tariff(on: start) != nil }),
        plan.isOnSale(on: first)
      {
        text += "\(number),\(old.id),\(start),\(first.advanced(by: -1)),\(home),\(group)\n"
        start = first
      }
      text += "\(number),\(plan.id),\(start),\(end.map { "\($0)" } ?? ""),\(home),\(group)\n"
      let firstDay = max(0, first.distance(to: start))
      let lastDay = end.map { first.distance(to: $0) } ?? month.dayCount - 1
      profiles.append(Profile(home: Array(home.utf8), inHuangpiOnly: plan.tariffs.first?.serviceArea != nil,
                              firstDay: firstDay, lastDay: max(firstDay, lastDay)))
      if text.utf8.count > 1 << 20 {
        try out.write(text)
        text = ""
      }
    }
    try out.write(text)
    try out.commit()
    return profiles
  }

  private func writeCDRs(to path: String, count: Int, stream: UInt64, profiles: [Profile]) throws {
    var rng = SplitMix64(seed: seed &* 0x1000_0001 &+ stream)
    let out = try AtomicFile(path: path)
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 20 + 256)
    buf += Array("type,subscriber,direction,peer,start,duration,area,cell\n".utf8)
    let hubei: [[UInt8]] = ["0710", "0712", "0714", "0716", "0717", "0719", "0722"].map { Array($0.utf8) }
    let far: [[UInt8]] = ["010", "020", "021", "0755", "023"].map { Array($0.utf8) }
    let suburbs: [[UInt8]] = ["HP", "JX", "XZ", "CD", "HN", "DXH"].map { Array($0.utf8) }
    let city: [[UInt8]] = ["WC", "HK", "HY"].map { Array($0.utf8) }
    let mobiles: [UInt64] = [130, 131, 133, 139]
    let year = Array(Day.pad(month.year, 4).utf8)
    let mm = Array(Day.pad(month.month, 2).utf8)
    let previous = month.previous
    // Calls sent again by the switch (R24 c): a few lines saved as they are written, and written again later.
    var sent: [[UInt8]] = []
    for _ in 0..<count {
      if !sent.isEmpty, rng.chance(10) {
        buf += sent[rng.below(sent.count)]
        continue
      }
      let lineStart = buf.count
      let s = rng.below(profiles.count)
      let p = profiles[s]
      let voice = rng.below(10) < 6
      let mo = rng.below(2) == 0
      // type, subscriber, direction
      buf += voice ? Array("VOICE,".utf8) : Array("SMS,".utf8)
      let unknown = rng.chance(10)
      appendDigits(&buf, unknown ? 13_999_000_000 + UInt64(rng.below(999_999)) : DataGenerator.number(s), width: 11)
      buf += mo ? Array(",MO,".utf8) : Array(",MT,".utf8)
      // peer
      let kind = rng.below(100)
      var peerArea: [UInt8]? = nil
      if kind < 40 {
        appendDigits(&buf, DataGenerator.number(rng.below(profiles.count)), width: 11)
      } else if kind < 55 {
        appendDigits(&buf, mobiles[rng.below(mobiles.count)] * 100_000_000 + UInt64(rng.below(100_000_000)), width: 11)
      } else if kind < 80 {
        peerArea = Array("027".utf8)
      } else if kind < 95 || !voice || !mo {
        peerArea = rng.below(2) == 0 ? hubei[rng.below(hubei.count)] : far[rng.below(far.count)]
      } else {
        buf += Array("17951".utf8)
        peerArea = far[rng.below(far.count)]
      }
      if let peerArea {
        buf += peerArea
        appendDigits(&buf, UInt64(rng.below(100_000_000)), width: 8)
      }
      buf.append(UInt8(ascii: ","))
      // start: mostly a day on which the subscriber has a plan
      let outside = rng.chance(20)
      if outside {
        buf += Array(Day.pad(previous.year, 4).utf8)
        buf.append(UInt8(ascii: "-"))
        buf += Array(Day.pad(previous.month, 2).utf8)
        buf += Array("-28".utf8)
      } else {
        let day = p.firstDay + rng.below(p.lastDay - p.firstDay + 1)
        buf += year
        buf.append(UInt8(ascii: "-"))
        buf += mm
        buf.append(UInt8(ascii: "-"))
        appendDigits(&buf, UInt64(day + 1), width: 2)
      }
      buf.append(UInt8(ascii: " "))
      let second = rng.below(86400)
      appendDigits(&buf, UInt64(second / 3600), width: 2)
      buf.append(UInt8(ascii: ":"))
      appendDigits(&buf, UInt64(second / 60 % 60), width: 2)
      buf.append(UInt8(ascii: ":"))
      appendDigits(&buf, UInt64(second % 60), width: 2)
      buf.append(UInt8(ascii: ","))
      // duration
      if voice {
        if rng.chance(300) {
          buf.append(UInt8(ascii: "0"))
        } else if rng.chance(10) {
          buf += Array("1x".utf8)  // a malformed duration
        } else {
          let short = rng.below(4) > 0
          appendNumber(&buf, UInt64(short ? 1 + rng.below(180) : 1 + rng.below(1800)))
        }
      }
      buf.append(UInt8(ascii: ","))
      // area: home, or roaming
      let r = rng.below(100)
      if r < 5 {
        buf += hubei[rng.below(hubei.count)]
      } else if r < 8 {
        buf += far[rng.below(far.count)]
      } else {
        buf += p.home
      }
      buf.append(UInt8(ascii: ","))
      // cell
      if p.inHuangpiOnly && rng.below(100) < 95 {
        buf += Array("HP".utf8)
        appendDigits(&buf, UInt64(rng.below(10_000)), width: 4)
      } else {
        let c = rng.below(100)
        if c < 20 {
          buf += suburbs[rng.below(suburbs.count)]
          appendDigits(&buf, UInt64(rng.below(10_000)), width: 4)
        } else if c < 95 {
          buf += city[rng.below(city.count)]
          appendDigits(&buf, UInt64(rng.below(10_000)), width: 4)
        }
      }
      buf.append(0x0A)
      if voice, rng.chance(100) {
        let line = Array(buf[lineStart...])
        if sent.count < 16 { sent.append(line) } else { sent[rng.below(16)] = line }
      }
      if buf.count >= 1 << 20 {
        try out.write(buf)
        buf.removeAll(keepingCapacity: true)
      }
    }
    try out.write(buf)
    try out.commit()
  }

  @inline(__always)
  private func appendDigits(_ buf: inout [UInt8], _ value: UInt64, width: Int) {
    var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
    var v = value
    var i = width - 1
    while i >= 0 {
      digits[i] = UInt8(ascii: "0") + UInt8(v % 10)
      v /= 10
      i -= 1
    }
    buf += digits
  }

  @inline(__always)
  private func appendNumber(_ buf: inout [UInt8], _ value: UInt64) {
    var width = 1
    var v = value
    while v >= 10 {
      v /= 10
      width += 1
    }
    appendDigits(&buf, value, width: width)
  }
}
