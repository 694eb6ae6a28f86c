import Foundation
import Testing
@testable import TariffCalcKit

/// Broken tariff files are refused with every problem as `file:line: error: message`.
@Suite struct CatalogErrorTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var id: String
    /// File (under the tariff folder) → its new text.
    var files: [String: String]
    /// Expected diagnostics, `FILE:LINE: error: MESSAGE`, FILE relative to the tariff folder.
    var expected: [String]
    var testDescription: String { id }
  }

  static let head = "plan bad\nname 坏资费\nmethod daily\n"  // lines 1–3

  static let cases: [Case] = [
    Case(id: "unknown key", files: ["plans/bad.plan": head + "fee rental 10\nrat local 0.30/min\n"],
         expected: ["plans/bad.plan:5: error: unknown key 'rat'; did you mean 'rate'?"]),
    Case(id: "bad number", files: ["plans/bad.plan": head + "fee rental 1O\n"],
         expected: ["plans/bad.plan:4: error: invalid amount '1O': yuan with at most 3 decimals expected (R1)"]),
    Case(id: "a fourth decimal", files: ["plans/bad.plan": head + "rate local 0.3555/min\n"],
         expected: ["plans/bad.plan:4: error: invalid amount '0.3555': yuan with at most 3 decimals expected (R1)"]),
    Case(id: "price without unit", files: ["plans/bad.plan": head + "rate local 0.30\n"],
         expected: ["plans/bad.plan:4: error: price '0.30' has no unit: write '0.30/min'"]),
    Case(id: "overlapping versions",
         files: ["plans/bad.plan": head + "fee rental 10\nversion ..2004-02-15\nrate local 0.30/min\nversion 2004-02-01..\nrate local 0.20/min\n"],
         expected: ["plans/bad.plan:7: error: version 2004-02-01.. overlaps version ..2004-02-15 at line 5"]),
    Case(id: "gapped versions",
         files: ["plans/bad.plan": head + "fee rental 10\nversion ..2004-01-31\nrate local 0.30/min\nversion 2004-02-03..\nrate local 0.20/min\n"],
         expected: ["plans/bad.plan:7: error: gap between versions: no tariff on 2004-02-01..2004-02-02 (version ..2004-01-31 at line 5 ends 2004-01-31)"]),
    Case(id: "unknown parent plan", files: ["plans/bad.plan": head + "parent standrad\n"],
         expected: ["plans/bad.plan:4: error: unknown parent plan 'standrad'"]),
    Case(id: "parent cycle",
         files: ["plans/bad.plan": head + "parent worse\n", "plans/worse.plan": "plan worse\nname 更坏\nmethod daily\nparent bad\n"],
         expected: ["plans/bad.plan:4: error: parent plans form a cycle: bad → worse → bad",
                    "plans/worse.plan:4: error: parent plans form a cycle: worse → bad → worse"]),
    Case(id: "unknown calendar window", files: ["plans/bad.plan": head + "roaming national during mayday golden-week\n"],
         expected: ["plans/bad.plan:4: error: unknown calendar window 'golden-week'"]),
    Case(id: "unknown zone", files: ["plans/bad.plan": head + "rate local zone:hankou 0.30/min\nservice-area zone:wuchang\n"],
         expected: ["plans/bad.plan:4: error: unknown zone 'hankou'", "plans/bad.plan:5: error: unknown zone 'wuchang'"]),
    Case(id: "bands leave a gap", files: ["plans/bad.plan": head + "bands day=08:00-19:00 night=20:00-08:00\n"],
         expected: ["plans/bad.plan:4: error: bands 'day', 'night' do not cover the day: 19:00-20:00 is in none"]),
    Case(id: "bands overlap", files: ["plans/bad.plan": head + "bands day=08:00-19:00 night=18:00-08:00\n"],
         expected: ["plans/bad.plan:4: error: bands 'day' and 'night' overlap at 18:00"]),
    Case(id: "unknown band", files: ["plans/bad.plan": head + "rate local evening 0.30/min\n"],
         expected: ["plans/bad.plan:4: error: unknown qualifier 'evening': expected mo, mt, on-net, off-net, group, zone:ID or a band of this plan"]),
    Case(id: "ambiguous rates",
         files: ["plans/bad.plan": head + "bands day=08:00-19:00 night=19:00-08:00\nrate local day 0.30/min\nrate local mo 0.20/min\n"],
         expected: ["plans/bad.plan:6: error: rate 'local mo' and rate 'local day' at line 5 are equally specific and both apply to some records; add a rate for the records of both or make one more specific"]),
    Case(id: "a rate set twice", files: ["plans/bad.plan": head + "rate local mo 0.30/min\nrate local mo 0.20/min\n"],
         expected: ["plans/bad.plan:5: error: rate 'local mo' is already set at line 4"]),
    Case(id: "identity after a version", files: ["plans/bad.plan": head + "version 2004-01-01..\nname 又一个名字\n"],
         expected: ["plans/bad.plan:5: error: 'name' belongs before the first 'version' line (line 4)"]),
    Case(id: "id not the file name", files: ["plans/bad.plan": "plan good\nname 坏资费\nmethod daily\n"],
         expected: ["plans/bad.plan:1: error: plan id 'good' does not match the file name 'bad.plan'"]),
    Case(id: "every error, not just the first",
         files: ["plans/bad.plan": head + "fee rental x\nrat local 0.30/min\nrate sms mt 0.10/msg\nroaming sometimes\n"],
         expected: ["plans/bad.plan:4: error: invalid amount 'x': yuan with at most 3 decimals expected (R1)",
                    "plans/bad.plan:5: error: unknown key 'rat'; did you mean 'rate'?",
                    "plans/bad.plan:6: error: received SMS are never charged (R13): an sms rate applies to sent messages",
                    "plans/bad.plan:7: error: expected 'roaming [provincial|national] allowed|none|during [months=M,…] [WINDOW…]'"]),
    Case(id: "bad numbering prefix", files: ["numbering.txt": "network CMCC 中国移动 home\nprefix 13X CMCC\nprefix 134 CMC\n"],
         expected: ["numbering.txt:2: error: invalid prefix '13X': digits expected", "numbering.txt:3: error: unknown network 'CMC'"]),
    Case(id: "bad calendar day",
         files: ["calendar.txt": "window mayday 五一 2004-05-01..2004-05-07\nwindow national-day 2004-10-01..2004-10-07\nwindow spring-festival 2003-02-30\n"],
         expected: ["calendar.txt:3: error: invalid day range '2003-02-30': expected YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD"]),
    Case(id: "unknown zone in a group", files: ["cells.txt": "zone huangpi 黄陂 HP\ngroup suburbs 六郊县 huangpi jiangxia\n"],
         expected: ["cells.txt:2: error: unknown zone 'jiangxia'"]),
    Case(id: "bad freeze window", files: ["settings.txt": "change-freeze 5..1\n"],
         expected: ["settings.txt:1: error: expected 'change-freeze FIRST..LAST' with days of the month 1–28"]),
  ]

  @Test(arguments: cases)
  func brokenFilesAreRefusedWithTheirLine(_ c: Case) throws {
    let dir = TestSupport.copyOfTariffs()
    for (file, text) in c.files { TestSupport.write(text, to: "\(dir)/\(file)") }
    let error = #expect(throws: InputError.self) { try TariffCatalog.load(directory: dir) }
    #expect(error?.diagnostics.map(\.description) == c.expected.map { "\(dir)/\($0)" })
  }

  /// A plan whose parent's versions do not cover its own days is refused.
  @Test func parentWithoutATariffOnTheDays() throws {
    let dir = TestSupport.copyOfTariffs()
    TestSupport.write("plan old\nname 旧\nmethod daily\nversion ..2003-12-31\nfee rental 1\n", to: "\(dir)/plans/old.plan")
    TestSupport.write("plan young\nname 新\nmethod daily\nparent old\nversion 2003-06-01..\nfee rental 1\n",
                      to: "\(dir)/plans/young.plan")
    let error = #expect(throws: InputError.self) { try TariffCatalog.load(directory: dir) }
    #expect(error?.diagnostics.map(\.description) == [
      "\(dir)/plans/young.plan:5: error: parent plan 'old' has no tariff on 2004-01-01, which this version needs"
    ])
  }

  @Test func aMissingReferenceFileIsNamed() throws {
    let dir = TestSupport.copyOfTariffs()
    try FileManager.default.removeItem(atPath: "\(dir)/cells.txt")
    let error = #expect(throws: InputError.self) { try TariffCatalog.load(directory: dir) }
    #expect(error?.diagnostics.first?.description == "\(dir)/cells.txt: error: cannot open: No such file or directory")
  }
}
