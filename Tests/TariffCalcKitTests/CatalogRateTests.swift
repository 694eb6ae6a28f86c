import Testing
@testable import TariffCalcKit

/// The shipped catalog gives, for every plan of SPEC 5, the rate SPEC 5 names for each kind of record.
@Suite struct CatalogRateTests {
  /// One plan, one day, one kind of record, and the rate SPEC 5 gives it.
  struct Row: CustomTestStringConvertible, Sendable {
    var plan: String
    var day: String
    /// `KIND [mo|mt] [HH:MM] [zone:ID] [group] [on-net|off-net]`, e.g. `local mt 19:00`.
    var record: String
    /// `0.40/min`, `0.07/6s`, `0.05/msg`, or `free` (R21 flat incoming, or a free rate).
    var expected: String
    var testDescription: String { "\(plan) \(day) \(record) = \(expected)" }
  }

  static let rows: [Row] = [
    // standard 国家标准资费: local 0.40 MO and MT; roaming 0.60; LD +0.07/6s; IP +0.30; SMS 0.10 / 0.15.
    Row(plan: "standard", day: "2004-03-15", record: "local mo", expected: "0.40/min"),
    Row(plan: "standard", day: "2004-03-15", record: "local mt", expected: "0.40/min"),
    Row(plan: "standard", day: "2004-03-15", record: "roaming-provincial mo", expected: "0.60/min"),
    Row(plan: "standard", day: "2004-03-15", record: "roaming-national mt", expected: "0.60/min"),
    Row(plan: "standard", day: "2004-03-15", record: "long-distance mo", expected: "0.07/6s"),
    Row(plan: "standard", day: "2004-03-15", record: "ip mo", expected: "0.30/min"),
    Row(plan: "standard", day: "2004-03-15", record: "sms mo on-net", expected: "0.10/msg"),
    Row(plan: "standard", day: "2004-03-15", record: "sms mo off-net", expected: "0.15/msg"),
    // gotone 全球通: local 0.36; roaming 0.60; LD +0.07/6s; the rest from standard.
    Row(plan: "gotone", day: "2004-03-15", record: "local mo", expected: "0.36/min"),
    Row(plan: "gotone", day: "2004-03-15", record: "local mt", expected: "0.36/min"),
    Row(plan: "gotone", day: "2004-03-15", record: "roaming-national mo", expected: "0.60/min"),
    Row(plan: "gotone", day: "2004-03-15", record: "long-distance mo", expected: "0.07/6s"),
    Row(plan: "gotone", day: "2004-03-15", record: "ip mo", expected: "0.30/min"),
    Row(plan: "gotone", day: "2004-03-15", record: "sms mo off-net", expected: "0.15/msg"),
    // gotone-vpmn: as gotone.
    Row(plan: "gotone-vpmn", day: "2004-03-15", record: "local mo", expected: "0.36/min"),
    Row(plan: "gotone-vpmn", day: "2004-03-15", record: "roaming-provincial mt", expected: "0.60/min"),
    Row(plan: "gotone-vpmn", day: "2004-03-15", record: "long-distance mo", expected: "0.07/6s"),
    // dalingtong 大灵通: local MO 0.25; local MT free (R21).
    Row(plan: "dalingtong", day: "2004-03-15", record: "local mo", expected: "0.25/min"),
    Row(plan: "dalingtong", day: "2004-03-15", record: "local mt", expected: "free"),
    Row(plan: "dalingtong", day: "2004-03-15", record: "long-distance mo", expected: "0.07/6s"),
    Row(plan: "dalingtong", day: "2004-03-15", record: "sms mo on-net", expected: "0.10/msg"),
    // huanghe 黄鹤卡: local 0.20.
    Row(plan: "huanghe", day: "2004-03-15", record: "local mo", expected: "0.20/min"),
    Row(plan: "huanghe", day: "2004-03-15", record: "local mt", expected: "0.20/min"),
    Row(plan: "huanghe", day: "2004-03-15", record: "roaming-provincial mo", expected: "0.60/min"),
    // lingtong 灵通卡: local MO 0.25; local MT free.
    Row(plan: "lingtong", day: "2004-03-15", record: "local mo", expected: "0.25/min"),
    Row(plan: "lingtong", day: "2004-03-15", record: "local mt", expected: "free"),
    // aixin 爱心卡: local 0.40; on-net SMS 0.05.
    Row(plan: "aixin", day: "2004-03-15", record: "local mo", expected: "0.40/min"),
    Row(plan: "aixin", day: "2004-03-15", record: "local mt", expected: "0.40/min"),
    Row(plan: "aixin", day: "2004-03-15", record: "sms mo on-net", expected: "0.05/msg"),
    Row(plan: "aixin", day: "2004-03-15", record: "sms mo off-net", expected: "0.15/msg"),
    // mzone-student: local 0.60 MO and MT; roaming 0.80; SMS 0.10 / 0.15.
    Row(plan: "mzone-student", day: "2004-03-15", record: "local mo", expected: "0.60/min"),
    Row(plan: "mzone-student", day: "2004-03-15", record: "local mt on-net", expected: "0.60/min"),
    Row(plan: "mzone-student", day: "2004-03-15", record: "roaming-national mo", expected: "0.80/min"),
    Row(plan: "mzone-student", day: "2004-03-15", record: "sms mo on-net", expected: "0.10/msg"),
    Row(plan: "mzone-student", day: "2004-03-15", record: "sms mo off-net", expected: "0.15/msg"),
    // mzone-youth: 08:00–19:00 0.40; 19:00–08:00 MO 0.15, MT 0.10 (R12 by start time); IP 0.20; SMS 0.05 / 0.15; roaming 0.60.
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mo 07:59", expected: "0.15/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mo 08:00", expected: "0.40/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mt 18:59", expected: "0.40/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mo 19:00", expected: "0.15/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mt 19:00", expected: "0.10/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "local mt 00:00", expected: "0.10/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "ip mo", expected: "0.20/min"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "long-distance mo", expected: "0.07/6s"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "sms mo on-net", expected: "0.05/msg"),
    Row(plan: "mzone-youth", day: "2004-03-15", record: "sms mo off-net", expected: "0.15/msg"),
    Row(plan: "mzone-youth", day: "2004-07-15", record: "roaming-national mt", expected: "0.60/min"),
    // mzone-campus: local 0.40, roaming 0.80; from 2004-02-01 also 19:00–08:00 MO 0.15, MT 0.10.
    Row(plan: "mzone-campus", day: "2004-01-31", record: "local mo 20:00", expected: "0.40/min"),
    Row(plan: "mzone-campus", day: "2004-01-31", record: "local mt 20:00", expected: "0.40/min"),
    Row(plan: "mzone-campus", day: "2004-02-01", record: "local mo 20:00", expected: "0.15/min"),
    Row(plan: "mzone-campus", day: "2004-02-01", record: "local mt 20:00", expected: "0.10/min"),
    Row(plan: "mzone-campus", day: "2004-02-01", record: "local mo 10:00", expected: "0.40/min"),
    Row(plan: "mzone-campus", day: "2004-02-01", record: "roaming-provincial mo", expected: "0.80/min"),
    Row(plan: "mzone-campus", day: "2004-02-01", record: "sms mo on-net", expected: "0.10/msg"),
    // mzone-holiday: SMS 0.10 / 0.15 past the bundle; local MO 0.20; MT on-net free, off-net 0.20; IP 0.15; roaming 0.80.
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "sms mo on-net", expected: "0.10/msg"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "sms mo off-net", expected: "0.15/msg"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "local mo", expected: "0.20/min"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "local mt on-net", expected: "free"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "local mt off-net", expected: "0.20/min"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "ip mo", expected: "0.15/min"),
    Row(plan: "mzone-holiday", day: "2004-07-01", record: "roaming-national mt on-net", expected: "0.80/min"),
    // xiangqing: local 0.36; in the suburbs zone group MO 0.20, MT 0.05.
    Row(plan: "xiangqing", day: "2004-03-15", record: "local mo", expected: "0.36/min"),
    Row(plan: "xiangqing", day: "2004-03-15", record: "local mo zone:huangpi", expected: "0.20/min"),
    Row(plan: "xiangqing", day: "2004-03-15", record: "local mt zone:dongxihu", expected: "0.05/min"),
    Row(plan: "xiangqing", day: "2004-03-15", record: "roaming-provincial mo", expected: "0.60/min"),
    // xiangqing-jiangxia: as xiangqing.
    Row(plan: "xiangqing-jiangxia", day: "2004-03-15", record: "local mo zone:jiangxia", expected: "0.20/min"),
    Row(plan: "xiangqing-jiangxia", day: "2004-03-15", record: "local mt zone:jiangxia", expected: "0.05/min"),
    Row(plan: "xiangqing-jiangxia", day: "2004-03-15", record: "local mt", expected: "0.36/min"),
    // huangpi-bts: local MO 0.12; local MT free.
    Row(plan: "huangpi-bts", day: "2004-03-15", record: "local mo zone:huangpi", expected: "0.12/min"),
    Row(plan: "huangpi-bts", day: "2004-03-15", record: "local mt zone:huangpi", expected: "free"),
    // campus: local 0.36; group MO 0.20, MT 0.20 past its 5000 free minutes; IP 20:00–07:00 0.15, else 0.30; on-net SMS 0.05.
    Row(plan: "campus", day: "2003-11-15", record: "local mo", expected: "0.36/min"),
    Row(plan: "campus", day: "2003-11-15", record: "local mt", expected: "0.36/min"),
    Row(plan: "campus", day: "2003-11-15", record: "local mo group", expected: "0.20/min"),
    Row(plan: "campus", day: "2003-11-15", record: "local mt group", expected: "0.20/min"),
    Row(plan: "campus", day: "2003-11-15", record: "ip mo 19:59", expected: "0.30/min"),
    Row(plan: "campus", day: "2003-11-15", record: "ip mo 20:00", expected: "0.15/min"),
    Row(plan: "campus", day: "2003-11-15", record: "ip mo 06:59", expected: "0.15/min"),
    Row(plan: "campus", day: "2003-11-15", record: "ip mo 07:00", expected: "0.30/min"),
    Row(plan: "campus", day: "2003-11-15", record: "sms mo on-net", expected: "0.05/msg"),
    Row(plan: "campus", day: "2003-11-15", record: "sms mo off-net", expected: "0.15/msg"),
    // chutian-youth: 08:00–19:00 0.40; 19:00–08:00 MO 0.20, MT 0.10; IP 0.20; roaming 0.80.
    Row(plan: "chutian-youth", day: "2004-03-15", record: "local mo 12:00", expected: "0.40/min"),
    Row(plan: "chutian-youth", day: "2004-03-15", record: "local mo 23:00", expected: "0.20/min"),
    Row(plan: "chutian-youth", day: "2004-03-15", record: "local mt 07:00", expected: "0.10/min"),
    Row(plan: "chutian-youth", day: "2004-03-15", record: "ip mo", expected: "0.20/min"),
    Row(plan: "chutian-youth", day: "2004-03-15", record: "roaming-national mo", expected: "0.80/min"),
  ]

  @Test(arguments: rows)
  func effectiveRate(_ row: Row) throws {
    let catalog = TestSupport.catalog
    let plan = try #require(catalog.plan(row.plan))
    let tariff = try #require(plan.tariff(on: TestSupport.day(row.day)))
    let price = tariff.price(Self.chargeClass(row.record, cells: catalog.cells))
    if row.expected == "free" {
      #expect(price.amount == .zero)
    } else {
      #expect(price.description == row.expected)
    }
  }

  @Test func everyPlanOfTheSpecIsShippedWithItsName() {
    let names = [
      "standard": "国家标准资费", "gotone": "全球通", "gotone-vpmn": "全球通 (VPMN)", "dalingtong": "大灵通",
      "huanghe": "黄鹤卡", "lingtong": "灵通卡", "aixin": "爱心卡", "mzone-student": "动感地带学生套餐",
      "mzone-youth": "动感地带青春套餐", "mzone-campus": "动感地带校园套餐", "mzone-holiday": "动感地带假期卡",
      "xiangqing": "乡情卡", "xiangqing-jiangxia": "乡情卡 (江夏)", "huangpi-bts": "黄陂基站通", "campus": "校园卡",
      "chutian-youth": "楚天行青春卡",
    ]
    #expect(Dictionary(uniqueKeysWithValues: TestSupport.catalog.plans.map { ($0.id, $0.name) }) == names)
    // “as gotone”, “as xiangqing”: those two inherit from their sibling; every other plan from standard.
    for plan in TestSupport.catalog.plans {
      let expected: String? =
        switch plan.id {
        case "standard": nil
        case "gotone-vpmn": "gotone"
        case "xiangqing-jiangxia": "xiangqing"
        default: "standard"
        }
      #expect(plan.parent == expected, "\(plan.id)")
    }
  }

  /// Monthly terms of SPEC 5: method, fees (yuan), minimum, allowances.
  @Test(arguments: [
    ("standard", "daily", "rental 50.00", nil, ""),
    ("gotone", "daily", "rental 50.00", nil, ""),
    ("gotone-vpmn", "daily", "rental 20.00", nil, ""),
    ("dalingtong", "daily", "rental 0.00, flat-incoming 16.00", nil, ""),
    ("huanghe", "daily", "rental 20.00", nil, ""),
    ("lingtong", "daily", "rental 0.00, flat-incoming 16.00", "42.00", ""),
    ("aixin", "daily", "rental 0.00", nil, ""),
    ("mzone-student", "package", "rental 20.00", nil, "200 sms on-net, 20 local on-net"),
    ("mzone-youth", "package", "rental 20.00", nil, ""),
    ("mzone-campus", "package", "feature 25.00", nil, "500 sms on-net"),
    ("mzone-holiday", "package", "feature 20.00", nil, "600 sms on-net"),
    ("xiangqing", "daily", "rental 20.00", nil, ""),
    ("xiangqing-jiangxia", "daily", "rental 30.00", nil, ""),
    ("huangpi-bts", "daily", "rental 0.00, flat-incoming 10.00", nil, ""),
    ("campus", "daily", "rental 30.00", nil, "5000 local group mt"),
    ("chutian-youth", "daily", "rental 20.00", nil, ""),
  ] as [(String, String, String, String?, String)])
  func monthlyTerms(plan id: String, method: String, fees: String, minimum: String?, allowances: String) throws {
    let plan = try #require(TestSupport.catalog.plan(id))
    let tariff = try #require(plan.tariff(on: TestSupport.day(id == "campus" ? "2003-11-15" : "2004-07-15")))
    #expect(plan.method.rawValue == method)
    #expect(tariff.fees.map { "\($0.kind.rawValue) \($0.amount)" }.joined(separator: ", ") == fees)
    #expect(tariff.minimum?.description == minimum)
    #expect(tariff.allowances.map { "\($0.units) \($0.selector.words)" }.joined(separator: ", ") == allowances)
  }

  /// Roaming: allowed, not allowed (R16 ROAMING_NOT_ALLOWED), or only in windows (ROAMING_CLOSED outside).
  @Test(arguments: [
    ("standard", "roaming-national", "2004-03-15", true),
    ("dalingtong", "roaming-provincial", "2004-03-15", false),
    ("lingtong", "roaming-national", "2004-05-03", false),
    ("huanghe", "roaming-provincial", "2004-03-15", true),
    ("huanghe", "roaming-national", "2004-03-15", false),
    ("huanghe", "roaming-national", "2004-05-07", true),  // mayday 2004-05-01..05-07
    ("huanghe", "roaming-national", "2004-05-08", false),
    ("huanghe", "roaming-national", "2003-05-04", false),  // 2003: May 1–3 and 5 only (SARS)
    ("huanghe", "roaming-national", "2003-05-05", true),
    ("huanghe", "roaming-national", "2004-01-22", true),  // spring-festival 2004-01-22..01-28
    ("huanghe", "roaming-national", "2004-10-07", true),  // national-day
    ("mzone-youth", "roaming-provincial", "2004-03-15", false),
    ("mzone-youth", "roaming-provincial", "2004-02-29", true),  // month 2
    ("mzone-youth", "roaming-national", "2004-08-31", true),  // month 8
    ("mzone-youth", "roaming-national", "2004-05-01", true),  // mayday
    ("mzone-youth", "roaming-national", "2004-10-08", false),
    ("mzone-youth", "roaming-national", "2004-01-22", true),  // month 1 anyway
    ("chutian-youth", "roaming-national", "2004-03-15", true),
  ])
  func roamingOpen(plan id: String, kind: String, day: String, open: Bool) throws {
    let d = TestSupport.day(day)
    let tariff = try #require(TestSupport.catalog.plan(id)?.tariff(on: d))
    let policy = tariff.roamingPolicy(kind == "roaming-national" ? .roamingNational : .roamingProvincial)
    #expect(policy.isOpen(on: d) == open)
  }

  @Test func dalingtongAndLingtongHaveNoRoamingAtAll() throws {
    for id in ["dalingtong", "lingtong"] {
      let tariff = try #require(TestSupport.catalog.plan(id)?.tariff(on: TestSupport.day("2004-03-15")))
      #expect(tariff.roamingPolicy(.roamingProvincial) == .notAllowed)
      #expect(tariff.roamingPolicy(.roamingNational) == .notAllowed)
    }
  }

  @Test func huangpiBaseStationWorksOnlyInHuangpi() throws {
    let tariff = try #require(TestSupport.catalog.plan("huangpi-bts")?.tariff(on: TestSupport.day("2004-03-15")))
    let huangpi = TestSupport.catalog.cells.zone(ofCell: "HP0012")
    #expect(tariff.serviceArea?.zones == [huangpi])
    #expect(TestSupport.catalog.cells.zone(ofCell: "WC0001") == 0)
  }

  /// The sale windows: campus not sold after 2003-12-31; mzone-holiday only from 2004-06-18.
  @Test func saleWindows() throws {
    let campus = try #require(TestSupport.catalog.plan("campus"))
    #expect(campus.isOnSale(on: TestSupport.day("2003-12-31")))
    #expect(!campus.isOnSale(on: TestSupport.day("2004-01-01")))
    // Not sold any more, but still rated for those who have it.
    #expect(campus.tariff(on: TestSupport.day("2004-03-15")) != nil)
    let holiday = try #require(TestSupport.catalog.plan("mzone-holiday"))
    #expect(!holiday.isOnSale(on: TestSupport.day("2004-06-17")))
    #expect(holiday.isOnSale(on: TestSupport.day("2004-06-18")))
    #expect(TestSupport.catalog.plans.filter { !$0.isOnSale(on: TestSupport.day("2004-03-15")) }.map(\.id)
      == ["campus", "mzone-holiday"])
  }

  /// mzone-campus has two versions meeting on 2004-02-01.
  @Test func mzoneCampusChangesOnTheFirstOfFebruary2004() throws {
    let plan = try #require(TestSupport.catalog.plan("mzone-campus"))
    #expect(plan.tariffs.map(\.range.description) == ["..2004-01-31", "2004-02-01.."])
  }

  /// Parses the compact record descriptions of the rows.
  static func chargeClass(_ text: String, cells: CellZones) -> ChargeClass {
    let words = text.split(separator: " ").map(String.init)
    let kind: ChargeKind =
      switch words[0] {
      case "local": .local
      case "roaming-provincial": .roamingProvincial
      case "roaming-national": .roamingNational
      case "long-distance": .longDistance
      case "ip": .ip
      default: .sms
      }
    var c = ChargeClass(kind: kind)
    for word in words.dropFirst() {
      switch word {
      case "mo": c.direction = .mo
      case "mt": c.direction = .mt
      case "group": c.inGroup = true
      case "on-net": c.onNet = true
      case "off-net": c.onNet = false
      default:
        if word.hasPrefix("zone:") {
          c.zone = cells.zoneNumbers(named: String(word.dropFirst(5)))![0]
        } else {
          c.minute = Int(word.prefix(2))! * 60 + Int(word.suffix(2))!
        }
      }
    }
    return c
  }
}
