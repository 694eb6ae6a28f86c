import Foundation
import Testing

/// `tariffcalc plans`, run as a built binary: stdout, stderr and exit code.
@Suite struct PlansCommandTests {
  @Test func listsEveryPlanWithSaleAndFees() throws {
    let r = try Binary.run(["plans", "--on", "2004-03-15"])
    #expect(r.exitCode == 0)
    #expect(r.stderr == "")
    let lines = r.stdout.split(separator: "\n").map(String.init)
    #expect(lines[0] == "资费一览 plans on 2004-03-15")
    #expect(lines.count == 2 + 16)  // title, header, 16 plans (blank line skipped)
    // Rows are laid out in terminal columns; compare their words.
    let rows = Dictionary(uniqueKeysWithValues: lines.dropFirst(2).map { line in
      let words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      return (words[0], words.dropFirst().joined(separator: " "))
    })
    #expect(rows["campus"] == "校园卡 否 no (售至 2003-12-31) daily 月租 30.00")
    #expect(rows["mzone-holiday"] == "动感地带假期卡 否 no (2004-06-18 起售) package 短信业务包 20.00")
    #expect(rows["lingtong"] == "灵通卡 是 yes daily 月租 0.00 · 被叫包月 16.00 · 最低消费 42.00")
    #expect(rows["mzone-campus"] == "动感地带校园套餐 是 yes package 必选功能费 25.00")
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
    #expect(r.stderr.hasPrefix("error: unknown plan 'gotone2'; known plans: standard, aixin,"))
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
    #expect(r.stderr.hasPrefix("error: invalid date '2004-13-01' for --on: expected YYYY-MM-DD"))
  }
}
