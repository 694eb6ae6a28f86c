import Foundation
import Testing
@testable import TariffCalcKit

/// A new plan of the same kinds is added by adding a file.
@Suite struct ExtraPlanTests {
  static func catalogWithExtraPlan() throws -> TariffCatalog {
    let dir = TestSupport.copyOfTariffs()
    try FileManager.default.copyItem(atPath: TestSupport.fixtures + "/extra-plans/shenzhouxing.plan",
                                     toPath: dir + "/plans/shenzhouxing.plan")
    return try TariffCatalog.load(directory: dir)
  }

  @Test func anExtraPlanFileIsLoadedAndRated() throws {
    let catalog = try Self.catalogWithExtraPlan()
    let plan = try #require(catalog.plan("shenzhouxing"))
    #expect(plan.name == "神州行")
    let tariff = try #require(plan.tariff(on: TestSupport.day("2004-03-15")))
    #expect(tariff.price(ChargeClass(kind: .local, direction: .mo, minute: 22 * 60 + 59)).description == "0.60/min")
    #expect(tariff.price(ChargeClass(kind: .local, direction: .mt, minute: 23 * 60)).description == "0.30/min")
    #expect(tariff.price(ChargeClass(kind: .roamingProvincial)).description == "0.80/min")
    // Not set by the plan: from standard.
    #expect(tariff.price(ChargeClass(kind: .ip)).description == "0.30/min")
    #expect(tariff.price(ChargeClass(kind: .sms, onNet: false)).description == "0.15/msg")
    #expect(tariff.roamingPolicy(.roamingNational) == .notAllowed)
    #expect(tariff.roamingPolicy(.roamingProvincial) == .allowed)
    #expect(tariff.allowances.map { "\($0.units) \($0.selector.words)" } == ["30 sms"])
    #expect(tariff.allowanceIndex(ChargeClass(kind: .sms, onNet: false)) == 0)
  }
}

/// The extra plan, billed: a subscriber on `shenzhouxing` for March 2004 (31 days).
@Suite struct ExtraPlanBillTests {
  /// Rental 0; FEATURE 5.00 (来电显示); 30 free SMS of any network.
  /// LOCAL: MO 22:59 120 s (busy) → 2 × 0.60 = 1.20; MT 23:00 300 s (quiet) → 5 × 0.30 = 1.50; = 2.70.
  /// ROAMING: provincial (0710) MO 60 s → 0.80. National roaming (010): ROAMING_NOT_ALLOWED.
  /// SMS: 31 sent, 30 free, 1 off-net at 0.15 (standard) — the 31st in time is the off-net one.
  /// Total 5.00 + 2.70 + 0.80 + 0.15 = 8.65.
  @Test func billsWithTheExtraPlan() throws {
    let a = "13800000001"
    var cdrs = [
      "VOICE,\(a),MO,13912345678,2004-03-15 22:59:00,120,027,",
      "VOICE,\(a),MT,13912345678,2004-03-15 23:00:00,300,027,",
      "VOICE,\(a),MO,13912345678,2004-03-16 10:00:00,60,0710,",
      "VOICE,\(a),MO,13912345678,2004-03-16 11:00:00,60,010,",
    ]
    for k in 0..<30 { cdrs.append("SMS,\(a),MO,13912345678,2004-03-10 10:\(Day.pad(k, 2)):00,,027,") }
    cdrs.append("SMS,\(a),MO,13012345678,2004-03-31 10:00:00,,027,")
    let s = try Scenario(subscribers: ["\(a),shenzhouxing,2004-01-01,,027,"], cdrs: cdrs, month: "2004-03")
    #expect(s.fen(a, .feature) == 500)
    #expect(s.fen(a, .rental) == 0)
    #expect(s.fen(a, .local) == 270)
    #expect(s.fen(a, .roaming) == 80)
    #expect(s.fen(a, .sms) == 15)
    #expect(s.total(a) == 865)
    #expect(s.rejects.map(\.reason) == [.roamingNotAllowed])
  }
}

/// A plan whose monthly fee changes on the 16th: each subscriber's fees are those of the version in
/// force on the first day of the month they are on the plan, whatever the subscriber billed before
/// them had (the month's terms are found once a tariff, and remembered per plan).
@Suite struct PlanVersionTermsTests {
  @Test func eachSubscriberHasTheTermsOfItsOwnVersion() throws {
    let dir = TestSupport.copyOfTariffs()
    TestSupport.write("""
      plan    vtest
      name    版本测试
      parent  standard
      method  daily

      version ..2004-10-15
      fee     rental 50

      version 2004-10-16..
      fee     rental 80

      """, to: dir + "/plans/vtest.plan")
    let catalog = try TariffCatalog.load(directory: dir)
    // In number order: on the plan all month (the first version), from the 20th (the second), all month.
    let s = try Scenario(subscribers: ["13800000001,vtest,2004-01-01,,027,", "13800000002,vtest,2004-10-20,,027,",
                                       "13800000003,vtest,2004-01-01,,027,"],
                         cdrs: [[]], month: "2004-10", catalog: catalog)
    // R17: on the plan every day of October → the rental itself, 50.00.
    #expect(s.fen("13800000001", .rental) == 5000)
    // R17: 80 × 12 / 365 × 12 days (20th–31st) = 11,520 / 365 = 31.5616… → 31.56.
    #expect(s.fen("13800000002", .rental) == 3156)
    #expect(s.fen("13800000003", .rental) == 5000)
  }
}
