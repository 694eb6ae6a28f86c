import Foundation
import Testing

/// `tariffcalc plans`, run as a built binary: stdout, stderr and exit code.
@Suite struct PlansCommandTests {
  @Test func listsEveryPlanWithSaleAndFees() throws {
    let r = try Binary.run(["plans", "--on", "2004-03-15"])
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    // Every line fits in 80 columns: the English of the header in the legend, the fees wrapped in their
    // column, the sale windows of the plans not on sale below the table.
    #expect(r.stdout == """
      资费一览 plans on 2004-03-15

      id                  名称              在售  计费     月费 (元)
      standard            国家标准资费      是    daily    月租 50.00
      aixin               爱心卡            是    daily    月租 0.00
      campus              校园卡            否    daily    月租 30.00
      chutian-youth       楚天行青春卡      是    daily    月租 20.00
      dalingtong          大灵通            是    daily    月租 0.00 · 被叫包月 16.00
      gotone              全球通            是    daily    月租 50.00
      gotone-vpmn         全球通 (VPMN)     是    daily    月租 20.00
      huanghe             黄鹤卡            是    daily    月租 20.00
      huangpi-bts         黄陂基站通        是    daily    月租 0.00 · 被叫包月 10.00
      lingtong            灵通卡            是    daily    月租 0.00 · 被叫包月 16.00
                                                           最低消费 42.00
      mzone-campus        动感地带校园套餐  是    package  必选功能费 25.00
      mzone-holiday       动感地带假期卡    否    package  短信业务包 20.00
      mzone-student       动感地带学生套餐  是    package  月租 20.00
      mzone-youth         动感地带青春套餐  是    package  月租 20.00
      xiangqing           乡情卡            是    daily    月租 20.00
      xiangqing-jiangxia  乡情卡 (江夏)     是    daily    月租 30.00

      不在售 not on sale on 2004-03-15:
        campus 校园卡: 售至 2003-12-31 (sold until)
        mzone-holiday 动感地带假期卡: 2004-06-18 起售 (on sale from)

      名称 name · 在售 on sale · 计费 method · 月费 monthly fees

      """)
  }

  @Test func explainsOnePlanWithInheritedRatesMarked() throws {
    let r = try Binary.run(["plans", "mzone-campus", "--on", "2004-02-01"])
    #expect(r.exitCode == 0)
    let text = r.stdout
    #expect(text.hasPrefix("mzone-campus  动感地带校园套餐 — 2004-02-01 的资费"))
    #expect(text.contains("资费版本 version: 2004-02-01.."))
    #expect(text.contains("  本地 19:00-08:00 (night) 主叫 mo  0.15元/分钟"))
    #expect(text.contains("  本地 19:00-08:00 (night) 被叫 mt  0.10元/分钟"))
    // Long distance and SMS are not set by the plan: from standard, marked as such.
    #expect(text.contains("+0.07元/6秒  继承 standard"))
    #expect(text.contains("0.15元/条  继承 standard"))
    // The January version has no night rates.
    let january = try Binary.run(["plans", "mzone-campus", "--on", "2004-01-31"])
    #expect(!january.stdout.contains("night"))
    #expect(january.stdout.contains("资费版本 version: ..2004-01-31"))
  }

  @Test func anUnknownPlanIsBadInput() throws {
    let r = try Binary.run(["plans", "gotone2", "--on", "2004-03-15"])
    #expect(r.exitCode == 2)
    // gotone2 → gotone: one deletion, the nearest plan id.
    #expect(r.stderr.hasPrefix("Error: unknown plan 'gotone2'; did you mean 'gotone'?\nknown plans: standard, aixin,"))
  }

  @Test func aBrokenTariffFolderExitsWith2AndEveryError() throws {
    let dir = TestSupport.copyOfTariffs()
    TestSupport.write("plan bad\nname 坏\nmethod daily\nrat local 0.30/min\nfee rental 5O\n", to: "\(dir)/plans/bad.plan")
    let r = try Binary.run(["plans", "--tariffs", dir])
    #expect(r.exitCode == 2)
    #expect(r.stdout == "")
    #expect(r.stderr == """
      \(dir)/plans/bad.plan:4: error: unknown key 'rat'; did you mean 'rate'?
      \(dir)/plans/bad.plan:5: error: invalid amount '5O': yuan with at most 3 decimals expected (R1)

      """)
  }

  @Test func badUsageExits64() throws {
    let r = try Binary.run(["plans", "--on", "2004-13-01"])
    #expect(r.exitCode == 64)
    #expect(r.stderr.hasPrefix("Error: invalid date '2004-13-01' for --on: expected YYYY-MM-DD"))
  }
}
