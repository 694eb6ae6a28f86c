import Foundation
import Testing

/// The clerk's commands, run as the built binary in a copy of the sample: quote, advise, change.
@Suite struct QuoteCommandTests {
  static let today = ["TARIFFCALC_TODAY": "2004-11-21"]

  /// #09 mzone-student as of 10-21 (R23): RENTAL 20 × 12 / 365 × 20 days = 13.150 → 13.15; all its records
  /// are before the 21st: LOCAL 4.80 (28 min), ROAMING 0.80, LD 0.70, SMS 0.15 (see Tests/Golden/sample).
  /// Total 13.15 + 4.80 + 0.80 + 0.70 + 0.15 = 19.60.
  @Test func quoteAsOfADay() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["quote", "13871000009", "--as-of", "2004-10-21"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    #expect(r.stdout == """
      13871000009  账单 bill 2004-10
      截至 2004-10-21 前一日 (as of 2004-10-21, 实时缴费)
      套餐 plan: mzone-student 动感地带学生套餐 · 在网 20 天 (active days)

        项目 item             数量 quantity  金额 amount (元)
        月租费 RENTAL                 20 天             13.15
        本地通话费 LOCAL            28 分钟              4.80
        漫游通话费 ROAMING           1 分钟              0.80
        长途费 LONG_DISTANCE         1 分钟              0.70
        短信费 SMS                     4 条              0.15
        ─────────────────────────────────────────────────────
        合计 total                                      19.60 元

      赠送 allowances (本月 this month)
                                     赠送 granted  已用 used  剩余 left
        网内短信 (sms on-net)              200 条       3 条     197 条
        网内本地通话 (local on-net)       20 分钟    20 分钟     0 分钟

      来源 source: SampleCDRs/cdr-2004-10-a.csv,
                   SampleCDRs/cdr-2004-10-b.csv (records before 2004-10-21)

      """)
  }

  /// #04 dalingtong as of 10-21: FLAT_INCOMING 16 × 12 / 365 × 20 = 10.520 → 10.52; LOCAL 1.50; LD 0.35;
  /// SMS 0.10; total 12.47; its roaming record is listed as not billed, with file and line.
  @Test func quoteJSONAndRecordsNotBilled() throws {
    let dir = TestSupport.sandbox()
    let json = try Binary.run(["quote", "13871000004", "--as-of", "2004-10-21", "--json"], in: dir)
    #expect(json.stdout == #"{"subscriber":"13871000004","month":"2004-10","as_of":"2004-10-21","plans":["dalingtong"],"active_days":20,"lines":[{"code":"FLAT_INCOMING","label":"被叫包月费","amount_fen":1052},{"code":"LOCAL","label":"本地通话费","amount_fen":150,"quantity":21,"unit":"min"},{"code":"LONG_DISTANCE","label":"长途费","amount_fen":35,"quantity":1,"unit":"min"},{"code":"SMS","label":"短信费","amount_fen":10,"quantity":1,"unit":"msg"}],"total_fen":1247}"# + "\n")
    let text = try Binary.run(["quote", "13871000004", "--as-of", "2004-10-21"], in: dir)
    #expect(text.stdout.contains("""
      未计费记录 records not billed: 1
        SampleCDRs/cdr-2004-10-a.csv:17  ROAMING_NOT_ALLOWED 无漫游功能
          dalingtong has no roaming (in 0710, home 027)
      """))
  }

  /// Without --as-of or a run: as of today's day of the month (the 21st) in the data's month (2004-10).
  /// After a bill run: the run's out/bills.jsonl, the whole month (#09: 26.45).
  @Test func defaultIsTodayThenTheLastRun() throws {
    let dir = TestSupport.sandbox()
    let before = try Binary.run(["quote", "13871000009"], in: dir, environment: Self.today)
    #expect(before.stdout.contains("截至 2004-10-21 前一日"))
    #expect(before.stdout.contains("合计 total                                      19.60 元"))
    _ = try Binary.run(["bill"], in: dir)
    let after = try Binary.run(["quote", "13871000009"], in: dir, environment: Self.today)
    #expect(after.stdout.contains("整月 (whole month)"))
    #expect(after.stdout.contains("26.45 元"))
    #expect(after.stdout.contains("来源 source: out/bills.jsonl (the last bill run of 2004-10)"))
  }

  /// --bills finds any subscriber of a run's file by binary search; one not in it is bad input.
  @Test func quoteFromABillsFile() throws {
    let dir = TestSupport.sandbox()
    _ = try Binary.run(["bill", "--out", "night"], in: dir)
    let golden = try String(contentsOfFile: Golden.folder + "/sample/bills.jsonl", encoding: .utf8)
    for line in golden.split(separator: "\n") {
      let number = String(line.dropFirst(15).prefix(11))
      let r = try Binary.run(["quote", number, "--bills", "night/bills.jsonl", "--json"], in: dir)
      #expect(r.stdout == line + "\n", "\(number)")
    }
    let missing = try Binary.run(["quote", "13871000026", "--bills", "night/bills.jsonl"], in: dir)
    #expect(missing.exitCode == 2)
    #expect(missing.stderr == "Error: 13871000026 has no bill in night/bills.jsonl\n")
  }

  @Test func unknownSubscriberAndBadNumber() throws {
    let dir = TestSupport.sandbox()
    let unknown = try Binary.run(["quote", "13999990000", "--as-of", "2004-10-21"], in: dir)
    #expect(unknown.exitCode == 2)
    #expect(unknown.stderr == "Error: 13999990000 is not a subscriber (SampleCDRs/subscribers.csv)\n")
    let bad = try Binary.run(["quote", "1387100000"], in: dir)
    #expect(bad.exitCode == 64)
    #expect(bad.stderr.hasPrefix("Error: invalid MSISDN '1387100000': 11 digits expected"))
  }

  /// A prospect on mzone-youth for October 2004, a whole month:
  /// RENTAL 20.00; LOCAL mo 100 min day × 0.40 = 40.00, mo-night 60 × 0.15 = 9.00, mt-night 30 × 0.10 = 3.00,
  /// ip 10 min: base day 10 × 0.40 = 4.00 → 56.00 (200 min); LD: IP 10 × 0.20 = 2.00;
  /// SMS 50 on-net × 0.05 = 2.50 + 10 off-net × 0.15 = 1.50 → 4.00 (60 msg). Total 82.00.
  @Test func prospectQuote() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["quote", "--plan", "mzone-youth", "--usage", "mo=100,mo-night=60,mt-night=30,ip=10,sms=50,sms-off=10",
                            "--month", "2004-10", "--json"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stdout.contains(#""lines":[{"code":"RENTAL","label":"月租费","amount_fen":2000},{"code":"LOCAL","label":"本地通话费","amount_fen":5600,"quantity":200,"unit":"min"},{"code":"LONG_DISTANCE","label":"长途费","amount_fen":200,"quantity":10,"unit":"min"},{"code":"SMS","label":"短信费","amount_fen":400,"quantity":60,"unit":"msg"}],"total_fen":8200"#))
    // lingtong: flat 16.00 + 40 min × 0.25 = 10.00 → 26.00 < 42: top-up 16.00, total 42.00.
    let l = try Binary.run(["quote", "--plan", "lingtong", "--usage", "mo=40", "--month", "2004-10"], in: dir)
    #expect(l.stdout.hasPrefix("报价 quote  lingtong 灵通卡  2004-10  整月 (whole month)\n"))
    #expect(l.stdout.contains("  最低消费补足 MIN_SPEND_TOPUP                            16.00\n"))
    #expect(l.stdout.contains("42.00 元"))
  }

  @Test func prospectQuoteRefusals() throws {
    let dir = TestSupport.sandbox()
    let sale = try Binary.run(["quote", "--plan", "campus", "--usage", "mo=10", "--month", "2004-10"], in: dir)
    #expect(sale.exitCode == 2)
    #expect(sale.stderr == "Error: plan 'campus' is not on sale in 2004-10 (until 2003-12-31)\n")
    let usage = try Binary.run(["quote", "--plan", "gotone", "--usage", "mo=10,fax=3"], in: dir)
    #expect(usage.exitCode == 64)
    #expect(usage.stderr.hasPrefix("Error: unknown usage 'fax': it starts with one of mo, mt, ld, ip, roam, sms"))
  }
}

@Suite struct AdviseCommandTests {
  /// #06 lingtong pays 42.00 (16.00 + 5.00 + top-up 21.00). Its month re-billed on mzone-holiday (package,
  /// whole month): FEATURE 20.00; MO 20 min × 0.20 = 4.00; MT 60 min from an on-net mobile: free;
  /// the roaming call lingtong refused (1 min in 0710) × 0.80 = 0.80. Total 24.80: saving 17.20.
  /// On aixin: 80 min × 0.40 = 32.00 + roaming 0.60 = 32.60, saving 9.40.
  @Test func anotherPlanIsCheaper() throws {
    let dir = TestSupport.sandbox()
    let r = try Binary.run(["advise", "13871000006"], in: dir)
    #expect(r.exitCode == 0)
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines[2] == "当前 current: lingtong 灵通卡  42.00 元")
    // (split drops the blank line: 0 title, 1 what it does, 2 current, 3 table header)
    #expect(lines[4] == "   1.  mzone-holiday       动感地带假期卡              24.80  省 17.20")
    #expect(lines[5] == "   2.  aixin               爱心卡                      32.60  省 9.40")
    #expect(r.stdout.contains("   4.  lingtong            灵通卡                      42.00  当前 current"))
    #expect(r.stdout.contains("  dalingtong 大灵通: 无漫游功能 ROAMING_NOT_ALLOWED ×1\n    e.g. dalingtong has no roaming (in 0710, home 027)\n"))
    #expect(r.stdout.contains("  huangpi-bts 黄陂基站通: 不在服务区内 OUTSIDE_SERVICE_AREA ×3"))
    // Plans not on sale in October 2004 (campus) are not offered.
    #expect(!r.stdout.contains(".  campus "))
  }

  @Test func unknownSubscriberIsBadInput() throws {
    let r = try Binary.run(["advise", "13999990000"], in: TestSupport.sandbox())
    #expect(r.exitCode == 2)
    #expect(r.stderr == "Error: 13999990000 is not a subscriber\n")
  }
}

@Suite struct ChangeCommandTests {
  static let file = "SampleCDRs/subscribers.csv"

  static func contents(_ dir: String) -> Data { FileManager.default.contents(atPath: "\(dir)/\(file)")! }

  /// R5: every day of the freeze (1st–5th) is refused in Chinese and English, exit 2, nothing changed.
  @Test(arguments: 1...5)
  func freezeDaysAreRefused(day: Int) throws {
    let dir = TestSupport.sandbox()
    let before = Self.contents(dir)
    let r = try Binary.run(["change", "13871000001", "--plan", "gotone", "--on", "2004-11-0\(day)"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stdout == "")
    #expect(r.stderr == """
      2004-11-0\(day) 为出帐期(每月1日-5日),不受理改计费类别和更改帐户信息的业务;请于 2004-11-06 起办理。
      Plan and account changes are not accepted on the 1st–5th of a month while bills are run (出帐期); they can be made from 2004-11-06.

      """)
    #expect(Self.contents(dir) == before)
  }

  /// The 6th is the first day a change is taken: it takes effect on the 1st of the next month (R4); only
  /// the subscriber's line changes and one line is added after it, every other byte stays.
  @Test func theSixthIsAccepted() throws {
    let dir = TestSupport.sandbox()
    let before = String(decoding: Self.contents(dir), as: UTF8.self)
    let r = try Binary.run(["change", "13871000001", "--plan", "gotone", "--on", "2004-11-06"], in: dir)
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    #expect(r.stdout == """
      已受理: 13871000001 自 2004-12-01 起由 standard 国家标准资费 改为 gotone 全球通 (次月生效, R4)。
      Accepted: 13871000001 changes from standard to gotone on 2004-12-01; SampleCDRs/subscribers.csv is updated.
      撤销 To cancel it before then: tariffcalc change 13871000001 --cancel

      """)
    let after = String(decoding: Self.contents(dir), as: UTF8.self)
    #expect(after == before.replacingOccurrences(
      of: "13871000001,standard,2003-05-01,,027,\n",
      with: "13871000001,standard,2003-05-01,2004-11-30,027,\n13871000001,gotone,2004-12-01,,027,\n"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: "\(dir)/SampleCDRs").filter { $0.hasPrefix(".") }
    #expect(leftovers.isEmpty)
    // A second change before the first takes effect is refused.
    let again = try Binary.run(["change", "13871000001", "--plan", "lingtong", "--on", "2004-11-20"], in: dir)
    #expect(again.exitCode == 2)
    #expect(again.stderr == "13871000001 已有改为 gotone 的申请,2004-12-01 生效。\n13871000001 already has a change to 'gotone' recorded from 2004-12-01.\n撤销 To cancel it: tariffcalc change 13871000001 --cancel\n")
    // Cancelled on the 20th, before it takes effect: the file is as it was, byte for byte.
    let cancel = try Binary.run(["change", "13871000001", "--cancel", "--on", "2004-11-20", "--json"], in: dir)
    #expect(cancel.exitCode == 0)
    #expect(cancel.stdout
      == #"{"subscriber":"13871000001","cancelled_plan":"gotone","was_effective":"2004-12-01","on":"2004-11-20"}"# + "\n")
    #expect(String(decoding: Self.contents(dir), as: UTF8.self) == before)
    // Nothing is pending any more; and on the 1st–5th a cancel is refused like a change (R5).
    let none = try Binary.run(["change", "13871000001", "--cancel", "--on", "2004-11-21"], in: dir)
    #expect(none.exitCode == 2)
    #expect(none.stderr == "13871000001 没有待生效的改套餐申请。\n13871000001 has no pending plan change to cancel.\n")
    let frozen = try Binary.run(["change", "13871000001", "--cancel", "--on", "2004-12-02"], in: dir)
    #expect(frozen.exitCode == 2)
    #expect(frozen.stderr.hasPrefix("2004-12-02 为出帐期"))
  }

  @Test(arguments: [
    (["13999990000", "--plan", "gotone"], "13999990000 不是本网用户。\n13999990000 is not a subscriber.\n"),
    (["13871000022", "--plan", "lingtong"], "13871000022 已于 2004-10-15 销号,不能改套餐。\n13871000022 is closed from 2004-10-15 (销号); its plan cannot change.\n"),
    (["13871000001", "--plan", "campus"], "资费 campus 在生效日 2004-12-01 不在售。\nPlan 'campus' is not on sale on 2004-12-01, when the change would take effect.\n"),
    (["13871000001", "--plan", "standard"], "用户已是 standard,无需更改。\nThe subscriber is already on 'standard'.\n"),
    (["13871000001", "--plan", "gotone2"], "没有资费 'gotone2'。\nThere is no plan 'gotone2'.\n"),
  ])
  func refusals(args: [String], message: String) throws {
    let dir = TestSupport.sandbox()
    let before = Self.contents(dir)
    let r = try Binary.run(["change"] + args + ["--on", "2004-11-10"], in: dir)
    #expect(r.exitCode == 2)
    #expect(r.stderr == message)
    #expect(Self.contents(dir) == before)
  }

  /// CRLF line ends and a BOM are kept; the changed line keeps CRLF.
  @Test func crlfFileStaysCRLF() throws {
    let dir = TestSupport.sandbox()
    let crlf = "\u{FEFF}subscriber,plan,start,end,home_area,group\r\n13800000001,gotone,2004-01-01,,027,\r\n13800000002,aixin,2004-01-01,,027,\r\n"
    TestSupport.write(crlf, to: "\(dir)/other.csv")
    let r = try Binary.run(["change", "13800000001", "--plan", "aixin", "--on", "2004-11-06", "--subscribers", "other.csv"], in: dir)
    #expect(r.exitCode == 0)
    #expect(String(decoding: FileManager.default.contents(atPath: "\(dir)/other.csv")!, as: UTF8.self)
      == "\u{FEFF}subscriber,plan,start,end,home_area,group\r\n13800000001,gotone,2004-01-01,2004-11-30,027,\r\n13800000001,aixin,2004-12-01,,027,\r\n13800000002,aixin,2004-01-01,,027,\r\n")
  }
}
