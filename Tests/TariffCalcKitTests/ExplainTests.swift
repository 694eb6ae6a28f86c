import Foundation
import Testing
@testable import TariffCalcKit

/// `explain FILE:LINE` (issue 13): one record of each kind of rule and one of each reject reason, each
/// story checked against the rule's arithmetic done by hand (SPEC 4, the plans of SPEC 5).
@Suite struct ExplainTests {
  static let subscribers = """
    subscriber,plan,start,end,home_area,group
    13900000001,standard,2004-01-01,,027,
    13900000002,campus,2003-09-01,,027,WHU
    13900000003,campus,2003-09-01,,027,WHU
    13900000004,dalingtong,2004-01-01,,027,
    13900000005,huangpi-bts,2004-01-01,,027,
    13900000006,huanghe,2004-01-01,,027,
    13900000007,standard,2004-01-01,2004-10-10,027,
    13900000008,mzone-youth,2004-01-01,,027,
    13900000009,mzone-student,2004-01-01,,027,

    """

  /// The lines of cdr.csv; line k of the file is `records[k - 2]` (line 1 is the header).
  static let records = [
    "VOICE,13900000001,MO,1795101062345678,2004-10-06 11:00:00,300,027,",  // 2: R6 IP
    "VOICE,13900000001,MO,07103456789,2004-10-06 12:00:00,61,010,",  // 3: R7 national roaming, R8 long distance
    "VOICE,13900000005,MO,02787654321,2004-10-06 12:00:00,90,027,HP0101",  // 4: R9 zone huangpi
    "VOICE,13900000002,MO,13900000003,2004-10-06 12:00:00,120,027,",  // 5: R10 group
    "VOICE,13900000008,MO,13907654321,2004-10-06 03:00:00,60,027,",  // 6: R12 night band
    "VOICE,13900000009,MO,13907654321,2004-10-06 10:00:00,300,027,",  // 7: R20 allowance (20 → 15)
    "VOICE,13900000009,MO,13907654321,2004-10-07 10:00:00,1080,027,",  // 8: R20 straddle (15 free of 18)
    "VOICE,13900000004,MT,13907654321,2004-10-06 12:00:00,60,027,",  // 9: R21 flat incoming
    "SMS,13900000001,MO,13907654321,2004-10-06 12:00:00,0,027,",  // 10: R13 SMS sent
    "SMS,13900000001,MT,13907654321,2004-10-06 12:00:01,0,027,",  // 11: R13 SMS received
    "VOICE,13900000001,XX,02787654321,2004-10-06 12:00:00,60,027,",  // 12: MALFORMED (direction)
    "VOICE,1390000,MO,02787654321,2004-10-06 12:00:00,60,027,",  // 13: MALFORMED (no subscriber to follow)
    "VOICE,13900000001,MO,02787654321,2004-09-30 12:00:00,60,027,",  // 14: OUTSIDE_PERIOD
    "VOICE,13900000001,MO,07103456789,2004-10-06 12:00:00,61,010,",  // 15: DUPLICATE of line 3
    "VOICE,13999999999,MO,02787654321,2004-10-06 12:00:00,60,027,",  // 16: UNKNOWN_SUBSCRIBER
    "VOICE,13900000007,MO,02787654321,2004-10-20 12:00:00,60,027,",  // 17: NOT_ACTIVE
    "VOICE,13900000001,MO,99912345,2004-10-06 12:00:00,60,027,",  // 18: UNKNOWN_PEER
    "VOICE,13900000005,MO,02787654321,2004-10-06 12:00:00,60,027,WC0101",  // 19: OUTSIDE_SERVICE_AREA
    "VOICE,13900000004,MO,02787654321,2004-10-06 12:00:00,60,0710,",  // 20: ROAMING_NOT_ALLOWED
    "VOICE,13900000006,MO,01062345678,2004-10-20 12:00:00,60,010,",  // 21: ROAMING_CLOSED
  ]

  static let folder: String = {
    let dir = TestSupport.temporaryFolder("explain")
    TestSupport.write(subscribers, to: dir + "/subscribers.csv")
    TestSupport.write(([Scenario.cdrHeader] + records).joined(separator: "\n") + "\n", to: dir + "/cdr.csv")
    return dir
  }()

  static func story(_ line: Int) throws -> (RecordStory, String) {
    let catalog = TestSupport.catalog
    let book = try SubscriberBook.load(file: folder + "/subscribers.csv", catalog: catalog)
    let inputs = try RunInputs([folder + "/cdr.csv"])
    let story = try Counter.explain(file: folder + "/cdr.csv", line: line, month: Month("2004-10")!, inputs: inputs,
                                    catalog: catalog, book: book)
    let text = ExplainText.render(story, catalog: catalog)
    for l in text.split(separator: "\n") where TextLayout.width(String(l)) > TextLayout.columns && !l.contains("/") {
      Issue.record("wider than 80 columns: \(l)")
    }
    return (story, text)
  }

  /// The stories of rated records: the item's amount in li and the words of each step that matter.
  @Test(arguments: [
    // standard: local 0.40/min, IP 0.30/min (standard.plan): 5 min × 0.40 = 2.00 + 5 × 0.30 = 1.50 → 3.50.
    (2, 3500, ["R6  对方 peer 1795101062345678: 17951 IP长途 taken off", "IP长途 IP long distance",
               "standard.plan:15", "⌈300 s / 60⌉ = 5 × 0.30/min = 1.50"]),
    // In 010 (another province), home 027: national roaming 0.60/min × ⌈61/60⌉ = 2 → 1.20; to 0710 ≠ 010,
    // long distance 0.07/6s × ⌈61/6⌉ = 11 → 0.77; 1.97.
    (3, 1970, ["省外 another province: 国内漫游 national", "peer's area 0710 ≠ 所在地 010", "⌈61 s / 6⌉ = 11 × 0.07/6s = 0.77",
               "⌈61 s / 60⌉ = 2 × 0.60/min = 1.20"]),
    // huangpi-bts in cell HP0101 (zone huangpi): local MO 0.12/min × ⌈90/60⌉ = 2 → 0.24.
    (4, 240, ["R9  基站 cell HP0101 → 黄陂 zone:huangpi", "huangpi-bts.plan:", "= 2 × 0.12/min = 0.24"]),
    // campus, both in WHU: group MO 0.20/min × 2 min = 0.40.
    (5, 400, ["the peer is in the same closed user group that day: 集团网内", "campus.plan:", "= 2 × 0.20/min = 0.40"]),
    // mzone-youth at 03:00, in night=19:00-08:00: local night mo 0.15/min × 1 = 0.15.
    (6, 150, ["R12 开始 start 03:00:00 → 时段 band night 19:00-08:00", "= 1 × 0.15/min = 0.15"]),
    // mzone-student, 20 free on-net local min: 5 min all free (20 left before).
    (7, 0, ["R20 赠送 local on-net: 20 of 20 left before · 5 free"]),
    // Next day, 18 min: 15 left, free; 3 × 0.60 = 1.80 paid, the straddle.
    (8, 1800, ["15 of 20 left before · 15 free", "跨越 straddle: 3 paid = 1.80"]),
    // dalingtong: local MT free by its flat incoming fee (R21).
    (9, 0, ["R21 基本费 base: 被叫包月"]),
    // standard SMS on-net: 0.10/msg (standard.plan).
    (10, 100, ["R13 1 条 msg × 0.10/msg = 0.10"]),
    (11, 0, ["收短信不计费 a received SMS is never charged"]),
  ] as [(Int, Int64, [String])])
  func ratedRecord(line: Int, amountLi: Int64, words: [String]) throws {
    let (story, text) = try Self.story(line)
    let item = try #require(story.item, "\(text)")
    #expect(item.amountLi == amountLi, "\(text)")
    #expect(text.contains("已计费 rated"))
    for w in words { #expect(text.contains(w), "line \(line): '\(w)' not in\n\(text)") }
  }

  /// One record of each reject reason: its code, its Chinese, its detail and its rule.
  @Test(arguments: [
    (12, RejectReason.malformed, "direction"),
    (13, .malformed, "subscriber"),
    (14, .outsidePeriod, "2004-09-30 is not in 2004-10"),
    (15, .duplicate, "a copy of the record at"),
    (16, .unknownSubscriber, "13999999999 is not in"),
    (17, .notActive, "13900000007 has no plan on 2004-10-20"),
    (18, .unknownPeer, "peer '99912345' matches no prefix"),
    (19, .outsideServiceArea, "cell 'WC0101' is outside"),
    (20, .roamingNotAllowed, "dalingtong has no roaming"),
    (21, .roamingClosed, "national roaming on huanghe is closed on 2004-10-20"),
  ] as [(Int, RejectReason, String)])
  func rejectedRecord(line: Int, reason: RejectReason, detail: String) throws {
    let (story, text) = try Self.story(line)
    #expect(story.reject?.reason == reason, "\(text)")
    #expect(story.item == nil)
    for w in ["未计费 not billed: \(reason.code) \(reason.chinese)", detail, "规则 rule: " + reason.rule.prefix(20)] {
      #expect(text.contains(w), "line \(line): '\(w)' not in\n\(text)")
    }
  }

  /// Lines that are no record: the header, past the end.
  @Test func notARecord() throws {
    #expect(throws: Problem.self) { try Self.story(1) }
    #expect(throws: Problem.self) { try Self.story(99) }
  }

  /// A file named another way (`./`, an absolute path) is the same file, not a copy of itself (R24 a):
  /// SampleCDRs/cdr-2004-10-a.csv:2 is 13871000001 on standard, ⌈185/60⌉ = 4 × 0.40 = 1.60.
  @Test func theSameFileByAnotherName() throws {
    let dir = TestSupport.sandbox()
    for name in ["SampleCDRs/cdr-2004-10-a.csv", "./SampleCDRs/cdr-2004-10-a.csv", dir + "/SampleCDRs/cdr-2004-10-a.csv"] {
      let r = try Binary.run(["explain", name + ":2"], in: dir)
      #expect(r.exitCode == 0, "\(name): \(r.stderr)")
      #expect(r.stdout.hasPrefix("SampleCDRs/cdr-2004-10-a.csv:2  已计费 rated  1.60 元"), "\(name): \(r.stdout)")
    }
  }

  /// Fields are read as CSV (quotes taken off): a quoted subscriber is followed like any; a rejected
  /// record shows the plan of its own day (13871000004: dalingtong in October, standard from November,
  /// as `change` writes it), not the last one.
  @Test func quotedFieldsAndThePlanOfTheDay() throws {
    let dir = TestSupport.sandbox()
    let subscribers = dir + "/SampleCDRs/subscribers.csv"
    var text = try String(contentsOfFile: subscribers, encoding: .utf8)
    text = text.replacingOccurrences(of: "13871000004,dalingtong,2004-01-01,,", with: "13871000004,dalingtong,2004-01-01,2004-10-31,")
    text += "13871000004,standard,2004-11-01,,027,\n"
    try text.write(toFile: subscribers, atomically: false, encoding: .utf8)
    let rejected = try Binary.run(["explain", "SampleCDRs/cdr-2004-10-a.csv:17"], in: dir)
    #expect(rejected.stdout.contains("dalingtong 大灵通"), "\(rejected.stdout)\(rejected.stderr)")
    #expect(!rejected.stdout.contains("standard"), "\(rejected.stdout)")
    TestSupport.write(Scenario.cdrHeader + "\nVOICE,\"13871000001\",MO,02787654321,2004-10-05 09:31:00,185,027,\"WC,01\"\n",
                      to: dir + "/SampleCDRs/quoted.csv")
    let quoted = try Binary.run(["explain", "SampleCDRs/quoted.csv:2"], in: dir)
    #expect(quoted.stdout.contains("已计费 rated  1.60 元"), "\(quoted.stdout)\(quoted.stderr)")
    #expect(quoted.stdout.contains("cell WC,01"), "\(quoted.stdout)")
  }

  /// A compressed file is read as a stream: explain says so rather than not finding it.
  @Test func aCompressedFile() throws {
    let dir = TestSupport.sandbox()
    let gz = Process()
    gz.executableURL = URL(fileURLWithPath: "/bin/sh")
    gz.arguments = ["-c", "gzip -c SampleCDRs/cdr-2004-10-a.csv > a.csv.gz"]
    gz.currentDirectoryURL = URL(fileURLWithPath: dir)
    try gz.run()
    gz.waitUntilExit()
    let r = try Binary.run(["explain", "a.csv.gz:2", "a.csv.gz"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr.contains("read as a stream"), "\(r.stderr)")
  }
}
